import type { DesktopArea } from '../context.ts';
import { workspaceRoutes } from './http.ts';

/**
 * The operator's workspace: state control, offers with their 15 s countdown, the active
 * interaction and its wrap-up with the outcome, scripts and the knowledge base. Live updates are
 * the ACD's own events (acd.offered, acd.agent_state…), which the live area already forwards.
 */
export const workspaceArea: DesktopArea = {
  name: 'workspace',
  routes: workspaceRoutes,
};
