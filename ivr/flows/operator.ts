import { type EnqueueResult, readQueueFigures } from '../../agent-desktop/server/acd/index.ts';
import { selectQueue } from '../../agent-desktop/server/acd/services/queue-selection.ts';
import { isEkcWorkingTime } from '../../core/calendar/index.ts';
import { countWithNoun } from '../../core/nlu/index.ts';
import { Bridge, type BridgeEnd } from '../verbs/bridge.ts';
import { Csat } from '../verbs/csat.ts';
import { Dial } from '../verbs/dial.ts';
import { Enqueue } from '../verbs/enqueue.ts';
import { Hangup } from '../verbs/hangup.ts';
import { afterHoursFlow } from './after-hours.ts';
import type { Dialog } from './dialog.ts';
import { spokenYesNoKey } from './spoken-answers.ts';

const MINUTES = {
  nom: ['минута', 'минуты', 'минут'],
  acc: ['минуту', 'минуты', 'минут'],
  gen: ['минуты', 'минут', 'минут'],
} as const;

function waitMessage(estimateMs: number): string {
  const minutes = Math.max(1, Math.ceil(estimateMs / 60_000));
  return `Все операторы заняты. Ориентировочное время ожидания — ${countWithNoun(minutes, 'fem', MINUTES, 'nom')}. Пожалуйста, оставайтесь на линии.`;
}

/**
 * The ACD estimates the wait of a NEW arrival (everyone waiting, then it). A caller already in
 * the queue waits only for those ahead of it: with nobody ready (else nobody would wait) that
 * estimate scales with the position, position / (waiting + 1).
 */
async function waitOfWaitingCaller(dialog: Dialog, queue: string): Promise<number | null> {
  const { deps, session } = dialog;
  const [figures, order] = await Promise.all([
    readQueueFigures(deps.acd.redis, deps.acd.keys, queue, deps.clock.nowMs()),
    deps.acd.waiting(queue),
  ]);
  const position = order.indexOf(session.interactionId) + 1;
  if (figures.estimatedWaitMs === null || position === 0) return figures.estimatedWaitMs;
  return Math.round((figures.estimatedWaitMs * position) / (figures.waiting + 1));
}

/**
 * Transfer to an operator (R-IVR-4, R-ACD-1/2): outside ЕКЦ hours the schedule and a callback
 * appeal; in hours the ACD queue with topic and priority, music on hold with estimated-wait
 * messages, a callback offer when the wait is estimated above 100 s (or unknown), then each offer
 * rings the operator at most 15 s — unanswered goes back to its place in the queue — and an
 * answered one is bridged. When the operator hangs up, the caller rates the call (R-IVR-7).
 * Returns 'menu' when the caller goes back to the robot, 'done' when the call is over or the
 * caller's request is taken (the menu then says goodbye if the caller is still there).
 */
export async function operatorFlow(dialog: Dialog): Promise<'menu' | 'done'> {
  const { session, deps, settings } = dialog;
  if (!isEkcWorkingTime(deps.clock.now(), settings.ekc)) return afterHoursFlow(dialog);
  await dialog.say('transferring');
  // The same choice as the chatbot's: the voice queue listing the topic, else the catch-all.
  const queue = selectQueue(await deps.acd.queueSummaries(), 'phone', dialog.topic) ?? settings.queue;
  const figures = await readQueueFigures(deps.acd.redis, deps.acd.keys, queue, deps.clock.nowMs());
  const estimate = figures.estimatedWaitMs;
  session.step('queue_estimate', { queue, estimatedWaitMs: estimate });
  const watch = deps.offers.next(session.interactionId);
  const enqueued = await enqueueOnce(dialog, queue);
  dialog.inQueue = true;
  dialog.outcome = 'transferred';
  if (enqueued.status === 'exists') {
    watch.cancel();
    throw new Error(`interaction already in the ACD (${enqueued.state})`);
  }
  const nextOffer: Promise<{ agentId: string } | null> =
    enqueued.status === 'offered' ? Promise.resolve({ agentId: enqueued.agentId }) : watch.offer;
  if (enqueued.status === 'queued' && shouldOfferCallback(estimate, settings.callbackAboveMs)) {
    const choice = await dialog.ask(['callbackOffer'], {
      numDigits: 1,
      valid: (d) => d === '1' || d === '2',
      spoken: spokenYesNoKey,
      what: 'callback_offer',
    });
    session.step('callback_offer', { accepted: choice === '1' });
    if (choice === '1') {
      const callback = await deps.acd.requestCallback(session.interactionId);
      if (callback.status === 'callback') {
        watch.cancel();
        dialog.inQueue = false;
        dialog.outcome = 'callback_requested';
        await dialog.say('callbackAccepted');
        await dialog.say('goodbye');
        await new Hangup().exec(dialog.context);
        return 'done';
      }
    }
  }
  return waitForOperator(dialog, queue, watch, nextOffer);
}

/**
 * Puts this call in the ACD. A call is enqueued once, so finding its interaction already waiting
 * means the first attempt took effect: Redis restarted between running the enqueue and answering
 * it, and ioredis sent it again after reconnecting. That entry is this call's own wait.
 */
