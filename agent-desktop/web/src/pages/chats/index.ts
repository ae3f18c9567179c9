import type { PageSpec } from '../registry.ts';

export const chatPages: PageSpec[] = [];
