import { Gather } from './gather.ts';
import { Verb, type VerbContext } from './verb.ts';

/**
 * After the operator hangs up the caller rates the conversation 1–5 by DTMF (R-IVR-7). The score
 * goes into the interaction (`csat`); no answer after the attempts leaves it empty.
 */
export class Csat extends Verb<{ attempts?: number }, number | undefined> {
  constructor(options: { attempts?: number } = {}) {
    super('csat', options);
  }

  protected async run(context: VerbContext): Promise<number | undefined> {
    const { session, services } = context;
    const attempts = this.options.attempts ?? 3;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const prompts = attempt === 1 ? ['csatAsk'] : ['notUnderstood', 'csatAsk'];
      const answer = await new Gather({ prompts, numDigits: 1, timeoutMs: 6_000 }).exec(context);
      const score = Number(answer.digits);
      if (answer.reason === 'complete' && Number.isInteger(score) && score >= 1 && score <= 5) {
        await services.interactions.update(session.interactionId, { csat: score });
        await session.say('csatThanks');
        return score;
      }
    }
    return undefined;
  }

  protected override outcomeOf(result: number | undefined): string {
    return result === undefined ? 'no_rating' : `rated:${result}`;
  }
}
