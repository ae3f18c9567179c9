import type { UploadedFile } from '../common/http.ts';
import type { SendLimits } from './limits.ts';
import type { BotState } from './state.ts';
import type { TgUser } from './types.ts';

/** What a Bot API method handler may use; one per double. */
export interface BotContext {
  state: BotState;
  limits: SendLimits;
  botUser: TgUser;
  /** The double's base URL, for file links. */
  baseUrl(): string;
  polling: {
    getUpdates(params: Record<string, unknown>, signal: AbortSignal): Promise<unknown>;
    abortHeldPoll(): void;
  };
  webhook: {
    set(params: Record<string, unknown>): 'set' | 'unchanged' | 'deleted';
    remove(dropPending: boolean): boolean;
    info(): Record<string, unknown>;
    active(): boolean;
  };
}

export interface MethodCall {
  params: Record<string, unknown>;
  files: Record<string, UploadedFile>;
  /** Aborted when the client goes away (a long poll cancelled by the bot stopping). */
  signal: AbortSignal;
}

/** A method result with the optional `description` Telegram adds to some answers. */
export class Described {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}

export type MethodHandler = (ctx: BotContext, call: MethodCall) => unknown;
