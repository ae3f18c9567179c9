import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from '../core/logging/logger.ts';
import { secretMatches } from './channels/secret.ts';
import { WEB_UPLOAD_PATH } from './channels/web/upload.ts';
import { widgetPage, widgetScript } from './channels/web/widget.ts';

export interface ChatbotHttpOptions {
  companyName: string;
  logger: Logger;
  vk?: { path: string; handler: RequestHandler };
  telegram?: { path: string; secret: string; handler: RequestHandler };
  /** The web chat's file upload (`POST /chat/upload`), which reads the body itself. */
  upload?: RequestHandler;
}

/** The chatbot's HTTP side: the web-chat page and widget, the VK Callback API, the Telegram webhook. */
export function createChatbotHttp(options: ChatbotHttpOptions) {
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get(['/chat', '/chat/'], (_req, res) => {
    res.type('html').send(widgetPage(options.companyName));
  });
  app.get('/chat/widget.js', (_req, res) => {
    res.type('application/javascript').send(widgetScript());
  });
  if (options.upload) app.post(WEB_UPLOAD_PATH, options.upload);
  if (options.vk) {
    app.post(options.vk.path, express.json({ limit: '1mb', type: () => true }), options.vk.handler);
  }
  if (options.telegram) {
    const { secret, handler } = options.telegram;
    app.post(
      options.telegram.path,
      (req, res, next) => {
        if (!secretMatches(req.get('x-telegram-bot-api-secret-token'), secret)) {
          options.logger.warn('telegram webhook: wrong or missing secret token');
          res.status(403).type('text/plain').send('wrong secret token');
          return;
        }
        next();
      },
      express.raw({ type: () => true, limit: '1mb' }),
      (req, res, next) => {
        // telegraf takes the parsed body from req.body; a body that is JSON but not an update
        // ("null", a number) made it throw (a 500, and Telegram would send it again forever).
        let update: unknown;
        try {
          update = JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '');
        } catch {
          res.status(415).type('text/plain').send('not JSON');
          return;
        }
        if (
          typeof update !== 'object' ||
          update === null ||
          !Number.isInteger((update as { update_id?: unknown }).update_id)
        ) {
          options.logger.warn('telegram webhook: a body that is not an update');
          res.status(400).type('text/plain').send('not a Telegram update');
          return;
        }
        req.body = update;
        next();
      },
      handler,
    );
  }
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('not found');
  });
  app.use(
    (
      error: Error & { status?: number; type?: string },
      _req: Request,
      res: Response,
      _next: NextFunction,
    ) => {
      if (error.type === 'entity.parse.failed') {
        options.logger.warn('chatbot http: a body that is not JSON');
        res.status(400).type('text/plain').send('malformed JSON');
        return;
      }
      if (error.type === 'entity.too.large') {
        res.status(413).type('text/plain').send('payload too large');
        return;
      }
      options.logger.error({ err: error }, 'chatbot http: request failed');
      res.status(500).type('text/plain').send('temporary failure');
    },
  );
  return app;
}
