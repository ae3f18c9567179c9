import { h } from 'preact';
import type { Role } from '../../session.ts';
import type { PageSpec } from '../registry.ts';
import { AppealsControlPage } from './appeals.tsx';
import { campaignPages } from './campaigns/index.ts';
import { ChatReviewPage } from './chat-review.tsx';
import { RecordingsPage } from './recordings.tsx';
import { Refusal } from './refusal.tsx';
import { ReportsPage } from './reports.tsx';
import { WallboardPage } from './wallboard.tsx';

const ALL_ROLES: readonly Role[] = ['operator', 'supervisor', 'admin', 'quality'];

/** The supervisor's screens (roles as the server's SUPERVISION_ACCESS; campaigns add theirs here). */
const pages: PageSpec[] = [
  { path: '/wallboard', title: 'Монитор', roles: ['supervisor', 'admin'], component: WallboardPage },
  {
    path: '/supervisor/appeals',
    title: 'Контроль сроков',
    roles: ['supervisor'],
    component: AppealsControlPage,
  },
  { path: '/reports', title: 'Отчёты', roles: ['supervisor', 'quality'], component: ReportsPage },
  { path: '/recordings', title: 'Записи', roles: ['supervisor', 'quality'], component: RecordingsPage },
  // Any chat, read-only (the server audits every transcript opened); operators use their own «Чаты».
  {
    path: '/chat-review',
    title: 'Просмотр чатов',
    roles: ['supervisor', 'quality'],
    component: ChatReviewPage,
  },
  // Operators reach the player by the client card's links (`#/recordings/<id>`, their own calls).
  { path: '/recordings', title: 'Записи', roles: ['operator'], component: RecordingsPage, hidden: true },
  ...campaignPages,
];

/**
 * For every screen, a hidden twin for the other roles: someone following a link to a page their
 * role may not open gets a polite refusal instead of being silently sent elsewhere.
 */
function withRefusals(specs: PageSpec[]): PageSpec[] {
  const byPath = new Map<string, PageSpec[]>();
  for (const spec of specs) byPath.set(spec.path, [...(byPath.get(spec.path) ?? []), spec]);
  const refusals = [...byPath].map(([path, same]) => {
    const allowed = same.flatMap((spec) => spec.roles);
    const title = same[0]!.title;
    return {
      path,
      title,
      roles: ALL_ROLES.filter((role) => !allowed.includes(role)),
      hidden: true,
      component: () => h(Refusal, { title }),
    };
  });
  return [...specs, ...refusals.filter((refusal) => refusal.roles.length > 0)];
}

export const supervisorPages: PageSpec[] = withRefusals(pages);
