import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProcessRig, startProcessRig, until } from './process-rig.ts';

/**
 * The fault run's call without a row: an IVR process answered a call and died while the open
 * of its interaction was still on its way to PostgreSQL (here: a database host that accepts and
 * never answers). The call's state was saved first, so the next process's sweep finds it, writes
 * the missing row (through the journal) and settles the call truthfully.
 */
let rig: ProcessRig;
let silent: Server;
const sockets: Socket[] = [];

beforeAll(async () => {
  rig = await startProcessRig();
  silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
}, 60_000);
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent?.close(resolve));
  await rig?.close();
});

describe('an IVR process that dies before its call is opened', () => {
  it('leaves a call the next process finds: the row is written and closed as abandoned', {
    timeout: 90_000,
  }, async () => {
    const port = (silent.address() as { port: number }).port;
    const p1 = await rig.startProcess('p1', { databaseUrl: `postgres://hotline@127.0.0.1:${port}/hotline` });
    const call = rig.double.inboundCall({ callerNumber: '+79990000011' });
    // Killed while the open waits for PostgreSQL's answer (before its connect timeout).
    await until(() => sockets.length > 0, 'the open on its way to PostgreSQL');
    await p1.kill();
    call.hangup();
    await call.ended;

    const p2 = await rig.startProcess('p2');
    await until(() => p2.watch.settled.has(call.channelId), 'call settled', 60_000);
    const ix = p2.watch.settled.get(call.channelId)?.interactionId;
    const { rows } = await rig.db.pool.query(
      'select state, outcome, closed_at, external_id from interactions where id = $1',
      [ix],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: 'abandoned', outcome: 'abandoned', external_id: call.channelId });
    expect(rows[0].closed_at).not.toBeNull();
    expect(await rig.redis.redis.smembers(`${rig.redis.prefix}:ivr:calls`)).toEqual([]);
    await p2.kill();
  });
});
