import type { PageSpec } from '../registry.ts';
import { campaignPages } from './campaigns/index.ts';

export const supervisorPages: PageSpec[] = [...campaignPages];
