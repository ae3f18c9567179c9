import { Verb, type VerbContext } from './verb.ts';

export class Hangup extends Verb<{ reason?: 'normal' | 'busy' | 'congestion' }, void> {
  constructor(options: { reason?: 'normal' | 'busy' | 'congestion' } = {}) {
    super('hangup', options);
  }

  protected async run({ session }: VerbContext): Promise<void> {
    await session.runtime.rest
      .hangup(session.channelId, this.options.reason ?? 'normal')
      .catch(() => undefined); // already gone: nothing to do
    session.markGone();
  }
}
