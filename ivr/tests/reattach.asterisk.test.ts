import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ari, { type AriClient } from 'ari-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillBillingFixture } from '../../core/billing/tests/fixtures.ts';
import { KnowledgeService } from '../../core/nlu/knowledge/service.ts';
import { createTestDatabase, type TestDatabase } from '../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../core/testing/redis.ts';
import { alwaysOpenSchedule, type PlatformProcess, startService } from '../../e2e/processes.ts';
import { type SpeechDouble, startSpeechDouble } from '../speech/double.ts';
import { realAsteriskEnv, SIM_APP } from './real-asterisk.ts';

/**
 * Issue 5 with the IVR itself gone: `hotline start ivr` (its own process, as a site runs it) is
 * killed with SIGKILL while a caller waits at the main menu of a REAL Asterisk. Asterisk keeps the
 * caller in Stasis; 60 s later — past ari-client's ~43 s — a new IVR process starts, finds the
 * caller nobody serves (state in Redis, the dead process's lease lapsed), re-attaches it with an
 * apology and the main menu, and the caller is served to the end.
 */
const OUTAGE_MS = 60_000;

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not reached in ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.skipIf(!realAsteriskEnv())('real Asterisk: the IVR process killed with a caller in Stasis', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let speech: SpeechDouble;
  let sim: AriClient;
  let storedDir: string;
  let env: Record<string, string>;
  const processes: PlatformProcess[] = [];

  beforeAll(async () => {
    const ariEnv = realAsteriskEnv()!;
    [db, redis, speech] = await Promise.all([
      createTestDatabase(),
      createTestRedis(),
      startSpeechDouble({ msPerChar: 8 }),
    ]);
    await fillBillingFixture(db.pool);
    await new KnowledgeService(db.pool).seed();
    storedDir = mkdtempSync(join(tmpdir(), 'ivr-reattach-stored-'));
    env = {
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: redis.prefix,
      HOTLINE_EKC_SCHEDULE_FILE: await alwaysOpenSchedule(),
      ARI_URL: ariEnv.url,
      ARI_USER: ariEnv.user,
      ARI_PASSWORD: ariEnv.password,
      ARI_APP: process.env.ARI_APP ?? 'hotline',
      IVR_SOUNDS_DIR: process.env.IVR_SOUNDS_DIR ?? '/var/lib/asterisk/sounds',
      IVR_SYNTHESIS: 'grpc',
      SPEECH_GRPC_ADDRESS: speech.address,
      ASTERISK_SPOOL_DIR: process.env.ASTERISK_SPOOL_DIR ?? '/var/spool/asterisk',
      RECORDINGS_DIR: storedDir,
    };
    const quiet = console.log;
    console.log = () => {}; // swagger-client's deprecation banner
    sim = await ari.connect(ariEnv.url, ariEnv.user, ariEnv.password).finally(() => {
      console.log = quiet;
    });
    await sim.start(SIM_APP);
  }, 60_000);

  afterAll(async () => {
    // The killed one has exited already (SIGKILL: no exit code, a signal).
    for (const ivr of processes)
      if (ivr.child.exitCode === null && ivr.child.signalCode === null) await ivr.stop();
    sim?.stop();
    await speech?.close();
    await redis?.cleanup();
    await db?.drop();
    if (storedDir) rmSync(storedDir, { recursive: true, force: true });
  });

  const stepsOf = async (interactionId: string) =>
    (
      await db.pool.query<{ kind: string; data: Record<string, unknown> }>(
        'select kind, data from interaction_events where interaction_id = $1 order by id',
        [interactionId],
      )
    ).rows;

  it('a second IVR process re-attaches the caller after 60 s and serves the call to its end', {
    timeout: 300_000,
  }, async () => {
    const first = await startService('ivr', env);
    processes.push(first);
    const keypad = (await sim.channels.originate({
      endpoint: 'Local/caller@hotline-sim',
      app: SIM_APP,
      variables: { SIM_CALLER: '+79990000000' },
    })) as { id: string };
    const press = (dtmf: string) =>
      sim.channels.sendDTMF({ channelId: keypad.id, dtmf, between: 250, duration: 120 });
    const interactionId = await until(
      async () => (await db.pool.query<{ id: string }>('select id from interactions')).rows[0]?.id,
      'the IVR took the call',
      30_000,
    );
    // The caller hears the greeting and the main menu from the first process, then it dies.
    await until(
      async () =>
        (await stepsOf(interactionId)).some((s) => s.kind === 'ivr.recording_started') ? true : undefined,
      'the call served by the first IVR',
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    // Asterisk kept the caller in Stasis all along, with nobody serving it.
    const channels = (await sim.channels.list()) as Array<{ name: string; dialplan: { app_name: string } }>;
    const caller = channels.find(
      (c) => c.name.startsWith('Local/caller@hotline-sim') && c.name.endsWith(';2'),
    );
    expect(caller?.dialplan.app_name).toBe('Stasis');

    processes.push(await startService('ivr', env));
    await until(
      async () =>
        (await stepsOf(interactionId)).some((s) => s.kind === 'ivr.reattached') ? true : undefined,
      'the second IVR re-attaches the caller',
      60_000,
    );
    // Keys pressed during the apology wait as type-ahead for the main menu.
    await press('4');
    await until(
      async () =>
        (await stepsOf(interactionId)).some((s) => s.kind === 'ivr.menu' && s.data.choice === '4')
          ? true
          : undefined,
      'the main menu answered after re-attach',
      60_000,
    );
    await press('1');
    await until(
      async () => ((await stepsOf(interactionId)).some((s) => s.kind === 'ivr.reference') ? true : undefined),
      'the reference answer',
      60_000,
    );
    await press('2');
    const ended = await until(
      async () => (await stepsOf(interactionId)).find((s) => s.kind === 'ivr.ended'),
      'the call ended',
      90_000,
    );
    expect(ended.data).toMatchObject({ outcome: 'self_served' });
    const kinds = (await stepsOf(interactionId)).map((s) => s.kind);
    expect(kinds.indexOf('ivr.reattached')).toBeGreaterThan(kinds.indexOf('ivr.recording_started'));
  });
});
