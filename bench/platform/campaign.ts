/**
 * The campaign of the platform benchmarks: its audience seeded straight into the scratch database
 * (clients in a time zone where it is now 10:00–19:00, so SMS may go out), created and started
 * through the dialer's own CampaignService, sent by the dialer process. Afterwards every contact
 * is accounted for and the SMSC double's messages are checked against the attempts: one SMS per
 * attempt that reached the gateway, none twice to anybody.
 */

import type { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import { PgBilling } from '../../core/billing/index.ts';
import type { Pool } from '../../core/db/index.ts';
import { systemClock } from '../../core/lifecycle/clock.ts';
import { DialerQueues } from '../../dialer/bullmq/queues.ts';
import type { SmscDouble } from '../../dialer/doubles/index.ts';
import { createContactPolicy } from '../../dialer/policy/index.ts';
import { CampaignService } from '../../dialer/services/campaigns.ts';

const AREA = 'Платформа-бенч';
const ZONES = [
  'Europe/Moscow',
  'Asia/Yekaterinburg',
  'Asia/Krasnoyarsk',
  'Asia/Irkutsk',
  'Asia/Vladivostok',
  'Asia/Magadan',
  'Asia/Kamchatka',
];

/** A zone where the next `hours` stay inside the 10:00–20:00 outbound window. */
export function zoneInWindow(now = new Date(), hours = 1): string {
  const zone = ZONES.find((z) => {
    const hour = DateTime.fromJSDate(now, { zone: z }).hour;
    return hour >= 10 && hour + hours < 20;
  });
  if (!zone) throw new Error('no Russian time zone is inside 10:00–20:00 now');
  return zone;
}

export const campaignPhone = (i: number) => `+7914${String(i).padStart(7, '0')}`;

/** `contacts` clients with one account each in the bench's area, ids from 5,000,001. */
export async function seedCampaignAudience(pool: Pool, contacts: number): Promise<string> {
  const zone = zoneInWindow();
  const first = 5_000_001;
  await pool.query(
    `insert into clients (id, type, full_name, phones, time_zone)
     select g, 'individual', 'Клиент ' || g, array['+7914' || lpad((g - $2)::text, 7, '0')], $3
       from generate_series($2::int, $2::int + $1::int - 1) g`,
    [contacts, first, zone],
  );
  await pool.query(
    `insert into accounts (id, number, client_id, owner_full_name, area, settlement, house, full_address)
     select g, (2900000000 + g)::text, g, 'Клиент ' || g, $3, 'г. Абакан', '1', 'г. Абакан, д. 1'
       from generate_series($2::int, $2::int + $1::int - 1) g`,
    [contacts, first, AREA],
  );
  return zone;
}

/** Creates, schedules and starts the SMS campaign; the dialer process does the sending. */
export async function startCampaign(
  pool: Pool,
  redis: Redis,
  prefix: string,
): Promise<{ id: string; close(): Promise<void> }> {
  const queues = new DialerQueues(redis, prefix, systemClock);
  // A fault run kills Redis under them: BullMQ reconnects by itself; its error events are noise.
  for (const queue of [...Object.values(queues.queues), queues.plan.queue]) queue.on('error', () => {});
  const campaigns = new CampaignService({
    pool,
    billing: new PgBilling(pool),
    policy: createContactPolicy(),
    clock: systemClock,
    senders: {},
    enqueue: queues.enqueue,
    enqueuePlan: queues.enqueuePlan,
  });
  const campaign = await campaigns.create(
    {
      name: 'Платформа: информирование',
      purpose: 'information',
      channels: ['sms'],
      audience: { kind: 'filter', areas: [AREA] },
      templates: { sms: 'Новый тариф с 01.01.2027.' },
      startsAt: new Date(),
      endsAt: new Date(Date.now() + 86_400_000),
    },
    'bench',
  );
  await campaigns.schedule(campaign.id, 'bench');
  await campaigns.start(campaign.id, 'bench');
  return {
    id: String(campaign.id),
    close: async () => {
      await Promise.all(
        [...Object.values(queues.queues), queues.plan.queue].map((q) => q.obliterate({ force: true })),
      );
      await queues.close();
    },
  };
}

export interface CampaignAccount {
  contacts: number;
  by_state: Record<string, number>;
  attempts: number;
  attempts_by_stage: Record<string, number>;
  /** Contacts that are neither pending (not reached yet) nor have an attempt or a final state. */
  contacts_unaccounted: number;
  sms_messages: number;
  /** Destinations that got the text more than once (a double send). */
  sms_duplicates: number;
  /** Attempts handed to the gateway without an SMS at the double, or SMS without an attempt. */
  sms_attempt_mismatch: number;
  /** Why attempts ended negative (detail → count). */
  negative_details: Record<string, number>;
}

export async function accountCampaign(
  pool: Pool,
  campaignId: string,
  smsc: SmscDouble,
): Promise<CampaignAccount> {
  const states = await pool.query<{ state: string; n: string }>(
    'select state, count(*) as n from campaign_contacts where campaign_id = $1 group by state',
    [campaignId],
  );
  const stages = await pool.query<{ stage: string; n: string }>(
    'select stage, count(*) as n from campaign_attempts where campaign_id = $1 group by stage',
    [campaignId],
  );
  const unaccounted = await pool.query<{ n: string }>(
    `select count(*) as n from campaign_contacts c
      where c.campaign_id = $1 and c.state not in ('pending', 'positive', 'negative', 'goal_met', 'opted_out', 'unreachable', 'stopped')
        and not exists (select 1 from campaign_attempts a where a.contact_id = c.id)`,
    [campaignId],
  );
  const sentToGateway = await pool.query<{ n: string }>(
    `select count(*) as n from campaign_attempts where campaign_id = $1 and cardinality(gateway_ids) > 0`,
    [campaignId],
  );
  const negative = await pool.query<{ detail: string | null; n: string }>(
    `select detail, count(*) as n from campaign_attempts where campaign_id = $1 and result = 'negative' group by detail`,
    [campaignId],
  );
  const perDestination = new Map<string, number>();
  for (const message of smsc.messages)
    perDestination.set(message.destination, (perDestination.get(message.destination) ?? 0) + 1);
  const by_state = Object.fromEntries(states.rows.map((r) => [r.state, Number(r.n)]));
  const attempts_by_stage = Object.fromEntries(stages.rows.map((r) => [r.stage, Number(r.n)]));
  return {
    contacts: Object.values(by_state).reduce((a, b) => a + b, 0),
    by_state,
    attempts: Object.values(attempts_by_stage).reduce((a, b) => a + b, 0),
    attempts_by_stage,
    contacts_unaccounted: Number(unaccounted.rows[0]!.n),
    sms_messages: smsc.messages.length,
    sms_duplicates: [...perDestination.values()].filter((n) => n > 1).length,
    sms_attempt_mismatch: Math.abs(Number(sentToGateway.rows[0]!.n) - smsc.messages.length),
    negative_details: Object.fromEntries(negative.rows.map((r) => [r.detail ?? 'none', Number(r.n)])),
  };
}
