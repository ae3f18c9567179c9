import type { Queryable } from '../../core/db/index.ts';
import type { CampaignPurpose, OutboundChannel } from '../../core/vocabulary/index.ts';
import type { CampaignState, ContactState, Templates } from '../schemas/campaign.ts';

/** Everything one attempt decision needs, in one read. */
export interface ContactForAttempt {
  id: number;
  campaignId: number;
  clientId: number;
  accountId: number | null;
  state: ContactState;
  channelIndex: number;
  attemptsInChannel: number;
  attemptsTotal: number;
  nextAttemptAt: Date | null;
  jobSeq: number;
  variables: Record<string, string>;
  campaignState: CampaignState;
  purpose: CampaignPurpose;
  channels: OutboundChannel[];
  templates: Templates;
  endsAt: Date;
  timeZone: string;
  phones: string[];
  email: string | null;
  accountNumber: string | null;
  address: string | null;
  /** Consent, opt-out and spacing in the contact's current channel (read with it, one trip). */
  standing: ChannelStanding;
}

const CONTACT_COLUMNS = `cc.*, c.state as campaign_state, c.purpose, c.channels, c.templates, c.ends_at,
            cl.time_zone, cl.phones, cl.email, a.number as account_number, a.full_address,
            (select allowed from client_consents cs
              where cs.client_id = cc.client_id and cs.channel = c.channels[cc.channel_index + 1]
                and cs.purpose in (c.purpose, '*')
              order by cs.purpose = '*' limit 1) as consent,
            exists (select 1 from campaign_opt_outs o
                     where o.client_id = cc.client_id and o.purpose = c.purpose
                       and o.channel in (c.channels[cc.channel_index + 1], '*')) as opted_out,
            (select not_before from channel_spacing s
              where s.client_id = cc.client_id and s.channel = c.channels[cc.channel_index + 1]) as not_before
       from campaign_contacts cc
       join campaigns c on c.id = cc.campaign_id
       join clients cl on cl.id = cc.client_id
       left join accounts a on a.id = cc.account_id`;

export async function loadContact(
  db: Queryable,
  id: number,
  lock = false,
): Promise<ContactForAttempt | undefined> {
  const { rows } = await db.query(
    `select ${CONTACT_COLUMNS} where cc.id = $1${lock ? ' for update of cc' : ''}`,
    [id],
  );
  return rows[0] ? toContact(rows[0]) : undefined;
}

/** Many contacts in one statement (a batch of jobs); missing ids are simply absent. */
export async function loadContacts(
  db: Queryable,
  ids: readonly number[],
): Promise<Map<number, ContactForAttempt>> {
  const { rows } = await db.query(`select ${CONTACT_COLUMNS} where cc.id = any($1::bigint[])`, [ids]);
  return new Map(rows.map((row) => [Number(row.id), toContact(row)]));
}

// biome-ignore lint/suspicious/noExplicitAny: a pg row
function toContact(r: any): ContactForAttempt {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    clientId: r.client_id,
    accountId: r.account_id,
    state: r.state,
    channelIndex: r.channel_index,
    attemptsInChannel: r.attempts_in_channel,
    attemptsTotal: r.attempts_total,
    nextAttemptAt: r.next_attempt_at,
    jobSeq: r.job_seq,
    variables: r.variables,
    campaignState: r.campaign_state,
    purpose: r.purpose,
    channels: r.channels,
    templates: r.templates,
    endsAt: r.ends_at,
    timeZone: r.time_zone,
    phones: r.phones,
    email: r.email,
    accountNumber: r.account_number,
    address: r.full_address,
    standing: { consent: r.consent, optedOut: r.opted_out, notBefore: r.not_before },
  };
}

export interface ChannelStanding {
  /** Explicit consent row: purpose-specific beats '*'; none = the contract's consent. */
  consent: boolean | null;
  optedOut: boolean;
  notBefore: Date | null;
}

/** Puts a contact back to waiting for its next attempt; returns the new job sequence. */
export async function schedulePending(
  db: Queryable,
  id: number,
  at: Date,
  change: { channelIndex?: number; resetChannelAttempts?: boolean } = {},
): Promise<number> {
  const { rows } = await db.query<{ job_seq: number }>(
    `update campaign_contacts
        set state = 'pending', next_attempt_at = $2, job_seq = job_seq + 1,
            channel_index = coalesce($3, channel_index),
            attempts_in_channel = case when $4 then 0 else attempts_in_channel end
      where id = $1 returning job_seq`,
    [id, at, change.channelIndex ?? null, change.resetChannelAttempts ?? false],
  );
  return rows[0]!.job_seq;
}

/** Moves the next attempt without a new job (the running job is delayed to it). */
export async function moveNextAttempt(db: Queryable, id: number, at: Date): Promise<void> {
  await db.query('update campaign_contacts set next_attempt_at = $2 where id = $1', [id, at]);
}

export async function finishContact(
  db: Queryable,
  id: number,
  state: Exclude<ContactState, 'pending' | 'in_progress'>,
  reason: string,
  now: Date,
): Promise<void> {
  await db.query(
    `update campaign_contacts set state = $2, finish_reason = $3, finished_at = $4, next_attempt_at = null
      where id = $1`,
    [id, state, reason, now],
  );
}

export async function recordSpacing(
  db: Queryable,
  clientId: number,
  channel: OutboundChannel,
  notBefore: Date,
): Promise<void> {
  await db.query(
    `insert into channel_spacing (client_id, channel, not_before) values ($1, $2, $3)
     on conflict (client_id, channel) do update set not_before = greatest(channel_spacing.not_before, excluded.not_before)`,
    [clientId, channel, notBefore],
  );
}

/** A campaign whose every contact is done finishes by itself. */
export async function finishCampaignIfDone(db: Queryable, campaignId: number, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `update campaigns set state = 'finished', updated_at = $2
      where id = $1 and state = 'running'
        and not exists (select 1 from campaign_contacts
                         where campaign_id = $1 and state in ('pending', 'in_progress'))`,
    [campaignId, now],
  );
  return rowCount === 1;
}
