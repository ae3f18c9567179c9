import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { ServerFrame } from '../channels/web/protocol.ts';

type MessageFrame = Extract<ServerFrame, { type: 'message' }>;

/** A scripted widget: sends frames, collects what the bot sends, waits for the next message. */
export class WebChatClient {
  readonly messages: MessageFrame[] = [];
  readonly frames: ServerFrame[] = [];
  private seen = 0;

  private constructor(
    readonly ws: WebSocket,
    readonly session: string,
  ) {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as ServerFrame;
      this.frames.push(frame);
      if (frame.type === 'message') this.messages.push(frame);
    });
  }

  static async connect(baseUrl: string, session: string = randomUUID()): Promise<WebChatClient> {
    const ws = new WebSocket(`${baseUrl.replace('http', 'ws')}/chat/ws?session=${session}`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new WebChatClient(ws, session);
  }

  send(text: string, id: string = randomUUID()): string {
    this.ws.send(JSON.stringify({ type: 'message', id, text }));
    return id;
  }

  press(data: string, id: string = randomUUID()): void {
    this.ws.send(JSON.stringify({ type: 'button', id, data }));
  }

  raw(payload: string): void {
    this.ws.send(payload);
  }

  /** The next bot message not returned before. */
  async next(timeoutMs = 5000): Promise<MessageFrame> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length <= this.seen) {
      if (Date.now() > deadline) throw new Error(`no bot message within ${timeoutMs} ms (got ${this.seen})`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.messages[this.seen++]!;
  }

  /** Sends text and returns the bot's answer to it. */
  async ask(text: string): Promise<MessageFrame> {
    this.send(text);
    return this.next();
  }

  async choose(data: string): Promise<MessageFrame> {
    this.press(data);
    return this.next();
  }

  /** Nothing more arrives within `ms`. */
  async silentFor(ms: number): Promise<boolean> {
    const before = this.messages.length;
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.messages.length === before;
  }

  close(): void {
    this.ws.close();
  }
}
