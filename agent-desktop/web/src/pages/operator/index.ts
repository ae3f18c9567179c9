import type { PageSpec } from '../registry.ts';

export const operatorPages: PageSpec[] = [];
