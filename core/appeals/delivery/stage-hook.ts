import type { Clock } from '../../lifecycle/clock.ts';
import { CHANNEL_DEADLINE_GROUP } from '../../vocabulary/index.ts';
import type { Appeal } from '../db.ts';
import type { StageHook } from '../service.ts';
import { insertDelivery } from './db.ts';
import { composeMessage } from './messages.ts';
import { channelNameRu, type DeliveryPurpose, deliveryRoute } from './model.ts';

/** Which message, if any, a stage owes the client. */
function purposeOf(appeal: Appeal): DeliveryPurpose | undefined {
  if (appeal.state === 'interim_answered') return 'interim';
  if (appeal.state === 'answered') return 'answer';
  // R-APL-2: interactive appeals (LK, app, site, e-mail, SMS) get the number by auto-reply; a
  // caller or a chat client hears it in the conversation itself.
  if (appeal.state === 'registered' && CHANNEL_DEADLINE_GROUP[appeal.channel] === 'interactive')
    return 'registration';
  return undefined;
}

/** Why the platform cannot send to this client itself, or undefined when it can. */
function missingContact(channel: string, appeal: Appeal): string | undefined {
  const notices = channel === 'push' || channel === 'online_account';
  if (notices && appeal.clientId === null)
    return 'Клиент не определён: уведомление в личный кабинет отправить некому';
  if (!notices && !appeal.replyAddress) return `Не указан адрес для канала «${channelNameRu(channel)}»`;
  return undefined;
}

/**
 * The appeal service's stage hook: writes the delivery a stage owes, in the stage's own
 * transaction (an answer exists exactly when its delivery does). Phone answers become a call-back
 * task; channels without a sender, and sends missing an address, a task to send by hand.
 */
export function deliveryStageHook(options: { clock: Clock; timeZone: string }): StageHook {
  return async (tx, { appeal, eventId }) => {
    const purpose = purposeOf(appeal);
    if (!purpose) return;
    const chosen = appeal.replyChannel ?? appeal.channel;
    const route = deliveryRoute(chosen);
    if (purpose === 'registration' && route.kind !== 'send') return;
    const channel = route.kind === 'send' ? route.channel : chosen;
    const missing = route.kind === 'send' ? missingContact(channel, appeal) : undefined;
    const { title, body } = composeMessage(purpose, appeal, options.timeZone);
    await insertDelivery(tx, {
      appealId: appeal.id,
      stageEventId: eventId,
      purpose,
      channel,
      address: appeal.replyAddress,
      title,
      body,
      status: route.kind === 'send' ? (missing ? 'manual' : 'queued') : route.kind,
      lastError: missing ?? null,
      at: options.clock.now(),
    });
  };
}
