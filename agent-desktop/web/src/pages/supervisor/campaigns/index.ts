import type { PageSpec } from '../../registry.ts';
import { CampaignCreate } from './create.tsx';
import { CampaignDetail } from './detail.tsx';
import { CampaignList } from './list.tsx';

const SUPERVISOR = ['supervisor'] as const;

/** Autoinforming campaigns on the dialer's supervisor API (the dialer checks the role too). */
export const campaignPages: PageSpec[] = [
  { path: '/campaigns', title: 'Кампании', roles: SUPERVISOR, component: CampaignList },
  {
    path: '/campaigns/new',
    title: 'Новая кампания',
    roles: SUPERVISOR,
    component: CampaignCreate,
    hidden: true,
  },
  { path: '/campaigns/:id', title: 'Кампания', roles: SUPERVISOR, component: CampaignDetail, hidden: true },
];
