import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { createLogger } from '../../core/logging/index.ts';
import { type DoubleClock, realTimeClock } from './clock.ts';
import { AriCore, referenceSounds } from './core.ts';
import type { DialplanStep } from './dialplan.ts';
import type { EndpointBehaviour } from './endpoints.ts';
import { type AriEvent, buildEvent } from './events.ts';
import { type Credentials, Router } from './http.ts';
import { bridgeRoutes } from './rest/bridges.ts';
import { channelMediaRoutes } from './rest/channel-media.ts';
import { channelRoutes } from './rest/channels.ts';
import { mediaRoutes } from './rest/media.ts';
import type { Route } from './rest/route.ts';
import { systemRoutes } from './rest/system.ts';
import { type InboundCall, type InboundCallOptions, placeInboundCall } from './scenario.ts';
import { acceptEventSocket } from './websocket.ts';

export interface AriDoubleOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  username: string;
  password: string;
  /** Default Stasis application for `inboundCall`. */
  app?: string;
  clock?: DoubleClock;
  /** Where `recording/<name>.<format>` files go (Asterisk's astspooldir). */
  spoolDir?: string;
  /** The system MAC address Asterisk reports as `asterisk_id`. */
  asteriskId?: string;
  /** Sound name → length in ms; defaults to the reference prompts of the traces. */
  sounds?: Record<string, number>;
  /** Prompt files the IVR plays (`<name>.wav` or `<lang>/<name>.wav`); their WAV length is the playback length. */
  soundsDir?: string;
}

export function allRoutes(core: AriCore): Route[] {
  return [
    ...systemRoutes(core),
    ...channelRoutes(core),
    ...channelMediaRoutes(core),
    ...bridgeRoutes(core),
    ...mediaRoutes(core),
  ];
}

/**
 * A stand-in for Asterisk 22's ARI (HTTP + WebSocket) that behaves like the recorded traces,
 * plus a scripting API so tests and the call simulator can play the caller and the operators.
 */
export class AriDouble {
  core: AriCore;
  private server: Server | undefined;
  private readonly sockets = new Set<Duplex>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly logger = createLogger({ name: 'ari-double' });
  private readonly credentials: Credentials;
  private readonly clock: DoubleClock;
  private boundPort = 0;
  /** Until this wall instant, WebSocket upgrades are refused (an ARI WebSocket outage). */
  private refuseWebSocketsUntil = 0;
  /** Endpoint definitions and dialplan additions survive restarts, like config files. */
  private readonly configuration: ((core: AriCore) => void)[] = [];

  constructor(private readonly options: AriDoubleOptions) {
    this.credentials = { username: options.username, password: options.password };
    this.clock = options.clock ?? realTimeClock();
    this.spoolDir =
      options.spoolDir ?? join(tmpdir(), `ari-double-${process.pid}-${randomUUID().slice(0, 8)}`);
    this.core = this.buildCore();
  }

  get port(): number {
    return this.boundPort;
  }

  /** Base URL to give ari-client: `http://127.0.0.1:<port>`. */
  get url(): string {
    return `http://${this.options.host ?? '127.0.0.1'}:${this.boundPort}`;
  }

  /** `<astspooldir>`: as given, or a fresh temp directory removed on close. */
  readonly spoolDir: string;

  private buildCore(): AriCore {
    const core = new AriCore({
      clock: this.clock,
      asteriskId: this.options.asteriskId ?? '02:fc:00:00:00:01',
      spoolDir: this.spoolDir,
      sounds: this.options.sounds ?? referenceSounds,
      soundsDir: this.options.soundsDir,
    });
    for (const apply of this.configuration) apply(core);
    return core;
  }

  private configure(apply: (core: AriCore) => void): void {
    this.configuration.push(apply);
    apply(this.core);
  }

  /** Starts listening (again, after `stop`). */
  async start(): Promise<void> {
    if (this.server) return;
    const router = new Router(allRoutes(this.core), this.credentials, this.logger);
    const server = createServer((request, response) => {
      router.handle(request, response).catch((error: unknown) => {
        this.logger.error({ err: error }, 'ARI double request failed');
        if (!response.headersSent) response.writeHead(500).end();
      });
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('upgrade', (request, socket, head) =>
      acceptEventSocket(this.wss, request, socket, head, {
        credentials: this.credentials,
        applications: () => this.core.asterisk.apps,
        refusing: Date.now() < this.refuseWebSocketsUntil,
        replacedEvent: () => ({
          ...buildEvent('ApplicationReplaced', this.clock.nowMs(), {}),
          asterisk_id: this.core.asterisk.asteriskId,
        }),
      }),
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort || this.options.port || 0, this.options.host ?? '127.0.0.1', () =>
        resolve(),
      );
    });
    const address = server.address();
    this.boundPort = typeof address === 'object' && address ? address.port : 0;
    this.server = server;
  }

