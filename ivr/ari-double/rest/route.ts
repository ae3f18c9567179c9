import { AriError } from '../asterisk.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ParamSpec {
  name: string;
  paramType: 'path' | 'query' | 'body';
  required: boolean;
  allowMultiple: boolean;
  dataType: string;
}

/** What a handler sees: path and query parameters and the JSON body, with typed getters. */
export class RouteRequest {
  constructor(
    readonly pathParams: Record<string, string>,
    private readonly query: URLSearchParams,
    readonly body: Record<string, unknown> | undefined,
  ) {}

  path(name: string): string {
    return this.pathParams[name] ?? '';
  }

  str(name: string): string | undefined {
    const value = this.query.get(name);
    return value === null ? undefined : value;
  }

  required(name: string): string {
    const value = this.str(name);
    if (value === undefined || value === '')
      throw new AriError(400, { message: `${name}: Missing parameter` });
    return value;
  }

  int(name: string): number | undefined {
    const value = this.str(name);
    if (value === undefined || value === '') return undefined;
    const number = Number(value);
    if (!Number.isInteger(number)) throw new AriError(400, { message: `${name}: Invalid integer` });
    return number;
  }

  bool(name: string): boolean | undefined {
    const value = this.str(name);
    if (value === undefined) return undefined;
    return value === 'true' || value === '1' || value === 'yes';
  }

  /** ari-client sends arrays comma-joined (`media=a,b`); repeated parameters work too. */
  list(name: string): string[] {
    return this.query
      .getAll(name)
      .flatMap((value) => value.split(','))
      .filter((value) => value !== '');
  }

  /** The `variables` body: `{"variables": {...}}` as ari-client wraps it. */
  variables(): Record<string, string> {
    const wrapped = this.body?.variables ?? this.body;
    if (!wrapped || typeof wrapped !== 'object') return {};
    return Object.fromEntries(Object.entries(wrapped).map(([key, value]) => [key, String(value)]));
  }
}

/** A handler's answer: undefined → 204, Buffer → binary, anything else → JSON. */
export type RouteResult = unknown;

export interface Route {
  /** The api-docs resource this operation is declared in (`channels`, `bridges`…). */
  resource: string;
  path: string;
  method: HttpMethod;
  nickname: string;
  responseClass: string;
  params: ParamSpec[];
  summary: string;
  handle: (request: RouteRequest) => RouteResult;
}

/**
 * Declares an operation compactly. Path parameters come from `{name}` in the path; `params`
 * entries read `name[*][[]][:dataType]` — `*` required, `[]` allowMultiple, `@name` a body param.
 */
export function route(
  resource: string,
  method: HttpMethod,
  path: string,
  nickname: string,
  responseClass: string,
  params: string[],
  summary: string,
  handle: (request: RouteRequest) => RouteResult,
): Route {
  const pathParams: ParamSpec[] = [...path.matchAll(/\{(\w+)\}/g)].map((match) => ({
    name: match[1] as string,
    paramType: 'path',
    required: true,
    allowMultiple: false,
    dataType: 'string',
  }));
  const declared = params.map((text): ParamSpec => {
    const pathParam = pathParams.find((param) => param.name === text.replace(/[*]/g, ''));
    if (pathParam) {
      // Listed explicitly: a path parameter that the real declaration marks as optional.
      pathParam.required = text.includes('*');
      return pathParam;
    }
    const [head = '', dataType = 'string'] = text.split(':');
    const body = head.startsWith('@');
    const name = head.replace(/^@/, '').replace(/[*[\]]/g, '');
    return {
      name,
      paramType: body ? 'body' : 'query',
      required: head.includes('*'),
      allowMultiple: head.includes('[]'),
      dataType: body && dataType === 'string' ? 'containers' : dataType,
    };
  });
  const extra = pathParams.filter((param) => !declared.includes(param));
  return {
    resource,
    path,
    method,
    nickname,
    responseClass,
    params: [...extra, ...declared],
    summary,
    handle,
  };
}

/** `routesOf('channels')('GET', '/channels', 'list', …)`: the resource named once per file. */
export function routesOf(resource: string) {
  return (
    method: HttpMethod,
    path: string,
    nickname: string,
    responseClass: string,
    params: string[],
    summary: string,
    handle: (request: RouteRequest) => RouteResult,
  ): Route => route(resource, method, path, nickname, responseClass, params, summary, handle);
}
