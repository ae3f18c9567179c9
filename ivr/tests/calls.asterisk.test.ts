import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Record as RecordCall } from '../verbs/record.ts';
import { type RealAsteriskIvr, realAsteriskEnv, startRealAsteriskIvr } from './real-asterisk.ts';

/**
 * Operator transfer, the 15 s ring limit and the whole-call recording against a REAL Asterisk
 * (`npm run test:asterisk`). Operator phones are Local channels into `[hotline-sim]`
 * (infra/asterisk/extensions.conf): `operator` answers after 1 s and hangs up 4 s later (cause 16),
 * `operator-noanswer` only rings.
 */
const NO_ANSWER = 'Local/operator-noanswer@hotline-sim';
const ANSWERS = 'Local/operator@hotline-sim';

describe.skipIf(!realAsteriskEnv())('real Asterisk: operators and recordings', () => {
  let h: RealAsteriskIvr;

  beforeAll(async () => {
    h = await startRealAsteriskIvr({ operators: [NO_ANSWER, ANSWERS] });
  });
  afterAll(async () => h?.close());
  afterEach(async () => {
    for (const agentId of ['1', '2']) {
      const agent = await h.acd.agent(agentId);
      if (!agent) continue;
      if (agent.vix) {
        await h.acd.finish(agent.vix, agentId);
        await h.acd.endWrapUp(agent.vix, agentId);
      }
      await h.acd.setState({ agentId, state: 'offline' });
    }
  });

  it('an operator answers: real bridge, the operator hangs up, the caller rates the call', async () => {
    await h.acd.login({ agentId: '2', skills: [{ queue: 'general', level: 5 }], state: 'ready' });
    const call = h.call(['0', '4']);
    const end = await call.ended;
    expect(call.said.slice(-4)).toEqual(['csatAsk', 'csatThanks', 'thanks', 'goodbye']);
    const row = await h.db.pool.query('select csat from interactions where id = $1', [end.interactionId]);
    expect(row.rows[0]).toMatchObject({ csat: 4 });
    // What Asterisk itself reported: the operator leg entered Stasis as `agent` and the bridge.
    const agentStart = h.events.find(
      (e) => e.type === 'StasisStart' && (e.args as string[])[0] === 'agent',
    ) as { channel: { id: string; name: string } } | undefined;
    expect(agentStart?.channel.name).toMatch(/^Local\/operator@hotline-sim-[0-9a-f]{8};1$/);
    const entered = h.events.filter(
      (e) =>
        e.type === 'ChannelEnteredBridge' &&
        (e.bridge as { id: string }).id === `bridge-${end.interactionId}`,
    );
    expect(entered).toHaveLength(2);
    const hangup = h.events.find(
      (e) => e.type === 'ChannelHangupRequest' && (e.channel as { id: string }).id === agentStart?.channel.id,
    );
    expect(hangup).toMatchObject({ cause: 16 }); // the operator's own hangup, not ours
  });

  it('an operator who does not answer is rung 15 s (cause 19); the call reaches the next one', async () => {
    await h.acd.login({ agentId: '1', skills: [{ queue: 'general', level: 5 }], state: 'ready' });
    await h.acd.login({ agentId: '2', skills: [{ queue: 'general', level: 5 }], state: 'not_ready' });
    const call = h.call(['0', '5']);
    const steps: Array<{ kind: string; data: Record<string, unknown> }> = [];
    const onStep = (event: { kind: string; data: Record<string, unknown> }) => {
      steps.push(event);
      // Operator 2 becomes ready once operator 1 missed the offer.
      if (event.kind === 'offer_missed') void h.acd.setState({ agentId: '2', state: 'ready' });
    };
    h.ivr.observer.on('step', onStep);
    const end = await call.ended.finally(() => h.ivr.observer.off('step', onStep));
    const dials = steps.filter((s) => s.kind === 'verb.dial');
    expect(dials[0]?.data.outcome).toBe('no_answer:19');
    expect(Number(dials[0]?.data.ms)).toBeGreaterThanOrEqual(15_000);
    expect(Number(dials[0]?.data.ms)).toBeLessThan(16_500);
    expect(dials[1]?.data.outcome).toBe('answered');
    expect(steps.find((s) => s.kind === 'operator_connected')?.data.agentId).toBe('2');
    expect(await h.acd.agent('1')).toMatchObject({ p: 'not_ready', rsn: 'missed_offer' });
    const row = await h.db.pool.query('select csat from interactions where id = $1', [end.interactionId]);
    expect(row.rows[0]).toMatchObject({ csat: 5 });
  });

  it('the caller hangs up during the greeting: the whole-call recording is ingested', async () => {
    const call = h.call([]);
    const pad = await call.keypad;
    const onSaid = (event: { label: string }) => {
      if (event.label === 'greeting') void h.simClient.channels.hangup({ channelId: pad.id });
    };
    h.ivr.observer.on('said', onSaid);
    const end = await call.ended.finally(() => h.ivr.observer.off('said', onSaid));
    const name = RecordCall.nameFor(end.interactionId);
    // RecordingFinished arrives with the caller's hangup; ingest moves the file out of the spool.
    let recording: { interaction_id: string; duration_ms: number; size_bytes: string } | undefined;
    for (let i = 0; i < 50 && !recording; i++) {
      const { rows } = await h.db.pool.query(
        'select interaction_id, duration_ms, size_bytes from recordings where source_name = $1',
        [name],
      );
      recording = rows[0];
      if (!recording) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(recording).toMatchObject({ interaction_id: end.interactionId });
    // The notice alone lasts seconds: the file holds real audio frames, not an empty header.
    expect(recording!.duration_ms).toBeGreaterThan(1_000);
    // The row is written before the spool copy is removed (the last step of ingest): wait for it.
    const spoolFile = `${h.spoolRecordingDir}/${name}.wav`;
    for (let i = 0; i < 50 && existsSync(spoolFile); i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(existsSync(spoolFile)).toBe(false);
    const ended = await h.db.pool.query('select state from interactions where id = $1', [end.interactionId]);
    expect(ended.rows[0].state).not.toBe('self_service');
  });
});
