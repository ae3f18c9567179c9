import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { decodeParams, readBody, sendJson } from '../common/http.ts';
import { type BotContext, Described, type MethodHandler } from './context.ts';
import { badRequest, methodNotFound, TelegramApiError, unauthorized } from './errors.ts';
import {
  deleteWebhook,
  getMe,
  getMyCommands,
  getUpdates,
  getWebhookInfo,
  setMyCommands,
  setWebhook,
} from './methods/bot.ts';
import { getFile, sendDocument, sendPhoto } from './methods/files.ts';
import {
  answerCallbackQuery,
  deleteMessage,
  editMessageReplyMarkup,
  editMessageText,
  sendChatAction,
  sendMessage,
} from './methods/messages.ts';

/** Method names are case-insensitive in the Bot API. */
const METHODS = new Map<string, MethodHandler>(
  Object.entries({
    getMe,
    getUpdates,
    setWebhook,
    deleteWebhook,
    getWebhookInfo,
    setMyCommands,
    getMyCommands,
    sendMessage,
    editMessageText,
    editMessageReplyMarkup,
    deleteMessage,
    answerCallbackQuery,
    sendChatAction,
    sendPhoto,
    sendDocument,
    getFile,
  }).map(([name, handler]) => [name.toLowerCase(), handler]),
);

/** A failure a test asked for: the next `times` calls of `method` answer with this error. */
export interface InjectedFailure {
  method: string;
  times: number;
  errorCode: number;
  description: string;
  retryAfter?: number;
}

export interface RequestRecord {
  method: string;
  status: number;
}

export interface TelegramServer {
  server: Server;
  /** Runs a method outside HTTP (webhook replies). */
  call(method: string, params: Record<string, unknown>): Promise<unknown>;
}

export function createTelegramServer(
  ctx: BotContext,
  token: string,
  failures: InjectedFailure[],
  requests: RequestRecord[],
): TelegramServer {
  async function call(
    method: string,
    params: Record<string, unknown>,
    files = {},
    signal = new AbortController().signal,
  ) {
    const handler = METHODS.get(method.toLowerCase());
    if (!handler) throw methodNotFound();
    return handler(ctx, { params, files, signal });
  }

  function injected(method: string): TelegramApiError | undefined {
    const failure = failures.find((f) => f.method.toLowerCase() === method.toLowerCase() && f.times > 0);
    if (!failure) return undefined;
    failure.times -= 1;
    return new TelegramApiError(
      failure.errorCode,
      failure.description,
      failure.retryAfter !== undefined ? { retry_after: failure.retryAfter } : undefined,
    );
  }

  async function handleMethod(req: IncomingMessage, res: ServerResponse, url: URL, method: string) {
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    let status = 200;
    try {
      const failure = injected(method);
      if (failure) throw failure;
      let decoded: Awaited<ReturnType<typeof decodeParams>>;
      try {
        decoded = await decodeParams(req.headers['content-type'], await readBody(req));
      } catch {
        throw badRequest("can't parse JSON object");
      }
      const params = { ...Object.fromEntries(url.searchParams), ...decoded.fields };
      const outcome = await call(method, params, decoded.files, controller.signal);
      if (res.writableEnded || res.destroyed) return;
      if (outcome instanceof Described) {
        sendJson(res, 200, { ok: true, result: outcome.result, description: outcome.description });
      } else sendJson(res, 200, { ok: true, result: outcome });
    } catch (error) {
      const apiError =
        error instanceof TelegramApiError ? error : new TelegramApiError(500, 'Internal Server Error');
      status = apiError.errorCode;
      if (!res.destroyed) sendJson(res, status, apiError.toBody());
    } finally {
      requests.push({ method, status });
    }
  }

  function handleFile(res: ServerResponse, path: string) {
    const file = ctx.state.fileByPath(decodeURIComponent(path));
    if (!file) return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    res.writeHead(200, {
      'content-type': file.mime_type ?? 'application/octet-stream',
      'content-length': file.bytes.length,
    });
    res.end(file.bytes);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://double');
    const api = /^\/bot([^/]+)\/([A-Za-z]+)\/?$/.exec(url.pathname);
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    const presented = api?.[1] ?? download?.[1];
    if (presented === undefined) {
      return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    }
    if (presented !== token) return sendJson(res, 401, unauthorized().toBody());
    if (download) return handleFile(res, download[2] ?? '');
    void handleMethod(req, res, url, api?.[2] ?? '');
  });
  return { server, call: (method, params) => call(method, params) };
}
