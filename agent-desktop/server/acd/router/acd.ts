import type { Redis } from 'ioredis';
import type { Clock } from '../../../../core/lifecycle/clock.ts';
import type { AgentState, NotReadyReason } from '../../../../core/vocabulary/index.ts';
import { type AcdKeys, acdKeys } from '../keys.ts';
import {
  agentIdSchema,
  type LoginRequestInput,
  loginRequestSchema,
  setStateRequestSchema,
} from '../schemas/agent.ts';
import {
  type EnqueueRequestInput,
  enqueueRequestSchema,
  interactionIdSchema,
} from '../schemas/interaction.ts';
import {
  type Media,
  type QueueDefinition,
  type QueueDefinitionInput,
  queueDefinitionSchema,
} from '../schemas/queue.ts';
import { callAcd } from '../scripts/loader.ts';
import type { QueueSummary } from '../services/queue-selection.ts';
import { type AcdWorkingTime, chatDeadlines } from '../services/working-time.ts';
import { AcdError, fromReply, invalid } from './errors.ts';

export interface BreakRule {
  enabled: boolean;
  /** A break is refused when it would leave a queue with fewer ready operators than this. */
  minReadyPerQueue: number;
}

export interface AcdOptions {
  redis: Redis;
  /** REDIS_PREFIX; keys live under the hash tag `{<prefix>:acd}`. */
  prefix: string;
  clock: Clock;
  workingTime: AcdWorkingTime;
  breakRule?: BreakRule;
}

export type EnqueueResult =
  | { status: 'offered'; agentId: string }
  | { status: 'queued'; position: number }
  | { status: 'exists'; state: string };
export type SetStateResult =
  | { status: 'ok'; state: AgentState }
  | { status: 'refused'; queue: string }
  | { status: 'busy'; state: AgentState };
export type AcceptResult = 'accepted' | 'expired' | 'not_offered';

type Reply = [string, string?];

/**
 * The operator-queue library. Every method is one atomic Lua command (commands/*.lua, loaded as
 * one Redis Functions library) taking "now" from the injected clock; any number of instances may
 * share one Redis.
 */
export class Acd {
  readonly keys: AcdKeys;
  readonly redis: Redis;
  private readonly clock: Clock;
  private readonly workingTime: AcdWorkingTime;
  private readonly breakRule: BreakRule;

  constructor(options: AcdOptions) {
    this.redis = options.redis;
    this.keys = acdKeys(options.prefix);
    this.clock = options.clock;
    this.workingTime = options.workingTime;
    this.breakRule = options.breakRule ?? { enabled: true, minReadyPerQueue: 1 };
  }

