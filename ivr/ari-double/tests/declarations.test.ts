import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realTimeClock } from '../clock.ts';
import { AriCore, referenceSounds } from '../core.ts';
import { allRoutes } from '../server.ts';
import { apiDeclaration, RESOURCES, resourceListing } from '../swagger/declarations.ts';
import { type Harness, sharedAri, startHarness } from './harness.ts';

// biome-ignore lint/suspicious/noExplicitAny: walks raw Swagger JSON
type Json = Record<string, any>;
const real = (name: string): Json =>
  JSON.parse(readFileSync(join(sharedAri, 'api-docs', `${name}.json`), 'utf8'));
const paramKey = (p: Json) =>
  `${p.name}|${p.paramType}|${Boolean(p.required)}|${Boolean(p.allowMultiple)}|${p.dataType}`;

describe('the Swagger declarations the double generates from its route table', () => {
  let spool: string;
  let core: AriCore;
  beforeAll(() => {
    spool = mkdtempSync(join(tmpdir(), 'ari-double-decl-'));
    core = new AriCore({ clock: realTimeClock(), asteriskId: 'x', spoolDir: spool, sounds: referenceSounds });
  });
  afterAll(() => rmSync(spool, { recursive: true, force: true }));

  it('lists the same resources, in the same order, as Asterisk 22', () => {
    const listing = resourceListing('http://h/ari');
    expect(listing.apis).toEqual(real('resources').apis);
    expect(listing).toMatchObject({ apiVersion: '10.0.0', swaggerVersion: '1.1' });
  });

  it('declares every implemented operation exactly as the real declaration does', () => {
    const routes = allRoutes(core);
    expect(routes.length).toBeGreaterThanOrEqual(79);
    for (const route of routes) {
      const api = (real(route.resource).apis as Json[]).find((candidate) => candidate.path === route.path);
      const operation = (api?.operations as Json[] | undefined)?.find((op) => op.httpMethod === route.method);
      const where = `${route.method} ${route.path}`;
      expect(operation, where).toBeDefined();
      expect(route.nickname, where).toBe(operation?.nickname);
      expect(route.responseClass, where).toBe(operation?.responseClass);
      const ours = route.params.map(paramKey).sort();
      const theirs = ((operation?.parameters ?? []) as Json[]).map(paramKey).sort();
      expect(ours, where).toEqual(theirs);
    }
  });

  it('describes models with the real property types and required flags', () => {
    const realModels: Record<string, Json> = {};
    for (const [name] of RESOURCES) Object.assign(realModels, real(name).models);
    for (const [name] of RESOURCES) {
      const declaration = apiDeclaration(name, allRoutes(core), 'http://h/ari') as Json;
      for (const [id, model] of Object.entries(declaration.models as Record<string, Json>)) {
        const truth = realModels[id];
        expect(truth, id).toBeDefined();
        for (const [property, spec] of Object.entries(model.properties as Record<string, Json>)) {
          expect(spec.type, `${id}.${property}`).toBe(truth?.properties[property]?.type);
          expect(spec.required, `${id}.${property}`).toBe(Boolean(truth?.properties[property]?.required));
        }
      }
    }
  });
});

describe('ari-client against the generated declarations', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => harness.close());

  it('loads all eleven resources and offers every operation the double implements', () => {
    const routes = allRoutes(harness.double.core);
    for (const [name] of RESOURCES) expect(harness.client[name], name).toBeTypeOf('object');
    for (const route of routes) {
      expect(
        harness.client[route.resource][route.nickname],
        `${route.resource}.${route.nickname}`,
      ).toBeTypeOf('function');
    }
  });

  it('serves basePath from the Host the client used, so ari-client calls back to the double', async () => {
    const response = await fetch(`${harness.double.url}/ari/api-docs/channels.json`);
    const declaration = (await response.json()) as Json;
    expect(declaration.basePath).toBe(`${harness.double.url}/ari`);
    expect(declaration.resourcePath).toBe('/api-docs/channels.{format}');
  });
});
