import type { Queryable } from '../../core/db/index.ts';
import type { CampaignPurpose, OutboundChannel } from '../../core/vocabulary/index.ts';

export type OptOutSource = 'sms_stop' | 'call_key' | 'supervisor' | 'online_account';

export async function recordOptOut(
  db: Queryable,
  clientId: number,
  purpose: CampaignPurpose,
  channel: OutboundChannel | '*',
  source: OptOutSource,
  at: Date,
): Promise<void> {
  await db.query(
    `insert into campaign_opt_outs (client_id, purpose, channel, source, at) values ($1, $2, $3, $4, $5)
     on conflict (client_id, purpose, channel) do nothing`,
    [clientId, purpose, channel, source, at],
  );
}

/**
 * The contact an SMS «СТОП» from `phone` answers: the latest SMS attempt to one of that number's
 * clients. Numbers are compared by their ten national digits (+7 913…, 8 913…, 913… alike).
 */
export async function latestSmsContactByPhone(
  db: Queryable,
  phone: string,
): Promise<{ contactId: number; clientId: number; purpose: CampaignPurpose } | undefined> {
  const { rows } = await db.query(
    `select cc.id as contact_id, cc.client_id, c.purpose
       from campaign_attempts at
       join campaign_contacts cc on cc.id = at.contact_id
       join campaigns c on c.id = cc.campaign_id
       join clients cl on cl.id = cc.client_id
      where at.channel = 'sms'
        and exists (select 1 from unnest(cl.phones) p
                     where right(regexp_replace(p, 'D', '', 'g'), 10) = right(regexp_replace($1, 'D', '', 'g'), 10))
      order by at.claimed_at desc, at.id desc limit 1`,
    [phone],
  );
  const r = rows[0];
  return r ? { contactId: r.contact_id, clientId: r.client_id, purpose: r.purpose } : undefined;
}
