import { EventEmitter } from 'node:events';
import ari, { type AriClient } from 'ari-client';
import { createLogger, type Logger } from '../../core/logging/index.ts';

export interface AriConnectionOptions {
  /** ARI base URL, e.g. `http://127.0.0.1:8088` (credentials never go into logs). */
  url: string;
  username: string;
  password: string;
  /** Stasis applications to register on the event WebSocket. */
  apps: string[];
  logger?: Logger;
  /** Back-off between our own restarts: doubles from `initialMs` up to `maxMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** For tests: how to connect (defaults to ari-client's `connect`). */
  connect?: (url: string, username: string, password: string) => Promise<AriClient>;
}

/**
 * Keeps an ari-client connected forever. ari-client reconnects its WebSocket by itself for about
 * 43 s (10 tries) and then gives up with `WebSocketMaxRetries`, leaving the application
 * unregistered; this wrapper then calls `start()` again with its own back-off, as often as needed.
 * It also retries the first connect (Swagger loading) while Asterisk is down.
 *
 * Events: `connected` (client, {restarts}) each time the WebSocket is up, `disconnected` when it
 * drops. Handlers attached to the client survive restarts (same client object).
 */
export class AriConnection extends EventEmitter {
  client: AriClient | undefined;
  private readonly logger: Logger;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private delayMs: number;
  private restarts = 0;
  private stopped = false;
  private starting = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: AriConnectionOptions) {
    super();
    this.logger = options.logger ?? createLogger({ name: 'ari-connection' });
    this.initialDelayMs = options.initialDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.delayMs = this.initialDelayMs;
  }

  /** Where we connect, without credentials. */
  private get target(): string {
    const url = new URL(this.options.url);
    return `${url.protocol}//${url.host}`;
  }

  /** Resolves with the client once the applications are registered for the first time. */
  async start(): Promise<AriClient> {
    this.stopped = false;
    const connect = this.options.connect ?? ari.connect;
    let client: AriClient | undefined;
    while (!client) {
      try {
        client = await connect(this.options.url, this.options.username, this.options.password);
      } catch (error) {
        if (this.stopped) throw new Error('ARI connection stopped before it was established');
        this.logger.warn(
          { target: this.target, retryInMs: this.delayMs, reason: errorName(error) },
          'ARI not reachable, retrying',
        );
        await this.wait();
      }
    }
    this.client = client;
    this.watch(client);
    await this.startEvents(client);
    return client;
  }

  /**
   * `client.start()` until it holds. Each call retries for ~43 s inside ari-client before it
   * rejects (and emits WebSocketMaxRetries, which the watcher ignores while we are here).
   */
  private async startEvents(client: AriClient): Promise<void> {
    this.starting = true;
    try {
      for (;;) {
        if (this.stopped) throw new Error('ARI connection stopped');
        try {
          await client.start(this.options.apps);
          return;
        } catch (error) {
          this.logger.warn(
            { target: this.target, retryInMs: this.delayMs, reason: errorName(error) },
            'ARI event WebSocket not available, retrying',
          );
          await this.wait();
          this.restarts += 1;
        }
      }
    } finally {
      this.starting = false;
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    try {
      this.client?.stop();
    } catch {
      // never started
    }
  }

  private watch(client: AriClient): void {
    client.on('WebSocketConnected', () => {
      this.logger.info(
        { target: this.target, apps: this.options.apps, restarts: this.restarts },
        'ARI events connected',
      );
      this.delayMs = this.initialDelayMs;
      this.emit('connected', client, { restarts: this.restarts });
    });
    client.on('WebSocketReconnecting', () => {
      this.emit('disconnected');
      this.logger.debug({ target: this.target }, 'ARI events reconnecting');
    });
    client.on('WebSocketMaxRetries', () => {
      if (this.stopped || this.starting) return;
      this.logger.warn(
        { target: this.target, retryInMs: this.delayMs },
        'ari-client gave up reconnecting; restarting it',
      );
      void this.wait()
        .then(() => {
          this.restarts += 1;
          return this.startEvents(client);
        })
        .catch(() => undefined);
    });
  }

  private wait(): Promise<void> {
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.maxDelayMs);
    return new Promise((resolve) => {
      this.timer = setTimeout(resolve, delay);
    });
  }
}

function errorName(error: unknown): string {
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.name;
  return 'unknown';
}
