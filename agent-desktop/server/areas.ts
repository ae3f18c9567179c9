import { adminArea } from './admin/area.ts';
import { chatsArea } from './chats/area.ts';
import type { DesktopArea } from './context.ts';
import { liveArea } from './live/area.ts';
import { recordsArea } from './records/area.ts';
import { supervisionArea } from './supervision/area.ts';
import { workspaceArea } from './workspace/area.ts';

/** The desktop's areas, in the order their routes are registered. Add one line per area. */
export const DESKTOP_AREAS: DesktopArea[] = [
  liveArea,
  chatsArea,
  recordsArea,
  workspaceArea,
  supervisionArea,
  adminArea,
];
