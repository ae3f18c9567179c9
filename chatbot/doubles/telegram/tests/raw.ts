import type { TelegramDouble } from '../double.ts';

/** Calls the double the way any HTTP client would, returning status and the parsed JSON body. */
export async function callApi(
  tg: TelegramDouble,
  method: string,
  params: Record<string, unknown> = {},
  token = tg.token,
): Promise<{ status: number; body: Record<string, any> }> {
  const response = await fetch(`${tg.url}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}
