import type { Route } from '../rest/route.ts';
import { buildModels, eventModels, resourceModels } from './models.ts';

/** Resource listing order and descriptions, as Asterisk's `resources.json` has them. */
export const RESOURCES: [name: string, description: string][] = [
  ['asterisk', 'Asterisk resources'],
  ['endpoints', 'Endpoint resources'],
  ['channels', 'Channel resources'],
  ['bridges', 'Bridge resources'],
  ['recordings', 'Recording resources'],
  ['sounds', 'Sound resources'],
  ['playbacks', 'Playback control resources'],
  ['deviceStates', 'Device state resources'],
  ['mailboxes', 'Mailboxes resources'],
  ['events', 'WebSocket resource'],
  ['applications', 'Stasis application resources'],
];

/** Swagger 1.1 resource listing served at `/ari/api-docs/resources.json`. */
export function resourceListing(basePath: string): Record<string, unknown> {
  return {
    apiVersion: '10.0.0',
    swaggerVersion: '1.1',
    basePath,
    apis: RESOURCES.map(([name, description]) => ({ path: `/api-docs/${name}.{format}`, description })),
  };
}

/**
 * The API declaration of one resource, generated from the double's own route table: it lists
 * exactly the operations the double implements, so ari-client never offers a method that would
 * 404 here.
 */
export function apiDeclaration(
  resource: string,
  routes: Route[],
  basePath: string,
): Record<string, unknown> | undefined {
  if (!RESOURCES.some(([name]) => name === resource)) return undefined;
  const byPath = new Map<string, Route[]>();
  for (const route of routes.filter((candidate) => candidate.resource === resource)) {
    byPath.set(route.path, [...(byPath.get(route.path) ?? []), route]);
  }
  const apis = [...byPath.entries()].map(([path, operations]) => ({
    path,
    description: operations[0]?.summary ?? '',
    operations: operations.map((operation) => ({
      httpMethod: operation.method,
      summary: operation.summary,
      nickname: operation.nickname,
      responseClass: operation.responseClass,
      ...(operation.nickname === 'eventWebsocket' ? { upgrade: 'websocket', websocketProtocol: 'ari' } : {}),
      parameters: operation.params.map((param) => ({
        name: param.name,
        paramType: param.paramType,
        required: param.required,
        allowMultiple: param.allowMultiple,
        dataType: param.dataType,
      })),
    })),
  }));
  const models =
    resource === 'events' ? buildModels(eventModels) : buildModels(resourceModels[resource] ?? {});
  return {
    apiVersion: '2.0.0',
    swaggerVersion: '1.1',
    basePath,
    resourcePath: `/api-docs/${resource}.{format}`,
    apis,
    models,
  };
}
