import {
  type AppealSender,
  type AppealSendResult,
  type ClaimedDelivery,
  longAnswerSmsNotice,
} from '../core/appeals/delivery/index.ts';
import type { Queryable } from '../core/db/index.ts';
import type { Clock } from '../core/lifecycle/clock.ts';
import type { ChannelSender, SendOutcome, SendRequest } from './channels/channel.ts';
import { measureSms } from './policy/index.ts';

/**
 * Appeal answers over the dialer's gateways (core/appeals/delivery). The campaign channels are
 * reused as they are; a request carries no campaign (ids 0: SMS and e-mail never read them).
 */

/**
 * SMS answers. The 160-character rule of the standard is for informing; an answer is the
 * client's own request, so it goes whole, in several parts, up to this many parts (4 × 67
 * Cyrillic characters). A longer answer to a known client goes to the online account in full,
 * and the SMS says where to read it; to an unknown client it still goes whole (nowhere else).
 */
export const SMS_ANSWER_MAX_PARTS = 4;

function request(delivery: ClaimedDelivery, text: string): SendRequest {
  return {
    attemptId: 0,
    campaignId: 0,
    contactId: 0,
    clientId: delivery.clientId ?? 0,
    accountId: delivery.accountId,
    address: delivery.address ?? '',
    message: { channel: delivery.channel as 'sms', title: delivery.title, text },
  };
}

function fromOutcome(outcome: SendOutcome, refused: string): AppealSendResult {
  if (outcome.kind === 'accepted') return { ok: true, ref: outcome.gatewayIds.join(',') };
  if (outcome.outcome === 'positive')
    return { ok: true, ref: outcome.gatewayIds?.join(',') ?? outcome.detail };
  return { ok: false, permanent: true, reason: `${refused} (${outcome.detail})` };
}

async function storeNotice(
  db: Queryable,
  delivery: ClaimedDelivery,
  channel: 'push' | 'online_account',
  at: Date,
): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    `insert into client_notices (client_id, account_id, channel, title, body, created_at)
     values ($1, $2, $3, $4, $5, $6) returning id`,
    [delivery.clientId, delivery.accountId, channel, delivery.title, delivery.body, at],
  );
  return Number(rows[0]!.id);
}

export function smsAppealSender(sms: ChannelSender, clock: Clock): AppealSender {
  return {
    channel: 'sms',
    async send(delivery, db) {
      const long = measureSms(delivery.body).segments > SMS_ANSWER_MAX_PARTS;
      let note: string | undefined;
      let text = delivery.body;
      if (long && delivery.clientId !== null) {
        // A try repeated after a gateway failure finds the notice of the first one.
        const { rows } = await db.query<{ id: string }>(
          `select id from client_notices where client_id = $1 and channel = 'online_account' and title = $2 and body = $3`,
          [delivery.clientId, delivery.title, delivery.body],
        );
        const noticeId = rows[0]
          ? Number(rows[0].id)
          : await storeNotice(db, delivery, 'online_account', clock.now());
        text = longAnswerSmsNotice(delivery.regNumber);
        note = `Текст длиннее ${SMS_ANSWER_MAX_PARTS} SMS: полностью — в личном кабинете (уведомление ${noticeId}), в SMS — где его прочитать`;
      }
      const result = fromOutcome(
        await sms.send(request(delivery, text)),
        'SMS-шлюз отказал в приёме сообщения',
      );
      return result.ok ? { ...result, note: note ?? 'Принято SMS-шлюзом' } : result;
    },
  };
}

export function emailAppealSender(email: ChannelSender): AppealSender {
  return {
    channel: 'email',
    async send(delivery) {
      const result = fromOutcome(
        await email.send(request(delivery, delivery.body)),
        'Почтовый сервер отказал: адрес недоступен',
      );
      return result.ok ? { ...result, note: 'Принято почтовым сервером' } : result;
    },
  };
}

/** Push and online-account notices: a client_notices row, written with the result (exactly once). */
export function noticeAppealSender(channel: 'push' | 'online_account', clock: Clock): AppealSender {
  return {
    channel,
    inTransaction: true,
    async send(delivery, db) {
      const id = await storeNotice(db, delivery, channel, clock.now());
      return { ok: true, ref: `notice:${id}`, note: 'Размещено в личном кабинете клиента' };
    },
  };
}

/** The appeal senders for the gateways this dialer runs (SMS and e-mail only when configured). */
export function dialerAppealSenders(
  senders: Partial<Record<'sms' | 'email', ChannelSender>>,
  clock: Clock,
): AppealSender[] {
  return [
    noticeAppealSender('push', clock),
    noticeAppealSender('online_account', clock),
    ...(senders.sms ? [smsAppealSender(senders.sms, clock)] : []),
    ...(senders.email ? [emailAppealSender(senders.email)] : []),
  ];
}
