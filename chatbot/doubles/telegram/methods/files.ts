import { randomBytes } from 'node:crypto';
import type { UploadedFile } from '../../common/http.ts';
import type { BotContext, MethodCall, MethodHandler } from '../context.ts';
import { badRequest } from '../errors.ts';
import { visibleText } from '../html.ts';
import { validateReplyMarkup } from '../markup.ts';
import { getFileSchema, parseParams, sendMediaSchema } from '../schemas.ts';
import type { BotState, StoredFile } from '../state.ts';
import type { TgDocument, TgPhotoSize } from '../types.ts';
import { MAX_CAPTION_LENGTH, recordBotMessage, writableChat } from './messages.ts';

/** Bots may download files up to 20 MB through getFile. */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

const PHOTO_SIDES = [90, 320, 800, 1280];

/**
 * Telegram stores a photo in several sizes, each with its own file_id. The double does not decode
 * images: every size points at the same bytes, with nominal dimensions scaled from width × height.
 */
export function photoSizes(state: BotState, bytes: Buffer, width = 1280, height = 960): TgPhotoSize[] {
  const longest = Math.max(width, height);
  const sides = PHOTO_SIDES.filter((side) => side < longest);
  return [...sides, longest].map((side) => {
    const scale = side / longest;
    const file = state.storeFile(bytes, 'photos', 'jpg');
    return {
      file_id: file.file_id,
      file_unique_id: file.file_unique_id,
      width: Math.round(width * scale),
      height: Math.round(height * scale),
      file_size: bytes.length,
    };
  });
}

export function documentOf(file: StoredFile): TgDocument {
  return {
    file_id: file.file_id,
    file_unique_id: file.file_unique_id,
    ...(file.file_name ? { file_name: file.file_name } : {}),
    ...(file.mime_type ? { mime_type: file.mime_type } : {}),
    file_size: file.bytes.length,
  };
}

/** A media parameter is an uploaded part, an existing file_id or an HTTP URL (recorded, not fetched). */
function mediaSource(
  ctx: BotContext,
  call: MethodCall,
  field: string,
): { upload?: UploadedFile; existing?: StoredFile } {
  const upload = call.files[field];
  if (upload) return { upload };
  const value = call.params[field];
  if (typeof value !== 'string' || value === '') throw badRequest(`there is no ${field} in the request`);
  const existing = ctx.state.files.get(value);
  if (existing) return { existing };
  if (/^https?:\/\//.test(value)) {
    return {
      existing: ctx.state.storeFile(Buffer.alloc(0), field === 'photo' ? 'photos' : 'documents', 'dat'),
    };
  }
  throw badRequest('wrong file identifier/HTTP URL specified');
}

function mediaCommon(ctx: BotContext, call: MethodCall) {
  const input = parseParams(sendMediaSchema, call.params);
  const record = writableChat(ctx, input.chat_id);
  if (
    input.caption !== undefined &&
    visibleText(input.caption, input.parse_mode).length > MAX_CAPTION_LENGTH
  ) {
    throw badRequest('message caption is too long');
  }
  const replyMarkup = validateReplyMarkup(input.reply_markup);
  return {
    record,
    content: {
      ...(input.caption !== undefined ? { caption: input.caption } : {}),
      ...(input.parse_mode ? { parse_mode: input.parse_mode } : {}),
      ...(replyMarkup ? { reply_markup: replyMarkup } : {}),
    },
  };
}

export const sendPhoto: MethodHandler = (ctx, call) => {
  const { record, content } = mediaCommon(ctx, call);
  const source = mediaSource(ctx, call, 'photo');
  ctx.limits.admit(record.chat.id);
  const bytes = source.upload?.bytes ?? source.existing?.bytes ?? Buffer.alloc(0);
  return recordBotMessage(ctx, record, { ...content, photo: photoSizes(ctx.state, bytes) });
};

export const sendDocument: MethodHandler = (ctx, call) => {
  const { record, content } = mediaCommon(ctx, call);
  const source = mediaSource(ctx, call, 'document');
  ctx.limits.admit(record.chat.id);
  const file =
    source.existing ??
    ctx.state.storeFile(
      source.upload?.bytes ?? Buffer.alloc(0),
      'documents',
      extensionOf(source.upload?.name),
      {
        file_name: source.upload?.name,
        mime_type: source.upload?.type || 'application/octet-stream',
      },
    );
  return recordBotMessage(ctx, record, { ...content, document: documentOf(file) });
};

export const getFile: MethodHandler = (ctx, { params }) => {
  const input = parseParams(getFileSchema, params);
  const file = ctx.state.files.get(input.file_id);
  if (!file) throw badRequest('invalid file_id');
  if (file.bytes.length > MAX_DOWNLOAD_BYTES) throw badRequest('file is too big');
  return {
    file_id: file.file_id,
    file_unique_id: file.file_unique_id,
    file_size: file.bytes.length,
    file_path: file.file_path,
  };
};

export function extensionOf(name: string | undefined): string {
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(name ?? '');
  return match?.[1]?.toLowerCase() ?? 'dat';
}

export function newCallbackQueryId(): string {
  return BigInt(`0x${randomBytes(8).toString('hex')}`).toString();
}
