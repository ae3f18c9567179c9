import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';

/**
 * Sends a client's stored file. The type was decided from the bytes by the chatbot; photos open
 * in the browser, documents download; nothing is cached (personal data).
 */
export async function sendChatFile(
  res: Response,
  file: { kind: string; fileName: string; mimeType?: string | null },
  bytes: Readable,
): Promise<void> {
  res.setHeader('Content-Type', file.mimeType ?? 'application/octet-stream');
  res.setHeader(
    'Content-Disposition',
    `${file.kind === 'photo' ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
  );
  res.setHeader('Cache-Control', 'private, no-store');
  await pipeline(bytes, res);
}
