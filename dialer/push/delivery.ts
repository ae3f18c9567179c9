import { type ConnectionOptions, type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { OutageNotice, postponedWhileDatabaseDown } from '../../core/jobs/outage.ts';
import type { DialerDeps } from '../services/deps.ts';
import { applyAttemptResult } from '../services/outcomes.ts';
import {
  IDEMPOTENCY_HEADER,
  idempotencyKeyOf,
  type PushMessage,
  SIGNATURE_HEADER,
  signBody,
} from './contract.ts';

export const PUSH_QUEUE = 'dialer-push-webhook';

export interface PushJobData {
  attemptId: number;
}

export interface PushWebhookOptions {
  url: string;
  secret: string;
  /** POSTs per attempt before it is negative (the first one included). */
  tries?: number;
  /** First backoff; doubles each retry (BullMQ exponential backoff). */
  backoffMs?: number;
  timeoutMs?: number;
}

/** The queue the channel adds to; the personal text stays in PostgreSQL, the job holds the id. */
export function createPushQueue(
  connection: ConnectionOptions,
  prefix: string,
  options: Pick<PushWebhookOptions, 'tries' | 'backoffMs'> = {},
): Queue<PushJobData> {
  return new Queue<PushJobData>(PUSH_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: options.tries ?? 6,
      backoff: { type: 'exponential', delay: options.backoffMs ?? 5000 },
      removeOnComplete: 1000,
      removeOnFail: 5000,
    },
  });
}

class RetryablePushError extends Error {
  override name = 'RetryablePushError';
}

/** The JSON body of one attempt, read from its stored notice (the same on every retry). */
async function messageOf(deps: DialerDeps, attemptId: number): Promise<PushMessage | undefined> {
  const { rows } = await deps.pool.query(
    'select client_id, account_id, campaign_id, title, body, created_at from client_notices where attempt_id = $1',
    [attemptId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    idempotencyKey: idempotencyKeyOf(attemptId),
    clientId: Number(row.client_id),
    accountId: row.account_id === null ? null : Number(row.account_id),
    campaignId: row.campaign_id === null ? null : Number(row.campaign_id),
    title: row.title,
    text: row.body,
    createdAt: new Date(row.created_at).toISOString(),
    sentAt: deps.clock.now().toISOString(),
  };
}

/**
 * POSTs one push: 2xx = the gateway took it (the attempt waits for its receipt); 429, 5xx and
 * network errors are retried with backoff, and the last failed try makes the attempt negative;
 * any other 4xx is the gateway refusing this message for good (negative at once).
 */
export async function postPush(
  deps: DialerDeps,
  options: PushWebhookOptions,
  attemptId: number,
  lastTry: boolean,
) {
  const message = await messageOf(deps, attemptId);
  if (!message) throw new UnrecoverableError(`no stored notice for attempt ${attemptId}`);
  const body = JSON.stringify(message);
  let status: number;
  try {
    const response = await fetch(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [IDEMPOTENCY_HEADER]: message.idempotencyKey,
        // Signatures are checked against real time on both sides, not the dialer's (maybe simulated) clock.
        [SIGNATURE_HEADER]: signBody(options.secret, body, Date.now()),
      },
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    status = response.status;
    await response.arrayBuffer();
  } catch (error) {
    if (lastTry) return fail(deps, attemptId, 'push_unreachable');
    throw new RetryablePushError(`push gateway unreachable: ${(error as Error).message}`);
  }
  if (status >= 200 && status < 300) return 'accepted';
  if (status === 429 || status >= 500) {
    if (lastTry) return fail(deps, attemptId, `push_http_${status}`);
    throw new RetryablePushError(`push gateway answered ${status}`);
  }
  return fail(deps, attemptId, `push_refused_${status}`);
}

async function fail(deps: DialerDeps, attemptId: number, detail: string) {
  await applyAttemptResult(deps, { attemptId, outcome: 'negative', detail });
  return detail;
}

export function startPushWorker(
  deps: DialerDeps,
  options: PushWebhookOptions & { connection: ConnectionOptions; prefix: string; concurrency?: number },
): Worker<PushJobData> {
  const worker = new Worker<PushJobData>(
    PUSH_QUEUE,
    // Reading the notice or writing the result needs PostgreSQL: while it is away the POST
    // waits without spending one of its tries (it would be failed for good after 6).
    postponedWhileDatabaseDown(new OutageNotice(PUSH_QUEUE, deps.logger), (job: Job<PushJobData>) =>
      postPush(deps, options, job.data.attemptId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1)),
    ),
    { connection: options.connection, prefix: options.prefix, concurrency: options.concurrency ?? 20 },
  );
  worker.on('failed', (job, error) =>
    deps.logger?.warn(
      { err: error, attemptId: job?.data.attemptId, try: job?.attemptsMade },
      'push POST failed',
    ),
  );
  return worker;
}
