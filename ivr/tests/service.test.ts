import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillBillingFixture } from '../../core/billing/tests/fixtures.ts';
import { testServiceContext } from '../../core/testing/context.ts';
import { createTestDatabase, type TestDatabase } from '../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../core/testing/redis.ts';
import { type AriDouble, type AriEvent, startAriDouble } from '../ari-double/index.ts';
import { ivrService } from '../service.ts';
import { type SpeechDouble, startSpeechDouble } from '../speech/double.ts';

let db: TestDatabase;
let redis: TestRedis;
let double: AriDouble;
let speech: SpeechDouble;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase();
  redis = await createTestRedis();
  await fillBillingFixture(db.pool);
  dir = mkdtempSync(join(tmpdir(), 'ivr-service-'));
  speech = await startSpeechDouble({ msPerChar: 5 });
  double = await startAriDouble({
    port: 0,
    username: 'hotline',
    password: 'secret',
    app: 'hotline',
    spoolDir: join(dir, 'spool'),
    soundsDir: join(dir, 'sounds'),
  });
});
afterAll(async () => {
  await double?.close();
  await speech?.close();
  await redis?.cleanup();
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('hotline start ivr', () => {
  it('starts from its settings, registers the Stasis app, answers a call with the recording notice first', async () => {
    const context = testServiceContext({
      db,
      redis,
      env: {
        ARI_URL: double.url.replace(/\/ari\/?$/, ''),
        ARI_USER: 'hotline',
        ARI_PASSWORD: 'secret',
        SPEECH_GRPC_ADDRESS: speech.address,
        IVR_SYNTHESIS: 'grpc', // the speech double, even where espeak-ng is installed
        IVR_SOUNDS_DIR: join(dir, 'sounds'),
        ASTERISK_SPOOL_DIR: join(dir, 'spool'),
        RECORDINGS_DIR: join(dir, 'stored'),
      },
    });
    const quiet = console.log;
    console.log = () => {}; // swagger-client's deprecation banner
    const running = await ivrService.start(context).finally(() => {
      console.log = quiet;
    });
    try {
      expect(await running.health()).toMatchObject({ status: 'ok', details: { app: 'hotline' } });
      const played: string[] = [];
      double.onEvent((event: AriEvent) => {
        const e = event as { type: string; playback?: { media_uri: string } };
        if (e.type === 'PlaybackStarted') played.push(e.playback!.media_uri);
      });
      const call = double.inboundCall({ callerNumber: '+79990000000' });
      for (let i = 0; i < 200 && played.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
      expect(speech.texts.slice(0, 2)).toEqual([
        'Обращаем Ваше внимание: разговор записывается.',
        'Здравствуйте! Вас приветствует единый контактный центр энергосбытовой компании.',
      ]);
      expect(played[0]).toMatch(/^sound:hotline\/[0-9a-f]{20}$/);
      call.hangup(16);
      await call.ended;
    } finally {
      await running.close();
    }
  });
});
