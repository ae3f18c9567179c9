import type { ContactJob, DialerDeps, PlanChunk } from './deps.ts';

const READ_BATCH = 50_000;
/** Contacts per planning job: small enough to fan out quickly, few enough jobs for a million. */
export const CHUNK_SIZE = 1000;

/**
 * Plans every pending contact of a campaign: its first allowed instant (the window in the
 * client's own zone, the spacing after an earlier positive contact) and a delayed planning job
 * per chunk of contacts due at the same instant; at that instant the chunk fans out into one job
 * per contact (`fanOutChunk`). No per-contact write here, so a million contacts plan in seconds.
 * At resume `bumpSeq` makes jobs queued before the pause stale.
 */
export async function planPendingContacts(
  deps: DialerDeps,
  campaignId: number,
  options: { bumpSeq?: boolean } = {},
): Promise<number> {
  const now = deps.clock.now();
  if (options.bumpSeq) {
    await deps.pool.query(
      "update campaign_contacts set job_seq = job_seq + 1 where campaign_id = $1 and state = 'pending'",
      [campaignId],
    );
  }
  const { rows: campaigns } = await deps.pool.query<{ channels: ContactJob['channel'][]; starts_at: Date }>(
    'select channels, starts_at from campaigns where id = $1',
    [campaignId],
  );
  const campaign = campaigns[0];
  if (!campaign) return 0;
  const startsAt = campaign.starts_at > now ? campaign.starts_at : now;
  let lastId = 0;
  let planned = 0;
  const known = new Map<string, Date>();
  for (;;) {
    const { rows } = await deps.pool.query<{
      id: number;
      channel_index: number;
      time_zone: string;
      not_before: Date | null;
      next_attempt_at: Date | null;
    }>(
      `select cc.id, cc.channel_index, cl.time_zone, s.not_before, cc.next_attempt_at
         from campaign_contacts cc
         join clients cl on cl.id = cc.client_id
         left join channel_spacing s on s.client_id = cc.client_id and s.channel = ($4::text[])[cc.channel_index + 1]
        where cc.campaign_id = $1 and cc.state = 'pending' and cc.id > $2
        order by cc.id limit $3`,
      [campaignId, lastId, READ_BATCH, campaign.channels],
    );
    if (rows.length === 0) return planned;
    const chunks = new Map<string, PlanChunk>();
    for (const row of rows) {
      // Contacts of one campaign share the due instant: the first allowed instant depends only
      // on channel, zone and spacing, so each combination is computed once.
      const channel = campaign.channels[row.channel_index]!;
      const due = row.next_attempt_at && row.next_attempt_at > startsAt ? row.next_attempt_at : startsAt;
      const key = `${channel}|${row.time_zone}|${row.not_before?.getTime() ?? ''}|${due.getTime()}`;
      let at = known.get(key);
      if (!at) {
        at = deps.policy.firstAttemptAt({
          channel,
          timeZone: row.time_zone,
          due,
          ...(row.not_before ? { notBefore: row.not_before } : {}),
        });
        known.set(key, at);
      }
      const chunkKey = `${channel}|${at.getTime()}`;
      let chunk = chunks.get(chunkKey);
      if (!chunk || chunk.contactIds.length >= CHUNK_SIZE) {
        if (chunk) await deps.enqueuePlan([chunk]);
        chunk = { campaignId, channel, at, contactIds: [] };
        chunks.set(chunkKey, chunk);
      }
      chunk.contactIds.push(row.id);
    }
    await deps.enqueuePlan([...chunks.values()]);
    planned += rows.length;
    lastId = rows[rows.length - 1]!.id;
  }
}

/** A planning job's instant came: one job per contact still pending in a running campaign. */
export async function fanOutChunk(deps: DialerDeps, chunk: PlanChunk): Promise<number> {
  const { rows } = await deps.pool.query<{ id: number; job_seq: number }>(
    `select cc.id, cc.job_seq from campaign_contacts cc join campaigns c on c.id = cc.campaign_id
      where cc.id = any($1) and cc.state = 'pending' and c.state = 'running'`,
    [chunk.contactIds],
  );
  await deps.enqueue(
    rows.map((row) => ({ contactId: row.id, seq: row.job_seq, channel: chunk.channel, at: chunk.at })),
  );
  return rows.length;
}
