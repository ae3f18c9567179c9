import { randomUUID } from 'node:crypto';
import { CallerHungUp } from '../stasis/call.ts';
import { Verb, type VerbContext } from './verb.ts';

interface DialOptions {
  endpoint: string;
  ringTimeoutSeconds?: number;
  callerId?: string;
}

export type DialResult = { answered: true; channelId: string } | { answered: false; cause: number };

/** The standard's limit: an offered call rings the operator for at most 15 s (R-ACD-1). */
export const MAX_RING_SECONDS = 15;

/**
 * Rings an operator's phone (originate with Asterisk's own timeout, so the limit holds even if
 * the IVR stalls). Answered = the operator's channel entered Stasis; otherwise the cause of its
 * end (19 no answer, 20 unregistered, 17 busy). If the caller hangs up meanwhile, the ringing leg
 * is hung up too.
 */
export class Dial extends Verb<DialOptions, DialResult> {
  constructor(options: DialOptions) {
    super('dial', options);
  }

  static legPrefix(interactionId: string): string {
    return `agent-${interactionId}-`;
  }

  protected async run({ session }: VerbContext): Promise<DialResult> {
    const { client, router, app } = session.runtime;
    // Named after the interaction, so a process taking the call over finds a leg it left.
    const channelId = `${Dial.legPrefix(session.interactionId)}${randomUUID().slice(0, 8)}`;
    let unsubscribe = () => {};
    const outcome = new Promise<DialResult>((resolve) => {
      const stop = router.listen(`channel:${channelId}`, (event) => {
        if (event.type === 'StasisStart') {
          stop();
          resolve({ answered: true, channelId });
        } else if (event.type === 'ChannelDestroyed') {
          stop();
          resolve({ answered: false, cause: Number(event.cause ?? 0) });
        }
      });
      // After an event outage the answer (StasisStart) or the end of the ring may have been lost:
      // the leg's state in Asterisk tells (gone: not answered; Up: answered, it is in Stasis).
      unsubscribe = session.onResync(async () => {
        try {
          const leg = (await client.channels.get({ channelId })) as { state?: string };
          if (leg.state !== 'Up') return; // still ringing: its events come now
          stop();
          resolve({ answered: true, channelId });
        } catch {
          stop();
          resolve({ answered: false, cause: 0 });
        }
      });
    });
    const onCallerGone = () => {
      client.channels.hangup({ channelId }).catch(() => undefined);
    };
    session.signal.addEventListener('abort', onCallerGone, { once: true });
    try {
      await client.channels.originate({
        endpoint: this.options.endpoint,
        channelId,
        app,
        appArgs: `agent,${session.interactionId}`,
        callerId: this.options.callerId ?? 'Hotline',
        timeout: Math.min(this.options.ringTimeoutSeconds ?? MAX_RING_SECONDS, MAX_RING_SECONDS),
      });
    } catch {
      // Unknown or unregistered endpoint: Asterisk refuses at once ("Allocation failed").
      session.signal.removeEventListener('abort', onCallerGone);
      return { answered: false, cause: 20 };
    }
    // The caller left: the ringing leg is hung up and the verb ends now. Its ChannelDestroyed is
    // not awaited — it may have been lost (the ring ended during an event outage) and never come.
    const callerGone = session.gone().then(() => 'caller_gone' as const);
    const result = await Promise.race([outcome, callerGone]).finally(unsubscribe);
    session.signal.removeEventListener('abort', onCallerGone);
    if (result === 'caller_gone' || session.hungUp) {
      if (result !== 'caller_gone' && result.answered) onCallerGone();
      throw new CallerHungUp();
    }
    return result;
  }

  protected override outcomeOf(result: DialResult): string {
    return result.answered ? 'answered' : `no_answer:${result.cause}`;
  }
}
