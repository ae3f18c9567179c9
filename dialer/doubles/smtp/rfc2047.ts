/**
 * RFC 2047 encoded-words (`=?UTF-8?B?0J/RgNC40LLQtdGC?=`) in header values. Adjacent words with
 * only whitespace between them are joined first and their bytes decoded together, because
 * mailers split long UTF-8 text between words (sometimes mid-character).
 */
const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
const BETWEEN_WORDS = /^\s+$/;

function wordBytes(encoding: string, text: string): Buffer {
  if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64');
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '_') bytes.push(0x20);
    else if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(char.charCodeAt(0));
  }
  return Buffer.from(bytes);
}

export function decodeCharset(bytes: Buffer, charset: string): string {
  // RFC 2231 language suffix: UTF-8*ru
  const name = charset.split('*')[0]!.toLowerCase();
  try {
    return new TextDecoder(name).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

export function decodeEncodedWords(value: string): string {
  let result = '';
  let cursor = 0;
  let pending: { charset: string; bytes: Buffer[] } | undefined;
  const flush = () => {
    if (pending) result += decodeCharset(Buffer.concat(pending.bytes), pending.charset);
    pending = undefined;
  };
  for (const match of value.matchAll(ENCODED_WORD)) {
    const [whole, charset, encoding, text] = match;
    const gap = value.slice(cursor, match.index);
    // Whitespace between two encoded words is not part of the text (RFC 2047 §6.2).
    const afterWord = pending !== undefined && BETWEEN_WORDS.test(gap);
    if (!afterWord || pending?.charset.toLowerCase() !== charset!.toLowerCase()) {
      flush();
      if (!afterWord) result += gap;
      pending = { charset: charset!, bytes: [] };
    }
    pending!.bytes.push(wordBytes(encoding!, text!));
    cursor = match.index + whole.length;
  }
  flush();
  return result + value.slice(cursor);
}
