import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AriEvent, InboundCall } from '../ari-double/index.ts';
import { OPERATORS } from './harness.ts';
import { type CallWatch, type IvrProcess, type ProcessRig, startProcessRig, until } from './process-rig.ts';

let rig: ProcessRig;
/** The operator leg the IVR dialled for each interaction (Dial's appArgs `agent,<interaction>`). */
const agentLegOf = new Map<string, string>();
/** Operator legs that entered the caller's bridge. */
const bridged = new Set<string>();

beforeAll(async () => {
  rig = await startProcessRig();
  rig.double.onEvent((event: AriEvent) => {
    const e = event as { type: string; args?: string[]; channel?: { id: string } };
    if (e.type === 'StasisStart' && e.args?.[0] === 'agent') agentLegOf.set(e.args[1]!, e.channel!.id);
    if (e.type === 'ChannelEnteredBridge') bridged.add(e.channel!.id);
  });
  for (const op of OPERATORS) rig.double.defineEndpoint(op.endpoint, { answerAfterMs: 1_000 });
}, 60_000);
afterAll(async () => rig?.close());

const [op1, op2] = OPERATORS as [(typeof OPERATORS)[0], (typeof OPERATORS)[0]];

async function interactionOf(channelId: string): Promise<string> {
  let id: string | undefined;
  await until(async () => {
    id = (await rig.redis.redis.hgetall(`${rig.redis.prefix}:ivr:call:${channelId}`)).interactionId;
    return id !== undefined;
  }, `call state of ${channelId}`);
  return id!;
}

/** Presses `keys` once the process listens to this caller for the n-th time. */
async function pressAt(watch: CallWatch, call: InboundCall, nth: number, keys: string) {
  await until(() => (watch.listens.get(call.channelId) ?? 0) >= nth, `listening #${nth}`);
  await call.sendDtmf(keys, { gapMs: 100, durationMs: 80 });
}

async function login(agentId: string, acdOf: IvrProcess) {
  await acdOf.acd.login({ agentId, skills: [{ queue: 'general', level: 5 }], state: 'ready' });
}

async function channelExists(proc: IvrProcess, channelId: string): Promise<boolean> {
  return proc.rest.send('GET', `/channels/${channelId}`).then(
    () => true,
    () => false,
  );
}

/** The IVR put the caller and the operator's leg in one bridge. */
function inTalk(ix: string): boolean {
  const leg = agentLegOf.get(ix);
  return leg !== undefined && bridged.has(leg);
}

async function row(id: string) {
  return (
    await rig.db.pool.query(
      'select state, outcome, closed_at, talk_ended_at, csat, recording_id from interactions where id = $1',
      [id],
    )
  ).rows[0];
}

/** A caller transferred to an operator: connected (bridged) or waiting in the queue. */
async function toOperator(watch: CallWatch, call: InboundCall) {
  await pressAt(watch, call, 1, '0');
  return interactionOf(call.channelId);
}

