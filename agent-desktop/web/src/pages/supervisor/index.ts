import type { PageSpec } from '../registry.ts';

export const supervisorPages: PageSpec[] = [];
