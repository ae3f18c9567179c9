import { AriRestError } from '../ari/rest.ts';
import { Verb, type VerbContext } from './verb.ts';

/**
 * Real Asterisk (22.10.1) answers the snoop request before the snoop channel has entered Stasis
 * (that happens on the snoop's own thread): a record sent at once can get 409 "Channel not in
 * Stasis application" — seen right after an Asterisk restart. The record is tried again briefly.
 */
const SNOOP_READY_TRIES = 20;
const SNOOP_READY_STEP_MS = 50;

/**
 * Records the whole call, both directions, from answer to hangup: a snoop channel (spy=both) on
 * the caller is recorded as `call-<interactionId>`, so the IVR part, music on hold and the
 * operator conversation land in one file (R-IVR-6). The recording finishes when the caller's
 * channel goes (RecordingFinished → recordings ingest).
 */
export class Record extends Verb<{ format?: 'wav' | 'gsm' | 'sln' }, string> {
  constructor(options: { format?: 'wav' | 'gsm' | 'sln' } = {}) {
    super('record', options);
  }

  static nameFor(interactionId: string): string {
    return `call-${interactionId}`;
  }

  protected async run({ session }: VerbContext): Promise<string> {
    const { rest, app } = session.runtime;
    const name = Record.nameFor(session.interactionId);
    const snoopId = `snoop-${session.interactionId}`;
    await rest.snoop(session.channelId, snoopId, { spy: 'both', app, appArgs: 'snoop' });
    for (let attempt = 1; ; attempt++) {
      try {
        await rest.record(snoopId, {
          name,
          format: this.options.format ?? 'wav',
          ifExists: 'fail', // one file per interaction; never overwrite someone's call
        });
        return name;
      } catch (error) {
        const notInStasisYet = error instanceof AriRestError && error.status === 409;
        if (!notInStasisYet || attempt >= SNOOP_READY_TRIES) throw error;
        await new Promise<void>((resolve) => session.runtime.timers.setTimer(SNOOP_READY_STEP_MS, resolve));
        session.assertLive();
      }
    }
  }

  protected override outcomeOf(name: string): string {
    return name;
  }
}
