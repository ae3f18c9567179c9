import type { EnqueueResult } from '../../agent-desktop/server/acd/index.ts';
import type { TopicId } from '../../core/vocabulary/index.ts';
import { Verb, type VerbContext } from './verb.ts';

interface EnqueueOptions {
  queue: string;
  priority?: number;
  topic?: string;
}

/** Puts the call in the ACD (channel phone, service ivr); the ACD writes its stages to the record. */
export class Enqueue extends Verb<EnqueueOptions, EnqueueResult> {
  constructor(options: EnqueueOptions) {
    super('enqueue', options);
  }

  protected run({ session, services }: VerbContext): Promise<EnqueueResult> {
    return services.acd.enqueue({
      id: session.interactionId,
      queue: this.options.queue,
      channel: 'phone',
      priority: this.options.priority ?? 0,
      topics: this.options.topic ? [this.options.topic as TopicId] : [],
      service: 'ivr',
    });
  }

  protected override outcomeOf(result: EnqueueResult): string {
    return result.status === 'queued' ? `queued:${result.position}` : result.status;
  }
}
