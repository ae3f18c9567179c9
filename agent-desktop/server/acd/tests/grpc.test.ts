import { credentials, status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AcceptRequest,
  type AcceptResponse,
  type CancelRequest,
  type CancelResponse,
  type EnqueueRequest,
  type EnqueueResponse,
  EnqueueStatus,
  type FinishRequest,
  type FinishResponse,
  RejectReason,
  type RejectRequest,
  type RejectResponse,
  RoutingServiceClient,
  type SetAgentStateRequest,
  type SetAgentStateResponse,
  type WatchOffersResponse,
} from '../../../../proto/gen/hotline/contact_center/v1/contact_center.ts';
import { type RoutingServerHandle, startRoutingServer } from '../grpc/routing-service.ts';
import { createHarness, type Harness, ixId } from './harness.ts';

let h: Harness;
let server: RoutingServerHandle;
let client: RoutingServiceClient;

beforeAll(async () => {
  h = await createHarness();
  await h.acd.defineQueue({ name: 'debt', media: 'voice', topics: ['balance', 'restriction'] });
  await h.acd.defineQueue({ name: 'general', media: 'voice' });
  await h.acd.defineQueue({ name: 'chat', media: 'chat' });
  server = await startRoutingServer({ acd: h.acd, redisUrl: h.redis.url, port: 0 });
  client = new RoutingServiceClient(server.address, credentials.createInsecure());
});
afterAll(async () => {
  client?.close();
  await server?.close();
  await h?.cleanup();
});

type Callback<Res> = (error: Error | null, response: Res) => void;
const promisify =
  <Req, Res>(method: (request: Req, callback: Callback<Res>) => unknown) =>
  (request: Req) =>
    new Promise<Res>((resolve, reject) =>
      method.call(client, request, (error, response) => (error ? reject(error) : resolve(response))),
    );
const rpc = {
  enqueue: (r: EnqueueRequest) => promisify<EnqueueRequest, EnqueueResponse>(client.enqueue)(r),
  accept: (r: AcceptRequest) => promisify<AcceptRequest, AcceptResponse>(client.accept)(r),
  reject: (r: RejectRequest) => promisify<RejectRequest, RejectResponse>(client.reject)(r),
  finish: (r: FinishRequest) => promisify<FinishRequest, FinishResponse>(client.finish)(r),
  cancel: (r: CancelRequest) => promisify<CancelRequest, CancelResponse>(client.cancel)(r),
  setAgentState: (r: SetAgentStateRequest) =>
    promisify<SetAgentStateRequest, SetAgentStateResponse>(client.setAgentState)(r),
};

function watch(request: { watcher: { $case: 'agentId' | 'service'; value: string } }) {
  const messages: WatchOffersResponse[] = [];
  const stream = client.watchOffers(request);
  stream.on('data', (m: WatchOffersResponse) => messages.push(m));
  stream.on('error', () => {});
  const next = async (kind: string) => {
    for (let i = 0; i < 100; i++) {
      const index = messages.findIndex((m) => m.event?.$case === kind);
      if (index >= 0) return messages.splice(index, 1)[0]!.event!.value;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no ${kind} message`);
  };
  return { next, cancel: () => stream.cancel() };
}

const enqueueRequest = (id: string, topics: string[], queue = '') => ({
  interactionId: id,
  channel: 'phone',
  topics,
  priority: 0,
  queue,
  accountNumber: '',
  clientId: '',
  service: 'ivr',
  queuedSince: undefined,
  startedAt: undefined,
});

describe('contact_center RoutingService', () => {
  it('enqueue picks the default queue by topic, offers on the stream, accept gives the assignment', async () => {
    await h.acd.login({ agentId: '1', skills: [{ queue: 'debt' }], state: 'not_ready', reason: 'break' });
    const desk = watch({ watcher: { $case: 'agentId', value: '1' } });
    const ivr = watch({ watcher: { $case: 'service', value: 'ivr' } });
    const snap = (await desk.next('snapshot')) as { agent: { state: string } };
    expect(snap.agent.state).toBe('not_ready');
    await ivr.next('snapshot');

    const id = ixId();
    const queued = await rpc.enqueue(enqueueRequest(id, ['balance']));
    expect(queued).toMatchObject({ status: EnqueueStatus.ENQUEUE_STATUS_QUEUED, queue: 'debt', position: 1 });
    expect(queued.estimate).toMatchObject({ readyAgents: 0, loggedInAgents: 0 });
    expect(await ivr.next('queuePosition')).toMatchObject({ interactionId: id, position: 1 });

    const state = await rpc.setAgentState({ agentId: '1', state: 'ready', notReadyReason: '' });
    expect(state.agent).toMatchObject({ state: 'offered' });
    const offer = (await desk.next('offer')) as { interactionId: string; offerTimeout: { seconds: number } };
    expect(offer).toMatchObject({
      interactionId: id,
      queue: 'debt',
      topics: ['balance'],
      offerTimeout: { seconds: 15 },
    });
    expect(await ivr.next('offer')).toMatchObject({ interactionId: id, agentId: '1' });

    const accepted = await rpc.accept({ interactionId: id, agentId: '1' });
    expect(accepted.assignment).toMatchObject({ interactionId: id, agentId: '1', queue: 'debt' });
    expect(await desk.next('assignment')).toMatchObject({ interactionId: id });
    const finished = await rpc.finish({ interactionId: id, agentId: '1' });
    expect(finished.wrapUpEndsAt?.getTime()).toBe(h.clock.nowMs() + 300_000);
    desk.cancel();
    ivr.cancel();
  });

  it('maps refusals to status codes: unknown queue, bad input, stale accept, refused break', async () => {
    await expect(rpc.enqueue({ ...enqueueRequest(ixId(), []), channel: 'telegram' })).resolves.toMatchObject({
      queue: 'chat',
    });
    await expect(rpc.enqueue(enqueueRequest(ixId(), [], 'nope'))).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });
    await expect(rpc.enqueue(enqueueRequest('not-a-uuid', []))).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
    });
    await expect(rpc.accept({ interactionId: ixId(), agentId: '1' })).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });
    await h.acd.login({ agentId: '2', skills: [{ queue: 'general' }], state: 'ready' });
    await expect(
      rpc.setAgentState({ agentId: '2', state: 'not_ready', notReadyReason: 'lunch' }),
    ).rejects.toMatchObject({
      code: status.FAILED_PRECONDITION,
      details: expect.stringContaining('Перерыв сейчас невозможен'),
    });
  });

  it('a ring timeout reported by the IVR is a missed offer: back to its place, operator not ready', async () => {
    const id = ixId();
    const result = await rpc.enqueue(enqueueRequest(id, [], 'general'));
    expect(result).toMatchObject({ status: EnqueueStatus.ENQUEUE_STATUS_OFFERED, agentId: '2' });
    const rejected = await rpc.reject({
      interactionId: id,
      agentId: '2',
      reason: RejectReason.REJECT_REASON_TIMEOUT,
      notReadyReason: '',
    });
    expect(rejected.position).toBe(1);
    expect(await h.acd.agent('2')).toMatchObject({ ds: 'not_ready', rsn: 'missed_offer', missed: '1' });
    expect((await rpc.cancel({ interactionId: id, reason: 'abandoned' })).wasWaiting).toBe(true);
    expect((await rpc.cancel({ interactionId: id, reason: 'abandoned' })).wasWaiting).toBe(false);
  });
});
