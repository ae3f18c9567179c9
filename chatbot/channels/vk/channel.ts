import { Agent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { Request, Response } from 'express';
import { APIError, VK } from 'vk-io';
import type { Logger } from '../../../core/logging/logger.ts';
import type { DialogEngine } from '../../dialog/engine.ts';
import type { OutboundMessage } from '../../outbound/outbox.ts';
import { SendFailure } from '../../outbound/sender.ts';
import { secretMatches } from '../secret.ts';
import { callbackSchema, inboundFromMessageNew, randomIdOf, VK_TEXT_LIMIT, vkKeyboard } from './mapping.ts';

export interface VkChannelOptions {
  accessToken: string;
  groupId: number;
  /** The string VK shows on the Callback API page, returned to the confirmation request. */
  confirmationCode: string;
  /** "Секретный ключ" of the Callback API settings; every event must carry it. */
  secret: string;
  apiBaseUrl?: string;
  /** Community tokens may make 20 requests a second. */
  apiLimit?: number;
  onCommitted?: () => void;
}

// VK error codes worth another try: unknown error, too many requests, flood control, internal error.
const RETRYABLE = new Set([1, 6, 9, 10]);

/**
 * VK communities: the Callback API parsed here (the secret, the confirmation, `ok` only after the
 * turn is committed, exact HTTP answers for bad posts) and messages.send through vk-io.
 */
export class VkChannel {
  readonly vk: VK;

  constructor(
    private readonly options: VkChannelOptions,
    private readonly engine: DialogEngine,
    private readonly logger: Logger,
  ) {
    const plainHttp = options.apiBaseUrl?.startsWith('http://');
    this.vk = new VK({
      token: options.accessToken,
      apiBaseUrl: options.apiBaseUrl ?? 'https://api.vk.com/method',
      apiLimit: options.apiLimit ?? 20,
      // Retries are the outbound queue's job (durable, with backoff).
      apiRetryLimit: 0,
      ...(plainHttp ? { agent: new Agent({ keepAlive: true }) as unknown as HttpsAgent } : {}),
    });
  }

  /** Express handler of POST <callback path>. */
  callback = async (req: Request, res: Response): Promise<void> => {
    const parsed = callbackSchema.safeParse(req.body);
    if (!parsed.success) {
      this.logger.warn({ problems: parsed.error.issues.length }, 'vk callback: malformed payload');
      res.status(400).type('text/plain').send('malformed Callback API payload');
      return;
    }
    const event = parsed.data;
    if (event.group_id !== this.options.groupId) {
      this.logger.warn({ groupId: event.group_id }, 'vk callback: event for another community');
      res.status(403).type('text/plain').send('unknown community');
      return;
    }
    if (!secretMatches(event.secret, this.options.secret)) {
      this.logger.warn({ type: event.type }, 'vk callback: wrong secret key');
      res.status(403).type('text/plain').send('wrong secret key');
      return;
    }
    if (event.type === 'confirmation') {
      res.status(200).type('text/plain').send(this.options.confirmationCode);
      return;
    }
    if (event.type !== 'message_new') {
      this.logger.debug({ type: event.type }, 'vk callback: event type the bot does not serve');
      res.status(200).type('text/plain').send('ok');
      return;
    }
    if (!event.event_id) {
      res.status(400).type('text/plain').send('event_id is missing');
      return;
    }
    const inbound = inboundFromMessageNew(event.event_id, event.object);
    if ('error' in inbound) {
      this.logger.warn({ reason: inbound.error }, 'vk callback: message_new not served');
      res.status(200).type('text/plain').send('ok');
      return;
    }
    try {
      await this.engine.handle(inbound);
      this.options.onCommitted?.();
      res.status(200).type('text/plain').send('ok');
    } catch (error) {
      // Not "ok": VK delivers the event again, and the dialog recognises it if it was handled.
      this.logger.error({ err: error }, 'vk callback: the turn failed');
      res.status(500).type('text/plain').send('temporary failure');
    }
  };

  deliver = async (message: OutboundMessage): Promise<void> => {
    try {
      await this.vk.api.messages.send({
        peer_id: Number(message.chatId),
        message: message.reply.text.slice(0, VK_TEXT_LIMIT),
        random_id: randomIdOf(message.id),
        keyboard: vkKeyboard(message.reply),
      });
    } catch (error) {
      if (error instanceof APIError) {
        if (RETRYABLE.has(Number(error.code))) throw new SendFailure('retry', `VK error ${error.code}`);
        throw new SendFailure('permanent', `VK error ${error.code}`);
      }
      throw new SendFailure('retry', (error as Error).message ?? String(error));
    }
  };
}
