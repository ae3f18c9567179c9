import { readQueueFigures } from '../../agent-desktop/server/acd/index.ts';
import { selectQueue } from '../../agent-desktop/server/acd/services/queue-selection.ts';
import { TOPICS, type TopicId } from '../../core/vocabulary/index.ts';
import { linkAttachmentsToAppeal } from '../attachments/records.ts';
import type { DialogDeps } from './deps.ts';
import { changeInteraction } from './durable.ts';
import { afterHours, chatTexts, localMoment } from './texts.ts';
import type { TurnEffects } from './turn.ts';

/**
 * R-BOT-3: in ЕКЦ hours the chat joins the ACD chat queue (the operator gets the conversation so
 * far, the account and the topics); outside them, or with no chat queue, the client is told the
 * schedule and an appeal is registered with its number sent back (R-APL-2).
 */
export async function handOff(deps: DialogDeps, t: TurnEffects, reason: string): Promise<void> {
  const state = t.state;
  const now = new Date(t.now);
  const topic: TopicId = state.topic ?? 'other';
  if (!state.topics.length) state.topics.push(topic);
  await changeInteraction(deps, t, {
    op: 'update',
    id: state.interactionId!,
    at: t.now,
    patch: { topics: state.topics },
  });
  const queue =
    deps.acd && deps.workingTime.isEkcWorkingTime(now)
      ? selectQueue(await deps.acd.queueSummaries(), t.conversation.channel, topic)
      : undefined;
  if (!deps.acd || !queue) {
    t.say(
      afterHours(deps.workingTime.schedule, deps.workingTime.nextEkcOpening(now), deps.workingTime.timeZone),
    );
    await registerAppeal(deps, t, 'simple');
    state.stage = 'idle';
    return;
  }
  // The estimate for a new arrival: read before this chat joins the queue.
  const figures = await readQueueFigures(deps.acd.redis, deps.acd.keys, queue, t.now);
  const result = await deps.acd.enqueue({
    id: state.interactionId!,
    queue,
    channel: t.conversation.channel,
    topics: state.topics.length ? state.topics : [topic],
    startedAt: state.startedAt,
    service: deps.options.serviceName,
  });
  const waitMs = result.status === 'offered' ? 0 : figures.estimatedWaitMs;
  t.say(chatTexts.handoffQueued(waitMs === null ? null : Math.max(1, Math.ceil(waitMs / 60_000))));
  state.stage = 'queued';
  t.toOperator({
    type: 'handoff',
    ix: state.interactionId!,
    channel: t.conversation.channel,
    queue,
    reason,
    topics: (state.topics.length ? state.topics : [topic]).join(','),
    account: state.account?.accountNumber ?? '',
    conversation: JSON.stringify(await t.conversationSoFar()),
  });
}

/**
 * Registers the conversation as an appeal once per interaction: a redelivered event finds the
 * appeal of the first attempt instead of registering a second one.
 */
export async function registerAppeal(
  deps: DialogDeps,
  t: TurnEffects,
  kind: 'simple',
  options: { silent?: boolean } = {},
): Promise<{ id: number; regNumber: string }> {
  const state = t.state;
  const existing = await deps.pool.query<{ id: string; reg_number: string; deadline_at: Date }>(
    'select id, reg_number, deadline_at from appeals where interaction_id = $1 order by id desc limit 1',
    [state.interactionId],
  );
  let appeal = existing.rows[0]
    ? {
        id: Number(existing.rows[0].id),
        regNumber: existing.rows[0].reg_number,
        dueAt: existing.rows[0].deadline_at,
      }
    : undefined;
  if (!appeal) {
    const registered = await deps.appeals.register({
      channel: t.conversation.channel,
      kind,
      topics: state.topics.length ? state.topics : ['other'],
      description: await describeConversation(t),
      replyChannel: t.conversation.channel,
      replyAddress: t.conversation.chatId,
      interactionId: state.interactionId,
    });
    appeal = { id: registered.id, regNumber: registered.regNumber, dueAt: registered.deadlineAt };
  }
  // Files already copied join the appeal now; files still being copied join it when stored.
  if (state.interactionId) await linkAttachmentsToAppeal(deps.pool, state.interactionId);
  state.appealRegNumber = appeal.regNumber;
  if (!options.silent) {
    t.say(chatTexts.appealRegistered(appeal.regNumber, localMoment(appeal.dueAt, deps.workingTime.timeZone)));
  }
  return appeal;
}

/** The appeal's text: topics, account, attachments and what the client wrote (the full transcript is in interaction_events). */
async function describeConversation(t: TurnEffects): Promise<string> {
  const state = t.state;
  const written = (await t.clientTexts()).filter(Boolean);
  const lines = [
    `Обращение из чата (${t.conversation.channel}). Темы: ${state.topics.map((x) => TOPICS[x].labelRu).join(', ') || 'не определена'}.`,
    state.account ? `Лицевой счёт: ${state.account.accountNumber}.` : 'Лицевой счёт не подтверждён.',
    ...(state.attachments.length
      ? [
          `Вложения: ${state.attachments.map((a) => `${a.kind} ${a.ref}${a.fileName ? ` (${a.fileName})` : ''}`).join('; ')}.`,
        ]
      : []),
    'Сообщения клиента:',
    ...written.map((text) => `— ${text}`),
  ];
  return lines.join('\n').slice(0, 20_000);
}
