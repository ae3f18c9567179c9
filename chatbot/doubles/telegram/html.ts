import { badRequest } from './errors.ts';

/** The tags Telegram's HTML parse mode knows; anything else is refused. */
const TAGS = new Set([
  'a',
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'tg-emoji',
  'code',
  'pre',
  'blockquote',
]);

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

const fail = (what: string) => badRequest(`can't parse entities: ${what}`);

/**
 * Checks text sent with parse_mode=HTML the way the Bot API does and returns the plain text the
 * user sees. Unescaped "<" in client data (an address, "<5 кВт") is the classic failure: Telegram
 * answers 400 and the message is lost unless the bot escapes it — the double makes that visible.
 */
export function plainTextOfHtml(html: string): string {
  const open: string[] = [];
  let plain = '';
  let i = 0;
  const byteOffset = (index: number) => Buffer.byteLength(html.slice(0, index), 'utf8');
  while (i < html.length) {
    const ch = html[i];
    if (ch === '&') {
      const match = /^&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/.exec(html.slice(i, i + 12));
      const name = match?.[1];
      const decoded =
        name === undefined
          ? undefined
          : name.startsWith('#x')
            ? String.fromCodePoint(Number.parseInt(name.slice(2), 16))
            : name.startsWith('#')
              ? String.fromCodePoint(Number(name.slice(1)))
              : NAMED_ENTITIES[name];
      if (match && decoded !== undefined) {
        plain += decoded;
        i += match[0].length;
        continue;
      }
    }
    if (ch !== '<') {
      plain += ch;
      i += 1;
      continue;
    }
    const start = i;
    const closing = html[i + 1] === '/';
    const nameStart = i + (closing ? 2 : 1);
    let nameEnd = nameStart;
    while (nameEnd < html.length && !/[\s>]/.test(html[nameEnd] ?? '')) nameEnd += 1;
    const name = html.slice(nameStart, nameEnd).toLowerCase();
    // Checked in the server's order: end of text, unknown tag, then the closing ">".
    if (closing && open.length === 0) throw fail(`Unexpected end tag at byte offset ${byteOffset(start)}`);
    if (!closing && nameEnd >= html.length)
      throw fail(`Unclosed start tag at byte offset ${byteOffset(start)}`);
    if (!closing && !TAGS.has(name))
      throw fail(`Unsupported start tag "${name}" at byte offset ${byteOffset(start)}`);
    const close = html.indexOf('>', nameEnd);
    if (close === -1)
      throw fail(`Unclosed ${closing ? 'end' : 'start'} tag at byte offset ${byteOffset(start)}`);
    const inner = html.slice(nameStart, close);
    if (closing) {
      const expected = open.pop() ?? '';
      if (name !== '' && name !== expected) {
        throw fail(
          `Unmatched end tag at byte offset ${byteOffset(start)}, expected "</${expected}>", found "</${name}>"`,
        );
      }
    } else {
      if (name === 'span' && !/class\s*=\s*["']?tg-spoiler/.test(inner)) {
        throw fail(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(start)}`);
      }
      open.push(name);
    }
    i = close + 1;
  }
  const unclosed = open.pop();
  if (unclosed !== undefined) throw fail(`Can't find end tag corresponding to start tag "${unclosed}"`);
  return plain;
}

/** The text as the user will see it; only HTML is checked, Markdown modes pass through as sent. */
export function visibleText(text: string, parseMode: string | undefined): string {
  return parseMode === 'HTML' ? plainTextOfHtml(text) : text;
}
