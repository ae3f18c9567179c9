import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acdKeys } from '../../agent-desktop/server/acd/keys.ts';
import { PgBilling } from '../../core/billing/index.ts';
import { fillBillingFixture, IVANOV, NOW } from '../../core/billing/tests/fixtures.ts';
import { CliError } from '../../core/cli/errors.ts';
import { KnowledgeService } from '../../core/nlu/knowledge/service.ts';
import { ManualClock } from '../../core/testing/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../core/testing/redis.ts';
import { parseKeyGroups, parseOperator } from '../cli.ts';
import { simulateCall } from '../simulator/simulate.ts';

let db: TestDatabase;
let redis: TestRedis;
const clock = new ManualClock(NOW);
beforeAll(async () => {
  db = await createTestDatabase();
  redis = await createTestRedis();
  await fillBillingFixture(db.pool);
  await new KnowledgeService(db.pool).seed();
  await db.pool.query(
    `insert into users (id, login, full_name, password_hash, roles, sip_endpoint)
     values (7, 'op7', 'Оператор', 'x', array['operator'], 'PJSIP/agent107')`,
  );
});
afterAll(async () => {
  await redis?.cleanup();
  await db?.drop();
});

const run = (
  keys: string[],
  operators = [] as { userId: string; answerAfterMs: number | null }[],
  say?: string,
) => {
  const lines: string[] = [];
  return simulateCall({
    from: IVANOV.phone,
    keys,
    say,
    operators,
    speed: 40,
    talkMs: 3_000,
    pool: db.pool,
    redis: redis.redis,
    prefix: redis.prefix,
    billing: new PgBilling(db.pool, clock),
    clock,
    print: (line) => lines.push(line),
  }).then((result) => ({ ...result, lines }));
};

describe('hotline simulate call', () => {
  it('prints what the robot said and did for a balance request', async () => {
    // The caller's number is linked to the account: "1" uses it, then the apartment.
    const result = await run(['1', '1', '5#', '2']);
    expect(result.outcome).toBe('self_served');
    expect(result.lines[0]).toBe(`☎  ${IVANOV.phone} calls the hotline`);
    expect(result.lines).toContain('👤 presses 5#');
    expect(result.lines).toContain('   · account identified');
    expect(result.lines.some((line) => line.startsWith('🤖 Задолженность по Вашему лицевому счёту'))).toBe(
      true,
    );
    expect(result.lines.at(-1)).toMatch(/^✔ {2}call ended: self_served/);
  });

  it('connects to a simulated operator and records the rating', async () => {
    const result = await run(['0', '5'], [{ userId: '7', answerAfterMs: 2_000 }]);
    expect(result.lines).toContain('🎧 operator answers');
    expect(result.lines).toContain('   · connected to operator 7');
    expect(result.lines).toContain('   · CSAT rated:5');
    const row = await db.pool.query('select csat from interactions where id = $1', [result.interactionId]);
    expect(row.rows[0].csat).toBe(5);
    // The transfer used the IVR's fallback queue (IVR_QUEUE's default), not a queue of its own that
    // would stay on the live wallboard after a demo call.
    const names = await redis.redis.smembers(acdKeys(redis.prefix).queues);
    expect(names).toEqual(['voice_general']);
  });

  it('--say: the caller speaks the topic instead of pressing a key', async () => {
    const result = await run(['1', '5#', '2'], [], 'какая у меня задолженность');
    expect(result.lines).toContain('👤 says «какая у меня задолженность»');
    expect(result.lines).toContain('   · understood topic balance');
    expect(result.lines).toContain('   · account identified');
    expect(result.outcome).toBe('self_served');
  });

  it('refuses malformed options with a clear message', () => {
    expect(parseKeyGroups('1, 1901000001#,5#')).toEqual(['1', '1901000001#', '5#']);
    expect(() => parseKeyGroups('1,abc')).toThrow(CliError);
    expect(parseOperator('7:never')).toEqual({ userId: '7', answerAfterMs: null });
    expect(() => parseOperator('PJSIP/agent100')).toThrow(/userId/);
  });
});
