import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Clock } from '../../../core/lifecycle/clock.ts';
import type { Logger } from '../../../core/logging/logger.ts';
import type { Session, SessionStore } from '../auth/sessions.ts';
import { readCookie, SESSION_COOKIE } from '../http/security.ts';
import { type Audience, type LiveMessage, reaches } from './audience.ts';

/** Part of the `hello` a browser gets on every (re)connect: the state it must resynchronise to. */
export type SnapshotProvider = (session: Session) => Promise<unknown>;

/** A feed of live messages (ACD events, chat messages…) the hub fans out. */
export type LiveSource = (signal: AbortSignal) => AsyncIterable<LiveMessage>;

interface Client {
  socket: WebSocket;
  session: Session;
  alive: boolean;
  /** Hellos being prepared for this socket; while any is, live messages wait in `held`. */
  hellosInFlight: number;
  /** Messages published while a hello was being prepared: sent right after it, in order. */
  held: string[];
}

/** Messages a socket may have held back while its snapshot is read, before it is dropped as stuck. */
const MAX_HELD_MESSAGES = 10_000;

export interface LiveHubOptions {
  sessions: SessionStore;
  /** The platform's clock: `hello.at` lets browsers align countdowns with the server's time. */
  clock: Clock;
  logger: Logger;
  /** How often a socket is pinged and its session re-checked (a signed-out user is cut off). */
  heartbeatMs?: number;
  /** Messages a slow socket may have unsent before it is dropped (it resynchronises on reconnect). */
  maxBufferedBytes?: number;
}

/**
 * The desktop's WebSocket endpoint (`/ws`): signed-in browsers only, same origin only. On every
 * connection the browser first gets `hello` with a fresh snapshot, so a reconnect after a drop
 * resynchronises without a page reload; after that it gets the live messages meant for it.
 */
export class LiveHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly clients = new Set<Client>();
  private readonly snapshots = new Map<string, SnapshotProvider>();
  private readonly sources: LiveSource[] = [];
  private readonly abort = new AbortController();
  private readonly running: Promise<void>[] = [];
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly options: LiveHubOptions) {}

  addSnapshot(name: string, provider: SnapshotProvider): void {
    this.snapshots.set(name, provider);
  }

  addSource(source: LiveSource): void {
    this.sources.push(source);
  }

  get connections(): number {
    return this.clients.size;
  }

  attach(server: Server): void {
    server.on('upgrade', (req, socket, head) => void this.upgrade(req, socket, head));
    for (const source of this.sources) this.running.push(this.pump(source));
    const every = this.options.heartbeatMs ?? 30_000;
    this.heartbeat = setInterval(() => void this.checkClients(), every);
    this.heartbeat.unref();
  }

  /** Sends to every connected browser the audience covers (also used for in-process messages). */
  publish(audience: Audience, message: LiveMessage['message']): void {
    let payload: string | undefined;
    const limit = this.options.maxBufferedBytes ?? 4 * 1024 * 1024;
    for (const client of this.clients) {
      if (!reaches(audience, client.session)) continue;
      if (client.socket.bufferedAmount > limit) {
        client.socket.close(4008, 'too slow');
        continue;
      }
      payload ??= JSON.stringify(message);
      this.deliver(client, payload);
    }
  }

  /** Closes every browser's socket (they reconnect and resynchronise), e.g. before a restart. */
  disconnectAll(code = 1001, reason = 'server stopping'): void {
    for (const client of this.clients) client.socket.close(code, reason);
  }

  async close(): Promise<void> {
    this.abort.abort();
    clearInterval(this.heartbeat);
    this.disconnectAll();
    await Promise.allSettled(this.running);
    this.wss.close();
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws') return void socket.destroy();
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    // Another site's page must not ride on the operator's cookie (cross-site WebSocket hijacking).
    const origin = req.headers.origin;
    if (origin && new URL(origin).host !== req.headers.host) return refuse(403, 'Forbidden');
    const id = readCookie(req.headers.cookie, SESSION_COOKIE);
    const session = id ? await this.options.sessions.touch(id) : undefined;
    if (!session) return refuse(401, 'Unauthorized');
    this.wss.handleUpgrade(req, socket, head, (ws) => void this.welcome(ws, session));
  }

  private async welcome(socket: WebSocket, session: Session): Promise<void> {
    const client: Client = { socket, session, alive: true, hellosInFlight: 0, held: [] };
    socket.on('pong', () => {
      client.alive = true;
    });
    socket.on('close', () => this.clients.delete(client));
    socket.on('error', () => this.clients.delete(client));
    // Browsers only listen; anything they send is ignored except a resync request.
    socket.on('message', (data) => {
      if (String(data) === 'resync') void this.sendHello(client);
    });
    this.clients.add(client);
    await this.sendHello(client);
  }

  /**
   * A socket gets `hello` before anything else: a message published while the snapshot is read
   * is held and sent right after it (a browser applies events to the state `hello` gave it; an
   * event before the first `hello` would be applied to nothing, or undone by the snapshot).
   */
  private deliver(client: Client, payload: string): void {
    if (client.hellosInFlight === 0) return void client.socket.send(payload);
    if (client.held.length >= MAX_HELD_MESSAGES) {
      client.held = [];
      return void client.socket.close(4008, 'too slow');
    }
    client.held.push(payload);
  }

  private async sendHello(client: Client): Promise<void> {
    client.hellosInFlight++;
    const snapshot: Record<string, unknown> = {};
    try {
      for (const [name, provider] of this.snapshots) {
        try {
          snapshot[name] = await provider(client.session);
        } catch (error) {
          this.options.logger.error({ err: error, snapshot: name }, 'live snapshot failed');
        }
      }
    } finally {
      client.hellosInFlight--;
    }
    if (client.socket.readyState !== client.socket.OPEN) return;
    client.socket.send(JSON.stringify({ type: 'hello', at: this.options.clock.nowMs(), snapshot }));
    // A second hello still being read (a resync) holds the messages until it is sent.
    if (client.hellosInFlight > 0) return;
    const held = client.held;
    client.held = [];
    for (const payload of held) client.socket.send(payload);
  }

  private async pump(source: LiveSource): Promise<void> {
    // A failing source (Redis restart) is restarted; browsers resynchronise from their hello.
    while (!this.abort.signal.aborted) {
      try {
        for await (const item of source(this.abort.signal)) this.publish(item.audience, item.message);
      } catch (error) {
        if (this.abort.signal.aborted) return;
        this.options.logger.warn({ err: error }, 'live source failed; restarting in 1 s');
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        // Messages may have been missed meanwhile: every browser gets a fresh snapshot.
        for (const client of this.clients) void this.sendHello(client);
      }
    }
  }

  private async checkClients(): Promise<void> {
    for (const client of this.clients) {
      if (!client.alive) {
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      client.socket.ping();
      const session = await this.options.sessions.touch(client.session.id);
      if (!session) client.socket.close(4001, 'signed out');
    }
  }
}
