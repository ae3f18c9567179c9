import { Agent, request } from 'node:http';

export interface AriRestOptions {
  /** ARI base URL, e.g. `http://127.0.0.1:8088` (the same as ari-client's). */
  url: string;
  username: string;
  password: string;
  /** Connections kept open to Asterisk (requests beyond wait for a free one). */
  maxSockets?: number;
  timeoutMs?: number;
}

/** An ARI error answer; `message` carries Asterisk's own text ("Channel not found"). */
export class AriRestError extends Error {
  constructor(
    readonly status: number,
    readonly operation: string,
    detail: string,
  ) {
    super(`ARI ${operation}: ${status} ${detail}`);
    this.name = 'AriRestError';
  }
}

type Query = Record<string, string | number | boolean | readonly string[] | undefined>;

/**
 * The ARI commands every call issues (play, stop, answer, hang up, snoop and record, MOH) as plain
 * HTTP requests on kept-alive connections. ari-client builds each request through its Swagger
 * layer (swagger-client, shred, bluebird, lodash) and opens new connections under bursts; at
 * 1,600 live calls that was most of the IVR's own CPU per caller key. The event WebSocket and
 * the rarer commands (bridges, originate, externalMedia) stay on ari-client.
 */
export class AriRest {
  private readonly agent: Agent;
  private readonly base: URL;
  private readonly authorization: string;
  private readonly timeoutMs: number;

  constructor(options: AriRestOptions) {
    this.base = new URL(options.url);
    this.agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 32 });
    this.authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  play(channelId: string, playbackId: string, media: readonly string[], lang: string): Promise<unknown> {
    return this.send('POST', `/channels/${enc(channelId)}/play/${enc(playbackId)}`, { media, lang });
  }

  stopPlayback(playbackId: string): Promise<unknown> {
    return this.send('DELETE', `/playbacks/${enc(playbackId)}`);
  }

  answer(channelId: string): Promise<unknown> {
    return this.send('POST', `/channels/${enc(channelId)}/answer`);
  }

  hangup(channelId: string, reason = 'normal'): Promise<unknown> {
    return this.send('DELETE', `/channels/${enc(channelId)}`, { reason });
  }

  startMoh(channelId: string): Promise<unknown> {
    return this.send('POST', `/channels/${enc(channelId)}/moh`);
  }

  stopMoh(channelId: string): Promise<unknown> {
    return this.send('DELETE', `/channels/${enc(channelId)}/moh`);
  }

  snoop(channelId: string, snoopId: string, options: { spy: string; app: string; appArgs: string }) {
    return this.send('POST', `/channels/${enc(channelId)}/snoop/${enc(snoopId)}`, options);
  }

  record(channelId: string, options: { name: string; format: string; ifExists: string; beep?: boolean }) {
    return this.send('POST', `/channels/${enc(channelId)}/record`, options);
  }

  close(): void {
    this.agent.destroy();
  }

  /** One request; resolves with the parsed JSON answer (undefined for 204). */
  async send(method: 'GET' | 'POST' | 'DELETE', path: string, query: Query = {}): Promise<unknown> {
    try {
      return await this.attempt(method, path, query);
    } catch (error) {
      // A kept-alive connection the server closed while idle fails before the request is read
      // (Node's documented `reusedSocket` race): sending it once more on a fresh one is safe.
      if ((error as { staleConnection?: boolean }).staleConnection) return this.attempt(method, path, query);
      throw error;
    }
  }

  private attempt(method: 'GET' | 'POST' | 'DELETE', path: string, query: Query): Promise<unknown> {
    const url = new URL(`${this.base.pathname.replace(/\/$/, '')}/ari${path}`, this.base);
    for (const [name, value] of Object.entries(query)) {
      if (value === undefined) continue;
      // ARI takes lists comma-joined (media=sound:a,sound:b), as ari-client sends them.
      url.searchParams.set(name, Array.isArray(value) ? value.join(',') : String(value));
    }
    const operation = `${method} ${path}`;
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          agent: this.agent,
          headers: { authorization: this.authorization, 'content-length': 0 },
          timeout: this.timeoutMs,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = response.statusCode ?? 0;
            let body: unknown;
            try {
              body = text ? JSON.parse(text) : undefined;
            } catch {
              body = text;
            }
            if (status >= 200 && status < 300) return resolve(body);
            const detail = (body as { message?: string } | undefined)?.message ?? text;
            reject(new AriRestError(status, operation, String(detail).slice(0, 200)));
          });
        },
      );
      req.on('timeout', () => req.destroy(new AriRestError(0, operation, 'timed out')));
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (req.reusedSocket && error.code === 'ECONNRESET') Object.assign(error, { staleConnection: true });
        reject(error);
      });
      req.end();
    });
  }
}

const enc = encodeURIComponent;
