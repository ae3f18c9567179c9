import { z } from 'zod';
import { ERRORS } from './errors.ts';
import type { VkKeyboard } from './types.ts';

const LABEL_MAX = 40;
const PAYLOAD_MAX = 255;

const button = z.object({
  action: z.looseObject({
    type: z.enum(['text', 'open_link', 'location', 'vkpay', 'open_app', 'callback']),
    label: z.string().min(1).max(LABEL_MAX).optional(),
    payload: z.string().max(PAYLOAD_MAX).optional(),
    link: z.string().optional(),
  }),
  color: z.enum(['primary', 'secondary', 'negative', 'positive']).optional(),
});

const keyboard = z.object({
  one_time: z.boolean().optional(),
  inline: z.boolean().optional(),
  buttons: z.array(z.array(button).max(5)),
});

/**
 * VK's documented keyboard limits: up to 5 buttons a row; 10 rows and 40 buttons for a regular
 * keyboard, 6 rows and 10 buttons for an inline one; labels up to 40 characters; payload up to 255.
 * Anything else is error 911.
 */
export function parseKeyboard(raw: string | undefined): VkKeyboard | undefined {
  if (raw === undefined || raw === '') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw ERRORS.keyboard();
  }
  const parsed = keyboard.safeParse(json);
  if (!parsed.success) throw ERRORS.keyboard();
  const kb = parsed.data;
  const rows = kb.buttons.length;
  const total = kb.buttons.flat().length;
  if (kb.inline ? rows > 6 || total > 10 : rows > 10 || total > 40) throw ERRORS.keyboard();
  for (const b of kb.buttons.flat()) {
    const needsLabel =
      b.action.type === 'text' || b.action.type === 'callback' || b.action.type === 'open_link';
    if (needsLabel && !b.action.label) throw ERRORS.keyboard();
  }
  return kb as VkKeyboard;
}
