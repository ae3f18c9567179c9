import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { decodeParams, readBody, sendJson } from '../common/http.ts';
import type { SlidingWindow } from '../common/rate-window.ts';
import { ApiVersion, type VkContext, type VkMethodHandler } from './context.ts';
import { ERRORS, errorBody, VkApiError } from './errors.ts';
import { groupsGetById, usersGet } from './methods/info.ts';
import { send, sendMessageEventAnswer } from './methods/messages.ts';
import { getMessagesUploadServer, saveMessagesPhoto } from './methods/photos.ts';

const METHODS = new Map<string, VkMethodHandler>([
  ['messages.send', send],
  ['messages.sendMessageEventAnswer', sendMessageEventAnswer],
  ['groups.getById', groupsGetById],
  ['users.get', usersGet],
  ['photos.getMessagesUploadServer', getMessagesUploadServer],
  ['photos.saveMessagesPhoto', saveMessagesPhoto],
]);

export interface VkInjectedFailure {
  method: string;
  times: number;
  error: VkApiError;
}

export interface VkRequestRecord {
  method: string;
  errorCode?: number;
}

interface ServerDeps {
  ctx: VkContext;
  token: string;
  limiter: SlidingWindow;
  failures: VkInjectedFailure[];
  requests: VkRequestRecord[];
}

export function createVkServer(deps: ServerDeps): Server {
  const { ctx } = deps;

  function injected(method: string): VkApiError | undefined {
    const failure = deps.failures.find((f) => f.method === method && f.times > 0);
    if (!failure) return undefined;
    failure.times -= 1;
    return failure.error;
  }

  async function handleMethod(req: IncomingMessage, res: ServerResponse, url: URL, method: string) {
    let params: Record<string, string> = Object.fromEntries(url.searchParams);
    try {
      const { fields } = await decodeParams(req.headers['content-type'], await readBody(req));
      params = { ...params, ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])) };
    } catch {
      // A body VK cannot read is as good as no parameters.
    }
    try {
      const handler = METHODS.get(method);
      if (!handler) throw ERRORS.unknownMethod();
      if (!params.access_token) throw ERRORS.noToken();
      if (params.access_token !== deps.token) throw ERRORS.badToken();
      if (!params.v) throw ERRORS.noVersion();
      if (deps.limiter.waitMs(deps.token) > 0) throw ERRORS.tooMany();
      deps.limiter.record(deps.token);
      const failure = injected(method);
      if (failure) throw failure;
      const response = handler(ctx, params, new ApiVersion(params.v));
      deps.requests.push({ method });
      sendJson(res, 200, { response });
    } catch (error) {
      const apiError = error instanceof VkApiError ? error : new VkApiError(10, 'Internal server error');
      deps.requests.push({ method, errorCode: apiError.code });
      sendJson(res, 200, errorBody(apiError, method, params));
    }
  }

  /** The upload server: takes the multipart file, answers {server, photo, hash} for save*. */
  async function handleUpload(req: IncomingMessage, res: ServerResponse) {
    try {
      const { files } = await decodeParams(req.headers['content-type'], await readBody(req));
      const file = files.photo ?? files.file ?? Object.values(files)[0];
      if (!file) return sendJson(res, 200, { server: 1, photo: '[]', hash: randomBytes(16).toString('hex') });
      const hash = randomBytes(16).toString('hex');
      ctx.state.uploads.set(hash, { name: file.name || 'photo.jpg', type: file.type, bytes: file.bytes });
      sendJson(res, 200, { server: 839_210, photo: JSON.stringify([{ photo: hash, sizes: [] }]), hash });
    } catch {
      sendJson(res, 200, { error: 'ERR_UPLOAD_BAD_IMAGE_SIZE: invalid file' });
    }
  }

  function handleFile(res: ServerResponse, key: string) {
    const file = ctx.state.files.get(decodeURIComponent(key));
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': file.type || 'application/octet-stream',
      'content-length': file.bytes.length,
    });
    res.end(file.bytes);
  }

  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://double');
    const method = /^\/method\/([A-Za-z]+\.[A-Za-z]+)\/?$/.exec(url.pathname);
    if (method) return void handleMethod(req, res, url, method[1] ?? '');
    if (url.pathname === '/upload/photo' && req.method === 'POST') return void handleUpload(req, res);
    const file = /^\/files\/(.+)$/.exec(url.pathname);
    if (file) return handleFile(res, file[1] ?? '');
    res.writeHead(404).end();
  });
}
