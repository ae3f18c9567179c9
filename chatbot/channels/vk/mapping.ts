import { z } from 'zod';
import type { Attachment, Inbound, Reply } from '../../dialog/types.ts';

export const VK_TEXT_LIMIT = 4096;

/** The envelope of every Callback API post; the object is checked per event type. */
export const callbackSchema = z.object({
  type: z.string().min(1),
  group_id: z.number().int().positive(),
  event_id: z.string().min(1).max(100).optional(),
  secret: z.string().optional(),
  v: z.string().optional(),
  object: z.unknown().optional(),
});
export type VkCallback = z.infer<typeof callbackSchema>;

const attachmentSchema = z.looseObject({
  type: z.string(),
  photo: z
    .looseObject({
      id: z.number(),
      owner_id: z.number(),
      access_key: z.string().optional(),
      sizes: z
        .array(
          z.looseObject({ url: z.string(), width: z.number().optional(), height: z.number().optional() }),
        )
        .default([]),
    })
    .optional(),
  doc: z
    .looseObject({
      id: z.number(),
      owner_id: z.number(),
      title: z.string().optional(),
      access_key: z.string().optional(),
      url: z.string().optional(),
      size: z.number().optional(),
    })
    .optional(),
});

export const messageNewSchema = z.object({
  message: z.looseObject({
    peer_id: z.number().int(),
    from_id: z.number().int(),
    text: z
      .string()
      .max(VK_TEXT_LIMIT * 4)
      .default(''),
    payload: z.string().max(1000).optional(),
    attachments: z.array(attachmentSchema).default([]),
  }),
});

function attachmentRef(item: z.infer<typeof attachmentSchema>): Attachment | undefined {
  if (item.type === 'photo' && item.photo) {
    const { owner_id, id, access_key, sizes } = item.photo;
    // The largest size is the original the client sent.
    const largest = sizes.reduce<(typeof sizes)[number] | undefined>(
      (best, size) =>
        !best || (size.width ?? 0) * (size.height ?? 0) > (best.width ?? 0) * (best.height ?? 0)
          ? size
          : best,
      undefined,
    );
    return {
      kind: 'photo',
      ref: `photo${owner_id}_${id}${access_key ? `_${access_key}` : ''}`,
      url: largest?.url,
    };
  }
  if (item.type === 'doc' && item.doc) {
    const { owner_id, id, access_key, title, url, size } = item.doc;
    return {
      kind: 'document',
      ref: `doc${owner_id}_${id}${access_key ? `_${access_key}` : ''}`,
      fileName: title,
      url,
      sizeBytes: size,
    };
  }
  return undefined;
}

/** A `message_new` as the dialog sees it; a button's payload `{"c": "…"}` becomes the choice. */
export function inboundFromMessageNew(eventId: string, object: unknown): Inbound | { error: string } {
  const parsed = messageNewSchema.safeParse(object);
  if (!parsed.success)
    return { error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  const { message } = parsed.data;
  // Group chats (peer ids from 2e9) are not served: the bot talks to one person at a time.
  if (message.peer_id >= 2_000_000_000) return { error: 'group chats are not served' };
  let choice: string | undefined;
  let text = message.text.slice(0, VK_TEXT_LIMIT);
  if (message.payload) {
    try {
      const payload = JSON.parse(message.payload) as { c?: unknown; command?: unknown };
      if (typeof payload.c === 'string') choice = payload.c;
      // VK's own «Начать» button: a first contact with nothing asked yet, like Telegram's /start.
      else if (payload.command === 'start') text = '';
    } catch {
      // a payload we did not make: treat the message as text
    }
  }
  const attachments = message.attachments.map(attachmentRef).filter((a): a is Attachment => Boolean(a));
  return {
    conversation: { channel: 'vk', chatId: String(message.peer_id) },
    eventId,
    text: choice ? undefined : text,
    choice,
    attachments: attachments.length ? attachments : undefined,
  };
}

/** VK inline keyboard JSON: text buttons carrying `{"c": data}` (labels ≤ 40 characters). */
export function vkKeyboard(reply: Reply): string | undefined {
  if (!reply.buttons?.length) return undefined;
  return JSON.stringify({
    inline: true,
    buttons: reply.buttons.map((row) =>
      row.map((button) => ({
        action: {
          type: 'text',
          label: button.label.slice(0, 40),
          payload: JSON.stringify({ c: button.data }),
        },
        color: 'secondary',
      })),
    ),
  });
}

/** messages.send wants an int32 random_id; the same outbound message always gets the same one. */
export function randomIdOf(messageId: string): number {
  let hash = 0;
  for (const ch of messageId) hash = (Math.imul(hash, 31) + ch.charCodeAt(0)) | 0;
  return Math.abs(hash) || 1;
}
