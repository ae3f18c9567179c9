import { Verb, type VerbContext } from './verb.ts';

async function gone(
  client: VerbContext['session']['runtime']['client'],
  channelId: string,
): Promise<boolean> {
  try {
    await client.channels.get({ channelId });
    return false;
  } catch {
    return true;
  }
}

export type BridgeEnd = 'operator_hung_up' | 'caller_hung_up';

interface BridgeOptions {
  otherChannelId: string;
  /** Both are already in the bridge (a talk a dead IVR process left): only wait for its end. */
  rejoin?: boolean;
}

/**
 * Bridges the caller with another channel (the operator) and waits until one side hangs up.
 * When the operator leaves, the caller stays in Stasis (for the CSAT question); when the caller
 * leaves, the operator's leg is hung up.
 */
export class Bridge extends Verb<BridgeOptions, BridgeEnd> {
  constructor(options: BridgeOptions) {
    super('bridge', options);
  }

  static idFor(interactionId: string): string {
    return `bridge-${interactionId}`;
  }

  protected async run({ session }: VerbContext): Promise<BridgeEnd> {
    const { client, router } = session.runtime;
    const other = this.options.otherChannelId;
    const bridgeId = Bridge.idFor(session.interactionId);
    let otherGone!: () => void;
    const operatorLeft = new Promise<void>((resolve) => {
      otherGone = resolve;
    });
    const stop = router.listen(`channel:${other}`, (event) => {
      if (['ChannelHangupRequest', 'StasisEnd', 'ChannelDestroyed'].includes(event.type)) otherGone();
    });
    const callerLeft = session.gone();
    // After an event outage the operator's hangup may be among the events lost.
    const unsubscribe = session.onResync(async () => {
      if (await gone(client, other)) otherGone();
    });
    try {
      if (this.options.rejoin) {
        // The operator may have put the phone down before we listened.
        if (await gone(client, other)) otherGone();
      } else {
        await client.bridges.create({ type: 'mixing', bridgeId });
        try {
          await client.bridges.addChannel({ bridgeId, channel: [session.channelId, other] });
        } catch (error) {
          session.assertLive();
          // The operator put the phone down between answering and the bridge.
          if (await gone(client, other)) return 'operator_hung_up';
          throw error;
        }
      }
      const end = await Promise.race([
        operatorLeft.then(() => 'operator_hung_up' as const),
        callerLeft.then(() => 'caller_hung_up' as const),
      ]);
      if (end === 'caller_hung_up') await client.channels.hangup({ channelId: other }).catch(() => undefined);
      else if (!session.hungUp) {
        await client.bridges.removeChannel({ bridgeId, channel: session.channelId }).catch(() => undefined);
      }
      return end;
    } finally {
      stop();
      unsubscribe();
      await client.bridges.destroy({ bridgeId }).catch(() => undefined);
    }
  }

  protected override outcomeOf(result: BridgeEnd): string {
    return result;
  }
}
