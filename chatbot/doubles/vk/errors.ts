/**
 * An error the VK API answers with (HTTP 200, `{"error":{…}}`). Messages are VK's own strings
 * because libraries and bots match on codes and, sometimes, on the words.
 */
export class VkApiError extends Error {
  constructor(
    readonly code: number,
    readonly errorMsg: string,
  ) {
    super(errorMsg);
  }
}

export const invalidParam = (detail: string) =>
  new VkApiError(100, `One of the parameters specified was missing or invalid: ${detail}`);

export const ERRORS = {
  unknownMethod: () => new VkApiError(3, 'Unknown method passed'),
  noToken: () => new VkApiError(5, 'User authorization failed: no access_token passed.'),
  badToken: () => new VkApiError(5, 'User authorization failed: invalid access_token (4).'),
  tooMany: () => new VkApiError(6, 'Too many requests per second'),
  noVersion: () => new VkApiError(8, 'Invalid request: v (version) is required'),
  cantSend: () => new VkApiError(901, "Can't send messages for users without permission"),
  keyboard: () => new VkApiError(911, 'Keyboard format is invalid'),
  tooLong: () => new VkApiError(914, 'Message is too long'),
};

/** VK echoes what it was asked, minus the token: method, oauth, v and every other parameter. */
export function errorBody(error: VkApiError, method: string, params: Record<string, string>) {
  const { access_token: _token, ...rest } = params;
  return {
    error: {
      error_code: error.code,
      error_msg: error.errorMsg,
      request_params: [
        { key: 'method', value: method },
        { key: 'oauth', value: '1' },
        ...Object.entries(rest).map(([key, value]) => ({ key, value })),
      ],
    },
  };
}
