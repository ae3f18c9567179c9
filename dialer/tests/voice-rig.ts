import type { AriClient } from 'ari-client';
import { AriVoiceDialer, type AriVoiceOptions } from '../channels/ari-voice.ts';
import { VoiceChannel } from '../channels/voice.ts';
import { PHONE_CALL_MAX_MS } from '../policy/index.ts';
import type { CampaignInput } from '../schemas/campaign.ts';
import { eventually, type Harness } from './harness.ts';

/**
 * What the voice tests share, whatever answers ARI (the IVR's ARI double or a real Asterisk): the
 * dialer's phone sender over an ARI client, a debt-reminder phone campaign, the calls' results.
 */

/** The harness's phone channel calls through `client`: the standard's 5-minute limit, AMD in `[dialer-amd]`. */
export function dialThroughAri(
  h: Harness,
  client: AriClient,
  options: Omit<AriVoiceOptions, 'maxCallMs' | 'amdContext'>,
): void {
  const dialer = new AriVoiceDialer(client, {
    ...options,
    maxCallMs: PHONE_CALL_MAX_MS,
    amdContext: 'dialer-amd',
  });
  h.deps.senders.phone = new VoiceChannel(dialer);
}

/** A debt-reminder phone campaign, created and scheduled by a supervisor (`user:1`); the test starts it. */
export async function scheduledPhoneCampaign(
  h: Harness,
  campaign: {
    name: string;
    audience: CampaignInput['audience'];
    template: string;
    startsAt: string | Date;
  },
): Promise<number> {
  const created = await h.campaigns.create(
    {
      name: campaign.name,
      purpose: 'debt_reminder',
      channels: ['phone'],
      audience: campaign.audience,
      templates: { phone: campaign.template },
      startsAt: campaign.startsAt,
      endsAt: '2026-12-30T00:00:00Z',
    },
    'user:1',
  );
  await h.campaigns.schedule(created.id, 'user:1');
  return created.id;
}

/** Once `count` calls of the campaign are done: who, how (`detail`) and the result, by client id. */
export function finishedCalls(
  h: Harness,
  campaignId: number,
  count: number,
  timeoutMs: number,
): Promise<Array<{ client_id: number; detail: string; result: string }>> {
  return eventually(async () => {
    const { rows } = await h.db.pool.query(
      `select cc.client_id, a.detail, a.result from campaign_attempts a
         join campaign_contacts cc on cc.id = a.contact_id
        where cc.campaign_id = $1 and a.stage = 'done' order by cc.client_id`,
      [campaignId],
    );
    return rows.length === count ? rows : undefined;
  }, timeoutMs);
}
