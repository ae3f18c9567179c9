import type { PageSpec } from '../registry.ts';
import { recordsPages } from './records.ts';

export const operatorPages: PageSpec[] = [...recordsPages];
