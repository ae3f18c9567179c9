import { readFileSync } from 'node:fs';
import ari, { type AriClient } from 'ari-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialplanStep } from '../../ivr/ari-double/dialplan.ts';
import {
  type AriDouble,
  type AriEvent,
  acceleratedClock,
  startAriDouble,
} from '../../ivr/ari-double/index.ts';
import { contactJobId } from '../bullmq/queues.ts';
import { addDebtor, contactRows, createHarness, eventually, type Harness } from './harness.ts';
import { dialThroughAri, finishedCalls, scheduledPhoneCampaign } from './voice-rig.ts';

// Monday 2026-11-30, 11:00 in Krasnoyarsk.
const START = '2026-11-30T04:00:00Z';
const BUSY = '+79130000011';
const CONFIRMS = '+79130000012';
const OPTS_OUT = '+79130000013';
const PAID = '+79130000014';
const LISTENS = '+79130000015';
const HANGS_UP = '+79130000016';
const MACHINE = '+79130000017';
const KEY_TOO_EARLY = '+79130000018';

/** A context of infra/asterisk/extensions.conf as ARI-double dialplan steps (the conf is the truth). */
function contextFromConf(name: string): DialplanStep[] {
  const conf = readFileSync(new URL('../../infra/asterisk/extensions.conf', import.meta.url), 'utf8');
  const section = conf.split(/^\[/m).find((part) => part.startsWith(`${name}]`)) ?? '';
  return section
    .split('\n')
    .map((line) => /^\s*(?:exten => s,1|same => n),(\w+)\((.*)\)\s*$/.exec(line))
    .filter((match) => match !== null)
    .map(([, app, data]) => (data ? { app: app!, data } : { app: app! }));
}

describe('informing calls through ARI (the IVR double)', () => {
  let h: Harness;
  let double: AriDouble;
  let client: AriClient;
  const originated: string[] = [];
  /** Our channel id → its name (the number is in it), and every playback's target. */
  const dialled = new Map<string, string>();
  const playedTo: string[] = [];
  const keysOn: string[] = [];
  /** Our channel id → the StasisStart arguments it came back from AMD() with. */
  const verdicts = new Map<string, string[]>();
  let campaignId: number;

  beforeAll(async () => {
    h = await createHarness({ start: START });
    double = await startAriDouble({
      port: 0,
      username: 'ari',
      password: 'ari',
      app: 'hotline-dialer',
      clock: acceleratedClock(10),
      sounds: { 'dialer-message': 15_000 },
    });
    const amd = contextFromConf('dialer-amd');
    expect(amd.map((step) => step.app)).toEqual(['NoOp', 'AMD', 'Stasis', 'Hangup']);
    double.defineExtension('dialer-amd', 's', amd);
    double.defineExtension('sim', BUSY.slice(1), [{ app: 'Hangup', data: '17' }]);
    for (const [number, key] of [
      [CONFIRMS, '1'],
      [OPTS_OUT, '0'],
    ] as const) {
      // The key comes while the message plays: detection takes 1.4 s after the answer, then the
      // dialer's round trips (in wall time, 10× longer in the double's) start the 15 s message.
      // 8 s leaves a busy machine 660 ms for those round trips before the key would come too early.
      double.defineExtension('sim', number.slice(1), [
        { app: 'Set', data: 'SIM_AMD=HUMAN' }, // says «Алло»
        { app: 'Answer' },
        { app: 'Wait', data: '8' },
        { app: 'SendDTMF', data: key },
        { app: 'Wait', data: '60' },
      ]);
    }
    // Listens without a word: no audio for AMD(), which is NOTSURE after 5 s — the message plays.
    double.defineExtension('sim', LISTENS.slice(1), [{ app: 'Answer' }, { app: 'Wait', data: '60' }]);
    // A key while the call is still being analysed answers nothing: the message plays, then ends.
    double.defineExtension('sim', KEY_TOO_EARLY.slice(1), [
      { app: 'Set', data: 'SIM_AMD=HUMAN' },
      { app: 'Answer' },
      { app: 'SendDTMF', data: '0' },
      { app: 'Wait', data: '60' },
    ]);
    double.defineExtension('sim', MACHINE.slice(1), [
      { app: 'Set', data: 'SIM_AMD=MACHINE' },
      { app: 'Answer' },
      { app: 'Wait', data: '60' },
    ]);
    double.defineExtension('sim', HANGS_UP.slice(1), [
      { app: 'Answer' },
      { app: 'Wait', data: '1' },
      { app: 'Hangup', data: '16' },
    ]);
    double.onEvent((event: AriEvent) => {
      const peer = event.peer as { name?: string } | undefined;
      if (event.type === 'Dial' && event.dialstatus === '' && peer?.name) originated.push(peer.name);
      const id = (peer as { id?: string } | undefined)?.id;
      if (event.type === 'Dial' && id && peer?.name) dialled.set(id, peer.name);
      const playback = event.playback as { target_uri?: string } | undefined;
      if (event.type === 'PlaybackStarted' && playback?.target_uri) playedTo.push(playback.target_uri);
      const channel = event.channel as { id?: string } | undefined;
      if (event.type === 'ChannelDtmfReceived' && channel?.id) keysOn.push(`channel:${channel.id}`);
      const args = event.args as string[] | undefined;
      if (event.type === 'StasisStart' && channel?.id && args?.[0] === 'amd') verdicts.set(channel.id, args);
    });
    client = await ari.connect(double.url, 'ari', 'ari');
    await client.start('hotline-dialer');
    dialThroughAri(h, client, {
      app: 'hotline-dialer',
      endpointTemplate: 'Local/{number}@sim',
      media: async () => ['sound:dialer-message'],
      keyWaitMs: 500,
    });
    await addDebtor(h.db.pool, { id: 11, phone: BUSY, debtKopecks: 120000 });
    await addDebtor(h.db.pool, { id: 12, phone: CONFIRMS, debtKopecks: 120000 });
    await addDebtor(h.db.pool, { id: 13, phone: OPTS_OUT, debtKopecks: 120000 });
    await addDebtor(h.db.pool, { id: 14, phone: PAID, debtKopecks: 120000 });
    h.startWorkers(['phone']);
  });

  afterAll(async () => {
    client?.stop();
    await double?.stop();
    await h?.close();
  });

  it('confirm key → positive and 7 days of quiet; key 0 → opted out; goal met → never called', async () => {
    campaignId = await scheduledPhoneCampaign(h, {
      name: 'Обзвон должников',
      audience: { kind: 'filter', minOverdueRubles: 1, overdueDays: 1 },
      template: 'Здравствуйте! Ваша задолженность {{amount}}. Нажмите 1, если услышали.',
      startsAt: START,
    });
    // Client 14 pays after the audience was fixed: the goal check before the call sees it.
    await h.db.pool.query(
      `insert into payments (account_id, paid_at, amount_kopecks, method) values (14, '2026-11-30T03:00:00Z', 120000, 'card')`,
    );
    expect((await h.campaigns.start(campaignId, 'user:1')).planned).toBe(4);
    const rows = await eventually(async () => {
      const all = await contactRows(h.db.pool, campaignId);
      return all.filter((r) => r.state !== 'pending' && r.state !== 'in_progress').length >= 3
        ? all
        : undefined;
    }, 15_000);
    const byClient = new Map(rows.map((r) => [r.client_id, r]));
    expect(byClient.get(12)?.state).toBe('positive');
    expect(byClient.get(13)?.state).toBe('opted_out');
    expect(byClient.get(14)?.state).toBe('goal_met');
    expect(byClient.get(14)?.attempts_total).toBe(0);
    expect(originated.some((name) => name.includes(PAID.slice(1)))).toBe(false);
    const spacing = await h.db.pool.query('select not_before from channel_spacing where client_id = 12');
    expect(spacing.rows[0].not_before.getTime() - h.clock.nowMs()).toBe(7 * 24 * 3600_000);
    const optOut = await h.db.pool.query(
      'select purpose, channel, source from campaign_opt_outs where client_id = 13',
    );
    expect(optOut.rows).toEqual([{ purpose: 'debt_reminder', channel: 'phone', source: 'call_key' }]);
    const details = await h.db.pool.query(
      `select cc.client_id, a.detail from campaign_attempts a join campaign_contacts cc on cc.id = a.contact_id order by a.id`,
    );
    expect(details.rows).toContainEqual({ client_id: 12, detail: 'confirmed' });
  });

  it('busy: retried 15 minutes later (configured inside 5–30), three calls at most, then done negative', async () => {
    const busyContact = async () =>
      (await contactRows(h.db.pool, campaignId)).find((r) => r.client_id === 11)!;
    for (let call = 1; call <= 3; call++) {
      const contact = await eventually(async () => {
        const row = await busyContact();
        return row.attempts_total === call && row.state !== 'in_progress' ? row : undefined;
      }, 15_000);
      if (call < 3) {
        expect(contact.state).toBe('pending');
        expect(contact.next_attempt_at.getTime() - h.clock.nowMs()).toBe(15 * 60_000);
        h.clock.set(contact.next_attempt_at);
        // The retry job is queued right after the result commits.
        const job = await eventually(async () => {
          const queued = await h.queues.queues.phone.getJob(contactJobId(contact.id, call));
          return queued && (await queued.getState()) === 'delayed' ? queued : undefined;
        });
        await job.promote();
      } else {
        expect(contact.state).toBe('negative');
        expect(contact.finish_reason).toBe('phone_attempts_exhausted');
      }
    }
    const attempts = await h.db.pool.query(
      `select detail from campaign_attempts a join campaign_contacts cc on cc.id = a.contact_id where cc.client_id = 11`,
    );
    expect(attempts.rows.map((r) => r.detail)).toEqual(['busy', 'busy', 'busy']);
    expect(originated.filter((name) => name.includes(BUSY.slice(1)))).toHaveLength(3);
    expect((await h.campaigns.progress(campaignId)).state).toBe('finished');
  });

  it('played to the end without a key is positive; hanging up early or an answering machine is negative', async () => {
    await addDebtor(h.db.pool, { id: 15, phone: LISTENS, debtKopecks: 120000 });
    await addDebtor(h.db.pool, { id: 16, phone: HANGS_UP, debtKopecks: 120000 });
    await addDebtor(h.db.pool, { id: 17, phone: MACHINE, debtKopecks: 120000 });
    await addDebtor(h.db.pool, { id: 18, phone: KEY_TOO_EARLY, debtKopecks: 120000 });
    const listening = await scheduledPhoneCampaign(h, {
      name: 'Обзвон: дослушали или нет',
      audience: { kind: 'filter', accountNumbers: ['1900000015', '1900000016', '1900000017', '1900000018'] },
      template: 'Ваша задолженность {{amount}}.',
      startsAt: h.clock.now(),
    });
    await h.campaigns.start(listening, 'user:1');
    const details = await finishedCalls(h, listening, 4, 15_000);
    expect(details).toEqual([
      { client_id: 15, detail: 'played', result: 'positive' },
      { client_id: 16, detail: 'hung_up_early', result: 'negative' },
      { client_id: 17, detail: 'answering_machine', result: 'negative' },
      { client_id: 18, detail: 'played', result: 'positive' },
    ]);
    // The machine heard nothing: a negative call, tried again 15 minutes later (5–30, ≤ 3 calls).
    const machine = (await contactRows(h.db.pool, listening)).find((r) => r.client_id === 17)!;
    expect(machine.state).toBe('pending');
    expect(machine.next_attempt_at.getTime() - h.clock.nowMs()).toBe(15 * 60_000);
    const channelsOf = (number: string) =>
      [...dialled].filter(([, name]) => name.includes(number.slice(1))).map(([id]) => `channel:${id}`);
    expect(channelsOf(MACHINE)).toHaveLength(1);
    expect(playedTo.filter((target) => channelsOf(MACHINE).includes(target))).toEqual([]);
    expect(playedTo.filter((target) => channelsOf(LISTENS).includes(target))).toHaveLength(1);
    // What real AMD() says to a far end without audio: not sure — and the message plays (README).
    const [listener] = [...dialled].find(([, name]) => name.includes(LISTENS.slice(1)))!;
    expect(verdicts.get(listener)).toEqual(['amd', 'NOTSURE', 'TOOLONG-5000']);
    const [machineChannel] = [...dialled].find(([, name]) => name.includes(MACHINE.slice(1)))!;
    expect(verdicts.get(machineChannel)).toEqual(['amd', 'MACHINE', 'LONGGREETING-1500-1500']);
    // The early key did reach the app (during detection) and changed nothing.
    expect(keysOn.filter((target) => channelsOf(KEY_TOO_EARLY).includes(target))).toHaveLength(1);
  });
});
