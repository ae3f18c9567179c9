/**
 * The ARI double in its own operating-system process, as Asterisk is on a real site: the IVR and
 * the dialer reach it only over HTTP + WebSocket. The test that forked it plays the far ends
 * (callers, operator phones, dialled clients) with the double's own scripting API, sent over the
 * Node IPC channel, and gets every event the double delivers — a phone line, not a peek inside
 * the IVR. Run with `node --import tsx e2e/ari-double-process.ts` and an IPC channel (fork).
 */
import {
  acceleratedClock,
  type DialplanStep,
  type InboundCall,
  startAriDouble,
} from '../ivr/ari-double/index.ts';

export type DoubleCommand =
  | { op: 'inboundCall'; callerNumber: string }
  | { op: 'sendDtmf'; channelId: string; digits: string }
  | { op: 'hangup'; channelId: string; cause?: number }
  | { op: 'farEndHangup'; channelId: string; cause?: number }
  | { op: 'defineEndpoint'; endpoint: string; answerAfterMs: number | null }
  | { op: 'defineExtension'; context: string; exten: string; steps: DialplanStep[] };

export type DoubleMessage =
  | { type: 'ready'; url: string; spoolDir: string }
  | { type: 'event'; event: Record<string, unknown> }
  | { type: 'reply'; id: number; result?: unknown; error?: string };

const options = JSON.parse(process.env.E2E_DOUBLE_OPTIONS ?? '{}') as {
  username: string;
  password: string;
  app: string;
  spoolDir: string;
  soundsDir: string;
  speed?: number;
};
const send = (message: DoubleMessage) => process.send?.(message);

const double = await startAriDouble({
  port: 0,
  username: options.username,
  password: options.password,
  app: options.app,
  spoolDir: options.spoolDir,
  soundsDir: options.soundsDir,
  ...(options.speed && options.speed !== 1 ? { clock: acceleratedClock(options.speed) } : {}),
});
const calls = new Map<string, InboundCall>();
double.onEvent((event) => send({ type: 'event', event: event as unknown as Record<string, unknown> }));

async function run(command: DoubleCommand): Promise<unknown> {
  switch (command.op) {
    case 'inboundCall': {
      const call = double.inboundCall({ callerNumber: command.callerNumber, callerName: '' });
      calls.set(call.channelId, call);
      return { channelId: call.channelId };
    }
    case 'sendDtmf':
      return known(command.channelId).sendDtmf(command.digits, { gapMs: 120, durationMs: 80 });
    case 'hangup':
      return known(command.channelId).hangup(command.cause ?? 16);
    case 'farEndHangup':
      return double.farEndHangup(command.channelId, command.cause ?? 16);
    case 'defineEndpoint':
      return double.defineEndpoint(command.endpoint, { answerAfterMs: command.answerAfterMs });
    case 'defineExtension':
      return double.defineExtension(command.context, command.exten, command.steps);
  }
}

function known(channelId: string): InboundCall {
  const call = calls.get(channelId);
  if (!call) throw new Error(`no simulated caller on ${channelId}`);
  return call;
}

process.on('message', (message: DoubleCommand & { id: number }) => {
  run(message).then(
    (result) => send({ type: 'reply', id: message.id, result: result ?? null }),
    (error: Error) => send({ type: 'reply', id: message.id, error: error.message }),
  );
});
const stop = () => {
  double.close().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('disconnect', stop);
send({ type: 'ready', url: double.url, spoolDir: double.spoolDir });
