import { Verb, type VerbContext } from './verb.ts';

/** Media URIs as they are (sound:, recording:, tone:); waits for the end. */
export class Play extends Verb<{ media: string[] }, 'done' | 'failed' | 'stopped'> {
  constructor(options: { media: string[] }) {
    super('play', options);
  }

  protected run({ session }: VerbContext) {
    return session.play(this.options.media);
  }

  protected override outcomeOf(result: string): string {
    return result;
  }
}
