import { type handleUnaryCall, Server, ServerCredentials } from '@grpc/grpc-js';
import { openRedis } from '../../../../core/lifecycle/redis-connection.ts';
import type { Logger } from '../../../../core/logging/index.ts';
import { NOT_READY_REASONS, type NotReadyReason } from '../../../../core/vocabulary/index.ts';
import {
  EnqueueStatus,
  RejectReason,
  type RoutingServiceServer,
  RoutingServiceService,
} from '../../../../proto/gen/hotline/contact_center/v1/contact_center.ts';
import { readQueueFigures } from '../events/figures.ts';
import type { Acd } from '../router/acd.ts';
import { AcdError } from '../router/errors.ts';
import { selectQueue } from '../services/queue-selection.ts';
import { EventHub } from './event-hub.ts';
import { agentStatusMessage, assignmentMessage, estimateMessage } from './mapping.ts';
import { PreconditionError, toServiceError } from './status.ts';
import { watchOffers } from './watch-offers.ts';

function notReadyReason(value: string, fallback?: NotReadyReason): NotReadyReason | undefined {
  if (!value) return fallback;
  if (!(NOT_READY_REASONS as readonly string[]).includes(value)) {
    throw new AcdError('INVALID_ARGUMENT', `not_ready_reason must be one of ${NOT_READY_REASONS.join(', ')}`);
  }
  return value as NotReadyReason;
}

/** The `contact_center` RoutingService over the ACD library. */
export function createRoutingHandlers(acd: Acd, hub: EventHub, logger?: Logger): RoutingServiceServer {
  const now = () => Date.now();
  function unary<Req, Res>(method: string, run: (request: Req) => Promise<Res>): handleUnaryCall<Req, Res> {
    return (call, callback) => {
      run(call.request).then(
        (response) => callback(null, response),
        (error: unknown) => {
          if (!(error instanceof AcdError || error instanceof PreconditionError)) {
            logger?.error({ err: error, method }, 'routing call failed');
          }
          callback(toServiceError(error));
        },
      );
    };
  }
  const interaction = async (id: string) => {
    const ix = await acd.interaction(id);
    if (!ix) throw new AcdError('UNKNOWN_INTERACTION', `unknown interaction: ${id}`);
    return ix;
  };

  return {
    enqueue: unary('Enqueue', async (r) => {
      const queue = r.queue || selectQueue(await acd.queueSummaries(), r.channel, r.topics[0]);
      if (!queue)
        throw new AcdError('UNKNOWN_QUEUE', `unknown queue: none serves ${r.channel}/${r.topics[0] ?? '-'}`);
      const result = await acd.enqueue({
        id: r.interactionId,
        queue,
        channel: r.channel,
        topics: r.topics as never,
        priority: r.priority,
        service: r.service,
        enqueuedAt: r.queuedSince?.getTime(),
        startedAt: r.startedAt?.getTime(),
      });
      const figures = await readQueueFigures(acd.redis, acd.keys, queue, now());
      return {
        status:
          result.status === 'offered'
            ? EnqueueStatus.ENQUEUE_STATUS_OFFERED
            : result.status === 'queued'
              ? EnqueueStatus.ENQUEUE_STATUS_QUEUED
              : EnqueueStatus.ENQUEUE_STATUS_ALREADY_ROUTED,
        queue,
        position: result.status === 'queued' ? result.position : 0,
        agentId: result.status === 'offered' ? result.agentId : '',
        estimate: estimateMessage(figures),
      };
    }),
    cancel: unary('Cancel', async (r) => {
      try {
        return { wasWaiting: (await acd.cancel(r.interactionId)) === 'abandoned' };
      } catch (error) {
        if (error instanceof AcdError && error.code === 'UNKNOWN_INTERACTION') return { wasWaiting: false };
        throw error;
      }
    }),
    requestCallback: unary('RequestCallback', async (r) => {
      const result = await acd.requestCallback(r.interactionId);
      if (result.status !== 'callback')
        throw new PreconditionError('the interaction is not waiting in a queue');
      return { position: result.position };
    }),
    accept: unary('Accept', async (r) => {
      const result = await acd.accept(r.interactionId, r.agentId);
      if (result === 'expired')
        throw new PreconditionError('the offer expired (offer timeout) and was withdrawn');
      if (result !== 'accepted') throw new PreconditionError('no such offer to this operator');
      return { assignment: assignmentMessage(r.interactionId, await interaction(r.interactionId)) };
    }),
    reject: unary('Reject', async (r) => {
      const missed =
        r.reason === RejectReason.REJECT_REASON_TIMEOUT ||
        r.reason === RejectReason.REJECT_REASON_UNREACHABLE;
      const reason = notReadyReason(r.notReadyReason, 'missed_offer')!;
      const result = await acd.reject(r.interactionId, r.agentId, reason, missed ? 'missed' : 'rejected');
      if (result.status !== 'rejected') throw new PreconditionError('no such offer to this operator');
      return { position: result.position };
    }),
    finish: unary('Finish', async (r) => {
      const result = await acd.finish(r.interactionId, r.agentId);
      if (result.status !== 'wrap_up')
        throw new PreconditionError('the interaction is not in conversation with this operator');
      return { wrapUpEndsAt: new Date(result.autoEndAt) };
    }),
    setAgentState: unary('SetAgentState', async (r) => {
      if (!['ready', 'not_ready', 'offline'].includes(r.state)) {
        throw new AcdError('INVALID_ARGUMENT', 'state must be ready, not_ready or offline');
      }
      const result = await acd.setState({
        agentId: r.agentId,
        state: r.state as 'ready' | 'not_ready' | 'offline',
        reason: r.state === 'not_ready' ? notReadyReason(r.notReadyReason) : undefined,
      });
      if (result.status === 'refused') {
        throw new PreconditionError(
          `Перерыв сейчас невозможен: в очереди «${result.queue}» не останется операторов на линии.`,
        );
      }
      if (result.status === 'busy')
        throw new PreconditionError('Нельзя выйти из системы, пока идёт разговор или постобработка.');
      return { agent: agentStatusMessage(r.agentId, (await acd.agent(r.agentId)) ?? {}) };
    }),
    watchOffers: (call) => watchOffers(acd, hub, call, logger),
  };
}

export interface RoutingServerHandle {
  port: number;
  address: string;
  close(): Promise<void>;
}

/** Serves RoutingService; `port` 0 takes any free port (tests). */
export async function startRoutingServer(options: {
  acd: Acd;
  redisUrl: string;
  port: number;
  host?: string;
  logger?: Logger;
}): Promise<RoutingServerHandle> {
  const hub = new EventHub(
    openRedis(options.redisUrl, {
      role: 'acd-event-hub',
      logger: options.logger,
      redis: { maxRetriesPerRequest: 20 },
    }),
    options.acd.keys,
    options.logger,
  );
  await hub.start();
  const server = new Server();
  server.addService(RoutingServiceService, createRoutingHandlers(options.acd, hub, options.logger));
  const host = options.host ?? '127.0.0.1';
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${options.port}`, ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    port,
    address: `${host}:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      await hub.stop();
    },
  };
}
