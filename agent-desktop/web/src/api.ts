/** The desktop server's JSON API as the browser app calls it: CSRF header, Russian errors. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

let csrfToken = '';

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Raised when the session ended (expired, signed out elsewhere): the app shows the login form. */
export const SESSION_ENDED = 'hotline:session-ended';
const NOT_A_SESSION_END = new Set(['/api/auth/login', '/api/session']);

export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const isText = typeof body === 'string';
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      ...(body === undefined
        ? {}
        : { 'content-type': isText ? 'text/csv; charset=utf-8' : 'application/json' }),
      ...(method === 'GET' ? {} : { 'x-csrf-token': csrfToken }),
    },
    body: body === undefined ? undefined : isText ? body : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  const payload: unknown = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    // A 401 to the sign-in itself or to the first look at the session is no session that ended:
    // a newcomer's first visit must not read «Сеанс завершён».
    if (response.status === 401 && !NOT_A_SESSION_END.has(path))
      window.dispatchEvent(new Event(SESSION_ENDED));
    const message =
      typeof payload === 'object' && payload && 'error' in payload
        ? String((payload as { error: unknown }).error)
        : `Ошибка сервера (${response.status})`;
    throw new ApiError(response.status, message, payload);
  }
  return payload as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const put = <T>(path: string, body?: unknown) => api<T>('PUT', path, body ?? {});
export const patch = <T>(path: string, body?: unknown) => api<T>('PATCH', path, body ?? {});
export const del = <T>(path: string) => api<T>('DELETE', path);
