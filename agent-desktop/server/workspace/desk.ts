import { z } from 'zod';
import { recordAudit } from '../../../core/audit/index.ts';
import type { NotReadyReason, WrapUpOutcome } from '../../../core/vocabulary/index.ts';
import type { DeskView, WorkItem } from '../../shared/workspace.ts';
import { AcdError, loadQueues, publishQueues } from '../acd/index.ts';
import type { DesktopContext } from '../context.ts';
import { HttpRefusal, pathParam } from '../http/refusal.ts';
import { identifiedAccounts, loadOperatorSetup } from './db/operator.ts';
import { recordOutcome } from './db/outcome.ts';
import {
  breakRefusal,
  deskState,
  NO_QUEUES,
  NOT_SIGNED_IN,
  type QueueLimits,
  SIGN_OUT_WHILE_BUSY,
  workItem,
} from './services/work.ts';

/** A refusal the operator reads (HTTP status + Russian text); nothing was changed. */
export class DeskRefusal extends HttpRefusal {
  constructor(status: 404 | 409, message: string) {
    super(status, message);
  }
}

export const UNKNOWN_INTERACTION = 'Нет такого взаимодействия';
const interactionIdSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);

/** ACD interaction ids are UUIDs: anything else is unknown (404) before the body is even read. */
export function interactionId(value: unknown): string {
  return pathParam(interactionIdSchema, value, UNKNOWN_INTERACTION);
}

/** The operator's desk over the ACD: one instance per server, every call for one operator. */
export class Desk {
  constructor(private readonly context: DesktopContext) {}

  private get acd() {
    return this.context.acd;
  }

  async view(userId: number): Promise<DeskView> {
    const agentId = String(userId);
    const [setup, ids] = await Promise.all([
      loadOperatorSetup(this.context.pool, userId),
      this.acd.redis.smembers(this.acd.keys.agentWork(agentId)),
    ]);
    const work: WorkItem[] = [];
    for (const id of ids.sort()) {
      const hash = await this.acd.interaction(id);
      if (!hash) continue;
      const item = workItem(id, hash, await this.limits(hash.q ?? ''));
      if (item && hash.ag === agentId) work.push(item);
    }
    // The state is read last: should the ACD change something meanwhile, the state is never older
    // than the work shown with it (an offer gone with the state still "offered" would mislead).
    const agent = await this.acd.agent(agentId);
    const accounts = await identifiedAccounts(
      this.context.pool,
      work.map((w) => w.id),
    );
    for (const [interactionId, account] of accounts)
      await this.auditAccountShown(userId, interactionId, account);
    return {
      ...deskState(agent),
      queues: setup?.skills.map((s) => s.queue) ?? [],
      chatCapacity: setup?.chatCapacity ?? 0,
      work: work.map((w) => {
        const account = accounts.get(w.id);
        return { ...w, account: account ? { id: account.accountId, number: account.number } : null };
      }),
      serverNow: this.context.clock.nowMs(),
    };
  }

  /** Into the queues with the skills and chat capacity PostgreSQL holds; already in: unchanged. */
  async signIn(userId: number, ready: boolean): Promise<void> {
    const current = deskState(await this.acd.agent(String(userId)));
    if (current.signedIn) return;
    const setup = await loadOperatorSetup(this.context.pool, userId);
    if (!setup?.skills.length) throw new DeskRefusal(409, NO_QUEUES);
    const login = () =>
      this.acd.login({
        agentId: String(userId),
        skills: setup.skills,
        chatCapacity: setup.chatCapacity,
        state: ready ? 'ready' : 'not_ready',
        reason: 'break',
      });
    try {
      await login();
    } catch (error) {
      // Queues are defined in PostgreSQL; Redis may have lost them (restart): publish and retry once.
      if (!(error instanceof AcdError) || error.code !== 'UNKNOWN_QUEUE') throw error;
      await publishQueues(this.acd, await loadQueues(this.context.pool));
      await login();
    }
  }

  async setState(userId: number, state: 'ready' | 'not_ready' | 'offline', reason?: NotReadyReason) {
    try {
      const result = await this.acd.setState({
        agentId: String(userId),
        state,
        ...(state === 'not_ready' ? { reason } : {}),
      });
      if (result.status === 'refused') throw new DeskRefusal(409, breakRefusal(result.queue));
      if (result.status === 'busy') throw new DeskRefusal(409, SIGN_OUT_WHILE_BUSY);
      return result.state;
    } catch (error) {
      if (error instanceof AcdError && error.code === 'UNKNOWN_AGENT')
        throw new DeskRefusal(409, NOT_SIGNED_IN);
      throw error;
    }
  }

