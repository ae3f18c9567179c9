import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ari from 'ari-client';
import type { Redis } from 'ioredis';
import type { BillingApi } from '../../core/billing/index.ts';
import type { Pool } from '../../core/db/index.ts';
import type { Clock } from '../../core/lifecycle/clock.ts';
import { createLogger } from '../../core/logging/index.ts';
import { AriRest } from '../ari/rest.ts';
import { type AriEvent, acceleratedClock, startAriDouble } from '../ari-double/index.ts';
import { assembleIvr } from '../assemble.ts';
import { agentEndpoint } from '../db/lookups.ts';
import { spokenAudio, startSpeechDouble } from '../speech/double.ts';
import { createSynthesisClient } from '../speech/synthesizer.ts';

export interface SimulatedOperator {
  /** users.id of an operator with a sip_endpoint. */
  userId: string;
  /** Rings this long before answering; null = never answers. */
  answerAfterMs: number | null;
}

export interface SimulateOptions {
  from: string;
  /** Key groups, each sent when the robot next listens: ["1", "1901000001#", "5#"]. */
  keys: string[];
  /** Said at the main menu before any key (speech through externalMedia and the speech double). */
  say?: string;
  operators: SimulatedOperator[];
  /** How much faster than real time the call runs (1 = real time, for demos). */
  speed: number;
  /** How long an operator talks before hanging up (call time). */
  talkMs: number;
  pool: Pool;
  redis: Redis;
  prefix: string;
  billing: BillingApi;
  clock: Clock;
  timeZone?: string;
  queue?: string;
  print(line: string): void;
}

export interface SimulationResult {
  interactionId: string;
  outcome: string;
  said: string[];
}

const STEP_LINES: Record<string, (data: Record<string, unknown>) => string> = {
  menu: (d) => `menu choice ${d.choice}`,
  menu_speech: (d) => `understood topic ${d.topic}`,
  abusive_warning: () => 'abusive speech: warned',
  abusive_end: () => 'abusive speech again: call ended',
  identified: () => 'account identified',
  identification_failed: (d) => `identification failed (${d.reason})`,
  identification_refused: () => 'identification refused: no personal data given',
  queue_estimate: (d) =>
    `estimated wait ${d.estimatedWaitMs === null ? 'unknown' : `${Math.round(Number(d.estimatedWaitMs) / 1000)} s`}`,
  'verb.enqueue': (d) => `enqueued (${d.outcome})`,
  'verb.dial': (d) => `rang the operator: ${d.outcome} after ${Math.round(Number(d.ms) / 1000)} s`,
  operator_connected: (d) => `connected to operator ${d.agentId}`,
  'verb.csat': (d) => `CSAT ${d.outcome}`,
  callback_offer: (d) => `callback offer ${d.accepted ? 'accepted' : 'declined'}`,
  callback_appeal: (d) => `callback appeal #${d.appealId} registered`,
  reading_submitted: (d) => `readings submitted (accepted: ${d.accepted})`,
  recording_started: (d) => `recording ${d.name}`,
};

/**
 * Drives one call through the IVR against the ARI double (the whole IVR runs in this process, on
 * the configured PostgreSQL and Redis) and prints what the robot said and did: for demos and for
 * training operators. Keys go in when the robot listens; when they run out the caller hangs up.
 */
