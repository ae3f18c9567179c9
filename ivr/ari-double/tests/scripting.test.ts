import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SteppedClock } from '../clock.ts';
import { AriCore, referenceSounds } from '../core.ts';
import type { AriEvent } from '../events.ts';
import { placeInboundCall } from '../scenario.ts';
import { silentWav } from '../wav.ts';
import { type Event, type Harness, startHarness } from './harness.ts';

describe('timing at the boundaries, with a stepped clock (no sockets)', () => {
  let spool: string;
  let clock: SteppedClock;
  let core: AriCore;
  let events: AriEvent[];
  const types = () => events.map((event) => event.type);

  beforeEach(() => {
    spool = mkdtempSync(join(tmpdir(), 'ari-double-stepped-'));
    clock = new SteppedClock('2026-11-27T20:52:59.932Z');
    core = new AriCore({ clock, asteriskId: '02:fc:00:00:00:01', spoolDir: spool, sounds: referenceSounds });
    events = [];
    core.asterisk.apps.register('ivr-test', { send: (event) => events.push(event) }, false);
  });
  afterEach(() => {
    core.shutdown();
    rmSync(spool, { recursive: true, force: true });
  });

  it('ends an unanswered originate exactly at its timeout, with cause 19 and no StasisStart', () => {
    core.originator.originate({
      endpoint: 'Local/agent-noanswer@sim',
      app: 'ivr-test',
      timeout: 4,
      channelId: 'a',
    });
    clock.advance(3_999);
    expect(types()).not.toContain('ChannelDestroyed');
    clock.advance(1);
    const destroyed = events.filter((event) => event.type === 'ChannelDestroyed');
    expect(destroyed.map((event) => event.cause)).toEqual([19, 19]);
    expect(destroyed[0]?.cause_txt).toBe('User alerting, no answer');
    expect(types()).not.toContain('StasisStart');
  });

  it('finishes demo-congrats after 13 376 ms, not before; DTMF digits land at 120, 490, 860 ms', () => {
    const call = placeInboundCall(core, 'ivr-test', {
      callerNumber: '+79990000000',
      dialplanArgs: ['inbound'],
    });
    core.playbacks.play(`channel:${call.channelId}`, 'p1', ['sound:demo-congrats'], {});
    const started = clock.nowMs();
    void call.sendDtmf('123', { gapMs: 250, durationMs: 120 });
    const dtmfTimes: number[] = [];
    for (let step = 0; step < 1_000; step++) {
      const before = events.length;
      clock.advance(1);
      for (const event of events.slice(before)) {
        if (event.type === 'ChannelDtmfReceived') dtmfTimes.push(clock.nowMs() - started);
      }
    }
    expect(dtmfTimes).toEqual([120, 490, 860]);
    clock.advance(13_376 - 1_000 - 1);
    expect(types()).not.toContain('PlaybackFinished');
    clock.advance(1);
    expect(events.at(-1)).toMatchObject({ type: 'PlaybackFinished', playback: { state: 'done' } });
  });

  it('stops a maxDurationSeconds recording at the limit and writes that much audio', () => {
    const call = placeInboundCall(core, 'ivr-test', { dialplanArgs: [] });
    core.recordings.record(`channel:${call.channelId}`, {
      name: 'limit',
      format: 'wav',
      maxDurationSeconds: 2,
    });
    clock.advance(1_999);
    expect(types()).not.toContain('RecordingFinished');
    clock.advance(1);
    expect(events.at(-1)).toMatchObject({ type: 'RecordingFinished', recording: { duration: 2 } });
    expect(core.recordings.storedLengthMs('limit')).toBe(2_000);
  });

  it('tears a bridged, playing channel down in the traced order when the caller hangs up', () => {
    const caller = placeInboundCall(core, 'ivr-test', { dialplanArgs: [] });
    const other = placeInboundCall(core, 'ivr-test', { dialplanArgs: [], callerNumber: '100' });
    core.bridges.create('b', 'mixing', '');
    core.bridges.addChannels('b', [caller.channelId, other.channelId], undefined);
    core.playbacks.play(`channel:${caller.channelId}`, 'p', ['sound:demo-congrats'], {});
    core.recordings.record(`channel:${caller.channelId}`, { name: 'whole-call', format: 'wav' });
    events.length = 0;
    caller.hangup(16);
    const forCaller = events.filter(
      (event) =>
        (event.channel as { id?: string } | undefined)?.id === caller.channelId ||
        'playback' in event ||
        'recording' in event,
    );
    expect(forCaller.map((event) => `${event.type}${event.variable ? `:${event.variable}` : ''}`)).toEqual([
      'ChannelHangupRequest',
      'ChannelVarset:BRIDGEPEER',
      'ChannelLeftBridge',
      'PlaybackFinished',
      'RecordingFinished',
      'StasisEnd',
    ]);
    expect(events[0]).toMatchObject({ type: 'ChannelHangupRequest', cause: 16 });
    expect(events[0]).not.toHaveProperty('soft');
  });

  it('plays prompt files from soundsDir for exactly their WAV length, per language', () => {
    mkdirSync(join(spool, 'prompts', 'ru'), { recursive: true });
    writeFileSync(join(spool, 'prompts', 'ru', 'greeting.wav'), silentWav(2_500));
    const withPrompts = new AriCore({
      clock,
      asteriskId: 'x',
      spoolDir: spool,
      sounds: {},
      soundsDir: join(spool, 'prompts'),
    });
    const heard: AriEvent[] = [];
    withPrompts.asterisk.apps.register('ivr-test', { send: (event) => heard.push(event) }, false);
    const call = placeInboundCall(withPrompts, 'ivr-test', {});
    withPrompts.playbacks.play(`channel:${call.channelId}`, 'ru', ['sound:greeting'], { lang: 'ru' });
    withPrompts.playbacks.play(`channel:${call.channelId}`, 'en', ['sound:greeting'], {});
    clock.advance(2_499);
    expect(heard.map((event) => event.type)).toEqual(['StasisStart', 'PlaybackStarted']);
    clock.advance(1);
    const finished = heard.filter((event) => event.type === 'PlaybackFinished');
    // The Russian prompt exists and plays 2.5 s; there is no English one, so that playback fails.
    expect(finished.map((event) => (event.playback as { state: string }).state)).toEqual(['done', 'failed']);
    withPrompts.shutdown();
  });

  it('refuses bad input with ARI errors and keeps state intact', () => {
    const call = placeInboundCall(core, 'ivr-test', { dialplanArgs: [] });
    const target = `channel:${call.channelId}`;
    expect(() => core.playbacks.play(target, 'p', [], {})).toThrow('media');
    expect(() => core.recordings.record(target, { name: '../escape', format: 'wav' })).toThrow('Invalid');
    expect(() => core.recordings.record(target, { name: 'ok', format: 'mp3' })).toThrow('format');
    expect(() => core.playbacks.control('missing', 'pause')).toThrow('Playback not found');
    expect(core.asterisk.channels.get(call.channelId)?.stasisApp).toBe('ivr-test');
    expect(() => placeInboundCall(core, 'nobody', {})).toThrow("'nobody' is not registered");
  });

  it('refuses a new call to an application whose WebSocket is gone but that still holds channels', () => {
    const sink = { send: () => {} };
    core.asterisk.apps.register('held-app', sink, false);
    const held = placeInboundCall(core, 'held-app', {});
    // A subscription (applications.subscribe, an originated leg) keeps the application known.
    core.asterisk.apps.get('held-app')?.channelIds.add(held.channelId);
    core.asterisk.apps.unregister('held-app', sink);
    // Known but without a WebSocket: res_stasis "not active", new calls fail.
    expect(core.asterisk.apps.get('held-app')).toBeDefined();
    expect(core.asterisk.channels.get(held.channelId)?.stasisApp).toBe('held-app');
    expect(() => placeInboundCall(core, 'held-app', {})).toThrow("'held-app' is not active");
    core.asterisk.apps.register('held-app', sink, false);
    expect(placeInboundCall(core, 'held-app', {}).channelId).not.toBe(held.channelId);
  });
});

