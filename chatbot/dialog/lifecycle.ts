import { createHash } from 'node:crypto';
import { isDatabaseUnavailable } from '../../core/db/availability.ts';
import { InteractionValidationError } from '../../core/interactions/index.ts';
import { phrases } from '../../core/selfservice/index.ts';
import type { DialogDeps } from './deps.ts';
import { changeInteraction } from './durable.ts';
import { registerAppeal } from './handoff.ts';
import { chatTexts, localMoment } from './texts.ts';
import type { TurnEffects } from './turn.ts';

/** Where an interaction starts and ends: first contact, silence, abuse, the end of a chat. */

/** Stages in which silence is normal: the client waits for, or talks with, an operator. */
const WAITING_FOR_OPERATOR = ['queued', 'with_operator', 'await_csat'];

/** Whether the conversation has an interaction the client left silent for `idleMs`. */
export function idleTooLong(deps: DialogDeps, t: TurnEffects): boolean {
  const state = t.state;
  if (!state.interactionId || !state.lastActivityAt) return false;
  if (t.now - state.lastActivityAt < deps.options.idleMs) return false;
  return !WAITING_FOR_OPERATOR.includes(state.stage);
}

/**
 * A client who went quiet for `idleMs` (outside an operator's chat) has finished: the old
 * interaction is closed and the next message is a new contact, greeted again.
 */
export async function closeIfIdle(deps: DialogDeps, t: TurnEffects): Promise<boolean> {
  if (!idleTooLong(deps, t)) return false;
  await closeInteraction(deps, t, 'idle interaction could not be closed');
  endConversation(t);
  return true;
}

/** Topics, then the close with its truthful outcome; while PostgreSQL is down both wait in the stream. */
export async function closeInteraction(deps: DialogDeps, t: TurnEffects, failure: string): Promise<void> {
  const state = t.state;
  const id = state.interactionId!;
  if (state.topics.length)
    await changeInteraction(deps, t, { op: 'update', id, at: t.now, patch: { topics: state.topics } });
  const outcome = state.appealRegNumber ? 'appeal_registered' : 'self_served';
  await changeInteraction(deps, t, { op: 'close', id, at: t.now, outcome }).catch((error: Error) =>
    deps.logger.warn({ err: error }, failure),
  );
}

/** The next message starts a new interaction (greeted again); the account is asked again. */
export function endConversation(t: TurnEffects): void {
  const state = t.state;
  state.stage = 'idle';
  state.interactionId = undefined;
  state.pendingOpen = undefined;
  state.account = undefined;
  state.topic = undefined;
  state.topics = [];
  state.pendingTopics = [];
  state.attachments = [];
  state.appealRegNumber = undefined;
  state.agentId = undefined;
  t.clearRecent();
}

/** R-BOT-5 / R-APL-6: one polite warning; the second time the bot stops and the appeal gets no action. */
export async function abusive(deps: DialogDeps, t: TurnEffects): Promise<void> {
  const state = t.state;
  if (state.abuseWarnings === 0) {
    state.abuseWarnings = 1;
    t.say(phrases.abusiveWarning);
    return;
  }
  state.mutedUntil = t.now + deps.options.abuseMuteMs;
  if (!state.topics.length) state.topics.push(state.topic ?? 'other');
  const appeal = await registerAppeal(deps, t, 'simple', { silent: true });
  const current = await deps.appeals.get(appeal.id);
  if (current.state === 'registered') {
    await deps.appeals.markNoAction(appeal.id, { reason: 'abusive', note: 'Повторные оскорбления в чате' });
  }
  if (state.interactionId) {
    await deps.interactions.update(state.interactionId, { abusive: true });
    await deps.interactions.close(state.interactionId, { outcome: 'appeal_registered' });
  }
  t.say(chatTexts.muted(localMoment(new Date(state.mutedUntil), deps.workingTime.timeZone)));
  endConversation(t);
}

/**
 * Opens the interaction with an id derived from the first event, so a redelivery of that event
 * (the first attempt crashed before its commit) finds the same row instead of a second one.
 * PostgreSQL being down, the id is final all the same: the row is written later from the
 * transcript stream (durable.ts) and the client is answered now.
 */
export async function openInteraction(deps: DialogDeps, t: TurnEffects, eventId: string): Promise<void> {
  const { channel, chatId } = t.conversation;
  const hex = createHash('sha256').update(`${channel}:${chatId}:${eventId}`).digest('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  t.state.pendingOpen = undefined;
  try {
    await deps.interactions.open({ id, channel, externalId: chatId, contact: chatId, state: 'self_service' });
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      deps.logger.warn('PostgreSQL unavailable: the new chat interaction is written when it is back');
      t.openDurably({ id, channel, chatId, at: t.now });
    } else if (!(error instanceof InteractionValidationError && error.message.includes('exists')))
      throw error;
  }
  t.state.interactionId = id;
  t.state.startedAt = t.now;
}
