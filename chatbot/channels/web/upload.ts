import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Clock } from '../../../core/lifecycle/clock.ts';
import type { Logger } from '../../../core/logging/logger.ts';
import type { RecordingStorage } from '../../../recordings/storage/storage.ts';
import { type DownloadedFile, FileTooLarge, saveToTemp } from '../../attachments/download.ts';
import { sanitizeFileName, sniffType } from '../../attachments/limits.ts';
import { attachmentKey } from '../../attachments/storage.ts';
import { attachmentTexts } from '../../attachments/texts.ts';
import type { DialogEngine } from '../../dialog/engine.ts';
import { sessionIdSchema } from './protocol.ts';

export const WEB_UPLOAD_PATH = '/chat/upload';

const uploadIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);

/**
 * `POST /chat/upload?session=<id>&id=<upload id>`: the widget's file, the raw bytes as the body and
 * the name in `X-File-Name` (URI-encoded). The bytes go to storage here (any instance can serve the
 * upload), then the file is one dialog turn; the upload id makes a resent upload a duplicate.
 * Answers JSON: `{ok, duplicate}` or `{error}` with a Russian message (400, 413, 415).
 */
export function webUploadHandler(deps: {
  engine: DialogEngine;
  storage: RecordingStorage;
  maxBytes: number;
  clock: Clock;
  logger: Logger;
  onCommitted?: () => void;
}) {
  return async (req: Request, res: Response): Promise<void> => {
    const session = sessionIdSchema.safeParse(req.query.session);
    const id = uploadIdSchema.safeParse(req.query.id);
    if (!session.success || !id.success) {
      res.status(400).json({ error: 'Неверный запрос: нет сессии чата или номера файла.' });
      return;
    }
    const declared = Number(req.get('content-length') ?? Number.NaN);
    if (declared > deps.maxBytes) {
      res.status(413).json({ error: attachmentTexts.tooLarge(deps.maxBytes) });
      req.resume();
      return;
    }
    let rawName = '';
    try {
      rawName = decodeURIComponent(req.get('x-file-name') ?? '');
    } catch {
      // a name that is not valid URI encoding: the file keeps a neutral one
    }
    let file: DownloadedFile | undefined;
    try {
      file = await saveToTemp(req, deps.maxBytes);
      if (file.size === 0) {
        res.status(400).json({ error: 'Файл пустой.' });
        return;
      }
      const type = sniffType(file.head, rawName);
      if (!type) {
        res.status(415).json({ error: attachmentTexts.typeNotAccepted });
        return;
      }
      const fileName = sanitizeFileName(rawName, type);
      const key = attachmentKey(
        new Date(deps.clock.nowMs()),
        `web:${session.data}:${id.data}`,
        type.extension,
      );
      const object = await deps.storage.putFile(key, file.path);
      const result = await deps.engine.handle({
        conversation: { channel: 'web_chat', chatId: session.data },
        eventId: `upload:${id.data}`,
        attachments: [
          {
            kind: type.kind,
            ref: `upload:${id.data}`,
            fileName,
            mimeType: type.mimeType,
            sizeBytes: object.size,
            stored: { key: object.key, sha256: object.sha256, size: object.size, mimeType: type.mimeType },
          },
        ],
      });
      deps.onCommitted?.();
      res.json({ ok: true, duplicate: result.duplicate, fileName });
    } catch (error) {
      if (error instanceof FileTooLarge) {
        res.status(413).json({ error: attachmentTexts.tooLarge(deps.maxBytes) });
        return;
      }
      deps.logger.error({ err: error }, 'web chat upload failed');
      res.status(500).json({ error: 'Не удалось сохранить файл. Пожалуйста, попробуйте ещё раз.' });
    } finally {
      await file?.remove();
    }
  };
}
