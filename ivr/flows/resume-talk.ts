import { AriRestError } from '../ari/rest.ts';
import { leftOperatorLegs } from '../stasis/recovery.ts';
import { Bridge, type BridgeEnd } from '../verbs/bridge.ts';
import { Csat } from '../verbs/csat.ts';
import { Hangup } from '../verbs/hangup.ts';
import type { Dialog } from './dialog.ts';

/** The channels in the call's operator bridge other than the caller's (none without a bridge). */
async function bridgePeers(dialog: Dialog): Promise<string[]> {
  const { session } = dialog;
  try {
    const bridge = (await session.runtime.rest.send(
      'GET',
      `/bridges/${encodeURIComponent(Bridge.idFor(session.interactionId))}`,
    )) as { channels?: string[] };
    return (bridge.channels ?? []).filter((id) => id !== session.channelId);
  } catch (error) {
    if (error instanceof AriRestError && error.status === 404) return [];
    throw error;
  }
}

/**
 * Hangs up the operator legs a dead process left outside the bridge, but for the first one in
 * state `keep` (returned).
 */
async function hangUpLeftLegs(dialog: Dialog, keep?: string): Promise<string[]> {
  const { session } = dialog;
  const kept: string[] = [];
  for (const leg of await leftOperatorLegs(session.runtime.rest, session.interactionId)) {
    if (keep && leg.state === keep && kept.length === 0) kept.push(leg.id);
    else await session.runtime.rest.hangup(leg.id).catch(() => undefined);
  }
  return kept;
}

/**
 * A caller re-attached after an IVR process died while the caller talked to an operator (the ACD
 * says `connected`). The operator still on the line: the talk goes on undisturbed and ends as any
 * talk does. The operator already gone (the hangup reached no IVR): the operator's talk ends now
 * (wrap-up, then the next call) and the caller rates the call. Undefined when the ACD does not
 * have the call in talk.
 */
export async function resumeTalk(dialog: Dialog): Promise<'done' | undefined> {
  const { session, deps } = dialog;
  const held = await deps.acd.interaction(session.interactionId);
  if (held?.st === 'offered') await hangUpLeftLegs(dialog); // rung again by the queue's wait
  if (held?.st !== 'connected' || !held.ag) return undefined;
  const agentId = held.ag;
  dialog.inQueue = false;
  dialog.outcome = 'transferred';
  const [bridged] = await bridgePeers(dialog);
  // Answered and accepted, but the process died before the bridge: bridged now.
  const answered = bridged ? undefined : (await hangUpLeftLegs(dialog, 'Up'))[0];
  const operatorLeg = bridged ?? answered;
  session.step('talk_resumed', { agentId, operatorOnLine: operatorLeg !== undefined });
  let end: BridgeEnd = 'operator_hung_up';
  try {
    if (operatorLeg) {
      if (answered)
        await session.runtime.client.bridges
          .destroy({ bridgeId: Bridge.idFor(session.interactionId) })
          .catch(() => undefined);
      end = await new Bridge({ otherChannelId: operatorLeg, rejoin: bridged !== undefined }).exec(
        dialog.context,
      );
    } else {
      // The caller alone in the bridge: out of it, to be asked for the rating.
      await session.runtime.client.bridges
        .destroy({ bridgeId: Bridge.idFor(session.interactionId) })
        .catch(() => undefined);
    }
  } finally {
    await deps.acd.finish(session.interactionId, agentId);
  }
  if (end === 'operator_hung_up' && !session.hungUp) {
    await new Csat().exec(dialog.context);
    await dialog.say('thanks');
    await dialog.say('goodbye');
    await new Hangup().exec(dialog.context);
  }
  return 'done';
}
