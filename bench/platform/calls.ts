/**
 * The telephone side of the platform benchmarks, in its own process as Asterisk is: the ARI
 * double plus callers that keep `concurrency` calls live. Each caller listens to the IVR's menus
 * and answers them like a person (a think time after the prompt ends): main menu "4", reference
 * menu "1"–"4", "anything else?" "1", round and round, and hangs up after its lifetime; a new
 * caller dials in at once, so the number of live calls stays put. A key's latency is measured
 * here, from emitting ChannelDtmfReceived to the IVR's next PlaybackStarted on that channel.
 * Driven over IPC (CallsCommand / CallsReport).
 */
import { performance } from 'node:perf_hooks';
import {
  type AriEvent,
  type InboundCall,
  realTimeClock,
  startAriDouble,
} from '../../ivr/ari-double/index.ts';
import { PromptLibrary } from '../../ivr/prompts/library.ts';
import { promptText } from '../../ivr/prompts/ru.ts';

export interface CallsPlan {
  concurrency: number;
  /** Calls placed per second while fewer than `concurrency` are live. */
  arrivalsPerSecond: number;
  /** Mean call lifetime; each call lives 0.5–1.5 × this. */
  lifetimeMs: number;
  /** Longest pause between a menu's end and the caller's key (uniform from 300 ms). */
  thinkMs: number;
  /** Operators' phones (`PJSIP/bench1`…), answering after 1 s; they talk `talkMs`, then hang up. */
  operatorEndpoints?: string[];
  talkMs?: number;
  /** Share of main-menu answers that are "0" (an operator). */
  operatorShare?: number;
}

export type CallsCommand =
  | { type: 'run'; plan: CallsPlan }
  | { type: 'stop' }
  | { type: 'drop-websockets'; outageMs: number }
  | { type: 'status' }
  | { type: 'close' };

export interface CallsSummary {
  placed: string[];
  /** Date.now() of each placement, index for index with `placed`. */
  placedAt: number[];
  /** Calls the double could not place: the IVR's Stasis application was not registered. */
  refused: number;
  latencies: number[];
  keys: number;
  /** Operator legs answered (the IVR dialled an operator's phone). */
  operatorCalls: number;
  /** Asterisk's view of each placed call (Date.now() values), to explain a call left without a row. */
  facts: Record<string, CallFacts>;
}

export interface CallFacts {
  /** StasisStart sent to the IVR's application. */
  stasisAt?: number;
  /** The caller hung up (lifetime over, or the load stopped). */
  callerHungUpAt?: number;
  /** The channel was destroyed (by the caller's hangup or the IVR's). */
  destroyedAt?: number;
}

export type CallsReport =
  | { type: 'ready'; url: string }
  | { type: 'status'; live: number; placed: number; keys: number; refused: number }
  | { type: 'stopped'; summary: CallsSummary }
  | { type: 'closed' };

const [spoolDir, soundsDir, app = 'hotline'] = process.argv.slice(2);
const send = (report: CallsReport) => process.send?.(report);

const double = await startAriDouble({
  port: 0,
  username: 'ari',
  password: 'ari',
  app,
  clock: realTimeClock(),
  spoolDir: spoolDir!,
  soundsDir: soundsDir!,
});

const soundOf = (id: string) => `sound:${PromptLibrary.soundName(promptText(id))}`;
const ANSWERS: Record<string, () => string> = {
  [soundOf('mainMenu')]: () => (Math.random() < (plan?.operatorShare ?? 0) ? '0' : '4'),
  [soundOf('referenceMenu')]: () => String(1 + Math.floor(Math.random() * 4)),
  [soundOf('anythingElse')]: () => '1',
};

let plan: CallsPlan | undefined;
let running = false;
const live = new Map<string, InboundCall>();
const placed: string[] = [];
const placedAt: number[] = [];
/** After a refusal no caller tries again for a second (as many callers would get through). */
let refusedUntil = 0;
const latencies: number[] = [];
const dtmfAt = new Map<string, number>();
let refused = 0;
let keys = 0;
let operatorCalls = 0;
const facts: Record<string, CallFacts> = {};

