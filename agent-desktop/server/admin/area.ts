import type { DesktopArea } from '../context.ts';
import { calendarRoutes } from './http/calendar.ts';
import { knowledgeRoutes } from './http/knowledge.ts';
import { queueRoutes } from './http/queues.ts';
import { userRoutes } from './http/users.ts';

/** Administration: users and roles, queues and skills, ЕКЦ schedule and holidays, knowledge base. */
export const adminArea: DesktopArea = {
  name: 'admin',
  routes: (context) => [
    ...userRoutes(context),
    ...queueRoutes(context),
    ...calendarRoutes(context),
    ...knowledgeRoutes(context),
  ],
};
