import { queueTitles } from '../acd/index.ts';
import type { DesktopArea } from '../context.ts';
import { acdEventSource } from './acd-source.ts';
import { queueTitlesSource } from './queue-titles.ts';

/** The live channel itself: ACD events out to the browsers, and what a browser needs on (re)connect. */
export const liveArea: DesktopArea = {
  name: 'live',
  live(context) {
    context.live.addSource(acdEventSource(context.service.config.REDIS_URL, context.acd.keys));
    context.live.addSnapshot('me', async (session) => ({
      userId: session.userId,
      fullName: session.fullName,
      roles: session.roles,
      agent: await context.acd.agent(String(session.userId)),
    }));
    // Every screen that shows a queue names it (offer card, chats, wallboard, reports): no personal data.
    context.live.addSnapshot('queueTitles', () => queueTitles(context.pool));
    // …and a renamed queue reaches the screens already open (`queues.titles`), not only new ones.
    context.live.addSource(queueTitlesSource(context));
  },
  routes(context) {
    return [
      {
        method: 'get',
        path: '/api/queues/titles',
        access: 'authenticated',
        summary: "the queues' display names (name → title), the same the live hello carries",
        async handler(_req, res) {
          res.json({ titles: await queueTitles(context.pool) });
        },
      },
      {
        method: 'get',
        path: '/api/live/status',
        access: ['supervisor', 'admin'],
        summary: 'how many browsers are connected to this server',
        handler(_req, res) {
          res.json({ connections: context.live.connections });
        },
      },
    ];
  },
};
