import type { PageSpec } from '../registry.ts';
import { recordsPages } from './records.ts';
import { WorkspacePage } from './workspace/page.tsx';

export const operatorPages: PageSpec[] = [
  { path: '/workspace', title: 'Рабочее место', roles: ['operator'], component: WorkspacePage },
  ...recordsPages,
];
