import type { ContactJob, DialerDeps } from './deps.ts';

const BATCH = 5000;

/**
 * Schedules every pending contact of a campaign at its first allowed instant (the window in the
 * client's own zone, the spacing after an earlier positive contact) and queues one delayed job
 * each. Run at start and at resume; bumping `job_seq` makes jobs queued before a pause stale.
 */
export async function planPendingContacts(deps: DialerDeps, campaignId: number): Promise<number> {
  const now = deps.clock.now();
  let lastId = 0;
  let planned = 0;
  for (;;) {
    const { rows } = await deps.pool.query<{
      id: number;
      channel: ContactJob['channel'];
      time_zone: string;
      not_before: Date | null;
      starts_at: Date;
    }>(
      `select cc.id, c.channels[cc.channel_index + 1] as channel, cl.time_zone, s.not_before, c.starts_at
         from campaign_contacts cc
         join campaigns c on c.id = cc.campaign_id
         join clients cl on cl.id = cc.client_id
         left join channel_spacing s on s.client_id = cc.client_id and s.channel = c.channels[cc.channel_index + 1]
        where cc.campaign_id = $1 and cc.state = 'pending' and cc.id > $2
        order by cc.id limit $3`,
      [campaignId, lastId, BATCH],
    );
    if (rows.length === 0) return planned;
    const instants = rows.map((row) =>
      deps.policy.firstAttemptAt({
        channel: row.channel,
        timeZone: row.time_zone,
        due: row.starts_at > now ? row.starts_at : now,
        ...(row.not_before ? { notBefore: row.not_before } : {}),
      }),
    );
    const { rows: seqs } = await deps.pool.query<{ id: number; job_seq: number }>(
      `update campaign_contacts cc set next_attempt_at = p.at, job_seq = cc.job_seq + 1
         from unnest($1::bigint[], $2::timestamptz[]) as p (id, at)
        where cc.id = p.id and cc.state = 'pending'
        returning cc.id, cc.job_seq`,
      [rows.map((r) => r.id), instants],
    );
    const seqById = new Map(seqs.map((s) => [s.id, s.job_seq]));
    const jobs: ContactJob[] = [];
    rows.forEach((row, index) => {
      const seq = seqById.get(row.id);
      if (seq !== undefined)
        jobs.push({ contactId: row.id, seq, channel: row.channel, at: instants[index]! });
    });
    await deps.enqueue(jobs);
    planned += jobs.length;
    lastId = rows[rows.length - 1]!.id;
  }
}
