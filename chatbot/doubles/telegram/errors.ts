/**
 * An error the Bot API answers with. The descriptions are the server's own strings (tdlib's
 * telegram-bot-api, Client.cpp), because bots match on them.
 */
export class TelegramApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number },
  ) {
    super(description);
  }

  toBody(): Record<string, unknown> {
    return {
      ok: false,
      error_code: this.errorCode,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
  }
}

export const badRequest = (what: string) => new TelegramApiError(400, `Bad Request: ${what}`);

export const unauthorized = () => new TelegramApiError(401, 'Unauthorized');

export const methodNotFound = () => new TelegramApiError(404, 'Not Found: method not found');

export const chatNotFound = () => badRequest('chat not found');

export const blockedByUser = () => new TelegramApiError(403, 'Forbidden: bot was blocked by the user');

export const tooManyRequests = (retryAfterSeconds: number) =>
  new TelegramApiError(429, `Too Many Requests: retry after ${retryAfterSeconds}`, {
    retry_after: retryAfterSeconds,
  });

export const conflict = (what: string) => new TelegramApiError(409, `Conflict: ${what}`);
