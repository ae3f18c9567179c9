import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { escapeLiteral } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Pool } from '../../core/db/index.ts';
import type { OutboundChannel } from '../../core/vocabulary/index.ts';
import type { ContactState } from '../schemas/campaign.ts';

/** Excel opens a `;`-separated UTF-8 file with Cyrillic correctly only when it starts with a BOM. */
export const UTF8_BOM = '\uFEFF';

export const CONTACT_STATE_LABEL_RU: Readonly<Record<ContactState, string>> = {
  pending: 'ожидает',
  in_progress: 'идёт попытка',
  positive: 'положительный',
  negative: 'отрицательный',
  goal_met: 'цель достигнута',
  opted_out: 'отказ от рассылки',
  unreachable: 'недоступен',
  stopped: 'остановлен',
};

export const OUTBOUND_CHANNEL_LABEL_RU: Readonly<Record<OutboundChannel, string>> = {
  phone: 'звонок',
  sms: 'SMS',
  email: 'электронная почта',
  push: 'push',
  online_account: 'личный кабинет',
};

const RESULT_LABEL_RU = { positive: 'положительный', negative: 'отрицательный' } as const;

/** `case <column> when 'a' then 'А' … end` from a label map (constants only, escaped anyway). */
function labelCase(column: string, labels: Readonly<Record<string, string>>): string {
  const arms = Object.entries(labels).map(
    ([key, label]) => `when ${escapeLiteral(key)} then ${escapeLiteral(label)}`,
  );
  return `case ${column} ${arms.join(' ')} else ${column} end`;
}

/**
 * The results of one campaign as CSV for Excel: one row per contact, `;` separated, times in
 * the ЕКЦ's zone (named in the header). COPY does the quoting and streams row by row from the
 * server, so a million contacts never sit in memory. COPY takes no parameters: the id is an
 * integer checked by the caller and every literal goes through `escapeLiteral`.
 */
export function resultsCopySql(campaignId: number, timeZone: string): string {
  if (!Number.isSafeInteger(campaignId) || campaignId <= 0)
    throw new Error('campaign id must be a positive integer');
  const zone = escapeLiteral(timeZone);
  const time = (column: string) => `to_char(${column} at time zone ${zone}, 'DD.MM.YYYY HH24:MI:SS')`;
  const header = (title: string) => `"${title.replaceAll('"', '""')}"`;
  return `copy (
    select cc.id as ${header('Контакт')},
           a.number as ${header('Лицевой счёт')},
           cc.client_id as ${header('Клиент (id)')},
           ${labelCase('cc.state', CONTACT_STATE_LABEL_RU)} as ${header('Состояние')},
           cc.finish_reason as ${header('Причина')},
           ${labelCase('c.channels[cc.channel_index + 1]', OUTBOUND_CHANNEL_LABEL_RU)} as ${header('Канал')},
           cc.attempts_total as ${header('Попыток')},
           ${time('last.claimed_at')} as ${header(`Последняя попытка (${timeZone})`)},
           ${labelCase('last.channel', OUTBOUND_CHANNEL_LABEL_RU)} as ${header('Канал последней попытки')},
           ${labelCase('last.result', RESULT_LABEL_RU)} as ${header('Результат последней попытки')},
           last.detail as ${header('Подробности')},
           ${time('cc.finished_at')} as ${header(`Завершён (${timeZone})`)}
      from campaign_contacts cc
      join campaigns c on c.id = cc.campaign_id
      left join accounts a on a.id = cc.account_id
      left join lateral (
        select channel, result, detail, claimed_at from campaign_attempts
         where contact_id = cc.id order by attempt_no desc limit 1
      ) last on true
     where cc.campaign_id = ${campaignId}
     order by cc.id
  ) to stdout with (format csv, header true, delimiter ';', encoding 'UTF8')`;
}

/** Streams the CSV into `out` (an HTTP response); a client going away ends the query too. */
export async function streamResultsCsv(
  pool: Pool,
  campaignId: number,
  timeZone: string,
  out: Writable,
): Promise<void> {
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    out.write(UTF8_BOM);
    await pipeline(client.query(copyTo(resultsCopySql(campaignId, timeZone))), out);
  } catch (error) {
    failure = error as Error;
    throw error;
  } finally {
    // A COPY cut short leaves the connection mid-protocol: it is discarded, not reused.
    client.release(failure);
  }
}
