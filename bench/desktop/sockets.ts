/**
 * The browsers of the desktop benchmark, in a process of their own (so their parsing does not
 * delay the server's fan-out): opens one live WebSocket per session cookie, then records, for
 * every ACD event that arrives after `start`, the time from the event (its `at`, stamped by the
 * ACD when the command ran) to its arrival on that socket. Talks to the parent over IPC.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

interface Setup {
  wsUrl: string;
  cookies: string[];
}

type Command = { type: 'start'; at: number } | { type: 'finish' };

const latencies: number[] = [];
/** Of those, the events every socket gets (queue figures): one event, 300 sends. */
const broadcastLatencies: number[] = [];
let errors = 0;
let closed = 0;
let startAt = Number.POSITIVE_INFINITY;
const perSocket: number[] = [];

const nowMs = () => performance.timeOrigin + performance.now();

function open(url: string, cookie: string, index: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: { cookie } });
    let helloed = false;
    socket.on('message', (data) => {
      const received = nowMs();
      const message = JSON.parse(String(data)) as { type: string; at?: number | string };
      if (message.type === 'hello') {
        helloed = true;
        return resolve(socket);
      }
      if (message.type !== 'acd.figures' && message.type !== 'acd.agent_state') return;
      const at = Number(message.at);
      if (at < startAt) return;
      latencies.push(received - at);
      if (message.type === 'acd.figures') broadcastLatencies.push(received - at);
      perSocket[index] = (perSocket[index] ?? 0) + 1;
    });
    socket.on('error', (error) => {
      errors++;
      if (!helloed) reject(error);
    });
    socket.on('close', () => {
      closed++;
    });
  });
}

const setup = await new Promise<Setup>((resolve) => process.once('message', (m) => resolve(m as Setup)));
const sockets: WebSocket[] = [];
// Opened a few at a time, as browsers of a shift arriving do, not all in one burst.
for (let i = 0; i < setup.cookies.length; i += 25) {
  sockets.push(
    ...(await Promise.all(
      setup.cookies.slice(i, i + 25).map((cookie, j) => open(setup.wsUrl, cookie, i + j)),
    )),
  );
}
process.send!({ type: 'ready', sockets: sockets.length });

process.on('message', (raw) => {
  const command = raw as Command;
  if (command.type === 'start') startAt = command.at;
  if (command.type === 'finish') {
    const closedEarly = closed;
    for (const socket of sockets) socket.close();
    process.send!(
      {
        type: 'result',
        latencies,
        broadcastLatencies,
        errors,
        closedEarly,
        minPerSocket: Math.min(...sockets.map((_, i) => perSocket[i] ?? 0)),
      },
      () => process.exit(0),
    );
  }
});
