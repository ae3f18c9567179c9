import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../core/logging/logger.ts';
import { pushReceiptsSchema, SIGNATURE_HEADER, verifySignature } from '../push/contract.ts';
import { handlePushReceipts } from '../push/receipts.ts';
import { handleBounceMessage } from '../services/bounces.ts';
import type { DialerDeps } from '../services/deps.ts';

const MAX_BODY_BYTES = 1024 * 1024;

export interface IntakeOptions {
  host: string;
  port: number;
  /** Receipts are refused without it (push then has no gateway either). */
  pushSecret?: string;
  /** Bounces are matched by the signed VERP address / Message-ID (services/bounces.ts). */
  bounceSecret?: string;
  logger?: Logger;
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The dialer's own small listener for machines that report back: the push gateway's receipts
 * (`POST /api/push/receipts`, HMAC-signed) and bounces the site's MTA hands over
 * (`POST /api/mail/bounces`, the DSN as `message/rfc822`, `?recipient=` the envelope recipient).
 * It is not the desktop's /api: no staff session applies to a gateway, the dialer owns the
 * attempts, and it can be exposed to the gateway without exposing the desktop.
 */
export async function startIntakeServer(deps: DialerDeps, options: IntakeOptions): Promise<Server> {
  const server = createServer((req, res) => {
    const answer = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', 'http://intake');
    const route = `${req.method} ${url.pathname}`;
    (async () => {
      if (route === 'POST /api/push/receipts') {
        if (!options.pushSecret) return answer(404, { error: 'push gateway not configured' });
        const raw = (await readBody(req)).toString('utf8');
        const check = verifySignature(
          options.pushSecret,
          raw,
          req.headers[SIGNATURE_HEADER] as string,
          Date.now(),
        );
        if (!check.ok) return answer(401, { error: check.reason });
        let json: unknown;
        try {
          json = JSON.parse(raw);
        } catch {
          return answer(400, { error: 'body is not JSON' });
        }
        const parsed = pushReceiptsSchema.safeParse(json);
        if (!parsed.success) return answer(400, { error: 'bad receipts', issues: parsed.error.issues });
        return answer(200, await handlePushReceipts(deps, parsed.data));
      }
      if (route === 'POST /api/mail/bounces') {
        if (!options.bounceSecret) return answer(404, { error: 'bounce intake not configured' });
        const raw = await readBody(req);
        const result = await handleBounceMessage(
          deps,
          options.bounceSecret,
          raw,
          url.searchParams.get('recipient'),
        );
        return answer(result.kind === 'not_a_dsn' ? 422 : 200, result);
      }
      return answer(404, { error: 'not found' });
    })().catch((error) => {
      if (error instanceof BodyTooLarge) return answer(413, { error: 'body too large' });
      options.logger?.error({ err: error, route }, 'intake request failed');
      answer(500, { error: 'internal error' });
    });
  });
  server.listen(options.port, options.host);
  await once(server, 'listening');
  return server;
}

export const intakePort = (server: Server) => (server.address() as AddressInfo).port;
