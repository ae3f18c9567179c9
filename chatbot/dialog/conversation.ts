import { isDatabaseUnavailable } from '../../core/db/availability.ts';
import { decide, type UnderstandingDetails } from '../../core/nlu/index.ts';
import { phrases } from '../../core/selfservice/index.ts';
import { isTopicId } from '../../core/vocabulary/index.ts';
import { sanitizeFileName } from '../attachments/limits.ts';
import type { DialogDeps } from './deps.ts';
import { changeInteraction, settlePendingOpen } from './durable.ts';
import { handOff } from './handoff.ts';
import { abusive, closeIfIdle, closeInteraction, endConversation, openInteraction } from './lifecycle.ts';
import { chatTexts, choice, pressedButtonText, topicButtons } from './texts.ts';
import { outages, serveTopic, submitReadings } from './topics.ts';
import type { TurnEffects } from './turn.ts';
import type { Inbound } from './types.ts';

const GOODBYE = /^(нет|не надо|не нужно|спасибо|всё|все|больше нет|нет,? спасибо)[\s!.,]*(спасибо)?[\s!.]*$/i;
const CSAT = /^\s*([1-5])\s*(\/\s*5)?\s*[!.]?\s*$/;
/** A message that only greets ("Здравствуйте", "Добрый день!"): nothing asked yet. */
const GREETING =
  /^(здравствуй(те)?|добр(ый|ое|ого)\s+(день|дня|утро|утра|вечер|вечера|времени\s+суток)|привет(ствую)?|алло)[\s!.,)]*$/i;

/**
 * One client message through the dialog: the state machine of a conversation. Always says
 * something back at once (R-BOT-1), except to an operator's chat (the operator answers) and to a
 * muted conversation.
 */
export async function respond(deps: DialogDeps, t: TurnEffects, inbound: Inbound): Promise<void> {
  const state = t.state;
  const text = (inbound.text ?? '').trim();
  if (state.mutedUntil && t.now < state.mutedUntil) return;
  if (state.mutedUntil) {
    state.mutedUntil = undefined;
    state.abuseWarnings = 0;
  }
  await settlePendingOpen(deps, t);
  await closeIfIdle(deps, t);
  state.lastActivityAt = t.now;
  const rating = inbound.choice?.startsWith('csat:') || CSAT.test(text);
  if (state.stage === 'await_csat' && !rating) {
    // No rating but a new question: the operator's chat is over (the ACD closes it); a new one starts.
    endConversation(t);
    await openInteraction(deps, t, inbound.eventId);
  } else if (!state.interactionId) {
    await openInteraction(deps, t, inbound.eventId);
    t.say(phrases.greeting);
  }
  // Where the bytes come from stays out of the state and the transcript; the copy job has it.
  // A client-given file name is shown to operators and written into the appeal: made harmless.
  const attachments = inbound.attachments?.map(({ url: _url, stored: _stored, ...shown }) =>
    shown.fileName === undefined ? shown : { ...shown, fileName: sanitizeFileName(shown.fileName) },
  );
  t.record('client', text || (inbound.choice ? pressedButtonText(inbound.choice) : ''), attachments);
  for (const attachment of inbound.attachments ?? []) {
    t.copyAttachment({
      interactionId: state.interactionId!,
      channel: t.conversation.channel,
      chatId: t.conversation.chatId,
      ref: attachment.ref,
      kind: attachment.kind,
      fileName: attachment.fileName,
      sizeBytes: attachment.sizeBytes,
      url: attachment.url,
      stored: attachment.stored,
    });
  }
  const understanding = text ? deps.understander.understandInDetail(text) : undefined;
  if (understanding?.abusive) return abusive(deps, t);

  if (attachments?.length) {
    state.attachments.push(...attachments);
    if (!text && state.stage !== 'queued' && state.stage !== 'with_operator')
      t.say(chatTexts.attachmentSaved);
  }
  if (state.stage === 'queued' || state.stage === 'with_operator') {
    t.toOperator({
      type: 'client_message',
      ix: state.interactionId!,
      text,
      attachments: JSON.stringify(attachments ?? []),
    });
    return;
  }
  if (inbound.choice) return pressed(deps, t, inbound.choice);
  if (!text) {
    // "/start", the widget opening: nothing asked yet, but every message gets an answer.
    if (!inbound.attachments?.length) t.say(chatTexts.askQuestion);
    return;
  }

  const csat = state.stage === 'await_csat' ? CSAT.exec(text) : null;
  if (csat) return rated(deps, t, Number(csat[1]));
  switch (state.stage) {
    case 'await_account':
      return accountTyped(deps, t, understanding!);
    case 'await_second_factor':
      return secondFactorTyped(deps, t, text);
    case 'await_readings':
      if (understanding!.entities.readings?.length)
        return void (await submitReadings(deps, t, understanding!.entities));
      break;
    case 'await_outage_place':
      if (understanding!.entities.address?.city)
        return void (await outages(deps, t, understanding!.entities));
      break;
    case 'anything_else':
    case 'offer_next':
      if (GOODBYE.test(text)) return goodbye(deps, t);
      break;
  }
  // A bare greeting is no question: classified as "other" it went to an operator, and after hours
  // registered an appeal for "Здравствуйте". Ask for the question instead.
  if (GREETING.test(text)) return void t.say(chatTexts.askQuestion);
  return understood(deps, t, understanding!);
}

