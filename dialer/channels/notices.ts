import type { Queryable } from '../../core/db/index.ts';
import type { ChannelSender, SendOutcome, SendRequest } from './channel.ts';

/**
 * Push and online-account notifications: stored as a `client_notices` row the online account
 * shows (and a push gateway picks up); once per campaign step, the row itself is the result.
 * One row per attempt (unique attempt_id), so a repeated job never shows the notice twice.
 */
export class NoticeChannel implements ChannelSender {
  constructor(
    readonly channel: 'push' | 'online_account',
    private readonly db: Queryable,
    private readonly now: () => Date,
  ) {}

  async send(request: SendRequest): Promise<SendOutcome> {
    const { rows } = await this.db.query<{ id: number }>(
      `insert into client_notices (client_id, account_id, campaign_id, attempt_id, channel, title, body, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (attempt_id) do update set attempt_id = excluded.attempt_id
       returning id`,
      [
        request.clientId,
        request.accountId,
        request.campaignId,
        request.attemptId,
        this.channel,
        request.message.title ?? '',
        request.message.text,
        this.now(),
      ],
    );
    return { kind: 'finished', outcome: 'positive', detail: 'stored', gatewayIds: [`notice:${rows[0]!.id}`] };
  }
}
