import { randomBytes } from 'node:crypto';
import type { CallbackDelivery } from './callback.ts';
import type { VkContext } from './context.ts';
import { photoSizes } from './photo-sizes.ts';
import type { PeerRecord } from './state.ts';
import type { VkBotMessage, VkButton, VkDelivery, VkMessage, VkUser } from './types.ts';

export interface VkUserInput {
  /** An object is sent as JSON, the way a keyboard button's payload arrives. */
  payload?: unknown;
  photo?: { bytes?: Buffer; width?: number; height?: number };
  document?: { bytes: Buffer; fileName: string; mimeType?: string };
  profile?: Partial<VkUser>;
}

/** What VK reports about the user's app; a modern client supports every button type. */
const CLIENT_INFO = {
  button_actions: [
    'text',
    'vkpay',
    'open_app',
    'location',
    'open_link',
    'callback',
    'intent_subscribe',
    'intent_unsubscribe',
  ],
  keyboard: true,
  inline_keyboard: true,
  carousel: true,
  lang_id: 0,
};

/** The users' side of a VK community: produces Callback API events for what they do. */
export class VkUsers {
  constructor(
    private readonly ctx: VkContext,
    private readonly callback: CallbackDelivery,
    private readonly apiVersion: string,
  ) {}

  sends(peerId: number, text: string, input: VkUserInput = {}): Promise<VkDelivery> {
    const { state } = this.ctx;
    const record = state.ensurePeer(peerId, input.profile);
    record.allowed = true; // a user who writes to a community may be answered
    const ids = state.allocateIds(record);
    const message: VkMessage = {
      id: ids.id,
      date: state.unixNow(),
      peer_id: peerId,
      from_id: peerId,
      out: 0,
      text,
      attachments: this.attachments(record, input),
      conversation_message_id: ids.cmid,
      fwd_messages: [],
      important: false,
      is_hidden: false,
      random_id: 0,
      ...(input.payload !== undefined
        ? { payload: typeof input.payload === 'string' ? input.payload : JSON.stringify(input.payload) }
        : {}),
    };
    record.userMessages.push(message);
    return this.callback.send(peerId, this.event('message_new', { message, client_info: CLIENT_INFO }));
  }

  /**
   * Presses the button labelled `label` on the newest keyboard that has it: a text button sends
   * its label as a message with the button's payload; a callback button raises message_event.
   */
  presses(peerId: number, label: string): Promise<VkDelivery & { eventId: string }> {
    const record = this.ctx.state.peers.get(peerId);
    const found = record ? findButton(record, label) : undefined;
    if (!record || !found)
      throw new Error(`no keyboard shown to ${peerId} has a button labelled ${JSON.stringify(label)}`);
    const { button, message } = found;
    if (button.action.type === 'text') {
      return this.sends(peerId, label, { payload: button.action.payload }).then((d) => ({
        ...d,
        eventId: d.eventId,
      }));
    }
    if (button.action.type !== 'callback')
      throw new Error(`a ${button.action.type} button sends no event to the bot`);
    const eventId = randomBytes(6).toString('hex');
    const payload = button.action.payload ? (JSON.parse(button.action.payload) as unknown) : {};
    this.ctx.state.events.set(eventId, {
      eventId,
      userId: peerId,
      peerId,
      payload,
      conversationMessageId: message.conversation_message_id,
    });
    const event = this.event('message_event', {
      user_id: peerId,
      peer_id: peerId,
      event_id: eventId,
      payload,
      conversation_message_id: message.conversation_message_id,
    });
    return this.callback.send(peerId, event).then((delivery) => ({ ...delivery, eventId }));
  }

  private event(type: string, object: Record<string, unknown>): Record<string, unknown> {
    return {
      group_id: this.ctx.group.id,
      type,
      event_id: this.ctx.state.newEventId(),
      v: this.apiVersion,
      object,
    };
  }

  private attachments(record: PeerRecord, input: VkUserInput): unknown[] {
    const { state } = this.ctx;
    const base = this.ctx.baseUrl();
    if (input.photo) {
      const bytes = input.photo.bytes ?? randomBytes(2048);
      const key = state.storeFile(bytes, 'photo.jpg', 'image/jpeg');
      const photo = state.savePhoto(bytes);
      return [
        {
          type: 'photo',
          photo: {
            album_id: -3,
            date: state.unixNow(),
            id: photo.id,
            owner_id: record.user.id,
            access_key: photo.access_key,
            sizes: photoSizes(`${base}/files/${key}`, input.photo.width ?? 1280, input.photo.height ?? 960),
            text: '',
            has_tags: false,
          },
        },
      ];
    }
    if (input.document) {
      const { bytes, fileName, mimeType } = input.document;
      const key = state.storeFile(bytes, fileName, mimeType ?? 'application/octet-stream');
      return [
        {
          type: 'doc',
          doc: {
            id: Number.parseInt(randomBytes(3).toString('hex'), 16),
            owner_id: record.user.id,
            title: fileName,
            size: bytes.length,
            ext: /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1] ?? '',
            date: state.unixNow(),
            type: 8,
            url: `${base}/files/${key}`,
            access_key: randomBytes(9).toString('hex'),
          },
        },
      ];
    }
    return [];
  }
}

/** Inline keyboards stay on their messages; only the newest regular keyboard is on screen. */
function findButton(
  record: PeerRecord,
  label: string,
): { button: VkButton; message: VkBotMessage } | undefined {
  const newestFirst = [...record.botMessages].reverse();
  const regular = newestFirst.find((m) => m.keyboard && !m.keyboard.inline);
  const candidates = [...newestFirst.filter((m) => m.keyboard?.inline), ...(regular ? [regular] : [])];
  for (const message of candidates) {
    const button = message.keyboard?.buttons.flat().find((b) => b.action.label === label);
    if (button) return { button, message };
  }
  return undefined;
}