export async function simulateCall(options: SimulateOptions): Promise<SimulationResult> {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-sim-'));
  // The IVR service's fallback queue (IVR_QUEUE's default), which `npm start` seeds: a demo call
  // must not leave a queue of its own ('general') on the live wallboard.
  const queue = options.queue ?? 'voice_general';
  const callClock = acceleratedClock(options.speed);
  const speech = await startSpeechDouble();
  const double = await startAriDouble({
    port: 0,
    username: 'sim',
    password: 'sim',
    app: 'hotline',
    clock: callClock,
    spoolDir: join(dir, 'spool'),
    soundsDir: join(dir, 'sounds'),
  });
  const quiet = console.log;
  console.log = () => {}; // swagger-client's deprecation banner
  const client = await ari.connect(double.url, 'sim', 'sim').finally(() => {
    console.log = quiet;
  });
  const synthesizer = createSynthesisClient({ address: speech.address });
  const rest = new AriRest({ url: double.url, username: 'sim', password: 'sim' });
  const { ivr, acd, offers } = assembleIvr({
    client,
    rest,
    app: 'hotline',
    pool: options.pool,
    redis: options.redis,
    prefix: options.prefix,
    billing: options.billing,
    clock: options.clock,
    timers: callClock,
    soundsDir: join(dir, 'sounds'),
    synthesizer,
    logger: createLogger({ name: 'ivr-simulator', level: 'silent' }),
    settings: { queue },
    timeZone: options.timeZone,
    instanceId: 'simulator',
    speech: { recognitionAddress: speech.address, rtpHost: '127.0.0.1' },
  });
  try {
    if (!(await acd.queueNames()).includes(queue)) await acd.defineQueue({ name: queue, media: 'voice' });
    // The IVR picks the voice queue by topic, so the simulated operators serve every voice queue.
    const voiceQueues = (await acd.queueSummaries()).filter((q) => q.media === 'voice').map((q) => q.name);
    const skills = (options.queue ? [queue] : voiceQueues).map((name) => ({ queue: name, level: 5 }));
    for (const op of options.operators) {
      const endpoint = await agentEndpoint(options.pool, op.userId);
      if (!endpoint) throw new Error(`operator ${op.userId} has no sip_endpoint in users`);
      double.defineEndpoint(endpoint, { answerAfterMs: op.answerAfterMs });
      await acd.login({ agentId: op.userId, skills, state: 'ready' });
    }
    offers.start();
    ivr.attach();
    await client.start('hotline');
    const said: string[] = [];
    const pending = [...options.keys];
    const call = double.inboundCall({ callerNumber: options.from, callerName: '' });
    const mine = (event: { channelId: string }) => event.channelId === call.channelId;
    options.print(`☎  ${options.from} calls the hotline`);
    let toSay = options.say;
    let answeredBySpeech = false;
    ivr.observer.on('said', (event: { channelId: string; text: string; label: string }) => {
      if (!mine(event)) return;
      said.push(event.text);
      options.print(`🤖 ${event.text}`);
      if (event.label === 'mainMenu' && toSay) {
        options.print(`👤 says «${toSay}»`);
        call.say(spokenAudio(toSay));
        toSay = undefined;
        answeredBySpeech = true; // this menu question is answered by voice, not by the next keys
      }
    });
    ivr.observer.on('step', (event: { channelId: string; kind: string; data: Record<string, unknown> }) => {
      const line = mine(event) ? STEP_LINES[event.kind]?.(event.data) : undefined;
      if (line) options.print(`   · ${line}`);
    });
    ivr.observer.on('listening', (event: { channelId: string }) => {
      if (!mine(event)) return;
      if (answeredBySpeech) {
        answeredBySpeech = false;
        return;
      }
      const keys = pending.shift();
      if (keys === undefined) {
        options.print('👤 (hangs up)');
        call.hangup(16);
        return;
      }
      options.print(`👤 presses ${keys}`);
      void call.sendDtmf(keys, { gapMs: 150, durationMs: 100 });
    });
    double.onEvent((event: AriEvent) => {
      const e = event as { type: string; args?: string[]; channel?: { id: string } };
      if (e.type === 'StasisStart' && e.args?.[0] === 'agent') {
        const agentLeg = e.channel!.id;
        options.print('🎧 operator answers');
        callClock.setTimer(options.talkMs, () => {
          try {
            options.print('🎧 operator hangs up');
            double.farEndHangup(agentLeg, 16);
          } catch {
            // the caller already ended the call
          }
        });
      }
    });
    const ended = await new Promise<{ interactionId: string; outcome: string }>((resolve) => {
      ivr.observer.on('ended', (event: { channelId: string; interactionId: string; outcome: string }) => {
        if (mine(event)) resolve(event);
      });
    });
    options.print(`✔  call ended: ${ended.outcome} (interaction ${ended.interactionId})`);
    return { ...ended, said };
  } finally {
    for (const op of options.operators) {
      const agent = await acd.agent(op.userId).catch(() => null);
      if (agent?.vix) {
        await acd.finish(agent.vix, op.userId).catch(() => undefined);
        await acd.endWrapUp(agent.vix, op.userId).catch(() => undefined);
      }
      await acd.setState({ agentId: op.userId, state: 'offline' }).catch(() => undefined);
    }
    ivr.detach();
    client.removeAllListeners();
    try {
      client.stop();
    } catch {
      // never started
    }
    await offers.stop();
    rest.close();
    await double.close();
    synthesizer.close?.();
    await speech.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