const TRACE = process.env.BENCH_CALLS_TRACE === '1';
double.onEvent((event: AriEvent) => {
  if (TRACE && event.type.startsWith('Playback')) console.error(JSON.stringify(event).slice(0, 400));
  const e = event as {
    type: string;
    args?: string[];
    channel?: { id: string };
    playback?: { target_uri: string; media_uri: string };
  };
  // A caller's StasisStart may come while inboundCall() is still placing it (before `placed`).
  if (e.type === 'StasisStart' && e.args?.[0] === 'inbound') {
    const placing = facts[e.channel!.id] ?? {};
    placing.stasisAt ??= Date.now();
    facts[e.channel!.id] = placing;
  }
  const known = e.channel ? facts[e.channel.id] : undefined;
  if (known && e.type === 'ChannelDestroyed') known.destroyedAt = Date.now();
  if (e.type === 'StasisStart' && e.args?.[0] === 'agent' && plan) {
    const agentLeg = e.channel!.id;
    operatorCalls++;
    setTimeout(() => {
      try {
        double.farEndHangup(agentLeg, 16);
      } catch {
        // the caller already ended the call
      }
    }, plan.talkMs ?? 5_000);
  } else if (e.type === 'PlaybackStarted') {
    const channelId = e.playback!.target_uri.replace('channel:', '');
    const pressed = dtmfAt.get(channelId);
    if (pressed !== undefined) {
      latencies.push(performance.now() - pressed);
      dtmfAt.delete(channelId);
    }
  } else if (e.type === 'PlaybackFinished' && running) {
    const channelId = e.playback!.target_uri.replace('channel:', '');
    const answer = ANSWERS[e.playback!.media_uri];
    const call = live.get(channelId);
    if (answer && call && plan) {
      const think = 300 + Math.random() * Math.max(0, plan.thinkMs - 300);
      setTimeout(() => press(call, answer()), think);
    }
  } else if (e.type === 'StasisEnd' || e.type === 'ChannelDestroyed') {
    const id = e.channel?.id;
    if (id && live.delete(id)) dtmfAt.delete(id);
  }
});

function press(call: InboundCall, digit: string): void {
  if (!running || !call.isActive) return;
  dtmfAt.set(call.channelId, performance.now() + 80); // the event goes out when the 80 ms key ends
  keys++;
  void call.sendDtmf(digit, { durationMs: 80 });
}

function placeOne(): void {
  if (!plan) return;
  if (Date.now() < refusedUntil) return;
  let call: InboundCall;
  try {
    call = double.inboundCall({ callerNumber: `+7999${String(placed.length).padStart(7, '0')}` });
  } catch {
    // The IVR is not connected (its WebSocket is down): a real caller would hear the dialplan's
    // fallback. One refused caller a second is counted while it lasts.
    refused++;
    refusedUntil = Date.now() + 1_000;
    return;
  }
  placed.push(call.channelId);
  placedAt.push(Date.now());
  facts[call.channelId] ??= {};
  live.set(call.channelId, call);
  const lifetime = plan.lifetimeMs * (0.5 + Math.random());
  setTimeout(() => {
    if (call.isActive) facts[call.channelId]!.callerHungUpAt = Date.now();
    call.hangup(16);
    live.delete(call.channelId);
    dtmfAt.delete(call.channelId);
  }, lifetime);
}

/** Tops the live calls up to `concurrency`, at most `arrivalsPerSecond`, every 50 ms. */
async function keepCallsLive(): Promise<void> {
  while (running && plan) {
    const room = plan.concurrency - live.size;
    const budget = Math.ceil(plan.arrivalsPerSecond / 20);
    for (let i = 0; i < Math.min(room, budget); i++) placeOne();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

process.on('message', async (command: CallsCommand) => {
  switch (command.type) {
    case 'run':
      plan = command.plan;
      for (const endpoint of plan.operatorEndpoints ?? [])
        double.defineEndpoint(endpoint, { answerAfterMs: 1_000 });
      running = true;
      void keepCallsLive();
      return;
    case 'status':
      return send({ type: 'status', live: live.size, placed: placed.length, keys, refused });
    case 'drop-websockets':
      double.dropWebSockets(command.outageMs);
      return;
    case 'stop': {
      running = false;
      for (const call of live.values()) {
        facts[call.channelId]!.callerHungUpAt = Date.now();
        call.hangup(16);
      }
      live.clear();
      return send({
        type: 'stopped',
        summary: { placed, placedAt, refused, latencies, keys, operatorCalls, facts },
      });
    }
    case 'close':
      await double.close();
      send({ type: 'closed' });
      process.exit(0);
  }
});
send({ type: 'ready', url: double.url });
