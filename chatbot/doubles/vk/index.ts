export type { CallbackDeliveryOptions } from './callback.ts';
export { DEFAULT_VK_TOKEN, VkDouble, type VkDoubleOptions } from './double.ts';
export type { VkUserInput } from './scripting.ts';
export type { VkBotMessage, VkDelivery, VkKeyboard, VkMessage } from './types.ts';