  /**
   * Asterisk goes down: every connection drops (ari-client starts reconnecting), state is lost.
   * `start()` brings up a fresh Asterisk on the same port, counters restarted.
   */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const client of this.wss.clients) client.terminate();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.core.shutdown();
    this.core.asterisk.apps.clear();
    this.core = this.buildCore();
  }

  /**
   * The event WebSocket drops and cannot reconnect for `outageMs` (wall time) while Asterisk, its
   * REST interface and the calls stay up — an ARI WebSocket outage rather than a restart.
   */
  dropWebSockets(outageMs: number): void {
    this.refuseWebSocketsUntil = Date.now() + outageMs;
    for (const client of this.wss.clients) client.terminate();
  }

  /** An in-place restart: down for `downMs` (wall time), then up again. */
  async restart(downMs = 0): Promise<void> {
    await this.stop();
    if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.start();
  }

  /** Stops for good; a spool directory the double chose itself (none given) is removed. */
  async close(): Promise<void> {
    await this.stop();
    this.wss.close();
    if (!this.options.spoolDir) rmSync(this.spoolDir, { recursive: true, force: true });
  }

  // ---- scripting ---------------------------------------------------------------------------

  /** A caller dials in: a Local pair whose `;1` half enters Stasis like `Stasis(app,args…)`. */
  inboundCall(options: InboundCallOptions = {}): InboundCall {
    const app = options.app ?? this.options.app;
    if (!app) throw new Error('inboundCall needs an app (option or startAriDouble({app}))');
    // Without a number, the caller of the reference traces: `Test Caller <+15551234567>`.
    const caller =
      options.callerNumber === undefined
        ? { callerName: 'Test Caller', callerNumber: '+15551234567' }
        : { callerName: options.callerName ?? '', callerNumber: options.callerNumber };
    return placeInboundCall(this.core, app, { dialplanArgs: ['inbound'], ...options, ...caller });
  }

  /** An operator's phone, e.g. `PJSIP/agent100`, answering after N ms or never. */
  defineEndpoint(
    endpoint: string,
    behaviour: EndpointBehaviour,
    state: 'online' | 'offline' = 'online',
  ): void {
    this.configure((core) => core.endpoints.define(endpoint, behaviour, state));
  }

  /** The phone registers (online) or stops answering qualify (offline), with the traced events. */
  setEndpointState(endpoint: string, state: 'online' | 'offline'): void {
    this.core.endpoints.setState(endpoint, state);
  }

  /** Adds a dialplan extension, e.g. a Local agent `agent-slow@sim` or an `ivr-after` context. */
  defineExtension(context: string, exten: string, steps: DialplanStep[]): void {
    this.configure((core) => core.dialplan.define(context, exten, steps));
  }

  /** A Local agent `Local/<exten>@<context>` that rings, answers after `answerAfterMs` (null: never) and stays. */
  defineLocalAgent(exten: string, answerAfterMs: number | null, context = 'sim'): void {
    const steps: DialplanStep[] =
      answerAfterMs === null
        ? [{ app: 'Ringing' }, { app: 'Wait', data: '3600' }]
        : [
            { app: 'Ringing' },
            { app: 'Wait', data: String(answerAfterMs / 1000) },
            { app: 'Answer' },
            { app: 'Wait', data: '3600' },
          ];
    this.defineExtension(context, exten, steps);
  }

  /**
   * `channel originate <endpoint> extension <exten>@<context>` from the Asterisk CLI: a channel that
   * runs plain dialplan, never in Stasis. Returns the id of the dialling (`;1`) channel.
   */
  originateToDialplan(
    endpoint: string,
    target: { context: string; exten: string; priority?: number },
  ): string {
    const reply = this.core.originator.originate({
      endpoint,
      context: target.context,
      extension: target.exten,
      priority: target.priority ?? 1,
    });
    return String(reply.id);
  }

  /** The far end of any channel hangs up (an operator putting the phone down). */
  farEndHangup(channelId: string, cause = 16): void {
    const channel = this.core.asterisk.channels.get(channelId);
    if (!channel) throw new Error(`no channel ${channelId}`);
    this.core.calls.farEndHangup(
      channel.localPeer && channel.name.endsWith(';1') ? channel.localPeer : channel,
      cause,
    );
  }

  /** Sees every event delivered to any application. Returns an unsubscribe function. */
  onEvent(listener: (event: AriEvent) => void): () => void {
    const taps = () => this.core.asterisk.taps;
    taps().add(listener);
    this.configuration.push((core) => core.asterisk.taps.add(listener));
    return () => {
      taps().delete(listener);
    };
  }

  /** The RTP stream of an externalMedia channel (packets sent and received). */
  rtpStream(channelId: string) {
    return this.core.externalMedia.streams.get(channelId);
  }
}

/** Starts a double listening on `port` (0 = any free port). */
export async function startAriDouble(options: AriDoubleOptions): Promise<AriDouble> {
  const double = new AriDouble(options);
  await double.start();
  return double;
}