describe('operator endpoints scripted through the double, driven by ari-client', () => {
  let harness: Harness;
  afterEach(async () => harness?.close());
  const ofChannel = (id: string) => (e: Event) => (e.channel?.id ?? e.peer?.id) === id;

  it('PJSIP/agent100 rings, answers after 2 s, enters Stasis; its hangup has the real cause', async () => {
    harness = await startHarness();
    const { client, double, waitFor } = harness;
    double.defineEndpoint('PJSIP/agent100', { answerAfterMs: 2_000 });
    const reply = await client.channels.originate({
      endpoint: 'PJSIP/agent100',
      app: 'ivr-test',
      appArgs: 'agent',
      callerId: 'Hotline <8800>',
      timeout: 15,
    });
    expect(reply.name).toMatch(/^PJSIP\/agent100-[0-9a-f]{8}$/);
    const start = await waitFor((e) => e.type === 'StasisStart' && e.channel.id === reply.id);
    const first = harness.events.find(ofChannel(reply.id));
    expect(Date.parse(start.timestamp) - Date.parse(first?.timestamp)).toBeGreaterThanOrEqual(2_000);
    double.farEndHangup(reply.id, 16);
    await waitFor((e) => e.type === 'ChannelDestroyed' && e.channel.id === reply.id);
    const sequence = harness.events
      .filter(ofChannel(reply.id))
      .map(
        (e) =>
          `${e.type}${e.dialstatus !== undefined ? `:${e.dialstatus}` : ''}${e.cause ? `:${e.cause}` : ''}`,
      );
    expect(sequence).toEqual([
      'Dial:',
      'ChannelStateChange',
      'Dial:RINGING',
      'ChannelStateChange',
      'Dial:ANSWER',
      'ChannelVarset',
      'StasisStart',
      'ChannelHangupRequest:16',
      'StasisEnd',
      'ChannelVarset',
      'ChannelDestroyed:16',
    ]);
  });

  it('a ring-no-answer phone times out with cause 19; an offline phone fails with cause 20', async () => {
    harness = await startHarness();
    const { client, double, waitFor } = harness;
    double.defineEndpoint('PJSIP/agent101', { answerAfterMs: null });
    double.defineEndpoint('PJSIP/agent102', { answerAfterMs: 0 }, 'offline');
    const ringing = await client.channels.originate({
      endpoint: 'PJSIP/agent101',
      app: 'ivr-test',
      timeout: 15,
    });
    const gone = await waitFor((e) => e.type === 'ChannelDestroyed' && e.channel.id === ringing.id);
    expect(gone.cause).toBe(19);
    const offline = await client.channels.originate({ endpoint: 'PJSIP/agent102', app: 'ivr-test' });
    const failed = await waitFor((e) => e.type === 'ChannelDestroyed' && e.channel.id === offline.id);
    expect(failed.cause).toBe(20);
    expect(harness.events.some((e) => e.type === 'StasisStart')).toBe(false);
  });

  it('Local/agent-slow@sim answers after 3 s with the Local channel event order', async () => {
    harness = await startHarness();
    const { client, double, waitFor } = harness;
    double.defineLocalAgent('agent-slow', 3_000);
    const agent = await client.channels.originate({
      endpoint: 'Local/agent-slow@sim',
      app: 'ivr-test',
      appArgs: 'agent',
    });
    const start = await waitFor((e) => e.type === 'StasisStart' && e.channel.id === agent.id);
    expect(start.args).toEqual(['agent']);
    const dials = harness.events.filter((e) => e.type === 'Dial').map((e) => e.dialstatus);
    expect(dials).toEqual(['', 'RINGING', 'ANSWER']);
    const ringingAt = Date.parse(harness.events.find((e) => e.dialstatus === 'RINGING')?.timestamp);
    expect(Date.parse(start.timestamp) - ringingAt).toBeGreaterThanOrEqual(3_000);
    await client.channels.hangup({ channelId: agent.id });
    await waitFor((e) => e.type === 'ChannelDestroyed' && e.channel.name.endsWith(';2'));
  });
});
