import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ari, { type AriClient } from 'ari-client';
import { acceleratedClock } from '../clock.ts';
import { type AriDouble, startAriDouble } from '../server.ts';

/** The reference recordings from a real Asterisk 22.10.1 (read-only, outside the repo). */
export const sharedAri = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/ari');

// biome-ignore lint/suspicious/noExplicitAny: raw ARI events are walked field by field
export type Event = Record<string, any>;

export function loadTrace(scenario: string): Event[] {
  return readFileSync(join(sharedAri, 'traces', `${scenario}.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line).event);
}

/** Virtual time runs this many times faster than the wall clock in trace replays. */
export const SPEED = 10;

export interface Harness {
  double: AriDouble;
  client: AriClient;
  events: Event[];
  /** Sleeps `virtualMs` of the double's time. */
  sleep(virtualMs: number): Promise<void>;
  /** Resolves with the first event (already received or future) that matches. */
  waitFor(predicate: (event: Event) => boolean, what?: string): Promise<Event>;
  close(): Promise<void>;
}

export async function startHarness(options: { app?: string; speed?: number } = {}): Promise<Harness> {
  const app = options.app ?? 'ivr-test';
  const speed = options.speed ?? SPEED;
  const spoolDir = mkdtempSync(join(tmpdir(), 'ari-double-test-'));
  const double = await startAriDouble({
    port: 0,
    username: 'ari',
    password: 'ari',
    app,
    clock: acceleratedClock(speed),
    spoolDir,
  });
  const silence = console.log;
  console.log = () => {}; // swagger-client prints a deprecation banner on every connect
  const client = await ari.connect(double.url, 'ari', 'ari').finally(() => {
    console.log = silence;
  });
  const events: Event[] = [];
  const waiters: { predicate: (event: Event) => boolean; resolve: (event: Event) => void }[] = [];
  client.on('*', (event: Event) => {
    events.push(event);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(event)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  });
  await client.start(app);
  return {
    double,
    client,
    events,
    sleep: (virtualMs) => new Promise((done) => setTimeout(done, virtualMs / speed)),
    waitFor(predicate, what = 'event') {
      const seen = events.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolveEvent, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 10_000);
        waiters.push({
          predicate,
          resolve: (event) => {
            clearTimeout(timer);
            resolveEvent(event);
          },
        });
      });
    },
    async close() {
      client.removeAllListeners();
      try {
        client.stop();
      } catch {
        // never started
      }
      await double.close();
      rmSync(spoolDir, { recursive: true, force: true });
    },
  };
}

/**
 * Turns events into comparable lines: ids, names and numbers that differ between runs become
 * symbols by order of first appearance (C1, C2 for channels, B1 for bridges, P1 for playbacks,
 * R1 for recordings); every key field stays.
 */
export function normalise(events: Event[], options: { skip?: (event: Event) => boolean } = {}): string[] {
  const symbols = new Map<string, string>();
  const counters: Record<string, number> = {};
  const sym = (kind: string, id: string) => {
    const key = `${kind}:${id}`;
    if (!symbols.has(key)) {
      counters[kind] = (counters[kind] ?? 0) + 1;
      symbols.set(key, `${kind}${counters[kind]}`);
    }
    return symbols.get(key) as string;
  };
  const name = (text: string) =>
    text
      .replace(/-[0-9a-f]{8};([12])$/, '-N;$1')
      .replace(/^UnicastRTP\/[\d.]+:\d+-0x[0-9a-f]+$/, 'UnicastRTP/HOST-X')
      .replace(/^Snoop\/(.+)-[0-9a-f]{8}$/, (_, id: string) => `Snoop/${sym('C', id)}-N`);
  const channel = (c: Event) => {
    const dp = c.dialplan;
    return `${sym('C', c.id)}[${name(c.name)}|${c.state}|${dp.context}/${dp.exten}/${dp.priority}/${dp.app_name}/${dp.app_data}|${c.caller.number}|${c.connected.number}]`;
  };
  const target = (uri: string) => {
    const [kind, id = ''] = uri.split(/:(.*)/s);
    return kind === 'bridge' ? `bridge:${sym('B', id)}` : `channel:${sym('C', id)}`;
  };
  const media = (uri: string) =>
    uri.startsWith('recording:') ? `recording:${sym('R', uri.slice(10))}` : uri;
  return events
    .filter((event) => !options.skip?.(event))
    .map((e) => {
      const parts: string[] = [e.type];
      if (e.channel) parts.push(channel(e.channel));
      if (e.peer?.id) parts.push(`peer=${channel(e.peer)}`);
      for (const key of [
        'args',
        'cause',
        'soft',
        'dialstatus',
        'digit',
        'variable',
        'dialplan_app',
        'dialplan_app_data',
      ]) {
        if (e[key] !== undefined) parts.push(`${key}=${JSON.stringify(e[key])}`);
      }
      if (e.dialstring !== undefined)
        parts.push(`dialstring=${String(e.dialstring).replace(/:\d+\//, ':PORT/')}`);
      if (e.value !== undefined)
        parts.push(`value=${name(String(e.value)).replace(/^UnicastRTP.*/, 'UnicastRTP/HOST-X')}`);
      if (e.playback) {
        const p = e.playback;
        parts.push(
          `playback=${sym('P', p.id)}|${media(p.media_uri)}|${p.next_media_uri ?? '-'}|${target(p.target_uri)}|${p.state}`,
        );
      }
      if (e.recording) {
        const r = e.recording;
        parts.push(`recording=${sym('R', r.name)}|${r.format}|${r.state}|${target(r.target_uri)}`);
      }
      if (e.bridge) {
        const b = e.bridge;
        parts.push(
          `bridge=${sym('B', b.id)}|${b.technology}|${b.bridge_type}|${b.channels.map((id: string) => sym('C', id)).join(',')}`,
        );
      }
      if (e.endpoint)
        parts.push(`endpoint=${e.endpoint.technology}/${e.endpoint.resource}|${e.endpoint.state}`);
      if (e.peer?.peer_status) parts.push(`peer_status=${e.peer.peer_status}`);
      if (e.contact_info) parts.push(`contact=${e.contact_info.contact_status}|${e.contact_info.aor}`);
      if (e.device_state) parts.push(`device=${e.device_state.name}|${e.device_state.state}`);
      return parts.join(' ');
    });
}

/** Every event carries the ARI envelope exactly as Asterisk formats it. */
export function envelopeProblems(events: Event[]): string[] {
  return events.flatMap((event) => {
    const problems: string[] = [];
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/.test(event.timestamp))
      problems.push(`timestamp ${event.timestamp}`);
    if (event.asterisk_id !== '02:fc:00:00:00:01') problems.push(`asterisk_id ${event.asterisk_id}`);
    if (event.application !== 'ivr-test') problems.push(`application ${event.application}`);
    return problems.map((problem) => `${event.type}: ${problem}`);
  });
}
