import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgBilling } from '../../core/billing/index.ts';
import { createLogger } from '../../core/logging/index.ts';
import { assembleIvr } from '../assemble.ts';
import { createSynthesisClient } from '../speech/synthesizer.ts';
import { Dial, parseVerbOptions, Say, VerbOptionsError } from '../verbs/index.ts';
import { APP, type IvrHarness, startIvrHarness } from './harness.ts';

let h: IvrHarness;
beforeAll(async () => {
  h = await startIvrHarness();
});
afterAll(async () => h?.close());

describe('verb options are checked against specs.json', () => {
  it('names every problem before a call is touched', () => {
    expect(() => new Say({ prompt: 'greeting', text: 'Здравствуйте' })).toThrow(
      /exactly one of: prompt \| text/,
    );
    expect(() => new Say({})).toThrow(VerbOptionsError);
    expect(() => new Dial({ endpoint: 'PJSIP/agent100', ringTimeoutSeconds: 20 })).toThrow(
      /ringTimeoutSeconds/,
    );
    expect(() => parseVerbOptions('gather', { prompts: [] })).toThrow(/prompts/);
    expect(() => parseVerbOptions('hangup', { reason: 'normal', extra: 1 })).toThrow(/extra/);
    expect(parseVerbOptions('gather', { prompts: ['mainMenu'], numDigits: 1 })).toEqual({
      prompts: ['mainMenu'],
      numDigits: 1,
    });
  });
});

