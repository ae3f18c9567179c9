import type { AcdEvent } from '../../agent-desktop/server/acd/index.ts';
import { respond } from './conversation.ts';
import type { DialogDeps } from './deps.ts';
import { closeIfIdle } from './lifecycle.ts';
import { isDuplicate } from './store.ts';
import { chatTexts, csatButtons } from './texts.ts';
import { TurnEffects } from './turn.ts';
import type { ConversationRef, Inbound, Reply } from './types.ts';

export type HandleResult = { duplicate: true } | { duplicate: false; replies: Reply[] };

/**
 * The one dialog engine of every written channel. Each entry point is a turn: lock the
 * conversation, decide, commit state + replies + transcript in one MULTI (the replies are sent
 * by the outbound queue). A redelivered event id is recognised and changes nothing.
 */
export class DialogEngine {
  constructor(readonly deps: DialogDeps) {}

  /** A client's message or button press (R-BOT-1: the reply is queued before this returns). */
  handle(inbound: Inbound): Promise<HandleResult> {
    return this.turn(inbound.conversation, `in:${inbound.eventId}`, (t) => respond(this.deps, t, inbound));
  }

  /** An operator's message from the desktop, relayed to the client in the same channel. */
  async operatorMessage(input: {
    interactionId: string;
    agentId: string;
    text: string;
    eventId: string;
  }): Promise<HandleResult | undefined> {
    const ref = await this.deps.store.conversationOf(input.interactionId);
    if (!ref) return undefined;
    const result = await this.turn(ref, `op:${input.eventId}`, async (t) => {
      if (t.state.interactionId !== input.interactionId) return;
      t.state.stage = 'with_operator';
      t.state.agentId = input.agentId;
      t.relayOperator(input.text, input.agentId);
    });
    // R-ACD-5: the operator's first answer stops the 15-minute watch.
    if (this.deps.acd && !result.duplicate) {
      await this.deps.acd.firstAnswer(input.interactionId, input.agentId).catch(() => undefined);
    }
    return result;
  }

  /** ACD events of the chats this service enqueued: taken by an operator, ended by the operator. */
  async acdEvent(event: AcdEvent): Promise<HandleResult | undefined> {
    if (event.type !== 'answered' && event.type !== 'wrap_up') return undefined;
    const ix = String(event.ix ?? '');
    const ref = ix ? await this.deps.store.conversationOf(ix) : undefined;
    if (!ref) return undefined;
    return this.turn(ref, `acd:${event.id}`, async (t) => {
      if (t.state.interactionId !== ix) return;
      if (event.type === 'answered' && t.state.stage === 'queued') {
        t.state.stage = 'with_operator';
        t.state.agentId = String(event.agent ?? '');
        t.say(chatTexts.operatorJoined);
      } else if (
        event.type === 'wrap_up' &&
        (t.state.stage === 'with_operator' || t.state.stage === 'queued')
      ) {
        t.state.stage = 'await_csat';
        t.say(`${chatTexts.operatorEnded} ${chatTexts.askCsat}`, csatButtons);
      }
    });
  }

  /**
   * The idle sweep's turn: a conversation silent for the idle time (and not waiting for an
   * operator) is closed with a polite goodbye. `since` (the silence's start) names the event, so
   * two instances sweeping at once close it once. Returns whether it was closed.
   */
  async closeIdle(ref: ConversationRef, since: number): Promise<boolean> {
    let closed = false;
    // Event ids are per channel: the chat id keeps two conversations silent since the same instant apart.
    await this.turn(ref, `idle:${ref.chatId}:${since}`, async (t) => {
      const hadInteraction = Boolean(t.state.interactionId);
      closed = await closeIfIdle(this.deps, t);
      if (closed && hadInteraction) t.say(chatTexts.closedForSilence);
    });
    return closed;
  }

  private async turn(
    ref: ConversationRef,
    eventId: string,
    decideTurn: (t: TurnEffects) => Promise<void>,
  ): Promise<HandleResult> {
    const { store, outbox, keys } = this.deps;
    const turn = await store.begin(ref, eventId);
    if (isDuplicate(turn)) return { duplicate: true };
    try {
      const effects = new TurnEffects(ref, turn.state, this.deps.workingTime.clock.nowMs(), () =>
        store.recent(ref),
      );
      await decideTurn(effects);
      effects.flush();
      await turn.commit(
        effects.state,
        (multi) => effects.applyTo(multi, outbox, keys),
        effects.recentChanges(),
      );
      return { duplicate: false, replies: effects.replies };
    } catch (error) {
      await turn.release();
      throw error;
    }
  }
}