  /**
   * The browser's "Принять". For a call the IVR accepts too when the operator's SIP leg answers;
   * whichever comes second finds the call already connected to this operator and is a no-op.
   */
  async accept(userId: number, ixId: string): Promise<{ already: boolean }> {
    const hash = await this.own(ixId, userId, true);
    const already = hash.st === 'connected';
    const result = await this.acd.accept(ixId, String(userId));
    if (result === 'accepted') return { already };
    if (result === 'expired')
      throw new DeskRefusal(409, 'Время на принятие истекло: вызов передан другому оператору.');
    throw new DeskRefusal(409, stateMessage(hash.st));
  }

  async decline(userId: number, ixId: string, reason: NotReadyReason): Promise<void> {
    const hash = await this.own(ixId, userId, true);
    const result = await this.acd.reject(ixId, String(userId), reason, 'rejected');
    if (result.status !== 'rejected') throw new DeskRefusal(409, stateMessage(hash.st));
  }

  async finish(userId: number, ixId: string): Promise<{ wrapUpDeadline: number }> {
    const hash = await this.own(ixId, userId);
    const result = await this.acd.finish(ixId, String(userId));
    if (result.status !== 'wrap_up') throw new DeskRefusal(409, stateMessage(hash.st));
    return { wrapUpDeadline: result.autoEndAt };
  }

  /**
   * Outcome stored first, then wrap-up ended (the operator is ready for the next one). If the
   * 5-minute limit already ended wrap-up, the outcome is still stored.
   */
  async wrapUp(userId: number, ixId: string, outcome: WrapUpOutcome): Promise<{ autoEnded: boolean }> {
    const hash = await this.own(ixId, userId);
    if (hash.st !== 'wrap_up' && hash.st !== 'closed') throw new DeskRefusal(409, stateMessage(hash.st));
    await recordOutcome(this.context.pool, {
      interactionId: ixId,
      agentId: userId,
      outcome,
      at: this.context.clock.now(),
      channel: hash.ch ?? 'phone',
      queue: hash.q ?? '',
      topics: hash.tp ? hash.tp.split(',') : [],
      priority: Number(hash.pr ?? 0),
      enqueuedAt: new Date(Number(hash.enq ?? this.context.clock.nowMs())),
    });
    if (hash.st === 'closed') return { autoEnded: true };
    const result = await this.acd.endWrapUp(ixId, String(userId));
    return { autoEnded: result.status !== 'closed' };
  }

  /**
   * The ACD hash of an interaction on this operator's desk. Another operator's interaction is none
   * of this one's business: 404, as if unknown — except a recent offer, which gets a clear 409.
   */
  private async own(ixId: string, userId: number, offeredOnly = false): Promise<Record<string, string>> {
    interactionId(ixId);
    const hash = await this.acd.interaction(ixId);
    if (!hash) throw new DeskRefusal(404, UNKNOWN_INTERACTION);
    if (hash.ag !== String(userId)) {
      // An offer withdrawn a moment ago (timeout, or taken back): the operator is told, not puzzled.
      if (offeredOnly) throw new DeskRefusal(409, 'Вызов больше не предложен Вам.');
      throw new DeskRefusal(404, UNKNOWN_INTERACTION);
    }
    return hash;
  }

  private async limits(queue: string): Promise<QueueLimits> {
    const [offer, wrap] = await this.acd.redis.hmget(
      this.acd.keys.queue(queue),
      'offerTimeoutMs',
      'wrapUpMs',
    );
    return { offerTimeoutMs: Number(offer ?? 15_000), wrapUpMs: Number(wrap ?? 300_000) };
  }

  /** The account number on an offer is personal data: its first showing per interaction is audited. */
  private async auditAccountShown(
    userId: number,
    interactionId: string,
    account: { accountId: number; clientId: number },
  ): Promise<void> {
    const key = `${this.context.prefix}:workspace:shown:${userId}:${interactionId}`;
    const first = await this.context.redis.set(key, '1', 'EX', 86_400, 'NX');
    if (!first) return;
    await recordAudit(this.context.pool, {
      userId,
      action: 'account.view',
      subjectType: 'account',
      subjectId: account.accountId,
      clientId: account.clientId,
      details: { interactionId, where: 'workspace_offer' },
      at: this.context.clock.now(),
    });
  }
}

function stateMessage(state: string | undefined): string {
  switch (state) {
    case 'offered':
      return 'Вызов ещё не принят.';
    case 'connected':
      return 'Вызов уже принят.';
    case 'wrap_up':
      return 'Идёт поствызывная обработка.';
    case 'closed':
      return 'Взаимодействие уже завершено.';
    default:
      return 'Вызов больше не предложен Вам.';
  }
}
