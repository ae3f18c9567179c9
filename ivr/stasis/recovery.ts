import type { Acd } from '../../agent-desktop/server/acd/index.ts';
import { InteractionNotFoundError, type InteractionService } from '../../core/interactions/index.ts';
import type { Clock } from '../../core/lifecycle/clock.ts';
import type { Logger } from '../../core/logging/index.ts';
import type { InteractionOutcome, InteractionState } from '../../core/vocabulary/index.ts';
import { type AriRest, AriRestError } from '../ari/rest.ts';
import type { StepWriter } from '../db/step-writer.ts';
import { Bridge } from '../verbs/bridge.ts';
import { Dial } from '../verbs/dial.ts';
import type { AriEvent } from './events.ts';
import type { CallState } from './state.ts';

export interface RecoveryDeps {
  rest: AriRest;
  acd: Acd;
  interactions: InteractionService;
  steps: StepWriter;
  clock: Clock;
  logger: Logger;
  /** The whole-call recording's ingest (the handler RecordingFinished goes to). */
  onRecordingFinished?: (event: AriEvent) => Promise<unknown>;
}

const enc = encodeURIComponent;
/** A call's interaction row missing this long after the call started was never written. */
const ROW_EXPECTED_WITHIN_MS = 3_600_000;

/** Asterisk answered "no such thing" (404) — as opposed to Asterisk being unreachable. */
function notFound(error: unknown): boolean {
  return error instanceof AriRestError && error.status === 404;
}

/**
 * Operator legs a dead process dialled for this call and left outside any bridge (ringing, or
 * answered in the moment it died). One `GET /channels`: only for calls offered or in talk.
 */
export async function leftOperatorLegs(
  rest: AriRest,
  interactionId: string,
): Promise<Array<{ id: string; state: string }>> {
  const prefix = Dial.legPrefix(interactionId);
  const channels = (await rest.send('GET', '/channels')) as Array<{ id: string; state: string }>;
  return channels.filter((channel) => channel.id.startsWith(prefix));
}

/**
 * The ACD still has the caller waiting for an operator (queued, or offered) — unless it is a
 * callback, which keeps its place: it is made without the caller on the line. A caller gone
 * while this holds is cancelled in the ACD, else it would be offered to operator after operator.
 */
export function stillWaiting(held: { st?: string; cb?: string } | null | undefined): boolean {
  return (held?.st === 'queued' || held?.st === 'offered') && held.cb !== '1';
}

/** What happened to a call whose caller left while no IVR process heard it. */
export type Settled = 'left_queue' | 'left_talk' | 'closed' | 'already_settled';

/**
 * A call ends in Asterisk while no IVR process follows it (the process died, or its event
 * WebSocket was down): the hangup, the recording's end and the operator's hangup reach nobody.
 * These helpers do afterwards what the normal hangup path does: the ACD entry is cancelled (no
 * offer for a gone caller) or the operator's talk finished (wrap-up as after any hangup), a lone
 * operator leg is hung up, the recording ingested, and a call the robot served alone is closed
 * as abandoned — the caller hung up while unattended.
 */
export class CallRecovery {
  constructor(private readonly deps: RecoveryDeps) {}

  /** True while Asterisk has the channel, false once it is gone; throws if Asterisk cannot say. */
  async channelAlive(channelId: string): Promise<boolean> {
    try {
      await this.deps.rest.send('GET', `/channels/${enc(channelId)}`);
      return true;
    } catch (error) {
      if (notFound(error)) return false;
      throw error;
    }
  }

  /** The other channels still in the call's operator bridge (none when there is no bridge). */
  async bridgePeers(interactionId: string, callerChannelId: string): Promise<string[]> {
    try {
      const bridge = (await this.deps.rest.send('GET', `/bridges/${enc(Bridge.idFor(interactionId))}`)) as {
        channels?: string[];
      };
      return (bridge.channels ?? []).filter((id) => id !== callerChannelId);
    } catch (error) {
      if (notFound(error)) return [];
      throw error;
    }
  }

