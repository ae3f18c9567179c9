/**
 * What the chatbot accepts as a client's file: the type is decided from the first bytes (a sender's
 * declared type or extension is not trusted), the size is capped, and the name is made harmless
 * before it is stored or shown to an operator.
 */

export interface AcceptedType {
  mimeType: string;
  extension: string;
  kind: 'photo' | 'document';
}

const TYPES = {
  jpeg: { mimeType: 'image/jpeg', extension: 'jpg', kind: 'photo' },
  png: { mimeType: 'image/png', extension: 'png', kind: 'photo' },
  webp: { mimeType: 'image/webp', extension: 'webp', kind: 'photo' },
  heic: { mimeType: 'image/heic', extension: 'heic', kind: 'photo' },
  pdf: { mimeType: 'application/pdf', extension: 'pdf', kind: 'document' },
  docx: {
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
    kind: 'document',
  },
  xlsx: {
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
    kind: 'document',
  },
} as const satisfies Record<string, AcceptedType>;

/** For the client: what may be sent (Russian). */
export const ACCEPTED_TYPES_RU = 'фото (JPEG, PNG, WEBP, HEIC) или документ (PDF, DOCX, XLSX)';

/** Bytes `sniffType` needs to see. */
export const SNIFF_BYTES = 16;

const startsWith = (head: Uint8Array, bytes: number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/**
 * The type of a file from its first bytes; office documents (zip containers) also need the name's
 * extension to tell a .docx from a .xlsx. Undefined: not a type the chatbot keeps.
 */
export function sniffType(head: Uint8Array, fileName = ''): AcceptedType | undefined {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return TYPES.jpeg;
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return TYPES.png;
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return TYPES.webp;
  if (startsWith(head, ascii('ftyp'), 4)) {
    const brand = String.fromCharCode(...head.slice(8, 12));
    if (['heic', 'heix', 'heif', 'mif1', 'hevc'].includes(brand)) return TYPES.heic;
  }
  if (startsWith(head, ascii('%PDF-'))) return TYPES.pdf;
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    const extension = fileName.toLowerCase().split('.').at(-1);
    if (extension === 'docx') return TYPES.docx;
    if (extension === 'xlsx') return TYPES.xlsx;
  }
  return undefined;
}

/** Declared types worth downloading at all (a sender's claim; the bytes decide in the end). */
export function declaredTypeAcceptable(mimeType: string | undefined): boolean {
  if (!mimeType || mimeType === 'application/octet-stream') return true;
  return Object.values(TYPES).some((type) => type.mimeType === mimeType) || mimeType === 'image/heif';
}

// Path separators, characters Windows refuses, and every control/format character (including the
// right-to-left override that disguises "txt.exe" as "exe.txt").
const UNSAFE = /[\\/:*?"<>|\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;
const MAX_NAME_CHARS = 120;

/**
 * A file name safe to store and display: the last path segment only, no control or separator
 * characters, no leading dots, at most 120 characters. With the type the bytes showed, it ends
 * with that type's extension ("счёт.pdf.exe" sniffed as PDF becomes "счёт.pdf.exe.pdf").
 */
export function sanitizeFileName(raw: string | undefined, type?: AcceptedType): string {
  const lastSegment = (raw ?? '').split(/[\\/]/).at(-1) ?? '';
  let name = lastSegment
    .normalize('NFC')
    .replace(UNSAFE, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (RESERVED.test(name)) name = `_${name}`;
  const lower = name.toLowerCase();
  const own = name.includes('.') ? name.slice(name.lastIndexOf('.')) : '';
  const fits =
    !type || lower.endsWith(`.${type.extension}`) || (type.extension === 'jpg' && lower.endsWith('.jpeg'));
  const extension = fits ? (own.length <= 10 ? own : '') : `.${type!.extension}`;
  const base = fits && extension ? name.slice(0, name.length - extension.length) : name;
  const fallback = type?.kind === 'photo' ? 'фото' : type ? 'документ' : 'файл';
  const stem = [...(base || fallback)].slice(0, MAX_NAME_CHARS - extension.length).join('');
  return `${stem}${extension}`;
}
