import { useEffect } from 'preact/hooks';
import { get } from '../../../api.ts';
import { useNow } from '../../../components/clock.ts';
import { formatDateTime } from '../../../components/format.ts';
import { Badge, Empty, ErrorText, Loading, Page, Panel, useResource } from '../../../components/ui.tsx';
import { navigate } from '../../../router.ts';
import { ProgressBar } from './progress.tsx';
import { type Campaign, PURPOSE_LABELS, STATE_LABELS, STATE_TONES } from './types.ts';

/** How often running campaigns refresh their progress. */
const REFRESH_MS = 3_000;

export function CampaignList() {
  const campaigns = useResource(() => get<{ items: Campaign[]; total: number }>('/api/campaigns?limit=100'));
  const now = useNow(REFRESH_MS);
  useEffect(() => {
    if (campaigns.data?.items.some((c) => c.state === 'running')) void campaigns.reload();
  }, [now]);
  return (
    <Page
      title="Кампании автоинформирования"
      actions={
        <button type="button" class="primary" onClick={() => navigate('/campaigns/new')}>
          Новая кампания
        </button>
      }
    >
      <Panel>
        <ErrorText error={campaigns.error} />
        {!campaigns.data && campaigns.loading && <Loading />}
        {campaigns.data?.items.length === 0 && <Empty>Кампаний пока нет.</Empty>}
        {campaigns.data && campaigns.data.items.length > 0 && (
          <table>
            <thead>
              <tr>
                <th>Название</th>
                <th>Цель</th>
                <th>Состояние</th>
                <th>Период</th>
                <th>Ход</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.data.items.map((campaign) => (
                <tr key={campaign.id}>
                  <td>
                    <a href={`#/campaigns/${campaign.id}`}>{campaign.name}</a>
                  </td>
                  <td>{PURPOSE_LABELS[campaign.purpose]}</td>
                  <td>
                    <Badge tone={STATE_TONES[campaign.state]}>{STATE_LABELS[campaign.state]}</Badge>
                  </td>
                  <td>
                    {formatDateTime(campaign.startsAt)} — {formatDateTime(campaign.endsAt)}
                  </td>
                  <td style={{ minWidth: '220px' }}>
                    <ProgressBar progress={campaign.progress} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </Page>
  );
}