  async destroyBridge(interactionId: string): Promise<void> {
    await this.deps.rest
      .send('DELETE', `/bridges/${enc(Bridge.idFor(interactionId))}`)
      .catch(() => undefined);
  }

  /** Settles a call whose channel is gone. Safe to repeat (each step checks the current state). */
  async settle(channelId: string, saved: CallState): Promise<Settled> {
    const { acd, logger } = this.deps;
    const ix = saved.interactionId;
    const held = await acd.interaction(ix);
    let settled: Settled = 'already_settled';
    let outcome: InteractionOutcome | undefined;
    if (stillWaiting(held)) {
      if ((await acd.cancel(ix)) === 'abandoned') [settled, outcome] = ['left_queue', 'abandoned'];
    } else if (held?.st === 'connected' && held.ag) {
      if ((await acd.finish(ix, held.ag)).status === 'wrap_up')
        [settled, outcome] = ['left_talk', 'transferred'];
    }
    // The operator's leg stays in the bridge alone when the caller left (or rings, or was
    // answered just before the process died): it is hung up.
    const legs = new Set(await this.bridgePeers(ix, channelId));
    if (held?.st === 'offered' || held?.st === 'connected') {
      for (const leg of await leftOperatorLegs(this.deps.rest, ix)) legs.add(leg.id);
    }
    for (const leg of legs) await this.deps.rest.hangup(leg).catch(() => undefined);
    await this.destroyBridge(ix);
    // Once in the ACD, the ACD's outbox moves the row; only a row it never had is closed here.
    if (!held) {
      outcome = await this.closeUnattended(ix, saved.startedAtMs);
      if (outcome) settled = 'closed';
    }
    if (outcome) {
      await this.deps.steps
        .append(ix, 'ivr.ended', { outcome, settled, by: 'caller', unattended: true })
        .catch((error) => logger.warn({ err: error, interactionId: ix }, 'end of call not recorded'));
    }
    await this.ingestLeftRecording(ix);
    return settled;
  }

  /** Closes the interaction row if still open; returns the outcome given, if any. */
  private async closeUnattended(ix: string, startedAtMs: number): Promise<InteractionOutcome | undefined> {
    // PostgreSQL unreachable throws: the call stays unsettled and a later sweep closes it. A row
    // not there yet may still come (written back from the IVR's journal after an outage).
    const current = await this.deps.interactions.get(ix).catch((error) => {
      const longAgo = this.deps.clock.nowMs() - startedAtMs > ROW_EXPECTED_WITHIN_MS;
      if (error instanceof InteractionNotFoundError && longAgo) return undefined; // never opened
      throw error;
    });
    if (!current) return undefined;
    const open: InteractionState[] = ['self_service', 'queued', 'offered'];
    const data = { reason: 'caller_left_unattended' };
    if (open.includes(current.state)) {
      await this.deps.interactions.close(ix, { outcome: 'abandoned', data });
      return 'abandoned';
    }
    if (current.state === 'connected') {
      // The talk was cut with its end unseen: a broken connection, not an answered question.
      await this.deps.interactions.close(ix, { outcome: 'failed', data });
      return 'failed';
    }
    return undefined;
  }

  /**
   * The recording of a call finishes when its caller goes; if nobody heard RecordingFinished the
   * file waits in the spool (`GET /recordings/stored/<name>`) and is ingested now.
   */
  async ingestLeftRecording(interactionId: string): Promise<boolean> {
    const ingest = this.deps.onRecordingFinished;
    if (!ingest) return false;
    const name = `call-${interactionId}`;
    let stored: { name: string; format: string };
    try {
      stored = (await this.deps.rest.send('GET', `/recordings/stored/${enc(name)}`)) as typeof stored;
    } catch (error) {
      if (notFound(error)) return false; // never started, or already ingested (spool copy removed)
      throw error;
    }
    await ingest({
      type: 'RecordingFinished',
      recording: { name: stored.name, format: stored.format, target_uri: `channel:snoop-${interactionId}` },
    });
    return true;
  }
}
