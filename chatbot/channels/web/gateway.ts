import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Redis } from 'ioredis';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../../../core/logging/logger.ts';
import type { DialogEngine } from '../../dialog/engine.ts';
import type { ChatKeys } from '../../dialog/keys.ts';
import { chatTexts } from '../../dialog/texts.ts';
import type { WebDelivery } from './delivery.ts';
import { clientFrameSchema, type ServerFrame, sessionIdSchema } from './protocol.ts';

export const WEB_CHAT_WS_PATH = '/chat/ws';
const MAX_FRAME_BYTES = 64 * 1024;
/**
 * A turn that failed for a passing reason (Redis restarting, the turn's lease lost while it
 * stalled) is run again, with the same event id — so it is answered at most once — for this long
 * before the client is asked to send the message again. Telegram and VK redeliver an unconfirmed
 * update by themselves; a web client's message would otherwise wait for a person to resend it.
 */
export const TURN_RETRY_WITHIN_MS = 10_000;

/**
 * The web chat's WebSocket endpoint (`/chat/ws?session=<id>`). Each frame is one dialog turn;
 * replies arrive through the outbound queue and WebDelivery's pub/sub, so they reach the widget
 * whichever instance produced them.
 */
export class WebChatGateway {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private readonly sockets = new Map<string, Set<WebSocket>>();
  private subscriber: Redis | undefined;
  /** TCP sockets holding frames until the end of this event-loop turn (see `send`). */
  private readonly corked = new Set<Duplex>();

  constructor(
    private readonly engine: DialogEngine,
    private readonly delivery: WebDelivery,
    private readonly keys: ChatKeys,
    private readonly logger: Logger,
    private readonly flood: { perMinute: number; burst: number } = { perMinute: 30, burst: 10 },
    private readonly onCommitted?: () => void,
    private readonly retryWithinMs = TURN_RETRY_WITHIN_MS,
  ) {}

  /** Subscribes to live deliveries (a dedicated connection) and takes upgrades on `server`. */
  async attach(server: Server, redis: Redis): Promise<void> {
    this.subscriber = redis.duplicate();
    await this.subscriber.subscribe(this.keys.webLive);
    this.subscriber.on('message', (_channel, raw: string) => {
      const newline = raw.indexOf('\n');
      const sockets = this.sockets.get(raw.slice(0, newline));
      if (sockets) for (const socket of sockets) this.send(socket, raw.slice(newline + 1));
    });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== WEB_CHAT_WS_PATH) return;
      const session = sessionIdSchema.safeParse(url.searchParams.get('session') ?? '');
      if (!session.success) {
        socket.end(
          'HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n\r\nsession is missing or malformed',
        );
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.connected(ws, session.data));
    });
  }

  private connected(ws: WebSocket, session: string): void {
    const bucket = new FloodBucket(this.flood.perMinute, this.flood.burst);
    const set = this.sockets.get(session) ?? new Set<WebSocket>();
    set.add(ws);
    this.sockets.set(session, set);
    ws.on('close', () => {
      set.delete(ws);
      if (set.size === 0) this.sockets.delete(session);
    });
    ws.on('error', (error) => this.logger.debug({ err: error }, 'web chat socket error'));
    ws.on('message', (data, isBinary) => {
      // A flooding widget is told once to slow down and its extra frames are not handled (nor
      // acknowledged: a real widget sends them again later); other sessions never notice.
      const verdict = bucket.take(Date.now());
      if (verdict === 'over') return;
      if (verdict === 'first_over') {
        this.logger.warn('web chat: a session sends faster than allowed');
        return this.sendFrame(ws, { type: 'error', message: chatTexts.slowDown });
      }
      void this.frame(ws, session, isBinary ? '' : data.toString());
    });
  }

  private sendFrame(ws: WebSocket, frame: ServerFrame): void {
    this.send(ws, JSON.stringify(frame));
  }

  /**
   * A turn's reply (from pub/sub) and its ack (from the commit) reach this process in the same
   * event-loop turn: corking the TCP socket until `setImmediate` sends both in one write instead
   * of a system call each. ws has no public cork, hence its `_socket`; without one, frames go as is.
   */
  private send(ws: WebSocket, data: string): void {
    if (ws.readyState !== ws.OPEN) return;
    const tcp = (ws as unknown as { _socket?: Duplex })._socket;
    if (tcp && !this.corked.has(tcp)) {
      if (this.corked.size === 0) setImmediate(this.uncork);
      tcp.cork();
      this.corked.add(tcp);
    }
    ws.send(data);
  }

  private readonly uncork = (): void => {
    for (const tcp of this.corked) tcp.uncork();
    this.corked.clear();
  };

  private async frame(ws: WebSocket, session: string, raw: string): Promise<void> {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return this.sendFrame(ws, { type: 'error', message: 'Сообщение не распознано (ожидается JSON).' });
    }
    const parsed = clientFrameSchema.safeParse(json);
    if (!parsed.success) {
      return this.sendFrame(ws, {
        type: 'error',
        message: parsed.error.issues[0]?.message ?? 'Неверное сообщение.',
      });
    }
    const frame = parsed.data;
    if (frame.type === 'resume') {
      for (const missed of await this.delivery.since(session, frame.after)) this.send(ws, missed);
      return;
    }
    const conversation = { channel: 'web_chat' as const, chatId: session };
    try {
      const result = await this.handleWithRetry(
        frame.type === 'message'
          ? { conversation, eventId: frame.id, text: frame.text }
          : { conversation, eventId: frame.id, choice: frame.data },
      );
      this.onCommitted?.();
      this.sendFrame(ws, { type: 'ack', id: frame.id, duplicate: result.duplicate });
    } catch (error) {
      this.logger.error({ err: error }, 'web chat turn failed');
      this.sendFrame(ws, {
        type: 'error',
        message: 'Не удалось обработать сообщение. Пожалуйста, отправьте его ещё раз.',
      });
    }
  }

  private async handleWithRetry(input: Parameters<DialogEngine['handle']>[0]) {
    const deadline = Date.now() + this.retryWithinMs;
    for (let pause = 250; ; pause = Math.min(pause * 2, 2_000)) {
      try {
        return await this.engine.handle(input);
      } catch (error) {
        if (Date.now() + pause > deadline) throw error;
        this.logger.warn({ err: error }, 'web chat turn failed; it is run again');
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  async close(): Promise<void> {
    for (const set of this.sockets.values()) for (const ws of set) ws.terminate();
    this.wss.close();
    await this.subscriber?.quit().catch(() => undefined);
  }
}

/**
 * Token bucket of one WebSocket: `burst` frames at once, refilled at `perMinute`. Per socket, in
 * memory: a flood costs no Redis round trip, and one session's flood touches no one else.
 */
export class FloodBucket {
  private tokens: number;
  private at = 0;
  private warned = false;

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  take(now: number): 'ok' | 'first_over' | 'over' {
    if (this.at)
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) * this.perMinute) / 60_000);
    this.at = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.warned = false;
      return 'ok';
    }
    if (this.warned) return 'over';
    this.warned = true;
    return 'first_over';
  }
}
