import { isDatabaseUnavailable } from '../../core/db/availability.ts';
import type { Entities } from '../../core/nlu/index.ts';
import {
  phrases,
  renderBalance,
  renderOutages,
  renderReadingResults,
  SelfServiceError,
} from '../../core/selfservice/index.ts';
import { TARIFF_ZONE_LABEL_RU, TOPICS, type TopicId } from '../../core/vocabulary/index.ts';
import type { DialogDeps } from './deps.ts';
import { anythingElseButtons, chatTexts, choice } from './texts.ts';
import type { TurnEffects } from './turn.ts';

/** What serving a topic asks of the caller: nothing more, or a handoff to an operator. */
export type Served = 'done' | 'handoff';

/** Topics the bot serves from billing data once the client is identified (R-IVR-5, R-BOT-2). */
const PERSONAL_TOPICS: readonly TopicId[] = ['balance', 'meter_reading'];

/**
 * Serves one topic by itself: self-service through core/selfservice for the typical topics,
 * the knowledge-base answer for the reference ones, a handoff for what the bot cannot do.
 */
export async function serveTopic(
  deps: DialogDeps,
  t: TurnEffects,
  topic: TopicId,
  entities: Entities = {},
): Promise<Served> {
  const state = t.state;
  state.topic = topic;
  if (!state.topics.includes(topic)) state.topics.push(topic);
  if (TOPICS[topic].automation === 'none') return 'handoff';
  if (PERSONAL_TOPICS.includes(topic) && !state.account) {
    const typed = entities.accountNumbers?.[0];
    if (typed) {
      state.pendingAccount = typed;
      state.stage = 'await_second_factor';
      t.say(chatTexts.askSecondFactor);
    } else {
      state.stage = 'await_account';
      t.say(chatTexts.askAccount);
    }
    return 'done';
  }
  try {
    switch (topic) {
      case 'balance':
        t.say(renderBalance(await deps.selfService.balance(state.account!.accountNumber), 'text'));
        return offerNext(t);
      case 'meter_reading':
        if (entities.readings?.length) return submitReadings(deps, t, entities);
        return askReadings(deps, t);
      case 'outage':
        return outages(deps, t, entities);
      default:
        return referenceAnswer(deps, t, topic);
    }
  } catch (error) {
    deps.logger.warn({ err: error, topic }, 'self-service failed');
    const accountData = PERSONAL_TOPICS.includes(topic) && isDatabaseUnavailable(error);
    t.say(accountData ? phrases.billingUnavailable : chatTexts.serviceProblem);
    return offerNext(t);
  }
}

async function referenceAnswer(deps: DialogDeps, t: TurnEffects, topic: TopicId): Promise<Served> {
  const answer = await deps.selfService.referenceAnswer(topic, 'text');
  if (!answer) return 'handoff';
  t.say(answer);
  if (TOPICS[topic].automation === 'partial') {
    t.say('Если нужна помощь по Вашему лицевому счёту, нажмите «Связаться с оператором».');
  }
  return offerNext(t);
}

async function askReadings(deps: DialogDeps, t: TurnEffects): Promise<Served> {
  const meters = await deps.selfService.meters(t.state.account!.accountNumber);
  const zones = meters.length === 1 ? meters[0]!.zones : [];
  const named = zones.length > 1 ? ` по зонам: ${zones.map((z) => TARIFF_ZONE_LABEL_RU[z]).join(', ')}` : '';
  t.state.stage = 'await_readings';
  t.say(chatTexts.askReadings(named));
  return 'done';
}

export async function submitReadings(deps: DialogDeps, t: TurnEffects, entities: Entities): Promise<Served> {
  const readings = entities.readings ?? [];
  if (readings.length === 0) {
    t.say(chatTexts.noReadingsFound);
    return 'done';
  }
  try {
    const submission = await deps.selfService.submitReadings({
      accountNumber: t.state.account!.accountNumber,
      values: readings.map((r) => ({ zone: r.zone, value: String(r.value) })),
      channel: t.conversation.channel,
      interactionId: t.state.interactionId,
    });
    t.say(renderReadingResults(submission, 'text'));
    if (!submission.allAccepted) {
      t.state.stage = 'await_readings';
      t.say('Вы можете написать исправленные показания или нажать «Связаться с оператором».', [
        [{ label: 'Связаться с оператором', data: choice.operator }],
      ]);
      return 'done';
    }
    return offerNext(t);
  } catch (error) {
    if (error instanceof SelfServiceError) return 'handoff';
    throw error;
  }
}

export async function outages(deps: DialogDeps, t: TurnEffects, entities: Entities): Promise<Served> {
  const state = t.state;
  const where = state.account
    ? { accountNumber: state.account.accountNumber }
    : entities.address?.city
      ? { settlement: entities.address.city, street: entities.address.street }
      : undefined;
  if (!where) {
    state.stage = 'await_outage_place';
    t.say(chatTexts.askOutagePlace);
    return 'done';
  }
  t.say(renderOutages(await deps.selfService.outages(where), 'text'));
  return offerNext(t);
}

/** After an answer: the next raised topic (one window), else "Есть ли у Вас другие вопросы?". */
export function offerNext(t: TurnEffects): Served {
  const next = t.state.pendingTopics[0];
  if (next) {
    t.state.stage = 'offer_next';
    t.say(chatTexts.alsoAsked(next), [
      [
        { label: 'Да', data: choice.yes },
        { label: 'Нет, спасибо', data: choice.no },
      ],
    ]);
    return 'done';
  }
  t.state.stage = 'anything_else';
  t.say(phrases.anythingElse, anythingElseButtons);
  return 'done';
}
