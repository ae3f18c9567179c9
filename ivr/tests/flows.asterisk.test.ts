import ari, { type AriClient } from 'ari-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgBilling } from '../../core/billing/index.ts';
import { fillBillingFixture, IVANOV, NOW } from '../../core/billing/tests/fixtures.ts';
import { createLogger } from '../../core/logging/index.ts';
import { KnowledgeService } from '../../core/nlu/knowledge/service.ts';
import { ManualClock } from '../../core/testing/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../core/testing/redis.ts';
import { AriRest } from '../ari/rest.ts';
import { assembleIvr } from '../assemble.ts';
import { type SpeechDouble, startSpeechDouble } from '../speech/double.ts';
import { createSynthesisClient } from '../speech/synthesizer.ts';
import type { IvrApp } from '../stasis/app.ts';

/**
 * The IVR against a real Asterisk (infra/asterisk configs, `npm run test:asterisk`). The test
 * originates Local/caller@hotline-sim into its own application: the ;1 half is the test's hand
 * on the keypad (sendDTMF goes toward the far end), the ;2 half enters Stasis(hotline,inbound).
 * Prompts are synthesized by the speech double (silence of the right length) into
 * IVR_SOUNDS_DIR, which must be Asterisk's sounds directory.
 */
const url = process.env.ARI_URL;
const SIM_APP = 'hotline-sim-caller';

describe.skipIf(!url)('real Asterisk', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let speech: SpeechDouble;
  let ivrClient: AriClient;
  let simClient: AriClient;
  let ivr: IvrApp;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    await fillBillingFixture(db.pool);
    await new KnowledgeService(db.pool).seed();
    speech = await startSpeechDouble();
    const user = process.env.ARI_USER!;
    const password = process.env.ARI_PASSWORD!;
    ivrClient = await ari.connect(url!, user, password);
    simClient = await ari.connect(url!, user, password);
    const clock = new ManualClock(NOW);
    const synthesizer = createSynthesisClient({ address: speech.address });
    const rest = new AriRest({ url: url!, username: user, password });
    const assembled = assembleIvr({
      client: ivrClient,
      rest,
      app: process.env.ARI_APP ?? 'hotline',
      pool: db.pool,
      redis: redis.redis,
      prefix: redis.prefix,
      billing: new PgBilling(db.pool, clock),
      clock,
      soundsDir: process.env.IVR_SOUNDS_DIR ?? '/var/lib/asterisk/sounds',
      synthesizer,
      logger: createLogger({ name: 'ivr-asterisk-test', level: 'warn' }),
      instanceId: 'asterisk-test',
    });
    ivr = assembled.ivr;
    await assembled.acd.defineQueue({ name: 'general', media: 'voice' });
    assembled.offers.start();
    ivr.attach();
    await ivrClient.start(process.env.ARI_APP ?? 'hotline');
    await simClient.start(SIM_APP);
    stop = async () => {
      ivr.detach();
      ivrClient.stop();
      simClient.stop();
      await assembled.offers.stop();
      synthesizer.close?.();
      rest.close();
    };
  });
  afterAll(async () => {
    await stop?.();
    await speech?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  it('balance by DTMF: identification, the amount in words, goodbye', async () => {
    const said: string[] = [];
    const groups = ['1', `${IVANOV.account}#`, '5#', '2'];
    const keypad = await simClient.channels.originate({
      endpoint: 'Local/caller@hotline-sim',
      app: SIM_APP,
      variables: { SIM_CALLER: '+79990000000' },
    });
    ivr.observer.on('said', (e: { label: string }) => said.push(e.label));
    ivr.observer.on('listening', () => {
      const keys = groups.shift();
      if (keys)
        void simClient.channels.sendDTMF({ channelId: keypad.id, dtmf: keys, between: 250, duration: 120 });
    });
    const end = await new Promise<{ outcome: string }>((resolve) => ivr.observer.once('ended', resolve));
    expect(end.outcome).toBe('self_served');
    expect(said).toContain('balance');
    expect(said.slice(-2)).toEqual(['thanks', 'goodbye']);
  });
});
