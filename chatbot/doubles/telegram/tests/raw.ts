import type { TelegramDouble } from '../double.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary Bot API JSON and assert on its shape.
export type ApiBody = Record<string, any>;

/** Calls the double the way any HTTP client would, returning status and the parsed JSON body. */
export async function callApi(
  tg: TelegramDouble,
  method: string,
  params: Record<string, unknown> = {},
  token = tg.token,
): Promise<{ status: number; body: ApiBody }> {
  const response = await fetch(`${tg.url}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return { status: response.status, body: (await response.json()) as ApiBody };
}
