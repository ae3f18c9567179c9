import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ari, { type AriClient } from 'ari-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PromptLibrary } from '../../ivr/prompts/library.ts';
import { createEspeakSynthesizer } from '../../ivr/speech/espeak.ts';
import { pcmToWav } from '../../ivr/speech/wav.ts';
import { realAsteriskEnv } from '../../ivr/tests/real-asterisk.ts';
import { contactJobId } from '../bullmq/queues.ts';
import { addDebtor, contactRows, createHarness, eventually, type Harness } from './harness.ts';
import { dialThroughAri, finishedCalls, scheduledPhoneCampaign } from './voice-rig.ts';

/**
 * Informing calls through a REAL Asterisk (`npm run test:asterisk`): the dialer originates into
 * `Local/{number}@dialer-sim` (infra/asterisk/extensions.conf), answered calls go through the
 * production `[dialer-amd]` context (AMD() of app_amd) and come back with AMDSTATUS. The far ends
 * speak espeak-ng voices: a short «Алло» (a person) or a long greeting (a machine).
 */
const APP = 'hotline-dialer-test';
// Monday 2026-11-30, 11:00 in Krasnoyarsk: inside the calling hours.
const START = '2026-11-30T04:00:00Z';
const CONFIRMS = '+79130000021';
const NO_ANSWER = '+79130000022';
const MACHINE = '+79130000023';

const HELLO = 'Алло.';
const MACHINE_GREETING =
  'Здравствуйте. Вы позвонили на автоответчик. Сейчас никто не может ответить на Ваш звонок. ' +
  'Пожалуйста, оставьте сообщение после звукового сигнала.';

describe.skipIf(!realAsteriskEnv())('real Asterisk: informing calls with answering-machine detection', () => {
  let h: Harness;
  let client: AriClient;
  /** StasisStart arguments per channel: the originate's, then AMD's verdict. */
  const starts = new Map<string, string[][]>();
  const played = new Map<string, string[]>();

  beforeAll(async () => {
    const env = realAsteriskEnv()!;
    const soundsDir = process.env.IVR_SOUNDS_DIR ?? '/var/lib/asterisk/sounds';
    const synthesizer = createEspeakSynthesizer();
    // The far ends' voices, where [dialer-sim] plays them (language ru).
    const farEnd = join(soundsDir, 'ru', 'dialer-sim');
    mkdirSync(farEnd, { recursive: true });
    // A phone keeps sending audio after «Алло» (silence frames): Wait() on a Local channel sends
    // none, and AMD() then never measures the silence after the greeting (NOTSURE, TOOLONG).
    const hello = await synthesizer.synthesize(HELLO);
    writeFileSync(join(farEnd, 'hello.wav'), pcmToWav(Buffer.concat([hello, Buffer.alloc(8000 * 2 * 3)])));
    writeFileSync(join(farEnd, 'machine.wav'), pcmToWav(await synthesizer.synthesize(MACHINE_GREETING)));

    h = await createHarness({ start: START });
    const quiet = console.log;
    console.log = () => {}; // swagger-client's deprecation banner
    client = await ari.connect(env.url, env.user, env.password).finally(() => {
      console.log = quiet;
    });
    client.on('StasisStart', (event: { channel: { id: string }; args: string[] }) => {
      starts.set(event.channel.id, [...(starts.get(event.channel.id) ?? []), event.args]);
    });
    client.on('PlaybackStarted', (event: { playback: { target_uri: string; media_uri: string } }) => {
      const id = event.playback.target_uri.replace(/^channel:/, '');
      played.set(id, [...(played.get(id) ?? []), event.playback.media_uri]);
    });
    await client.start(APP);
    const prompts = new PromptLibrary({ soundsDir, synthesizer });
    dialThroughAri(h, client, {
      app: APP,
      endpointTemplate: 'Local/{number}@dialer-sim',
      media: async (text) => [await prompts.media(text)],
      ringTimeoutSeconds: 8,
      keyWaitMs: 3_000,
    });
    await addDebtor(h.db.pool, { id: 21, phone: CONFIRMS, debtKopecks: 154_250 });
    await addDebtor(h.db.pool, { id: 22, phone: NO_ANSWER, debtKopecks: 120_000 });
    await addDebtor(h.db.pool, { id: 23, phone: MACHINE, debtKopecks: 120_000 });
    h.startWorkers(['phone']);
  });

  afterAll(async () => {
    client?.stop();
    await h?.close();
  });

  it('a person hears the synthesized message and presses 1 (positive); no answer and a machine are negative, retried in 15 minutes', async () => {
    const campaignId = await scheduledPhoneCampaign(h, {
      name: 'Обзвон должников (Asterisk)',
      audience: { kind: 'filter', accountNumbers: ['1900000021', '1900000022', '1900000023'] },
      template: 'Здравствуйте! Ваша задолженность {{amount}}. Нажмите 1, если услышали.',
      startsAt: START,
    });
    expect((await h.campaigns.start(campaignId, 'user:1')).planned).toBe(3);
    const details = await finishedCalls(h, campaignId, 3, 90_000);
    expect(details).toEqual([
      { client_id: 21, detail: 'confirmed', result: 'positive' },
      { client_id: 22, detail: 'no_answer', result: 'negative' },
      { client_id: 23, detail: 'answering_machine', result: 'negative' },
    ]);
    const contacts = await contactRows(h.db.pool, campaignId);
    const byClient = new Map(contacts.map((row) => [row.client_id, row]));
    expect(byClient.get(21)?.state).toBe('positive');
    for (const clientId of [22, 23]) {
      // A negative call is tried again 15 minutes later (5–30 configured, three calls at most).
      expect(byClient.get(clientId)?.state).toBe('pending');
      expect(byClient.get(clientId)?.next_attempt_at.getTime() - h.clock.nowMs()).toBe(15 * 60_000);
      // The retry is queued as a delayed job right after the result commits.
      const retry = await eventually(async () => {
        const job = await h.queues.queues.phone.getJob(contactJobId(byClient.get(clientId)!.id, 1));
        return job && (await job.getState()) === 'delayed' ? job : undefined;
      });
      expect(retry.opts.delay).toBeGreaterThan(0);
    }
    // What Asterisk's AMD() decided (AMDSTATUS, AMDCAUSE), as the calls came back into the app.
    const verdictOf = (channelId: string) => starts.get(channelId)?.find((args) => args[0] === 'amd');
    const amdChannels = [...starts.keys()].filter((id) => verdictOf(id));
    const person = amdChannels.find((id) => verdictOf(id)?.[1] === 'HUMAN');
    const machine = amdChannels.find((id) => verdictOf(id)?.[1] === 'MACHINE');
    expect(amdChannels.map((id) => verdictOf(id)?.slice(1)).sort()).toEqual([
      ['HUMAN', expect.stringMatching(/^HUMAN-/)],
      ['MACHINE', expect.stringMatching(/^(LONGGREETING|MAXWORDS)-/)],
    ]);
    // The person heard the synthesized message once; the machine heard nothing.
    expect(played.get(person!)).toEqual([expect.stringMatching(/^sound:hotline\/[0-9a-f]{20}$/)]);
    expect(played.get(machine!)).toBeUndefined();
  });
});
