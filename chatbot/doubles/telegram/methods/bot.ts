import { Described, type MethodHandler } from '../context.ts';
import { deleteWebhookSchema, parseParams, setMyCommandsSchema } from '../schemas.ts';

export const getMe: MethodHandler = (ctx) => ({
  ...ctx.botUser,
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
});

export const getUpdates: MethodHandler = (ctx, { params, signal }) => ctx.polling.getUpdates(params, signal);

export const setWebhook: MethodHandler = (ctx, { params }) => {
  const outcome = ctx.webhook.set(params);
  if (outcome === 'deleted') return new Described(true, 'Webhook was deleted');
  ctx.polling.abortHeldPoll();
  return new Described(true, outcome === 'unchanged' ? 'Webhook is already set' : 'Webhook was set');
};

export const deleteWebhook: MethodHandler = (ctx, { params }) => {
  const input = parseParams(deleteWebhookSchema, params);
  const was = ctx.webhook.remove(input.drop_pending_updates ?? false);
  return new Described(true, was ? 'Webhook was deleted' : 'Webhook is already deleted');
};

export const getWebhookInfo: MethodHandler = (ctx) => ctx.webhook.info();

export const setMyCommands: MethodHandler = (ctx, { params }) => {
  const input = parseParams(setMyCommandsSchema, params);
  ctx.state.commands = input.commands;
  return true;
};

export const getMyCommands: MethodHandler = (ctx) => ctx.state.commands;
