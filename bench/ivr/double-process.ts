/**
 * The ARI double in its own process for the IVR benchmark, as Asterisk is in production: the IVR
 * process then carries only the IVR's work (its CPU and heap per call are its own). Driven by the
 * benchmark over IPC; it places calls, presses keys and measures each key's latency itself, from
 * emitting ChannelDtmfReceived to receiving the IVR's next play command (PlaybackStarted).
 */
import { performance } from 'node:perf_hooks';
import {
  type AriEvent,
  type InboundCall,
  realTimeClock,
  startAriDouble,
} from '../../ivr/ari-double/index.ts';

export type DoubleCommand =
  | { type: 'place'; calls: number; perSecond: number }
  | { type: 'press'; digit: string; perSecond: number }
  | { type: 'hangup' }
  | { type: 'close' };

export type DoubleReport =
  | { type: 'ready'; url: string }
  | { type: 'placed'; channelIds: string[] }
  | { type: 'pressed'; latencies: number[] }
  | { type: 'closed' };

const [spoolDir, soundsDir] = process.argv.slice(2);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const send = (report: DoubleReport) => process.send!(report);

const double = await startAriDouble({
  port: 0,
  username: 'ari',
  password: 'ari',
  app: 'hotline',
  clock: realTimeClock(),
  spoolDir: spoolDir!,
  soundsDir: soundsDir!,
});
const calls: InboundCall[] = [];
const dtmfAt = new Map<string, number>();
const latencies: number[] = [];
double.onEvent((event: AriEvent) => {
  const e = event as { type: string; channel?: { id: string }; playback?: { target_uri: string } };
  if (e.type === 'ChannelDtmfReceived') dtmfAt.set(e.channel!.id, performance.now());
  if (e.type === 'PlaybackStarted') {
    const channelId = e.playback!.target_uri.replace('channel:', '');
    const pressed = dtmfAt.get(channelId);
    if (pressed !== undefined) {
      latencies.push(performance.now() - pressed);
      dtmfAt.delete(channelId);
    }
  }
});

/** Runs `act(i)` for i < count at a steady rate (every 1/perSecond s, scheduled from the start). */
async function atRate(count: number, perSecond: number, act: (i: number) => void): Promise<void> {
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    act(i);
    const wait = started + ((i + 1) * 1000) / perSecond - performance.now();
    if (wait > 0) await sleep(wait);
  }
}

process.on('message', async (command: DoubleCommand) => {
  switch (command.type) {
    case 'place':
      await atRate(command.calls, command.perSecond, (i) => {
        calls.push(double.inboundCall({ callerNumber: `+7999${String(i).padStart(7, '0')}` }));
      });
      return send({ type: 'placed', channelIds: calls.map((c) => c.channelId) });
    case 'press': {
      await atRate(calls.length, command.perSecond, (i) => {
        void calls[i]!.sendDtmf(command.digit, { durationMs: 80 });
      });
      const deadline = performance.now() + 30_000;
      while (latencies.length < calls.length && performance.now() < deadline) await sleep(100);
      return send({ type: 'pressed', latencies });
    }
    case 'hangup':
      for (const call of calls) call.hangup(16);
      return;
    case 'close':
      await double.close();
      send({ type: 'closed' });
      process.exit(0);
  }
});
send({ type: 'ready', url: double.url });
