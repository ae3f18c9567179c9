import type { PageSpec } from '../registry.ts';

export const adminPages: PageSpec[] = [];
