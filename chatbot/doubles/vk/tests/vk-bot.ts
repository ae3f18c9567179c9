import { Agent, createServer, type Server } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Keyboard, VK } from 'vk-io';
import type { VkDouble } from '../index.ts';

/** vk-io pointed at the double; over plain HTTP node-fetch needs an http (not https) agent. */
export function vkClient(vk: VkDouble, overrides: { token?: string; secret?: string } = {}): VK {
  return new VK({
    token: overrides.token ?? vk.accessToken,
    apiBaseUrl: vk.apiBaseUrl,
    // vk-io types the agent as https.Agent, but node-fetch takes any agent matching the URL scheme.
    agent: new Agent({ keepAlive: false }) as unknown as HttpsAgent,
    webhookSecret: overrides.secret ?? 'callback-secret',
    webhookConfirmation: vk.confirmationCode,
    apiRetryLimit: 0,
    // Community tokens may make 20 requests a second; vk-io's default pacing is 3.
    apiLimit: 20,
  });
}

/**
 * A small community bot in the product's style: echoes text with a keyboard, reports the button
 * payload it received, answers callback buttons with a snackbar.
 */
export async function startVkBot(client: VK): Promise<{ url: string; server: Server }> {
  client.updates.on('message_new', async (ctx) => {
    if (ctx.messagePayload) {
      await ctx.send(`Кнопка: ${JSON.stringify(ctx.messagePayload)}`);
      return;
    }
    const keyboard = Keyboard.builder()
      .textButton({ label: 'Оператор', payload: { command: 'operator' }, color: Keyboard.PRIMARY_COLOR })
      .row()
      .callbackButton({ label: 'Баланс', payload: { topic: 'balance' } })
      .inline();
    await ctx.send(`Вы написали: ${ctx.text ?? ''}`, { keyboard });
  });
  client.updates.on('message_event', async (ctx) => {
    await ctx.answer({
      type: 'show_snackbar',
      text: `Тема: ${String((ctx.eventPayload as { topic?: string }).topic)}`,
    });
  });
  const server = createServer(client.updates.getWebhookCallback('/vk'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/vk`, server };
}
