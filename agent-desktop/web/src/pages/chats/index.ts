import type { PageSpec } from '../registry.ts';
import { ChatsPage } from './page.tsx';

export const chatPages: PageSpec[] = [
  { path: '/chats', title: 'Чаты', roles: ['operator'], component: ChatsPage },
];