describe('whole-call recording (R-IVR-2, R-IVR-6)', () => {
  it('records the call from before the notice; the file is ingested, linked to the interaction', async () => {
    const caller = h.call('+79131234567');
    await caller.until(() => caller.heard('recordingNotice'), 'notice');
    const recordStep = caller.steps.findIndex((s) => s.kind === 'verb.record');
    expect(recordStep).toBeGreaterThanOrEqual(0);
    await caller.answers('4', '3', '2');
    const end = await caller.ended;
    const name = `call-${end.interactionId}`;
    let row: Record<string, unknown> | undefined;
    for (let i = 0; i < 100 && !row; i++) {
      row = (await h.db.pool.query('select * from recordings where source_name = $1', [name])).rows[0];
      if (!row) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(row).toMatchObject({ interaction_id: end.interactionId, orphan: false, format: 'wav' });
    expect(Number(row!.duration_ms)).toBeGreaterThan(0);
  });
});

/** A second IVR process (new instance id) on the same Asterisk, Redis and PostgreSQL. */
function startSecondIvr() {
  const synthesizer = createSynthesisClient({ address: h.speech.address });
  const second = assembleIvr({
    client: h.client,
    rest: h.rest,
    app: APP,
    pool: h.db.pool,
    redis: h.redis.redis,
    prefix: h.redis.prefix,
    billing: new PgBilling(h.db.pool, h.clock),
    clock: h.clock,
    timers: {
      nowMs: () => Date.now(),
      setTimer: (ms, fire) => {
        const t = setTimeout(fire, ms / 40);
        return () => clearTimeout(t);
      },
    },
    soundsDir: `${h.dir}/sounds`,
    synthesizer,
    logger: createLogger({ name: 'ivr-test-2', level: 'silent' }),
    instanceId: 'test-2',
  });
  return { second, synthesizer };
}

describe('a restarted IVR re-attaches calls still in Stasis', () => {
  it('the caller hears an apology and the menu again; the same interaction goes on', async () => {
    const caller = h.call();
    await caller.nextListen(); // at the main menu
    const interactionId = (
      await h.redis.redis.hgetall(`${h.redis.prefix}:ivr:call:${caller.inbound.channelId}`)
    ).interactionId!;
    // The first process dies: it hears nothing more and its lease on the call lapses.
    h.ivr.detach();
    await h.redis.redis.del(`${h.redis.prefix}:ivr:owner:${caller.inbound.channelId}`);
    const { second, synthesizer } = startSecondIvr();
    second.offers.start();
    second.ivr.attach();
    try {
      const said: string[] = [];
      second.ivr.observer.on('said', (e: { label: string }) => said.push(e.label));
      second.ivr.observer.on('listening', () => {
        if (said.filter((l) => l === 'mainMenu').length === 1 && !said.includes('referenceMenu')) {
          void caller.inbound.sendDtmf('4', { durationMs: 80 });
        } else if (said.includes('referenceMenu') && !said.includes('anythingElse')) {
          void caller.inbound.sendDtmf('1', { durationMs: 80 });
        } else {
          void caller.inbound.sendDtmf('2', { durationMs: 80 });
        }
      });
      const ended = new Promise<{ interactionId: string; outcome: string }>((resolve) =>
        second.ivr.observer.on('ended', resolve),
      );
      expect(await second.ivr.reattach()).toBe(1);
      expect(await second.ivr.reattach()).toBe(0); // already served here
      const end = await ended;
      expect(end).toMatchObject({ interactionId, outcome: 'self_served' });
      expect(said.slice(0, 2)).toEqual(['resumed', 'mainMenu']);
      expect(said).toContain('reference:payment_methods');
      const kinds = (
        await h.db.pool.query('select kind from interaction_events where interaction_id = $1', [
          interactionId,
        ])
      ).rows.map((r) => r.kind);
      expect(kinds).toContain('ivr.reattached');
      expect(kinds.filter((k) => k === 'opened')).toHaveLength(1);
    } finally {
      second.ivr.detach();
      await second.offers.stop();
      synthesizer.close?.();
      h.ivr.attach();
    }
  });

  it('a caller waiting for an operator keeps the place in the queue', async () => {
    await h.db.pool.query(
      `insert into users (id, login, full_name, password_hash, roles) values (1, 'op', 'Оператор', 'x', array['operator'])
       on conflict do nothing`,
    );
    await h.acd.login({ agentId: '1', skills: [{ queue: 'general', level: 5 }], state: 'ready' });
    const busyWith = randomUUID();
    await h.acd.enqueue({ id: busyWith, queue: 'general', channel: 'phone' });
    expect(await h.acd.accept(busyWith, '1')).toBe('accepted');
    const caller = h.call();
    await caller.answers('0', '2'); // operator, then "stay on the line"
    await caller.until(() => caller.steps.some((s) => s.kind === 'callback_offer'), 'waiting');
    const channelId = caller.inbound.channelId;
    const interactionId = (await h.redis.redis.hgetall(`${h.redis.prefix}:ivr:call:${channelId}`))
      .interactionId!;
    expect(await h.acd.waiting('general')).toContain(interactionId);
    h.ivr.detach();
    await h.redis.redis.del(`${h.redis.prefix}:ivr:owner:${channelId}`);
    const { second, synthesizer } = startSecondIvr();
    second.offers.start();
    second.ivr.attach();
    try {
      const said: string[] = [];
      // The first wait message (or whatever the IVR says instead) comes after one announce
      // interval of music: waited for as an event, however long a busy machine takes.
      const firstAnnounce = new Promise<void>((resolve) =>
        second.ivr.observer.on('said', (e: { label: string }) => {
          said.push(e.label);
          if (e.label === 'wait_estimate' || e.label === 'technicalProblem') resolve();
        }),
      );
      expect(await second.ivr.reattach()).toBe(1);
      await firstAnnounce;
      expect(said.slice(0, 3)).toEqual(['resumed', 'stillInQueue', 'wait_estimate']);
      expect(await h.acd.waiting('general')).toEqual([interactionId]);
      const ended = new Promise((resolve) => second.ivr.observer.on('ended', resolve));
      caller.inbound.hangup();
      await ended;
      expect(await h.acd.waiting('general')).toEqual([]);
    } finally {
      second.ivr.detach();
      await second.offers.stop();
      synthesizer.close?.();
      h.ivr.attach();
      await h.acd.finish(busyWith, '1');
      await h.acd.endWrapUp(busyWith, '1');
    }
  });
});
