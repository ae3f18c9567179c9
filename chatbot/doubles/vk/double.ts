import type { Server } from 'node:http';
import type { Clock } from '../../../core/lifecycle/clock.ts';
import { systemClock } from '../../../core/lifecycle/clock.ts';
import { close, listen } from '../common/http.ts';
import { SlidingWindow } from '../common/rate-window.ts';
import { CALLBACK_DEFAULTS, CallbackDelivery, type CallbackDeliveryOptions } from './callback.ts';
import type { VkContext } from './context.ts';
import { VkApiError } from './errors.ts';
import { type VkUserInput, VkUsers } from './scripting.ts';
import { createVkServer, type VkInjectedFailure, type VkRequestRecord } from './server.ts';
import { CommunityState } from './state.ts';
import type { VkBotMessage, VkDelivery } from './types.ts';

export interface VkDoubleOptions {
  accessToken?: string;
  groupId?: number;
  groupName?: string;
  /** The string VK shows in the community settings for the server to return on confirmation. */
  confirmationCode?: string;
  /** The `v` put into Callback API events. */
  apiVersion?: string;
  /** Community tokens may call the API up to 20 times a second. */
  requestsPerSecond?: number;
  callback?: Partial<CallbackDeliveryOptions>;
  /** Governs message dates and the request rate limit (not network timers). */
  clock?: Clock;
  host?: string;
  port?: number;
}

export const DEFAULT_VK_TOKEN = 'vk1.a.double-community-token-for-tests-only';

/**
 * A VK community as the platform sees it: the API under `${url}/method/` and a Callback API client
 * that POSTs the users' events to the registered server.
 */
export class VkDouble {
  readonly accessToken: string;
  readonly groupId: number;
  readonly confirmationCode: string;
  readonly requests: VkRequestRecord[] = [];
  private readonly failures: VkInjectedFailure[] = [];
  private readonly state: CommunityState;
  private readonly callback: CallbackDelivery;
  private readonly users: VkUsers;
  private readonly server: Server;
  private baseUrl = '';

  private constructor(options: VkDoubleOptions) {
    this.accessToken = options.accessToken ?? DEFAULT_VK_TOKEN;
    this.groupId = options.groupId ?? 220_000_001;
    this.confirmationCode = options.confirmationCode ?? 'a1b2c3d4';
    const clock = options.clock ?? systemClock;
    this.state = new CommunityState(clock, this.groupId);
    const ctx: VkContext = {
      state: this.state,
      baseUrl: () => this.baseUrl,
      group: {
        id: this.groupId,
        name: options.groupName ?? 'Энергосбыт (тест)',
        screen_name: `club${this.groupId}`,
      },
    };
    this.callback = new CallbackDelivery({ ...CALLBACK_DEFAULTS, ...options.callback });
    this.users = new VkUsers(ctx, this.callback, options.apiVersion ?? '5.199');
    this.server = createVkServer({
      ctx,
      token: this.accessToken,
      limiter: new SlidingWindow(clock, options.requestsPerSecond ?? 20, 1000),
      failures: this.failures,
      requests: this.requests,
    });
  }

  static async start(options: VkDoubleOptions = {}): Promise<VkDouble> {
    const double = new VkDouble(options);
    double.baseUrl = await listen(double.server, options.host ?? '127.0.0.1', options.port ?? 0);
    return double;
  }

  get url(): string {
    return this.baseUrl;
  }

  /** What vk-io calls apiBaseUrl. */
  get apiBaseUrl(): string {
    return `${this.baseUrl}/method`;
  }

  async stop(): Promise<void> {
    this.callback.stop();
    await close(this.server);
  }

  /** Registers the community's callback server; VK first checks it returns the confirmation code. */
  connectCallbackServer(url: string, options: { secret?: string } = {}) {
    return this.callback.confirm(url, this.groupId, this.confirmationCode, options.secret);
  }

  /** The admin changes the secret key in the community settings; events carry the new one. */
  changeCallbackSecret(secret: string | undefined): void {
    this.callback.changeSecret(secret);
  }

  userSends(peerId: number, text: string, input?: VkUserInput): Promise<VkDelivery> {
    return this.users.sends(peerId, text, input);
  }

  userPresses(peerId: number, label: string): Promise<VkDelivery & { eventId: string }> {
    return this.users.presses(peerId, label);
  }

  /** Delivers an event again with the same event_id, for exactly-once tests. */
  redeliver(eventId: string): Promise<VkDelivery> {
    return this.callback.resend(eventId);
  }

  /** The user allowed the community to message them (without writing first). */
  userAllowsMessages(peerId: number): void {
    this.state.ensurePeer(peerId).allowed = true;
  }

  /** The user forbade messages: messages.send answers 901 until they write again. */
  userDeniesMessages(peerId: number): void {
    this.state.ensurePeer(peerId).allowed = false;
  }

  messagesTo(peerId: number): VkBotMessage[] {
    return [...(this.state.peers.get(peerId)?.botMessages ?? [])];
  }

  waitForMessage(peerId: number, predicate: (m: VkBotMessage) => boolean = () => true, timeoutMs = 5000) {
    return this.state.changed.waitFor(
      () => this.messagesTo(peerId).find(predicate),
      timeoutMs,
      `a community message to ${peerId}`,
    );
  }

  waitForEventAnswer(eventId: string, timeoutMs = 5000): Promise<unknown> {
    return this.state.changed.waitFor(
      () => this.state.events.get(eventId)?.answer,
      timeoutMs,
      `an answer to message_event ${eventId}`,
    );
  }

  deliveries(): VkDelivery[] {
    return [...this.callback.deliveries];
  }

  /** Bytes behind a `photo<owner>_<id>` attachment the bot uploaded and sent. */
  photoBytes(attachment: string): Buffer | undefined {
    const id = Number(/^photo-?\d+_(\d+)/.exec(attachment)?.[1]);
    return this.state.photos.get(id)?.bytes;
  }

  /** The next `times` calls of `method` answer with this VK error (default 10, internal error). */
  failNext(method: string, times = 1, error: { code?: number; message?: string } = {}): void {
    this.failures.push({
      method,
      times,
      error: new VkApiError(error.code ?? 10, error.message ?? 'Internal server error'),
    });
  }
}
