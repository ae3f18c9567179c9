import type { ComponentType } from 'preact';
import type { Role } from '../session.ts';
import { adminPages } from './admin/index.ts';
import { chatPages } from './chats/index.ts';
import { operatorPages } from './operator/index.ts';
import { supervisorPages } from './supervisor/index.ts';

/** One screen of the desktop: its hash path, the menu title, and who may open it. */
export interface PageSpec {
  path: string;
  title: string;
  roles: readonly Role[];
  component: ComponentType;
  /** Hidden pages are reachable by link only (e.g. a client card), not from the menu. */
  hidden?: boolean;
}

/**
 * Every screen, in menu order. The server checks roles on every API call; the menu only hides
 * what a role cannot use.
 */
export const PAGES: PageSpec[] = [...operatorPages, ...chatPages, ...supervisorPages, ...adminPages];

/** `/campaigns/:id` matches `/campaigns/42`; a plain path matches itself. */
function matches(pattern: string, path: string): boolean {
  if (!pattern.includes(':')) return pattern === path;
  const source = pattern
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`).test(path);
}

/** The page for a path: exact match first, then a parameter pattern, then the longest prefix. */
export function pageFor(path: string, roles: readonly Role[]): PageSpec | undefined {
  const allowed = PAGES.filter((page) => page.roles.some((role) => roles.includes(role)));
  return (
    allowed.find((page) => page.path === path) ??
    allowed.find((page) => matches(page.path, path)) ??
    allowed
      .filter((page) => path.startsWith(`${page.path}/`))
      .sort((a, b) => b.path.length - a.path.length)[0]
  );
}
