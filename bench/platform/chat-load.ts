/**
 * Web-chat clients for the platform benchmarks, in their own process: `--urls a,b` (chatbot
 * instances; session i talks to instance i mod n), `--rate` messages/s over `--sessions`, for
 * `--seconds`. Open loop: each message has a slot; latency = slot → reply frame, so a backlog
 * shows. A dropped socket (an instance killed) reconnects to the next instance with the same
 * session id — the conversation lives in Redis — asks for the replies it missed and resends the
 * message in flight with its id. Every message counts as answered, refused (an error frame) or
 * unanswered (no reply within 20 s). Prints one JSON line.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { ServerFrame } from '../../chatbot/channels/web/protocol.ts';
import { QUESTIONS } from '../chatbot/questions.ts';
import { numberFlag, percentile, round, stringFlag } from '../lib/index.ts';

const URLS = stringFlag(process.argv, '--urls', '').split(',').filter(Boolean);
const RATE = numberFlag(process.argv, '--rate', 1000);
const SESSIONS = numberFlag(process.argv, '--sessions', 400);
const SECONDS = numberFlag(process.argv, '--seconds', 60);
/** Long enough for a resend to outwait the lease of a killed instance (chatbot/dialog/store.ts). */
const REPLY_TIMEOUT_MS = 20_000;

type Outcome = 'answered' | 'refused' | 'unanswered';
const latencies: number[] = [];
const counts = { sent: 0, answered: 0, refused: 0, unanswered: 0, reconnects: 0, resent: 0, redelivered: 0 };
let stop = false;
/** When (Date.now() at sending) each message refused or left unanswered was sent: the fault bench puts them in phases. */
const gapsAt = { refused: [] as number[], unanswered: [] as number[] };

/**
 * One widget, doing what the real one does (chatbot/channels/web/widget.ts): a message stays
 * "unacked" until the server's ack; after a reconnect it asks for the replies after the last seq
 * it saw (`resume`) and sends the unacked message again with its id. A reply seen twice (live and
 * through resume) is shown once: replies are told apart by seq.
 */
class ChatSession {
  private ws: WebSocket | undefined;
  private waiting: ((outcome: Outcome) => void) | undefined;
  private unacked: string | undefined;
  private lastSeq = 0;
  private readonly sessionId = randomUUID();

  constructor(private instance: number) {}

  async connect(): Promise<void> {
    for (;;) {
      const url = `${URLS[this.instance % URLS.length]!.replace('http', 'ws')}/chat/ws?session=${this.sessionId}`;
      const ws = new WebSocket(url);
      try {
        await new Promise<void>((resolve, reject) => {
          ws.once('open', () => resolve());
          ws.once('error', reject);
        });
      } catch {
        ws.terminate();
        this.instance++;
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      ws.on('message', (data) => this.received(JSON.parse(data.toString()) as ServerFrame));
      ws.on('error', () => {});
      ws.once('close', () => {
        if (!stop) {
          counts.reconnects++;
          this.instance++;
          this.ws = undefined;
          void this.connect();
        }
      });
      this.ws = ws;
      if (this.lastSeq > 0 || this.unacked) ws.send(JSON.stringify({ type: 'resume', after: this.lastSeq }));
      if (this.unacked) {
        counts.resent++;
        ws.send(this.unacked);
      }
      return;
    }
  }

  private received(frame: ServerFrame): void {
    if (frame.type === 'message') {
      if (frame.seq <= this.lastSeq) {
        counts.redelivered++;
        return;
      }
      this.lastSeq = frame.seq;
      this.settle('answered');
    } else if (frame.type === 'ack') {
      if (this.unacked?.includes(`"id":"${frame.id}"`)) this.unacked = undefined;
    } else if (frame.type === 'error') this.settle('refused');
  }

  private settle(outcome: Outcome): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(outcome);
  }

  async run(index: number, startAt: number): Promise<void> {
    const periodMs = (SESSIONS / RATE) * 1000;
    let slot = startAt + (index * periodMs) / SESSIONS;
    for (let turn = 0; !stop; turn++) {
      const wait = slot - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (stop) break;
      const ws = this.ws;
      if (!ws || ws.readyState !== WebSocket.OPEN) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      const frame = JSON.stringify(
        turn % 2 === 0
          ? { type: 'message', id: randomUUID(), text: QUESTIONS[(index + turn / 2) % QUESTIONS.length] }
          : { type: 'button', id: randomUUID(), data: 'yes' },
      );
      const sentAt = Date.now();
      const outcome = await new Promise<Outcome>((resolve) => {
        const timer = setTimeout(() => this.settle('unanswered'), REPLY_TIMEOUT_MS);
        this.waiting = (result) => {
          clearTimeout(timer);
          resolve(result);
        };
        counts.sent++;
        this.unacked = frame;
        ws.send(frame);
      });
      // Answered means committed (its ack may still be on the way); a refused one is not resent.
      this.unacked = undefined;
      counts[outcome]++;
      if (outcome !== 'answered') gapsAt[outcome].push(sentAt);
      if (outcome === 'answered') latencies.push(performance.now() - slot);
      slot += periodMs;
    }
    this.ws?.close();
  }
}

if (URLS.length === 0) throw new Error('--urls is required');
const sessions = Array.from({ length: SESSIONS }, (_, i) => new ChatSession(i));
await Promise.all(sessions.map((s) => s.connect()));
const startAt = performance.now() + 200;
const loops = sessions.map((s, i) => s.run(i, startAt));
const started = performance.now();
// SIGTERM ends the run early (the platform bench stops its load together).
process.once('SIGTERM', () => {
  stop = true;
});
while (!stop && performance.now() - started < SECONDS * 1000) await new Promise((r) => setTimeout(r, 100));
stop = true;
const elapsedS = (performance.now() - started) / 1000;
await Promise.all(loops);
console.log(
  JSON.stringify({
    seconds: round(elapsedS),
    ...counts,
    msgs_per_s: round(counts.answered / elapsedS, 0),
    p50_ms: round(percentile(latencies, 50)),
    p99_ms: round(percentile(latencies, 99)),
    max_ms: round(percentile(latencies, 100)),
    refused_at: gapsAt.refused,
    unanswered_at: gapsAt.unanswered,
  }),
);
process.exit(0);
