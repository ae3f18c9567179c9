import type { PageSpec } from '../registry.ts';
import { CalendarPage } from './calendar.tsx';
import { KnowledgePage } from './knowledge.tsx';
import { QueuesPage } from './queues.tsx';
import { UsersPage } from './users.tsx';

const ADMIN = ['admin'] as const;

/** Administration: who works, in which queues, when the ЕКЦ is open, what the robots answer. */
export const adminPages: PageSpec[] = [
  { path: '/admin/users', title: 'Пользователи', roles: ADMIN, component: UsersPage },
  { path: '/admin/queues', title: 'Очереди', roles: ADMIN, component: QueuesPage },
  { path: '/admin/calendar', title: 'График и календарь', roles: ADMIN, component: CalendarPage },
  { path: '/admin/knowledge', title: 'База знаний', roles: ADMIN, component: KnowledgePage },
];
