import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Largest request body the doubles accept; Telegram's own upload limit for bots is 50 MB. */
export const MAX_BODY_BYTES = 50 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Decodes a body the way both platforms do: JSON, url-encoded form or multipart form. Multipart
 * parsing is delegated to the WHATWG `Response.formData()` built into Node, so file parts arrive as
 * Blobs with their names.
 */
export async function decodeParams(
  contentType: string | undefined,
  body: Buffer,
): Promise<{ fields: Record<string, unknown>; files: Record<string, UploadedFile> }> {
  const type = (contentType ?? '').toLowerCase();
  const fields: Record<string, unknown> = {};
  const files: Record<string, UploadedFile> = {};
  if (body.length === 0) return { fields, files };
  if (type.startsWith('application/json')) {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error('JSON body is not an object');
    }
    return { fields: parsed as Record<string, unknown>, files };
  }
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(body), {
      headers: { 'content-type': contentType ?? '' },
    }).formData();
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') fields[key] = value;
      else {
        const file = value as File;
        files[key] = { name: file.name, type: file.type, bytes: Buffer.from(await file.arrayBuffer()) };
      }
    }
    return { fields, files };
  }
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) fields[key] = value;
  return { fields, files };
}

export interface UploadedFile {
  name: string;
  type: string;
  bytes: Buffer;
}

export function listen(server: Server, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      resolve(`http://${host}:${address.port}`);
    });
  });
}

/** Closes the server and cuts held connections (long polls, keep-alive) so tests end promptly. */
export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