describe('after an IVR process dies', () => {
  it('calls that ended while no IVR heard them are settled by the next process: rows closed, ACD entry cancelled, operator released, recordings ingested', {
    timeout: 90_000,
  }, async () => {
    const p1 = await rig.startProcess('p1');
    const watch1 = p1.watch;
    await login(String(op1.id), p1);
    const atMenu = rig.double.inboundCall({ callerNumber: '+79990000001' });
    const talking = rig.double.inboundCall({ callerNumber: '+79990000002' });
    const menuIx = await interactionOf(atMenu.channelId);
    await until(() => (watch1.listens.get(atMenu.channelId) ?? 0) >= 1, 'main menu');
    const talkIx = await toOperator(watch1, talking);
    await until(() => watch1.has(talking.channelId, 'operator_connected'), 'operator connected');
    const waiting = rig.double.inboundCall({ callerNumber: '+79990000003' });
    const waitIx = await toOperator(watch1, waiting);
    await until(async () => (await p1.acd.waiting('general')).includes(waitIx), 'caller in the queue');
    await until(() => inTalk(talkIx), 'operator in the bridge');

    await p1.kill();
    // Everyone leaves while no IVR listens: the hangups and RecordingFinished reach nobody.
    for (const call of [atMenu, talking, waiting]) call.hangup();
    await Promise.all([atMenu.ended, talking.ended, waiting.ended]);

    const p2 = await rig.startProcess('p2');
    const watch2 = p2.watch;
    // No reconnect needed: the lease keeper finds them once p1's leases lapse.
    await until(() => watch2.settled.size === 3, 'three calls settled', 30_000);
    expect(watch2.settled.get(atMenu.channelId)?.settled).toBe('closed');
    expect(watch2.settled.get(talking.channelId)?.settled).toBe('left_talk');
    expect(watch2.settled.get(waiting.channelId)?.settled).toBe('left_queue');

    // Robot-only call: closed here, truthfully (the caller left while unattended).
    expect(await row(menuIx)).toMatchObject({ state: 'abandoned', outcome: 'abandoned' });
    expect((await row(menuIx)).closed_at).not.toBeNull();
    const ended = await rig.db.pool.query(
      `select data from interaction_events where interaction_id = $1 and kind = 'ivr.ended'`,
      [menuIx],
    );
    expect(ended.rows[0]?.data).toMatchObject({ outcome: 'abandoned', by: 'caller', unattended: true });
    // The operator's talk ended: wrap-up as after any hangup; the lone operator leg hung up.
    expect((await p2.acd.interaction(talkIx))?.st).toBe('wrap_up');
    expect(await p2.acd.agent(String(op1.id))).toMatchObject({ nBusy: '0', nWrap: '1' });
    expect(await channelExists(p2, agentLegOf.get(talkIx)!)).toBe(false);
    // No offer for a gone caller.
    expect((await p2.acd.interaction(waitIx))?.st).toBe('abandoned');
    expect(await p2.acd.waiting('general')).toEqual([]);
    await rig.outbox.drain();
    expect(await row(waitIx)).toMatchObject({ state: 'abandoned', outcome: 'abandoned' });
    expect((await row(waitIx)).closed_at).not.toBeNull();
    expect(await row(talkIx)).toMatchObject({ state: 'wrap_up' });
    expect((await row(talkIx)).talk_ended_at).not.toBeNull();
    // The recordings left in the spool are ingested and linked.
    for (const ix of [menuIx, talkIx, waitIx]) expect((await row(ix)).recording_id).not.toBeNull();
    expect(await rig.redis.redis.smembers(`${rig.redis.prefix}:ivr:calls`)).toEqual([]);
    // The operator ends wrap-up and is free again.
    expect((await p2.acd.endWrapUp(talkIx, String(op1.id))).status).toBe('closed');
    await rig.outbox.drain();
    expect((await row(talkIx)).closed_at).not.toBeNull();
    await p2.acd.setState({ agentId: String(op1.id), state: 'offline' });
    await p2.kill(); // a live process would take the next test's orphans
  });

  it('a call whose owner is alive is not touched by a peer; its owner settles it after its own outage', {
    timeout: 90_000,
  }, async () => {
    const p2 = await rig.startProcess('p2b');
    let peer: IvrProcess | undefined;
    try {
      const watch2 = p2.watch;
      await login(String(op1.id), p2);
      // In a talk the owner issues no command: without events it cannot notice the hangup.
      const caller = rig.double.inboundCall({ callerNumber: '+79990000004' });
      const ix = await toOperator(watch2, caller);
      await until(() => inTalk(ix), 'operator in the bridge');
      p2.relay.cutEvents(); // p2 lives on (renewing its leases) but hears nothing
      caller.hangup();
      await caller.ended;
      peer = await rig.startProcess('p3', { app: 'hotline-peer' });
      const watch3 = peer.watch;
      const deadline = Date.now() + 3_000; // twice the lease: p2 keeps renewing it
      while (Date.now() < deadline) {
        await peer.ivr.sweep();
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(watch3.settled.has(caller.channelId)).toBe(false);
      expect((await p2.acd.interaction(ix))?.st).toBe('connected');
      expect(await channelExists(p2, agentLegOf.get(ix)!)).toBe(true);

      p2.relay.restoreEvents();
      await until(() => watch2.ended.has(caller.channelId), 'owner ends the call after reconnecting', 60_000);
      expect(watch3.settled.has(caller.channelId)).toBe(false);
      expect((await p2.acd.interaction(ix))?.st).toBe('wrap_up');
      expect(await channelExists(p2, agentLegOf.get(ix)!)).toBe(false);
      // Its RecordingFinished was lost in the outage: ingested all the same.
      await until(async () => (await row(ix)).recording_id !== null, 'recording ingested');
      expect((await p2.acd.endWrapUp(ix, String(op1.id))).status).toBe('closed');
      await p2.acd.setState({ agentId: String(op1.id), state: 'offline' });
    } finally {
      await peer?.kill();
      await p2.kill();
    }
  });

  it('died mid-talk: operators are released or rejoined, and the queued callers are re-attached and offered', {
    timeout: 120_000,
  }, async () => {
    const p4 = await rig.startProcess('p4');
    const watch4 = p4.watch;
    await login(String(op1.id), p4);
    const gone = rig.double.inboundCall({ callerNumber: '+79990000011' }); // its operator will hang up
    const goneIx = await toOperator(watch4, gone);
    await until(() => inTalk(goneIx), 'op1 in the bridge');
    await login(String(op2.id), p4);
    const stays = rig.double.inboundCall({ callerNumber: '+79990000012' }); // talk goes on
    const staysIx = await toOperator(watch4, stays);
    await until(() => inTalk(staysIx), 'op2 in the bridge');
    const queued = [
      rig.double.inboundCall({ callerNumber: '+79990000013' }),
      rig.double.inboundCall({ callerNumber: '+79990000014' }),
    ];
    const queuedIx: string[] = [];
    for (const call of queued) queuedIx.push(await toOperator(watch4, call));
    await until(async () => (await p4.acd.waiting('general')).length === 2, 'two callers queued').finally(
      () => p4.kill(),
    );
    rig.double.farEndHangup(agentLegOf.get(goneIx)!, 16); // op1 puts the phone down: nobody hears

    const p5 = await rig.startProcess('p5');
    const watch5 = p5.watch;
    // op1's talk is over: the caller is re-attached and rates the call; op1 goes to wrap-up.
    await until(() => watch5.has(gone.channelId, 'talk_resumed'), 're-attached mid-talk', 30_000);
    expect(watch5.step(gone.channelId, 'talk_resumed')?.data).toMatchObject({ operatorOnLine: false });
    await until(async () => (await p5.acd.interaction(goneIx))?.st === 'wrap_up', 'op1 in wrap-up');
    await pressAt(watch5, gone, 1, '5');
    await until(() => watch5.ended.has(gone.channelId), 'rated call ends');
    expect((await row(goneIx)).csat).toBe(5);
    // op2 still talks: the caller is rejoined silently, the talk ends when op2 hangs up.
    await until(() => watch5.has(stays.channelId, 'talk_resumed'), 're-attached talk');
    expect(watch5.step(stays.channelId, 'talk_resumed')?.data).toMatchObject({ operatorOnLine: true });
    expect((await p5.acd.interaction(staysIx))?.st).toBe('connected');
    // The queued callers are re-attached, still waiting at their places.
    for (const call of queued)
      await until(() => watch5.has(call.channelId, 'queue_resumed'), 'queue resumed');
    // The operators end wrap-up as on the desktop: each is offered a queued caller, who is put through.
    // (Both joined the queue at the same instant of the test's clock: either may come first.)
    const connected = () => queued.filter((call) => watch5.has(call.channelId, 'operator_connected'));
    expect((await p5.acd.endWrapUp(goneIx, String(op1.id))).status).toBe('closed');
    await until(() => connected().length === 1, 'first queued caller offered');
    rig.double.farEndHangup(agentLegOf.get(staysIx)!, 16);
    await until(async () => (await p5.acd.interaction(staysIx))?.st === 'wrap_up', 'op2 in wrap-up');
    expect((await p5.acd.endWrapUp(staysIx, String(op2.id))).status).toBe('closed');
    await until(() => connected().length === 2, 'second queued caller offered');
    for (const call of [stays, ...queued]) call.hangup();
    await until(
      () => [stays, ...queued].every((call) => watch5.ended.has(call.channelId)),
      'every call ended',
    );
    for (const ix of queuedIx) {
      const held = await p5.acd.interaction(ix);
      expect(held?.st).toBe('wrap_up');
      expect((await p5.acd.endWrapUp(ix, held!.ag!)).status).toBe('closed');
    }
    await p5.kill();
  });
  it('events lost in an ARI outage while the operator is rung and while they talk: the call goes on after the reconnect', {
    timeout: 240_000,
  }, async () => {
    const p6 = await rig.startProcess('p6');
    try {
      const watch = p6.watch;
      rig.double.defineEndpoint(op1.endpoint, { answerAfterMs: 8_000 });
      await login(String(op1.id), p6);
      const caller = rig.double.inboundCall({ callerNumber: '+79990000021' });
      const ix = await toOperator(watch, caller);
      await until(async () => (await p6.acd.interaction(ix))?.st === 'offered', 'operator rung');
      p6.relay.cutEvents(); // the operator answers while the IVR hears nothing
      const known = new Set(agentLegOf.values());
      await until(async () => {
        // Asterisk's view (events to a cut application are not delivered, not even to onEvent).
        const channels = (await p6.rest.send('GET', '/channels')) as Array<{ id: string; state: string }>;
        return channels.some((c) => c.id.startsWith('agent-') && !known.has(c.id) && c.state === 'Up');
      }, 'operator answered');
      p6.relay.restoreEvents();
      await until(() => inTalk(ix), 'bridged after the reconnect', 90_000);
      expect(watch.has(caller.channelId, 'operator_connected')).toBe(true);
      p6.relay.cutEvents(); // the operator hangs up while the IVR hears nothing
      rig.double.farEndHangup(agentLegOf.get(ix)!, 16);
      await new Promise((resolve) => setTimeout(resolve, 300));
      p6.relay.restoreEvents();
      await until(async () => (await p6.acd.interaction(ix))?.st === 'wrap_up', 'talk over', 90_000);
      await pressAt(watch, caller, 2, '4'); // after the menu: the rating
      await until(() => watch.ended.has(caller.channelId), 'call ends');
      expect((await row(ix)).csat).toBe(4);
      expect((await p6.acd.endWrapUp(ix, String(op1.id))).status).toBe('closed');
    } finally {
      rig.double.defineEndpoint(op1.endpoint, { answerAfterMs: 1_000 });
      await p6.kill();
    }
  });
  it('the caller hangs up in an ARI outage while the operator is rung, and the ring ends unheard too: after the reconnect the call ends and leaves the queue', {
    timeout: 120_000,
  }, async () => {
    const p12 = await rig.startProcess('p12');
    try {
      rig.double.defineEndpoint(op1.endpoint, { answerAfterMs: null }); // rings until the 15 s timeout
      await login(String(op1.id), p12);
      const caller = rig.double.inboundCall({ callerNumber: '+79990000051' });
      const ix = await toOperator(p12.watch, caller);
      const legs = async () =>
        ((await p12.rest.send('GET', '/channels')) as Array<{ id: string }>).filter((c) =>
          c.id.startsWith(`agent-${ix}-`),
        );
      await until(async () => (await legs()).length === 1, 'operator rung');
      p12.relay.cutEvents();
      // The ring times out and the caller leaves while the IVR hears nothing of either.
      await until(async () => (await legs()).length === 0, 'ring over', 60_000);
      caller.hangup();
      await caller.ended;
      p12.relay.restoreEvents();
      await until(() => p12.watch.ended.has(caller.channelId), 'call ends after the reconnect', 60_000);
      await expect.poll(async () => (await p12.acd.interaction(ix))?.st).toBe('abandoned');
      await rig.outbox.drain();
      expect(await row(ix)).toMatchObject({ state: 'abandoned' });
    } finally {
      rig.double.defineEndpoint(op1.endpoint, { answerAfterMs: 1_000 });
      await p12.acd.setState({ agentId: String(op1.id), state: 'offline' }).catch(() => undefined);
      await p12.kill();
    }
  });
  it('died while the operator was rung: the leg it left is hung up and the operator rung again, once', {
    timeout: 120_000,
  }, async () => {
    const p7 = await rig.startProcess('p7');
    let p8: IvrProcess | undefined;
    try {
      rig.double.defineEndpoint(op1.endpoint, { answerAfterMs: 8_000 });
      await login(String(op1.id), p7);
      const caller = rig.double.inboundCall({ callerNumber: '+79990000031' });
      const ix = await toOperator(p7.watch, caller);
      const legsOf = async (proc: IvrProcess) =>
        ((await proc.rest.send('GET', '/channels')) as Array<{ id: string; state: string }>).filter((c) =>
          c.id.startsWith(`agent-${ix}-`),
        );
      await until(async () => (await p7.acd.interaction(ix))?.st === 'offered', 'operator rung');
      // The ACD offers first, then the IVR dials: on a loaded machine the leg comes a moment later.
      await until(async () => (await legsOf(p7)).length > 0, 'operator leg dialled');
      await p7.kill();
      p8 = await rig.startProcess('p8');
      const [left] = await legsOf(p8);
      expect(left).toBeDefined(); // answered (or ringing) with nobody to bridge it
      await until(() => p8!.watch.has(caller.channelId, 'operator_connected'), 'operator connected', 30_000);
      const legs = await legsOf(p8);
      expect(legs.map((l) => l.id)).not.toContain(left!.id);
      expect(legs).toHaveLength(1);
      await until(() => inTalk(ix), 'bridged');
      caller.hangup();
      await until(async () => (await p8!.acd.interaction(ix))?.st === 'wrap_up', 'talk over');
      expect(await legsOf(p8)).toEqual([]);
      expect((await p8.acd.endWrapUp(ix, String(op1.id))).status).toBe('closed');
    } finally {
      rig.double.defineEndpoint(op1.endpoint, { answerAfterMs: 1_000 });
      await p7.kill();
      await p8?.kill();
    }
  });
  it('PostgreSQL unreachable while settling: nothing is settled on a guess; a later sweep closes the call', {
    timeout: 90_000,
  }, async () => {
    const p9 = await rig.startProcess('p9');
    const caller = rig.double.inboundCall({ callerNumber: '+79990000041' });
    const ix = await interactionOf(caller.channelId);
    await until(() => (p9.watch.listens.get(caller.channelId) ?? 0) >= 1, 'main menu');
    await p9.kill();
    caller.hangup();
    await caller.ended;
    // A process whose database is down (nothing listens on port 1).
    const blind = await rig.startProcess('p10', { databaseUrl: 'postgres://hotline@127.0.0.1:1/none' });
    try {
      await blind.ivr.sweep();
      await new Promise((resolve) => setTimeout(resolve, 2_000)); // its leases lapse, sweeps go on
      await blind.ivr.sweep();
      expect(blind.watch.settled.has(caller.channelId)).toBe(false); // (earlier tests may leave others)
      expect(await rig.redis.redis.smembers(`${rig.redis.prefix}:ivr:calls`)).toContain(caller.channelId);
    } finally {
      await blind.kill();
    }
    const p11 = await rig.startProcess('p11');
    try {
      await until(() => p11.watch.settled.has(caller.channelId), 'settled once PostgreSQL answers', 30_000);
      expect(await row(ix)).toMatchObject({ state: 'abandoned', outcome: 'abandoned' });
      expect((await row(ix)).recording_id).not.toBeNull();
    } finally {
      await p11.kill();
    }
  });
});
