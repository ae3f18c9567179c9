import { Verb, type VerbContext } from './verb.ts';

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
    await rest.record(snoopId, {
      name,
      format: this.options.format ?? 'wav',
      ifExists: 'fail', // one file per interaction; never overwrite someone's call
    });
    return name;
  }

  protected override outcomeOf(name: string): string {
    return name;
  }
}
