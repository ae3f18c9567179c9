import type { ServerWritableStream } from '@grpc/grpc-js';
import type { Logger } from '../../../../core/logging/index.ts';
import type {
  WatchOffersRequest,
  WatchOffersResponse,
} from '../../../../proto/gen/hotline/contact_center/v1/contact_center.ts';
import type { AcdEvent } from '../events/stream.ts';
import type { Acd } from '../router/acd.ts';
import { AcdError } from '../router/errors.ts';
import type { EventHub } from './event-hub.ts';
import { agentStatusMessage, assignmentMessage, duration, offerMessage } from './mapping.ts';
import { toServiceError } from './status.ts';

const WITHDRAW_REASON: Record<string, string> = {
  missed: 'timeout',
  rejected: 'declined',
  released: 'cancelled',
};

/**
 * WatchOffers: a snapshot of what is pending for the watcher (one operator, or one service such
 * as the IVR), then offers, withdrawals, assignments, queue positions and alerts as they happen.
 */
export function watchOffers(
  acd: Acd,
  hub: EventHub,
  call: ServerWritableStream<WatchOffersRequest, WatchOffersResponse>,
  logger?: Logger,
): void {
  const offerTimeout = async (queue: string) =>
    Number(await acd.redis.hget(acd.keys.queue(queue), 'offerTimeoutMs'));
  const watcher = call.request.watcher;
  if (!watcher) {
    call.destroy(toServiceError(new AcdError('INVALID_ARGUMENT', 'agent_id or service is required')));
    return;
  }
  const mine = async (event: AcdEvent): Promise<boolean> => {
    if (watcher.$case === 'agentId') return event.agent === watcher.value;
    if (event.service !== undefined) return event.service === watcher.value;
    return event.ix
      ? (await acd.redis.hget(acd.keys.interaction(String(event.ix)), 'svc')) === watcher.value
      : false;
  };
  const send = (message: WatchOffersResponse) => {
    if (!call.cancelled) call.write(message);
  };
  // Events are buffered until the snapshot is out, so nothing falls between the two.
  const buffered: AcdEvent[] = [];
  let ready = false;
  const translate = async (event: AcdEvent) => {
    if (!(await mine(event))) return;
    const ixId = String(event.ix ?? '');
    if (event.type === 'offered') {
      const ix = await acd.interaction(ixId);
      if (ix)
        send({
          event: {
            $case: 'offer',
            value: offerMessage(
              ixId,
              { ...ix, ag: String(event.agent), off: String(event.at) },
              Number(event.deadline) - event.at,
            ),
          },
        });
    } else if (event.type === 'offer_withdrawn') {
      send({
        event: {
          $case: 'offerWithdrawn',
          value: {
            interactionId: ixId,
            agentId: String(event.agent),
            reason: WITHDRAW_REASON[String(event.reason)] ?? String(event.reason),
          },
        },
      });
    } else if (event.type === 'answered') {
      const ix = await acd.interaction(ixId);
      if (ix) send({ event: { $case: 'assignment', value: assignmentMessage(ixId, ix) } });
    } else if (event.type === 'alert') {
      send({
        event: {
          $case: 'alert',
          value: {
            interactionId: ixId,
            agentId: String(event.agent ?? ''),
            kind: String(event.kind),
            at: new Date(event.at),
            waited: event.waited_ms ? duration(Number(event.waited_ms)) : undefined,
          },
        },
      });
    } else if (event.type === 'queued' && watcher.$case === 'service') {
      const position = (await acd.redis.zrank(acd.keys.waiting(String(event.queue)), ixId)) ?? -1;
      if (position >= 0)
        send({
          event: {
            $case: 'queuePosition',
            value: {
              interactionId: ixId,
              queue: String(event.queue),
              position: position + 1,
              estimate: undefined,
            },
          },
        });
    }
  };
  let chain = Promise.resolve();
  const unsubscribe = hub.subscribe((event) => {
    if (!ready) buffered.push(event);
    else
      chain = chain
        .then(() => translate(event))
        .catch((error) => logger?.error({ err: error }, 'watch failed'));
  });
  call.on('cancelled', unsubscribe);
  call.on('close', unsubscribe);
  void (async () => {
    try {
      send({ event: { $case: 'snapshot', value: await snapshot(acd, watcher, offerTimeout) } });
      ready = true;
      for (const event of buffered.splice(0)) chain = chain.then(() => translate(event));
    } catch (error) {
      unsubscribe();
      call.destroy(toServiceError(error));
    }
  })();
}

async function snapshot(
  acd: Acd,
  watcher: { $case: 'agentId'; value: string } | { $case: 'service'; value: string },
  offerTimeout: (queue: string) => Promise<number>,
) {
  if (watcher.$case === 'agentId') {
    const offers = [];
    for (const ixId of await acd.redis.smembers(acd.keys.agentWork(watcher.value))) {
      const ix = await acd.interaction(ixId);
      if (ix?.st === 'offered') offers.push(offerMessage(ixId, ix, await offerTimeout(ix.q!)));
    }
    const agent = await acd.agent(watcher.value);
    return { offers, agent: agent ? agentStatusMessage(watcher.value, agent) : undefined, waiting: [] };
  }
  const waiting = [];
  for (const queue of await acd.queueNames()) {
    const ids = await acd.waiting(queue);
    for (const [index, ixId] of ids.entries()) {
      if ((await acd.redis.hget(acd.keys.interaction(ixId), 'svc')) === watcher.value) {
        waiting.push({ interactionId: ixId, queue, position: index + 1, estimate: undefined });
      }
    }
  }
  return { offers: [], agent: undefined, waiting };
}
