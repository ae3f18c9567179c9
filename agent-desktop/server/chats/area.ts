import { createAttachmentStorage } from '../../../chatbot/attachments/storage.ts';
import { chatbotConfigSchema } from '../../../chatbot/config.ts';
import { createWorkingTime } from '../../../core/calendar/index.ts';
import { loadConfig } from '../../../core/config/load.ts';
import { acdWorkingTime } from '../acd/index.ts';
import type { DesktopArea, DesktopContext } from '../context.ts';
import { ChatDesk } from './desk.ts';
import { chatRoutes } from './http.ts';
import { chatLiveSource } from './live-source.ts';
import { chatReviewRoutes } from './review-http.ts';

// One desk per desktop context: routes and the live source share it.
const desks = new WeakMap<DesktopContext, ChatDesk>();

function deskOf(context: DesktopContext): ChatDesk {
  let desk = desks.get(context);
  if (!desk) {
    desk = new ChatDesk({
      pool: context.pool,
      redis: context.redis,
      prefix: context.prefix,
      acd: context.acd,
      clock: context.clock,
      // The same ЕКЦ hours the ACD counts the 15 minutes in (acd/factory.ts).
      workingTime: acdWorkingTime(createWorkingTime({ timeZone: context.timeZone })),
      // The files are read where the chatbot writes them, by its own settings; read on first use, so
      // a chatbot setting the desktop does not need (Telegram, VK) never stops the desktop starting.
      attachments: () => createAttachmentStorage(loadConfig(chatbotConfigSchema, context.service.env)),
    });
    desks.set(context, desk);
  }
  return desk;
}

/**
 * Chats in the operator's desktop: several at once, history, answers, canned answers, end; and
 * any chat's transcript, read-only, for supervisors and quality control.
 */
export const chatsArea: DesktopArea = {
  name: 'chats',
  routes: (context) => [
    ...chatRoutes(context, deskOf(context)),
    ...chatReviewRoutes(context, deskOf(context)),
  ],
  live(context) {
    const desk = deskOf(context);
    context.live.addSource(
      chatLiveSource({
        redisUrl: context.service.config.REDIS_URL,
        chat: desk.chatKeys,
        acd: context.acd.keys,
        agentOf: (ix) => desk.agentOf(ix),
        clock: context.clock,
      }),
    );
    context.live.addSnapshot('chats', async (session) =>
      session.roles.includes('operator') ? desk.list(String(session.userId)) : [],
    );
  },
};
