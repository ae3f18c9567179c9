import type { Queryable } from '../../core/db/index.ts';
import type { OutboundChannel } from '../../core/vocabulary/index.ts';
import type { ContactState } from '../schemas/campaign.ts';

export interface AttemptView {
  attemptNo: number;
  channel: OutboundChannel;
  stage: 'claimed' | 'sending' | 'sent' | 'done';
  result: 'positive' | 'negative' | null;
  detail: string | null;
  claimedAt: Date;
  sentAt: Date | null;
  finishedAt: Date | null;
  costUnits: number | null;
}

export interface ContactHistory {
  contactId: number;
  clientId: number;
  accountNumber: string | null;
  state: ContactState;
  finishReason: string | null;
  channel: OutboundChannel;
  attemptsTotal: number;
  nextAttemptAt: Date | null;
  finishedAt: Date | null;
  attempts: AttemptView[];
}

export interface HistoryPageRequest {
  /** Keyset pagination: contacts with a larger id than this one (0 = from the start). */
  after: number;
  limit: number;
  state?: ContactState | undefined;
  account?: string | undefined;
}

export interface HistoryPage {
  items: ContactHistory[];
  /** Pass as `after` for the next page; null on the last page. */
  nextAfter: number | null;
}

/**
 * One page of a campaign's contacts with every attempt of each (two statements whatever the page
 * size). Keyset on the contact id, so page 1,000 of a million costs what page 1 does.
 */
export async function contactHistoryPage(
  db: Queryable,
  campaignId: number,
  request: HistoryPageRequest,
): Promise<HistoryPage> {
  const { rows } = await db.query(
    `select cc.id, cc.client_id, a.number as account_number, cc.state, cc.finish_reason,
            c.channels[cc.channel_index + 1] as channel, cc.attempts_total, cc.next_attempt_at, cc.finished_at
       from campaign_contacts cc
       join campaigns c on c.id = cc.campaign_id
       left join accounts a on a.id = cc.account_id
      where cc.campaign_id = $1 and cc.id > $2
        and ($3::text is null or cc.state = $3)
        and ($4::text is null or a.number = $4)
      order by cc.id limit $5`,
    [campaignId, request.after, request.state ?? null, request.account ?? null, request.limit + 1],
  );
  const page = rows.slice(0, request.limit);
  const ids = page.map((row) => row.id as number);
  const { rows: attempts } = ids.length
    ? await db.query(
        `select contact_id, attempt_no, channel, stage, result, detail, claimed_at, sent_at, finished_at, cost_units
           from campaign_attempts where contact_id = any($1::bigint[]) order by contact_id, attempt_no`,
        [ids],
      )
    : { rows: [] };
  const byContact = new Map<number, AttemptView[]>();
  for (const a of attempts) {
    const list = byContact.get(a.contact_id) ?? [];
    list.push({
      attemptNo: a.attempt_no,
      channel: a.channel,
      stage: a.stage,
      result: a.result,
      detail: a.detail,
      claimedAt: a.claimed_at,
      sentAt: a.sent_at,
      finishedAt: a.finished_at,
      costUnits: a.cost_units,
    });
    byContact.set(a.contact_id, list);
  }
  return {
    items: page.map((row) => ({
      contactId: row.id,
      clientId: row.client_id,
      accountNumber: row.account_number,
      state: row.state,
      finishReason: row.finish_reason,
      channel: row.channel,
      attemptsTotal: row.attempts_total,
      nextAttemptAt: row.next_attempt_at,
      finishedAt: row.finished_at,
      attempts: byContact.get(row.id) ?? [],
    })),
    nextAfter: rows.length > request.limit ? (page.at(-1)!.id as number) : null,
  };
}

/** What a preview fills the templates with for one real account (billing figures come later). */
export async function sampleAccount(
  db: Queryable,
  campaignId: number,
  accountNumber: string | undefined,
): Promise<{ number: string; address: string | null; timeZone: string; date?: string } | undefined> {
  const { rows } = await db.query(
    accountNumber === undefined
      ? `select a.number, a.full_address, cl.time_zone, cc.variables ->> 'date' as date
           from campaign_contacts cc join accounts a on a.id = cc.account_id join clients cl on cl.id = a.client_id
          where cc.campaign_id = $1 order by cc.id limit 1`
      : `select a.number, a.full_address, cl.time_zone,
                (select variables ->> 'date' from campaign_contacts
                  where campaign_id = $1 and account_id = a.id) as date
           from accounts a join clients cl on cl.id = a.client_id where a.number = $2`,
    accountNumber === undefined ? [campaignId] : [campaignId, accountNumber],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    number: row.number,
    address: row.full_address,
    timeZone: row.time_zone,
    ...(row.date ? { date: row.date } : {}),
  };
}
