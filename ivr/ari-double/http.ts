import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../core/logging/index.ts';
import { AriError } from './asterisk.ts';
import type { Route } from './rest/route.ts';
import { RouteRequest } from './rest/route.ts';
import { apiDeclaration, resourceListing } from './swagger/declarations.ts';

export interface Credentials {
  username: string;
  password: string;
}

/** HTTP Basic or `api_key=user:pass`, the two ways ARI accepts credentials. */
export function isAuthorized(request: IncomingMessage, url: URL, credentials: Credentials): boolean {
  const expected = `${credentials.username}:${credentials.password}`;
  const apiKey = url.searchParams.get('api_key');
  if (apiKey !== null) return apiKey === expected;
  const header = request.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return false;
  return Buffer.from(header.slice(6), 'base64').toString('utf8') === expected;
}

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

/** Matches `/ari/...` requests against the route table; static segments win over `{params}`. */
export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(
    readonly routes: Route[],
    private readonly credentials: Credentials,
    private readonly logger: Logger,
  ) {
    this.compiled = routes
      .map((route) => {
        const names: string[] = [];
        const source = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
          names.push(name);
          return '([^/]+)';
        });
        return { route, pattern: new RegExp(`^${source}$`), names };
      })
      .sort((a, b) => a.names.length - b.names.length);
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://double');
    const host = request.headers.host ?? 'localhost';
    const basePath = `http://${host}/ari`;
    const docs = /^\/ari\/api-docs\/(\w+)\.json$/.exec(url.pathname);
    if (docs && request.method === 'GET') {
      const name = docs[1] as string;
      const body =
        name === 'resources' ? resourceListing(basePath) : apiDeclaration(name, this.routes, basePath);
      return body ? send(response, 200, body) : send(response, 404, { message: 'Resource not found' });
    }
    if (!isAuthorized(request, url, this.credentials)) {
      response.setHeader('WWW-Authenticate', 'Basic realm="Asterisk REST Interface"');
      return send(response, 401, { message: 'Authentication required' });
    }
    const path = url.pathname.replace(/^\/ari/, '');
    const candidates = this.compiled
      .map((entry) => ({ entry, match: entry.pattern.exec(path) }))
      .filter((candidate) => candidate.match !== null);
    const chosen = candidates.find((candidate) => candidate.entry.route.method === request.method);
    if (!chosen?.match) {
      return send(response, candidates.length > 0 ? 405 : 404, {
        message: candidates.length > 0 ? 'Invalid method' : 'Resource not found',
      });
    }
    const pathParams: Record<string, string> = {};
    chosen.entry.names.forEach((name, index) => {
      pathParams[name] = decodeURIComponent(chosen.match?.[index + 1] ?? '');
    });
    try {
      const body = await readJsonBody(request);
      const result = await chosen.entry.route.handle(new RouteRequest(pathParams, url.searchParams, body));
      if (result === undefined) {
        response.writeHead(204).end();
      } else if (Buffer.isBuffer(result)) {
        response.writeHead(200, { 'Content-Type': 'audio/wav', 'Content-Length': result.length }).end(result);
      } else {
        send(response, 200, result);
      }
    } catch (error) {
      if (error instanceof AriError) return send(response, error.status, error.body);
      this.logger.error({ err: error, operation: chosen.entry.route.nickname }, 'ARI double handler failed');
      send(response, 500, { message: 'Internal Server Error' });
    }
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

async function readJsonBody(request: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    throw new AriError(400, { message: 'Invalid JSON body' });
  }
}