async function enqueueOnce(dialog: Dialog, queue: string): Promise<EnqueueResult> {
  const { session, deps } = dialog;
  const enqueued = await new Enqueue({
    queue,
    priority: 0,
    ...(dialog.topic ? { topic: dialog.topic } : {}),
  }).exec(dialog.context);
  if (enqueued.status !== 'exists') return enqueued;
  const held = await deps.acd.interaction(session.interactionId);
  if (held?.st === 'offered' && held.ag) return { status: 'offered', agentId: held.ag };
  if (held?.st === 'queued') {
    const position = (await deps.acd.waiting(held.q ?? queue)).indexOf(session.interactionId) + 1;
    return { status: 'queued', position };
  }
  return enqueued;
}

/**
 * A caller re-attached after an IVR restart while in the ACD: still waiting (or offered while no
 * IVR watched), so the wait goes on at the same place. Undefined when the ACD no longer has it.
 */
export async function resumeInQueue(dialog: Dialog): Promise<'menu' | 'done' | undefined> {
  const { session, deps } = dialog;
  const watch = deps.offers.next(session.interactionId);
  const held = await deps.acd.interaction(session.interactionId);
  if (held?.st !== 'queued' && held?.st !== 'offered') {
    watch.cancel();
    return undefined;
  }
  dialog.inQueue = true;
  dialog.outcome = 'transferred';
  session.step('queue_resumed', { state: held.st });
  await dialog.say('stillInQueue');
  const offered = held.st === 'offered' && held.ag ? Promise.resolve({ agentId: held.ag }) : watch.offer;
  return waitForOperator(dialog, held.q ?? dialog.settings.queue, watch, offered);
}

/** Music on hold, wait messages, offers rung ≤ 15 s, the bridge and the rating. */
async function waitForOperator(
  dialog: Dialog,
  queue: string,
  firstWatch: { offer: Promise<{ agentId: string }>; cancel: () => void },
  firstOffer: Promise<{ agentId: string } | null>,
): Promise<'menu' | 'done'> {
  const { session, deps, settings } = dialog;
  let watch = firstWatch;
  let nextOffer = firstOffer;
  await session.startMoh();
  try {
    for (;;) {
      const offer = await Promise.race([nextOffer, session.pause(settings.waitAnnounceMs).then(() => null)]);
      if (!offer) {
        const estimate = await waitOfWaitingCaller(dialog, queue);
        await session.stopMoh();
        await dialog.say(waitMessage(estimate ?? settings.callbackAboveMs), 'wait_estimate');
        await session.startMoh();
        continue;
      }
      const endpoint = await deps.agentEndpoint(offer.agentId);
      const dial = endpoint
        ? await new Dial({ endpoint }).exec(dialog.context)
        : ({ answered: false, cause: 20 } as const);
      if (!dial.answered) {
        // Not answered within 15 s: back to its original place; the ACD makes the operator not ready.
        watch = deps.offers.next(session.interactionId);
        await deps.acd.reject(session.interactionId, offer.agentId, 'missed_offer', 'missed');
        session.step('offer_missed', { agentId: offer.agentId, cause: dial.cause });
        nextOffer = offeredMeanwhile(dialog, offer.agentId, watch.offer);
        continue;
      }
      const accepted = await deps.acd.accept(session.interactionId, offer.agentId);
      if (accepted !== 'accepted') {
        await session.runtime.client.channels.hangup({ channelId: dial.channelId }).catch(() => undefined);
        watch = deps.offers.next(session.interactionId);
        session.step('offer_lost', { agentId: offer.agentId, result: accepted });
        nextOffer = offeredMeanwhile(dialog, offer.agentId, watch.offer);
        continue;
      }
      dialog.inQueue = false;
      session.step('operator_connected', { agentId: offer.agentId });
      let end: BridgeEnd = 'caller_hung_up';
      try {
        await session.stopMoh();
        await session.closeSpeech(); // a channel is in one bridge at a time
        end = await new Bridge({ otherChannelId: dial.channelId }).exec(dialog.context);
      } finally {
        // Whoever left first, the operator's talk is over: wrap-up starts, a lone leg is hung up.
        await deps.acd.finish(session.interactionId, offer.agentId);
        if (session.hungUp) {
          await session.runtime.client.channels.hangup({ channelId: dial.channelId }).catch(() => undefined);
        }
      }
      if (end === 'operator_hung_up' && !session.hungUp) {
        await new Csat().exec(dialog.context);
        await dialog.say('thanks');
        await dialog.say('goodbye');
        await new Hangup().exec(dialog.context);
      }
      return 'done';
    }
  } finally {
    watch.cancel();
  }
}

/**
 * The ACD's own 15 s timer may withdraw an offer and make the next one while the phone still
 * rings (the ACD runs in another process): that `offered` event came before the new watch, so
 * the interaction's state tells whether another operator already has the offer.
 */
async function offeredMeanwhile(
  dialog: Dialog,
  previousAgentId: string,
  watched: Promise<{ agentId: string }>,
): Promise<{ agentId: string }> {
  const held = await dialog.deps.acd.interaction(dialog.session.interactionId);
  if (held?.st === 'offered' && held.ag && held.ag !== previousAgentId) return { agentId: held.ag };
  return watched;
}

/**
 * R-ACD-2 / issue 5: a caller whose estimated wait is above the limit (100 s) is offered a
 * callback instead of waiting; with no estimate (nobody staffed) the offer is made too.
 */
export function shouldOfferCallback(estimatedWaitMs: number | null, callbackAboveMs: number): boolean {
  return estimatedWaitMs === null || estimatedWaitMs > callbackAboveMs;
}
