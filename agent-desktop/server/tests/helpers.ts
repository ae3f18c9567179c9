import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hashPassword } from '../../../core/auth/password.ts';
import type { Pool } from '../../../core/db/pool.ts';

export const TEST_PASSWORD = 'Пароль-2026!';

export async function createUser(pool: Pool, login: string, roles: string[]): Promise<number> {
  const hash = await hashPassword(TEST_PASSWORD, { N: 1024, r: 8, p: 1 });
  const { rows } = await pool.query(
    `insert into users (login, full_name, password_hash, roles) values ($1, $2, $3, $4) returning id`,
    [login, `Тестовый ${login}`, hash, roles],
  );
  return rows[0].id;
}

export async function listen(app: {
  listen: (port: number, host: string) => Server;
}): Promise<{ base: string; server: Server }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** A tiny browser: keeps the session cookie and the CSRF token between requests. */
export class Browser {
  cookie = '';
  csrf = '';
  constructor(private readonly base: string) {}

  async login(login: string, password = TEST_PASSWORD): Promise<Response> {
    const response = await this.request('POST', '/api/auth/login', { login, password });
    if (response.ok) {
      const body = (await response.clone().json()) as { csrfToken: string };
      this.csrf = body.csrfToken;
      const setCookie = response.headers.get('set-cookie') ?? '';
      this.cookie = setCookie.split(';')[0] ?? '';
    }
    return response;
  }

  request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  }
}
