import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createLogger } from '../../../../core/logging/logger.ts';
import { ManualClock } from '../../../../core/testing/clock.ts';
import type { Session, SessionStore } from '../../auth/sessions.ts';
import { SESSION_COOKIE } from '../../http/security.ts';
import { LiveHub } from '../hub.ts';

/** The hub's ordering promise: `hello` first on every connection, even when events race the snapshot. */
const session: Session = {
  id: 'sid-1',
  userId: 7,
  login: 'op',
  fullName: 'Оператор',
  roles: ['operator'],
  csrfToken: 'x',
  createdAtMs: 0,
  lastSeenAtMs: 0,
};
// Only the session lookup matters here; the Redis-backed store is tested in auth.test.ts.
const sessions = { touch: async (id: string) => (id === session.id ? session : undefined) } as SessionStore;

/** A snapshot provider the test releases by hand, so events can be published while it reads. */
function gate() {
  let release!: () => void;
  let entered!: () => void;
  const opened = new Promise<void>((resolve) => {
    release = resolve;
  });
  const reached = new Promise<void>((resolve) => {
    entered = resolve;
  });
  return { opened, reached, release, entered };
}

let server: Server;
let hub: LiveHub;
let gates: ReturnType<typeof gate>[];
let url: string;

beforeEach(async () => {
  gates = [];
  hub = new LiveHub({
    sessions,
    clock: new ManualClock('2026-11-25T03:00:00Z'),
    logger: createLogger({ name: 'hub-test', level: 'silent' }),
  });
  hub.addSnapshot('me', async () => {
    const g = gate();
    gates.push(g);
    g.entered();
    await g.opened;
    return { userId: 7 };
  });
  server = createServer();
  hub.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
});
afterEach(async () => {
  await hub.close();
  await new Promise((resolve) => server.close(resolve));
});

function connect(): { socket: WebSocket; received: { type: string; n?: number }[] } {
  const socket = new WebSocket(url, { headers: { cookie: `${SESSION_COOKIE}=${session.id}` } });
  const received: { type: string; n?: number }[] = [];
  socket.on('message', (data) => received.push(JSON.parse(String(data))));
  return { socket, received };
}

async function snapshotReading(index: number): Promise<ReturnType<typeof gate>> {
  await expect.poll(() => gates.length, { timeout: 5_000, interval: 10 }).toBeGreaterThan(index);
  const g = gates[index]!;
  await g.reached;
  return g;
}

describe('live hub', () => {
  it('sends hello before the events published while the snapshot was being read', async () => {
    const { socket, received } = connect();
    const first = await snapshotReading(0);
    hub.publish({ agentIds: ['7'] }, { type: 'acd.offered', n: 1 });
    hub.publish({ roles: ['operator'] }, { type: 'acd.figures', n: 2 });
    // Nothing reaches the browser before its hello.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toEqual([]);
    first.release();
    await expect.poll(() => received.length, { timeout: 5_000, interval: 10 }).toBe(3);
    expect(received.map((m) => m.type)).toEqual(['hello', 'acd.offered', 'acd.figures']);
    expect(received.map((m) => m.n)).toEqual([undefined, 1, 2]);
    // After the hello, events go straight out.
    hub.publish({ agentIds: ['7'] }, { type: 'acd.answered', n: 3 });
    await expect.poll(() => received.length, { timeout: 5_000, interval: 10 }).toBe(4);
    socket.close();
  });

  it('holds events during a resync too, and keeps them for the last of two overlapping hellos', async () => {
    const { socket, received } = connect();
    (await snapshotReading(0)).release();
    await expect.poll(() => received.length, { timeout: 5_000, interval: 10 }).toBe(1);
    socket.send('resync');
    const second = await snapshotReading(1);
    socket.send('resync');
    const third = await snapshotReading(2);
    hub.publish({ agentIds: ['7'] }, { type: 'acd.offered', n: 1 });
    second.release();
    await expect.poll(() => received.length, { timeout: 5_000, interval: 10 }).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The second hello went out; the event waits for the third (its state may predate the event).
    expect(received.map((m) => m.type)).toEqual(['hello', 'hello']);
    third.release();
    await expect.poll(() => received.length, { timeout: 5_000, interval: 10 }).toBe(4);
    expect(received.map((m) => m.type)).toEqual(['hello', 'hello', 'hello', 'acd.offered']);
    socket.close();
  });

  it('does not send another user\u2019s events to the socket, before or after hello', async () => {
    const { socket, received } = connect();
    const first = await snapshotReading(0);
    hub.publish({ agentIds: ['8'] }, { type: 'acd.offered', n: 1 });
    first.release();
    await expect.poll(() => received.length, { timeout: 5_000, interval: 10 }).toBe(1);
    hub.publish({ agentIds: ['8'] }, { type: 'acd.offered', n: 2 });
    hub.publish({ agentIds: ['7'] }, { type: 'acd.offered', n: 3 });
    await expect.poll(() => received.length, { timeout: 5_000, interval: 10 }).toBe(2);
    expect(received.map((m) => m.n)).toEqual([undefined, 3]);
    socket.close();
  });
});