  private async run(name: string, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await callAcd(this.redis, name, keys, [this.keys.base, this.clock.nowMs(), ...args]);
    } catch (error) {
      return fromReply(error);
    }
  }

  async defineQueue(input: QueueDefinitionInput): Promise<QueueDefinition> {
    const parsed = queueDefinitionSchema.safeParse(input);
    if (!parsed.success) throw invalid(parsed.error);
    const q = parsed.data;
    if (q.overflowTo) {
      const media = await this.redis.hget(this.keys.queue(q.overflowTo), 'media');
      if (!media) throw new AcdError('UNKNOWN_QUEUE', `unknown queue: overflow target ${q.overflowTo}`);
      if (media !== q.media)
        throw new AcdError('INVALID_ARGUMENT', 'overflowTo: a queue overflows to one of the same media');
    }
    const fields = {
      media: q.media,
      strategy: q.strategy,
      topics: q.topics.join(','),
      overflowTo: q.overflowTo ?? '',
      overflowAfterMs: q.overflowAfterMs ?? 0,
      offerTimeoutMs: q.offerTimeoutMs,
      prealertMs: q.prealertMs,
      alertMs: q.alertMs,
      wrapUpMs: q.wrapUpMs,
      shortAbandonMs: q.shortAbandonMs,
    };
    await this.run(
      'acdDefineQueue',
      [this.keys.queue(q.name), this.keys.queues, this.keys.agents],
      [q.name, ...Object.entries(fields).flat()],
    );
    return q;
  }

  async login(input: LoginRequestInput): Promise<AgentState> {
    const parsed = loginRequestSchema.safeParse(input);
    if (!parsed.success) throw invalid(parsed.error);
    const r = parsed.data;
    const skills = r.skills.flatMap((s) => [s.queue, s.level]);
    const id = r.agentId;
    return (await this.run(
      'acdLogin',
      [this.keys.agent(id), this.keys.agentSkills(id), this.keys.agents],
      [id, r.chatCapacity, r.state, r.state === 'ready' ? '' : r.reason, ...skills],
    )) as AgentState;
  }

  /** Ready, not ready (with a reason) or offline. A break may be refused by the break rule (R-ACD-6). */
  async setState(input: {
    agentId: string;
    state: 'ready' | 'not_ready' | 'offline';
    reason?: NotReadyReason;
    /** The operator left the desktop: the break rule cannot keep someone who is not there. */
    leavingDesk?: boolean;
  }): Promise<SetStateResult> {
    const parsed = setStateRequestSchema.safeParse(input);
    if (!parsed.success) throw invalid(parsed.error);
    const r = parsed.data;
    const protect =
      !input.leavingDesk && this.breakRule.enabled && this.workingTime.isWorkingTime(this.clock.now());
    const [status, detail] = (await this.run(
      'acdSetState',
      [this.keys.agent(r.agentId)],
      [r.agentId, r.state, r.reason ?? '', protect ? 1 : 0, this.breakRule.minReadyPerQueue],
    )) as Reply;
    if (status === 'refused') return { status, queue: detail! };
    return { status: status as 'ok' | 'busy', state: detail as AgentState };
  }

  async enqueue(
    input: EnqueueRequestInput,
    options: { restoreVersion?: number } = {},
  ): Promise<EnqueueResult> {
    const parsed = enqueueRequestSchema.safeParse(input);
    if (!parsed.success) throw invalid(parsed.error);
    const r = parsed.data;
    const now = this.clock.nowMs();
    const enqueuedAt = r.enqueuedAt ?? now;
    // Chat limits apply to written channels; the Lua side ignores them for a voice queue.
    const chat = r.channel === 'phone' ? undefined : chatDeadlines(this.workingTime, r.channel, enqueuedAt);
    const restore = options.restoreVersion !== undefined;
    const [status, detail] = (await this.run(
      'acdEnqueue',
      [this.keys.interaction(r.id), this.keys.queue(r.queue), this.keys.waiting(r.queue), this.keys.timers],
      [
        r.id,
        r.queue,
        r.channel,
        r.priority,
        enqueuedAt,
        r.callback ? 1 : 0,
        r.topics.join(','),
        chat?.firstAnswerDue ?? 0,
        chat?.appealDue ?? 0,
        options.restoreVersion ?? 0,
        restore ? 1 : 0,
        r.startedAt ?? enqueuedAt,
        r.service,
      ],
    )) as Reply;
    if (status === 'offered') return { status, agentId: detail! };
    if (status === 'queued') return { status, position: Number(detail) };
    return { status: 'exists', state: detail! };
  }

  private ixAgent(
    name: string,
    ixId: string,
    agentId: string,
    extra: (string | number)[] = [],
  ): Promise<Reply> {
    if (!interactionIdSchema.safeParse(ixId).success)
      throw new AcdError('INVALID_ARGUMENT', 'interaction id must be a UUID');
    if (!agentIdSchema.safeParse(agentId).success)
      throw new AcdError('INVALID_ARGUMENT', 'agent id must be a users.id');
    return this.run(
      name,
      [this.keys.interaction(ixId), this.keys.agent(agentId)],
      [ixId, agentId, ...extra],
    ) as Promise<Reply>;
  }

  private ixOnly(name: string, ixId: string): Promise<Reply> {
    if (!interactionIdSchema.safeParse(ixId).success)
      throw new AcdError('INVALID_ARGUMENT', 'interaction id must be a UUID');
    return this.run(name, [this.keys.interaction(ixId)], [ixId]) as Promise<Reply>;
  }

  /**
   * Accepted within the offer timeout, else withdrawn right here ('expired'). A second accept by
   * the operator it is connected to is 'accepted' too: a call is accepted both by the desktop's
   * "Принять" and by the IVR when the operator's SIP leg answers, in either order, and the IVR
   * must still bridge the call when the browser came first.
   */
  async accept(ixId: string, agentId: string): Promise<AcceptResult> {
    const [status, state] = await this.ixAgent('acdAccept', ixId, agentId);
    if (status === 'not_offered' && state === 'connected') {
      const connectedTo = await this.redis.hget(this.keys.interaction(ixId), 'ag');
      if (connectedTo === agentId) return 'accepted';
    }
    return status as AcceptResult;
  }

  /**
   * The operator declined (or, `missed`, the ring timed out or failed): back to its place, the
   * operator not ready with `reason`. Returns the position (0 = already offered to someone else).
   */
  async reject(
    ixId: string,
    agentId: string,
    reason: NotReadyReason = 'missed_offer',
    kind: 'rejected' | 'missed' = 'rejected',
  ): Promise<{ status: 'rejected'; position: number } | { status: 'not_offered' }> {
    const [status, detail] = await this.ixAgent('acdReject', ixId, agentId, [reason, kind]);
    return status === 'rejected' ? { status, position: Number(detail) } : { status: 'not_offered' };
  }

  /** Talk or chat over; wrap-up starts. Returns the instant wrap-up ends automatically. */
  async finish(
    ixId: string,
    agentId: string,
  ): Promise<{ status: 'wrap_up'; autoEndAt: number } | { status: 'not_connected' }> {
    const [status, detail] = await this.ixAgent('acdFinish', ixId, agentId);
    return status === 'wrap_up' ? { status, autoEndAt: Number(detail) } : { status: 'not_connected' };
  }

  /** Closes the interaction; `nextCall` is the call offered to the operator at once, if any. */
  async endWrapUp(
    ixId: string,
    agentId: string,
  ): Promise<{ status: 'closed'; nextCall: string | undefined } | { status: 'not_in_wrap_up' }> {
    const [status, next] = await this.ixAgent('acdEndWrapUp', ixId, agentId);
    return status === 'closed' ? { status, nextCall: next || undefined } : { status: 'not_in_wrap_up' };
  }

  /** The operator's first message in a chat (R-ACD-5). */
  async firstAnswer(ixId: string, agentId: string): Promise<'first_answer' | 'already' | 'not_connected'> {
    return (await this.ixAgent('acdFirstAnswer', ixId, agentId))[0] as
      | 'first_answer'
      | 'already'
      | 'not_connected';
  }

  /** The client left before being answered. */
  async cancel(ixId: string): Promise<'abandoned' | 'not_waiting'> {
    return (await this.ixOnly('acdCancel', ixId))[0] as 'abandoned' | 'not_waiting';
  }

  /** The caller chose a callback: keeps its place, dialled when offered. */
  async requestCallback(
    ixId: string,
  ): Promise<{ status: 'callback'; position: number } | { status: 'not_queued' }> {
    const [status, detail] = await this.ixOnly('acdCallback', ixId);
    return status === 'callback' ? { status, position: Number(detail) } : { status: 'not_queued' };
  }

  /** Handles due timers (any instance may call it); returns how many were handled. */
  async processTimers(limit = 500): Promise<number> {
    return (await this.run('acdTimers', [this.keys.timers], [limit])) as number;
  }

  /** Interaction ids waiting in a queue, in the order they will be offered. */
  async waiting(queue: string): Promise<string[]> {
    return this.redis.zrange(this.keys.waiting(queue), '0', '-1');
  }

  async interaction(ixId: string): Promise<Record<string, string> | null> {
    const hash = await this.redis.hgetall(this.keys.interaction(ixId));
    return Object.keys(hash).length ? hash : null;
  }

  async agent(agentId: string): Promise<Record<string, string> | null> {
    const hash = await this.redis.hgetall(this.keys.agent(agentId));
    return Object.keys(hash).length ? hash : null;
  }

  /** Name, media and topics of every queue (default-queue selection). */
  async queueSummaries(): Promise<QueueSummary[]> {
    const names = await this.queueNames();
    const multi = this.redis.multi();
    for (const name of names) multi.hmget(this.keys.queue(name), 'media', 'topics');
    const replies = (await multi.exec()) ?? [];
    return names.map((name, i) => {
      const [media, topics] = replies[i]![1] as [Media, string];
      return { name, media, topics: topics ? topics.split(',') : [] };
    });
  }

  async queueNames(): Promise<string[]> {
    return (await this.redis.smembers(this.keys.queues)).sort();
  }
}
