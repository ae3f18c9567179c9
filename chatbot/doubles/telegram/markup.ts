import { z } from 'zod';
import { badRequest } from './errors.ts';
import type { InlineKeyboardMarkup } from './types.ts';

const UNPARSEABLE_MARKUP = "can't parse reply keyboard markup JSON object";

const inlineButton = z.looseObject({
  text: z.string(),
  callback_data: z.string().optional(),
  url: z.string().optional(),
});

const replyButton = z.union([z.string(), z.looseObject({ text: z.string() })]);

/**
 * Checks reply_markup the way the Bot API does and returns it as an object. The checks that bite
 * real bots are kept: text-only inline buttons, callback_data over 64 bytes, wrong shapes.
 */
export function validateReplyMarkup(raw: unknown): Record<string, unknown> | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  let markup: unknown = raw;
  if (typeof raw === 'string') {
    try {
      markup = JSON.parse(raw);
    } catch {
      throw badRequest(UNPARSEABLE_MARKUP);
    }
  }
  if (markup === null || typeof markup !== 'object' || Array.isArray(markup))
    throw badRequest(UNPARSEABLE_MARKUP);
  const object = markup as Record<string, unknown>;
  if ('inline_keyboard' in object) {
    const rows = z.array(z.array(inlineButton)).safeParse(object.inline_keyboard);
    if (!rows.success) throw badRequest('Field "inline_keyboard" must be an Array of Arrays');
    for (const button of rows.data.flat()) {
      if (
        button.callback_data === undefined &&
        button.url === undefined &&
        Object.keys(button).length === 1
      ) {
        throw badRequest(
          "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
        );
      }
      if (button.callback_data !== undefined) {
        const size = Buffer.byteLength(button.callback_data, 'utf8');
        if (size < 1 || size > 64) throw badRequest('BUTTON_DATA_INVALID');
      }
    }
    return object;
  }
  if ('keyboard' in object) {
    const rows = z.array(z.array(replyButton)).safeParse(object.keyboard);
    if (!rows.success) throw badRequest('Field "keyboard" must be an Array of Arrays');
    return object;
  }
  if ('remove_keyboard' in object || 'force_reply' in object) return object;
  throw badRequest(UNPARSEABLE_MARKUP);
}

/** Only inline keyboards travel back inside Message objects; reply keyboards live on the client. */
export function wireMarkup(markup: Record<string, unknown> | undefined): InlineKeyboardMarkup | undefined {
  if (markup && 'inline_keyboard' in markup) return markup as unknown as InlineKeyboardMarkup;
  return undefined;
}
