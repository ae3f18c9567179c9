import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  IDEMPOTENCY_HEADER,
  type PushMessage,
  pushMessageSchema,
  SIGNATURE_HEADER,
  signBody,
  verifySignature,
} from '../../push/contract.ts';
import { waitForChange } from '../wait-for.ts';

export interface PushGatewayOptions {
  secret: string;
  /** Where receipts go (the dialer's `/api/push/receipts`); settable later with `receiptsTo`. */
  receiptsUrl?: string;
  /** Receipt sent for each newly accepted message: `none` leaves it to `sendReceipt`. */
  autoReceipt?: 'delivered' | 'failed' | 'none';
}

export interface PushPost {
  key: string;
  status: number;
  signatureOk: boolean;
  message?: PushMessage;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A mobile-app push gateway speaking the dialer's webhook contract over real HTTP: checks the
 * signature (401), deduplicates by Idempotency-Key (a repeated key is answered 200 and not
 * delivered twice), can be told to answer the next POSTs with 5xx/429, and posts signed receipts.
 */
export class PushGatewayDouble extends EventEmitter {
  /** Every POST, in order, with the answer given. */
  readonly posts: PushPost[] = [];
  /** Messages delivered to phones: one per idempotency key. */
  readonly delivered = new Map<string, PushMessage>();
  private readonly failures: Array<{ status: number; deliverAnyway: boolean }> = [];
  private readonly server: Server;
  private receiptsUrl: string | undefined;

  private constructor(private readonly options: PushGatewayOptions) {
    super();
    this.receiptsUrl = options.receiptsUrl;
    this.server = createServer((req, res) => {
      void this.handle(req).then((status) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status }));
      });
    });
  }

  static async start(options: PushGatewayOptions): Promise<PushGatewayDouble> {
    const gateway = new PushGatewayDouble(options);
    gateway.server.listen(0, '127.0.0.1');
    await once(gateway.server, 'listening');
    return gateway;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1/push`;
  }

  receiptsTo(url: string): void {
    this.receiptsUrl = url;
  }

  /**
   * The next `count` POSTs are answered `status` (503, 429, 400 …) and not delivered — or, with
   * `deliverAnyway`, delivered and then answered with the error (a reply lost on the way back).
   */
  failNext(count: number, status = 503, options: { deliverAnyway?: boolean } = {}): void {
    for (let i = 0; i < count; i++)
      this.failures.push({ status, deliverAnyway: options.deliverAnyway ?? false });
  }

  setAutoReceipt(mode: 'delivered' | 'failed' | 'none'): void {
    this.options.autoReceipt = mode;
  }

  /** POSTs a signed receipt; `secret` other than the shared one forges it. Returns the HTTP status. */
  async sendReceipt(
    key: string,
    status: 'delivered' | 'failed',
    options: { reason?: string; secret?: string } = {},
  ): Promise<number> {
    if (!this.receiptsUrl) throw new Error('push gateway double: no receipts URL');
    const body = JSON.stringify({
      receipts: [
        {
          idempotencyKey: key,
          status,
          ...(options.reason ? { reason: options.reason } : {}),
          at: new Date().toISOString(),
        },
      ],
    });
    const response = await fetch(this.receiptsUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signBody(options.secret ?? this.options.secret, body, Date.now()),
      },
      body,
    });
    await response.arrayBuffer();
    return response.status;
  }

  waitForPosts(count: number, timeoutMs = 10_000): Promise<PushPost[]> {
    return waitForChange(
      this,
      () => (this.posts.length >= count ? this.posts : undefined),
      timeoutMs,
      `push gateway double: ${count} POSTs`,
    );
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage): Promise<number> {
    const raw = await bodyOf(req);
    const key = String(req.headers[IDEMPOTENCY_HEADER] ?? '');
    const record = (post: PushPost) => {
      this.posts.push(post);
      this.emit('change');
      return post.status;
    };
    const signed = verifySignature(
      this.options.secret,
      raw,
      req.headers[SIGNATURE_HEADER] as string,
      Date.now(),
    );
    if (!signed.ok) return record({ key, status: 401, signatureOk: false });
    const parsed = pushMessageSchema.safeParse(JSON.parse(raw));
    if (!parsed.success || parsed.data.idempotencyKey !== key)
      return record({ key, status: 400, signatureOk: true });
    const failure = this.failures.shift();
    if (failure && !failure.deliverAnyway)
      return record({ key, status: failure.status, signatureOk: true, message: parsed.data });
    const repeated = this.delivered.has(key);
    if (!repeated) this.delivered.set(key, parsed.data);
    const status = record({ key, status: failure?.status ?? 200, signatureOk: true, message: parsed.data });
    const auto = this.options.autoReceipt ?? 'none';
    if (!repeated && auto !== 'none') setImmediate(() => void this.sendReceipt(key, auto).catch(() => {}));
    return status;
  }
}
