import type { DesktopArea } from '../context.ts';
import { acdEventSource } from './acd-source.ts';

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
  },
  routes(context) {
    return [
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