async function understood(
  deps: DialogDeps,
  t: TurnEffects,
  understanding: UnderstandingDetails,
): Promise<void> {
  const state = t.state;
  const decision = decide(
    { topics: understanding.topics, raised: understanding.raised },
    state.stage === 'clarifying' ? state.clarifications : 0,
  );
  if (decision.action === 'clarify') {
    state.clarifications++;
    state.stage = 'clarifying';
    t.say(chatTexts.askTopicButtons, topicButtons(decision.choices));
    return;
  }
  state.clarifications = 0;
  if (decision.action === 'handoff') return handOff(deps, t, decision.reason);
  state.pendingTopics = decision.next.filter((topic) => topic !== decision.topic);
  if ((await serveTopic(deps, t, decision.topic, understanding.entities)) === 'handoff') {
    await handOff(deps, t, 'not_automated');
  }
}

async function pressed(deps: DialogDeps, t: TurnEffects, data: string): Promise<void> {
  const state = t.state;
  if (data === choice.operator) return handOff(deps, t, 'requested');
  if (data.startsWith('csat:')) return rated(deps, t, Number(data.slice(5)));
  if (data.startsWith('t:') && isTopicId(data.slice(2))) {
    state.clarifications = 0;
    if ((await serveTopic(deps, t, data.slice(2) as never)) === 'handoff')
      await handOff(deps, t, 'not_automated');
    return;
  }
  if (data === choice.yes && state.stage === 'offer_next') {
    const next = state.pendingTopics.shift()!;
    if ((await serveTopic(deps, t, next)) === 'handoff') await handOff(deps, t, 'not_automated');
    return;
  }
  if (data === choice.no && state.stage === 'offer_next') {
    state.pendingTopics = [];
    state.stage = 'anything_else';
    t.say(phrases.anythingElse);
    return;
  }
  if (data === choice.yes) {
    state.stage = 'idle';
    t.say(chatTexts.askQuestion);
    return;
  }
  if (data === choice.no) return goodbye(deps, t);
  t.say(chatTexts.askQuestion);
}

async function accountTyped(
  deps: DialogDeps,
  t: TurnEffects,
  understanding: UnderstandingDetails,
): Promise<void> {
  const number = understanding.entities.accountNumbers?.[0];
  if (!number) return identifyFailed(deps, t, phrases.malformedAccount);
  t.state.pendingAccount = number;
  t.state.stage = 'await_second_factor';
  t.say(chatTexts.askSecondFactor);
}

async function secondFactorTyped(deps: DialogDeps, t: TurnEffects, text: string): Promise<void> {
  const state = t.state;
  // The billing of this platform is PostgreSQL: down, it is "account data unavailable", not a failed turn.
  const result = await deps.selfService
    .identify({ accountNumber: state.pendingAccount ?? '', secondFactor: text })
    .catch((error: unknown) => {
      if (isDatabaseUnavailable(error)) return { ok: false as const, reason: 'billing_unavailable' as const };
      throw error;
    });
  if (!result.ok) {
    const why = {
      malformed_account: phrases.malformedAccount,
      unknown_account: phrases.unknownAccount,
      second_factor_mismatch: phrases.secondFactorMismatch,
      billing_unavailable: phrases.billingUnavailable,
    }[result.reason];
    if (result.reason === 'billing_unavailable') {
      t.say(why);
      return handOff(deps, t, 'billing_unavailable');
    }
    return identifyFailed(deps, t, why);
  }
  state.account = result.account;
  await linkAccount(deps, t, result.account.accountNumber);
  state.pendingAccount = undefined;
  state.identifyFailures = 0;
  t.say(`${phrases.identified} ${result.account.ownerShortName}, ${result.account.addressShort}.`);
  if ((await serveTopic(deps, t, state.topic ?? 'balance')) === 'handoff')
    await handOff(deps, t, 'not_automated');
}

/** The identified account on the interaction, as the IVR does: the operator's offer and card show it. */
async function linkAccount(deps: DialogDeps, t: TurnEffects, accountNumber: string): Promise<void> {
  const { rows } = await deps.pool.query<{ id: string; client_id: string | null }>(
    'select id, client_id from accounts where number = $1',
    [accountNumber],
  );
  const account = rows[0];
  if (!account) return;
  await deps.interactions.update(t.state.interactionId!, {
    accountId: Number(account.id),
    clientId: account.client_id === null ? null : Number(account.client_id),
  });
}

async function identifyFailed(deps: DialogDeps, t: TurnEffects, why: string): Promise<void> {
  const state = t.state;
  state.identifyFailures++;
  state.pendingAccount = undefined;
  if (state.identifyFailures >= deps.options.maxIdentifyFailures) {
    t.say(`${why} ${chatTexts.identifyTooManyFailures}`);
    return handOff(deps, t, 'identification_failed');
  }
  state.stage = 'await_account';
  t.say(`${why} ${chatTexts.askAccount}`);
}

async function rated(deps: DialogDeps, t: TurnEffects, score: number): Promise<void> {
  const state = t.state;
  if (state.stage !== 'await_csat' || !state.interactionId) {
    t.say(chatTexts.askQuestion);
    return;
  }
  await changeInteraction(deps, t, {
    op: 'update',
    id: state.interactionId,
    at: t.now,
    patch: { csat: score },
  }).catch((error: Error) => {
    deps.logger.warn({ err: error }, 'CSAT could not be stored on the interaction');
  });
  t.say(`${chatTexts.csatThanks} ${phrases.thanks}`);
  endConversation(t);
}

async function goodbye(deps: DialogDeps, t: TurnEffects): Promise<void> {
  const state = t.state;
  t.say(`${phrases.thanks} ${phrases.goodbye}`);
  if (state.interactionId) await closeInteraction(deps, t, 'interaction could not be closed');
  endConversation(t);
}
