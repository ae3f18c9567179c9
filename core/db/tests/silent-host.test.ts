import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, probeDatabase } from '../availability.ts';
import { createPool } from '../pool.ts';

/**
 * A database host that accepts the TCP connection and then says nothing — what a hung server or
 * a half-dead network path looks like to the client. pg would wait forever; the pool gives up
 * after its connect timeout with an error the services treat as "PostgreSQL unavailable".
 */
describe('a pool whose server never answers', () => {
  let server: Server;
  let port = 0;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('fails the query after the connect timeout with an "unavailable" error, and the probe says no', async () => {
    const pool = createPool(`postgres://hotline@127.0.0.1:${port}/hotline`, {
      max: 2,
      connectTimeoutMs: 300,
    });
    try {
      const error = await pool.query('select 1').then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(await probeDatabase(pool, 2_000)).toBe(false);
      expect(sockets.length).toBeGreaterThan(0);
    } finally {
      await pool.end();
    }
  });
});
