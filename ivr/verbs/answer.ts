import { Verb, type VerbContext } from './verb.ts';

export class Answer extends Verb<Record<string, never>, void> {
  constructor(options: unknown = {}) {
    super('answer', options);
  }

  protected async run({ session }: VerbContext): Promise<void> {
    await session.runtime.rest.answer(session.channelId);
  }
}
