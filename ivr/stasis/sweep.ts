import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/lifecycle/clock.ts';
import type { Logger } from '../../core/logging/index.ts';
import type { AriRest } from '../ari/rest.ts';
import type { IvrInteractions } from '../db/durable-interactions.ts';
import type { IvrTimers } from './call.ts';
import type { CallRecovery, Settled } from './recovery.ts';
import type { CallState, CallStateStore } from './state.ts';

/** What one sweep did: callers re-attached here, calls settled whose caller was gone, strays adopted. */
export interface SweepResult {
  reattached: number;
  settled: number;
  adopted: number;
}

/**
 * Channels the IVR creates in its own application, by the ids it gives them: operator legs
 * (`Dial`, `agent-<interaction>-…`), recording snoops (`Record`, `snoop-<interaction>`) and speech
 * media legs (`SpeechInput`, `em-…`). Callers' channels carry Asterisk's own ids.
 */
const OWN_LEG = /^(agent-|snoop-|em-)/;

/** A channel as `GET /channels/<id>` shows it (the fields the sweep reads). */
interface ListedChannel {
  id: string;
  name?: string;
  creationtime?: string;
  caller?: { number?: string };
  dialplan?: { app_name?: string; app_data?: string };
}

export interface CallSweepDeps {
  app: string;
  rest: AriRest;
  state: CallStateStore;
  recovery: CallRecovery;
  interactions: IvrInteractions;
  clock: Clock;
  /** Asterisk's time base (a channel's `creationtime` is on it). */
  timers: IvrTimers;
  logger: Logger;
  /** The calls this process serves now (by channel id). */
  live: { has(channelId: string): boolean };
  /** Runs the flow of a caller still in Stasis: `resumed` (its process died) or `adopted` (a stray). */
  serve(channelId: string, saved: CallState, how: 'resumed' | 'adopted'): void;
  settled(channelId: string, interactionId: string, settled: Settled): void;
  /** A stray younger than this may still be being saved by the process that got its StasisStart. */
  strayGraceMs: number;
  /** How often the application's channels are looked at for strays (one `GET /applications/<app>`). */
  strayScanMs: number;
}

/**
 * Finds the calls no live process serves and gives each to exactly one process:
 * - orphans — saved in Redis, owner lease lapsed (the process died or restarted): a caller still
 *   in Stasis is re-attached, a call whose channel is gone is settled;
 * - strays — in Stasis for this application but saved nowhere (the process died between
 *   StasisStart and saving the call): adopted as a new call, with a row opened at the channel's
 *   creation time. Without this the caller would sit in silence and leave no trace.
 */
export class CallSweep {
  private lastStrayScanMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly deps: CallSweepDeps) {}

  async run(options: { scanStrays?: boolean } = {}): Promise<SweepResult> {
    const result: SweepResult = { reattached: 0, settled: 0, adopted: 0 };
    await this.takeOrphans(result);
    const now = performance.now();
    if (options.scanStrays || now - this.lastStrayScanMs >= this.deps.strayScanMs) {
      this.lastStrayScanMs = now;
      await this.adoptStrays(result);
    }
    return result;
  }

  private async takeOrphans(result: SweepResult): Promise<void> {
    const { state, logger, recovery } = this.deps;
    for (const channelId of await state.orphans(this.deps.live)) {
      const saved = await state.load(channelId);
      if (!saved) {
        await state.remove(channelId); // its state expired: nothing left to settle
        continue;
      }
      // Asterisk unreachable throws here: nothing is settled on a guess.
      const alive = await recovery.channelAlive(channelId);
      if (this.deps.live.has(channelId) || !(await state.claim(channelId))) continue;
      try {
        const call = { id: saved.interactionId, externalId: channelId, contact: saved.callerNumber || null };
        if (await this.deps.interactions.ensureOpened(call, saved.startedAtMs))
          logger.warn({ interactionId: saved.interactionId }, 'orphaned call had no row: its open is queued');
      } catch (error) {
        // Redis refused the journal entry: the lease lapses and a later sweep tries again.
        logger.warn({ err: error, interactionId: saved.interactionId }, 'orphaned call not taken over yet');
        continue;
      }
      if (alive) {
        this.deps.serve(channelId, saved, 'resumed');
        result.reattached += 1;
        continue;
      }
      try {
        const settled = await recovery.settle(channelId, saved);
        logger.info({ interactionId: saved.interactionId, settled }, 'call ended while unattended settled');
        await state.remove(channelId);
        result.settled += 1;
        this.deps.settled(channelId, saved.interactionId, settled);
      } catch (error) {
        // The lease lapses and a later sweep tries again.
        logger.warn({ err: error, interactionId: saved.interactionId }, 'ended call not settled yet');
      }
    }
  }

  private async adoptStrays(result: SweepResult): Promise<void> {
    const { rest, state, timers, clock, logger, interactions } = this.deps;
    // The application's channel ids only (not every channel's JSON: with 1,600 calls that parse
    // stalled the process ~160 ms); our own legs go by their names, saved calls by the index.
    const application = (await rest.send('GET', `/applications/${encodeURIComponent(this.deps.app)}`)) as {
      channel_ids?: string[];
    };
    const unsaved = (application.channel_ids ?? []).filter(
      (id) => !OWN_LEG.test(id) && !this.deps.live.has(id),
    );
    if (unsaved.length === 0) return;
    const known = await state.known(unsaved);
    const nowMs = timers.nowMs();
    for (const id of unsaved) {
      if (known.has(id)) continue;
      const channel = (await rest
        .send('GET', `/channels/${encodeURIComponent(id)}`)
        .catch(() => undefined)) as ListedChannel | undefined;
      if (!channel || !this.isCaller(channel)) continue;
      const ageMs = nowMs - Date.parse(channel.creationtime ?? '');
      if (!(ageMs >= this.deps.strayGraceMs)) continue; // young (maybe being saved), or no time given
      const saved: CallState = {
        interactionId: randomUUID(),
        callerNumber: String(channel.caller?.number ?? ''),
        startedAtMs: clock.nowMs() - ageMs,
      };
      if (!(await state.adopt(channel.id, saved))) continue;
      const call = { id: saved.interactionId, externalId: channel.id, contact: saved.callerNumber || null };
      try {
        await interactions.openSince(call, saved.startedAtMs);
      } catch (error) {
        // Its lease lapses unrenewed: the next sweep finds it as an orphan and opens its row then.
        logger.warn({ err: error, interactionId: saved.interactionId }, 'stray caller not adopted yet');
        continue;
      }
      logger.warn(
        { interactionId: saved.interactionId, unattendedMs: ageMs },
        'caller found in Stasis with no call saved (its process died at StasisStart): adopted',
      );
      this.deps.serve(channel.id, saved, 'adopted');
      result.adopted += 1;
    }
  }

  /** A caller's channel in this application's Stasis (not an operator leg, snoop or media leg). */
  private isCaller(channel: ListedChannel): boolean {
    if (channel.dialplan?.app_name !== 'Stasis') return false;
    const [app, role] = String(channel.dialplan.app_data ?? '').split(',');
    if (app !== this.deps.app || role === 'agent' || role === 'snoop') return false;
    return !String(channel.name ?? '').startsWith('UnicastRTP/');
  }
}
