import { Verb, type VerbContext } from './verb.ts';

interface SayOptions {
  prompt?: string;
  text?: string;
  /** What the text is (e.g. "balance"), recorded instead of a dynamic text that may hold personal data. */
  label?: string;
}

/** A fixed prompt by id or dynamic text, synthesized through the speech contract; plays to the end. */
export class Say extends Verb<SayOptions, 'done' | 'interrupted'> {
  constructor(options: SayOptions) {
    super('say', options);
  }

  protected run({ session }: VerbContext) {
    const { prompt, text, label } = this.options;
    return session.say((prompt ?? text)!, { label: label ?? prompt ?? 'dynamic' });
  }

  protected override outcomeOf(result: 'done' | 'interrupted'): string {
    return `${this.options.prompt ?? this.options.label ?? 'dynamic'}:${result}`;
  }
}
