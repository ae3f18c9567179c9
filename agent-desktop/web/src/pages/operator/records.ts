import type { PageSpec } from '../registry.ts';
import { MY_APPEALS_PATH, MyAppealsPage } from './appeals/MyAppealsPage.tsx';
import { CLIENTS_PATH, ClientsPage } from './card/ClientsPage.tsx';

/** The records area's screens: client search with the card, and the operator's own appeals. */
export const recordsPages: PageSpec[] = [
  {
    path: CLIENTS_PATH,
    title: 'Клиенты',
    roles: ['operator', 'supervisor', 'quality'],
    component: ClientsPage,
  },
  { path: MY_APPEALS_PATH, title: 'Обращения', roles: ['operator', 'supervisor'], component: MyAppealsPage },
];
