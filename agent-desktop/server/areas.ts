import type { DesktopArea } from './context.ts';
import { liveArea } from './live/area.ts';

/** The desktop's areas, in the order their routes are registered. Add one line per area. */
export const DESKTOP_AREAS: DesktopArea[] = [liveArea];
