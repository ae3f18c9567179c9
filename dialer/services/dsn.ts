/**
 * Delivery status notifications (RFC 3464): a `multipart/report; report-type=delivery-status`
 * whose `message/delivery-status` part holds one per-message group and one group per recipient
 * (Final-Recipient, Action, Status, Diagnostic-Code), usually followed by the returned message
 * or its headers (where our Message-ID is). Only what matching a bounce needs is read.
 */
export interface DsnRecipient {
  finalRecipient: string;
  action: string;
  status: string;
  diagnostic?: string;
}

export interface Dsn {
  /** Headers of the DSN itself (To: is the envelope sender the MTA bounced to). */
  headers: Map<string, string>;
  recipients: DsnRecipient[];
  /** Message-ID of the returned original, when the MTA included it. */
  originalMessageId?: string;
}

interface Entity {
  headers: Map<string, string>;
  body: string;
}

/** Header block → lower-cased names, unfolded values (the first occurrence wins). */
function parseHeaderBlock(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

function parseEntity(text: string): Entity {
  const match = /\r?\n\r?\n/.exec(text);
  if (!match) return { headers: parseHeaderBlock(text), body: '' };
  return {
    headers: parseHeaderBlock(text.slice(0, match.index)),
    body: text.slice(match.index + match[0].length),
  };
}

function contentType(entity: Entity): { type: string; params: Map<string, string> } {
  const [type = 'text/plain', ...rest] = (entity.headers.get('content-type') ?? 'text/plain').split(';');
  const params = new Map<string, string>();
  for (const param of rest) {
    const at = param.indexOf('=');
    if (at > 0)
      params.set(
        param.slice(0, at).trim().toLowerCase(),
        param
          .slice(at + 1)
          .trim()
          .replace(/^"(.*)"$/, '$1'),
      );
  }
  return { type: type.trim().toLowerCase(), params };
}

function multipartParts(body: string, boundary: string): string[] {
  const parts: string[] = [];
  const delimiter = `--${boundary}`;
  const lines = body.split(/\r?\n/);
  let current: string[] | undefined;
  for (const line of lines) {
    if (line === `${delimiter}--`) break;
    if (line === delimiter) {
      if (current) parts.push(current.join('\r\n'));
      current = [];
    } else current?.push(line);
  }
  if (current) parts.push(current.join('\r\n'));
  return parts;
}

/** Every entity of the message, depth first (nested multiparts opened). */
function* walk(entity: Entity): Generator<Entity> {
  yield entity;
  const { type, params } = contentType(entity);
  const boundary = params.get('boundary');
  if (type.startsWith('multipart/') && boundary)
    for (const part of multipartParts(entity.body, boundary)) yield* walk(parseEntity(part));
}

const address = (field: string | undefined) =>
  (field ?? '')
    .replace(/^[^;]*;\s*/, '')
    .trim()
    .replace(/^<(.*)>$/, '$1');

/** The DSN inside `raw`, or undefined when the message carries no delivery-status part. */
export function parseDsn(raw: Buffer | string): Dsn | undefined {
  const root = parseEntity(typeof raw === 'string' ? raw : raw.toString('latin1'));
  let status: Entity | undefined;
  let originalMessageId: string | undefined;
  for (const entity of walk(root)) {
    const { type } = contentType(entity);
    if (type === 'message/delivery-status' || type === 'message/global-delivery-status') status = entity;
    if (type === 'message/rfc822' || type === 'text/rfc822-headers') {
      const original = parseEntity(entity.body).headers.get('message-id');
      if (original) originalMessageId = original;
    }
  }
  if (!status) return undefined;
  const groups = status.body
    .split(/\r?\n[ \t]*\r?\n/)
    .map((group) => parseHeaderBlock(group))
    .filter((group) => group.size > 0);
  const recipients = groups
    .filter((group) => group.has('action') || group.has('final-recipient'))
    .map((group) => ({
      finalRecipient: address(group.get('final-recipient')),
      action: (group.get('action') ?? '').toLowerCase(),
      status: (group.get('status') ?? '').split(/\s/)[0] ?? '',
      ...(group.get('diagnostic-code') ? { diagnostic: group.get('diagnostic-code') } : {}),
    }));
  return { headers: root.headers, recipients, ...(originalMessageId ? { originalMessageId } : {}) };
}

/** A permanent failure (hard bounce); `delayed` and 4.x.x are only news that delivery goes on. */
export const isHardBounce = (r: DsnRecipient) =>
  r.action === 'failed' && /^5\.\d{1,3}\.\d{1,3}$/.test(r.status);
