import { decodeCharset, decodeEncodedWords } from './rfc2047.ts';
import type { MailHeader } from './schemas.ts';

interface Entity {
  headers: MailHeader[];
  body: string;
}

/** Splits an RFC 5322 entity into unfolded, decoded headers and its body (CRLF or LF). */
function splitEntity(raw: string): Entity {
  const match = /\r?\n\r?\n/.exec(raw);
  const head = match ? raw.slice(0, match.index) : raw;
  const body = match ? raw.slice(match.index + match[0].length) : '';
  const headers: MailHeader[] = [];
  for (const line of head.split(/\r?\n/)) {
    const last = headers.at(-1);
    if (/^[ \t]/.test(line) && last) last.value += ` ${line.trim()}`;
    else {
      const colon = line.indexOf(':');
      if (colon > 0) headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
    }
  }
  for (const header of headers) header.value = decodeEncodedWords(header.value);
  return { headers, body };
}

export function headerValue(headers: readonly MailHeader[], name: string): string | undefined {
  return headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}

function parameter(value: string, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return match ? (match[1] ?? match[2]) : undefined;
}

function decodeQuotedPrintable(body: string): Buffer {
  const bytes: number[] = [];
  const text = body.replace(/=\r?\n/g, '');
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes);
}

/** The body's bytes per Content-Transfer-Encoding; `body` holds the bytes as latin1 characters. */
function transferDecode(body: string, encoding: string | undefined): Buffer {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64');
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    default:
      return Buffer.from(body, 'latin1');
  }
}

/** The first text/plain part, depth-first through multipart containers. */
function plainText(entity: Entity): string | undefined {
  const type = headerValue(entity.headers, 'Content-Type') ?? 'text/plain; charset=us-ascii';
  const mime = type.split(';')[0]!.trim().toLowerCase();
  if (mime.startsWith('multipart/')) {
    const boundary = parameter(type, 'boundary');
    if (!boundary) return undefined;
    const sections = entity.body.split(`--${boundary}`).slice(1);
    for (const section of sections) {
      if (section.startsWith('--')) break;
      const text = plainText(splitEntity(section.replace(/^\r?\n/, '')));
      if (text !== undefined) return text;
    }
    return undefined;
  }
  if (mime !== 'text/plain') return undefined;
  const bytes = transferDecode(entity.body, headerValue(entity.headers, 'Content-Transfer-Encoding'));
  return decodeCharset(bytes, parameter(type, 'charset') ?? 'utf-8').replace(/\r?\n$/, '');
}

/**
 * Reads what a test needs from a received message. `raw` holds the octets as latin1 characters
 * so that 8-bit bodies are decoded by their declared charset, not guessed.
 */
export function parseMessage(raw: string): { headers: MailHeader[]; subject: string; text: string } {
  const entity = splitEntity(raw);
  return {
    headers: entity.headers,
    subject: headerValue(entity.headers, 'Subject') ?? '',
    text: plainText(entity) ?? '',
  };
}
