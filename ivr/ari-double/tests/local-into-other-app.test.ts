import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ari, { type AriClient } from 'ari-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceleratedClock } from '../clock.ts';
import { type AriDouble, startAriDouble } from '../server.ts';
import type { Event } from './harness.ts';

/**
 * What a real Asterisk 22.10.1 did (captured on 2026-11-28 with infra/asterisk's `[hotline-sim]`)
 * when application B originates `Local/caller@hotline-sim` whose `;2` half runs
 * `Stasis(A,inbound)` — the way `npm run test:asterisk` plays a caller:
 * - A gets StasisStart for `;2` in state Ring; B never gets a StasisStart (or StasisEnd) for `;2`,
 *   although it sees `;2`'s other events (Set, STASISSTATUS, state changes).
 * - A answering `;2` answers the originate: B gets `;1` Up, Dial ANSWER, STASISSTATUS='' and
 *   StasisStart for `;1` (no args).
 * - B's sendDTMF on `;1` arrives on `;2` as one ChannelDtmfReceived per digit (A sees them).
 * - Set(CHANNEL(language)=ru) writes a function: no ChannelVarset.
 * - B hanging up `;1`: A gets ChannelHangupRequest for `;2` with cause 16 and no `soft`, then
 *   StasisEnd, and no ChannelDestroyed (A did not create `;2`).
 */
const SPEED = 10;

describe('a Local channel originated by one application into another one (real Asterisk)', () => {
  let double: AriDouble;
  let ivr: AriClient;
  let sim: AriClient;
  let spool: string;
  const ivrEvents: Event[] = [];
  const simEvents: Event[] = [];
  const waitFor = (events: Event[], test: (e: Event) => boolean) =>
    new Promise<Event>((resolve) => {
      const timer = setInterval(() => {
        const found = events.find(test);
        if (found) {
          clearInterval(timer);
          resolve(found);
        }
      }, 5);
    });

  beforeAll(async () => {
    spool = mkdtempSync(join(tmpdir(), 'ari-double-local-'));
    double = await startAriDouble({
      port: 0,
      username: 'ari',
      password: 'ari',
      app: 'hotline',
      clock: acceleratedClock(SPEED),
      spoolDir: spool,
    });
    double.defineExtension('hotline-sim', 'caller', [
      { app: 'NoOp', data: 'simulated caller' },
      { app: 'Set', data: 'CALLERID(all)="Test Caller" <+79990000000>' },
      { app: 'Set', data: 'CHANNEL(language)=ru' },
      { app: 'Stasis', data: 'hotline,inbound' },
      { app: 'Hangup' },
    ]);
    double.defineExtension('hotline-sim', 'operator', [
      { app: 'Ringing' },
      { app: 'Wait', data: '1' },
      { app: 'Answer' },
      { app: 'Wait', data: '4' },
      { app: 'Hangup', data: '16' },
    ]);
    const quiet = console.log;
    console.log = () => {};
    [ivr, sim] = await Promise.all([
      ari.connect(double.url, 'ari', 'ari'),
      ari.connect(double.url, 'ari', 'ari'),
    ]).finally(() => {
      console.log = quiet;
    });
    ivr.on('*', (e: Event) => ivrEvents.push(e));
    sim.on('*', (e: Event) => simEvents.push(e));
    await ivr.start('hotline');
    await sim.start('hotline-sim-caller');
  });
  afterAll(async () => {
    ivr?.stop();
    sim?.stop();
    await double?.close();
    rmSync(spool, { recursive: true, force: true });
  });

  it('answer, keypad DTMF and the keypad hanging up reach each application as on Asterisk', async () => {
    const keypad = await sim.channels.originate({
      endpoint: 'Local/caller@hotline-sim',
      app: 'hotline-sim-caller',
    });
    const start = await waitFor(ivrEvents, (e) => e.type === 'StasisStart');
    expect(start.channel.name).toMatch(/^Local\/caller@hotline-sim-\d{8};2$/);
    expect(start.channel.state).toBe('Ring');
    expect(start.args).toEqual(['inbound']);
    expect(start.channel.language).toBe('ru');
    const callerId = start.channel.id as string;
    expect(simEvents.filter((e) => e.type === 'ChannelVarset' && e.variable.includes('('))).toEqual([]);

    await ivr.channels.answer({ channelId: callerId });
    const keypadStart = await waitFor(simEvents, (e) => e.type === 'StasisStart');
    expect(keypadStart.channel).toMatchObject({ id: keypad.id, state: 'Up' });
    expect(keypadStart.args).toEqual([]);
    const simTypes = simEvents.map((e) => `${e.type}${e.dialstatus !== undefined ? `:${e.dialstatus}` : ''}`);
    const answered = simTypes.indexOf('Dial:ANSWER');
    expect(simTypes.slice(answered - 1, answered + 3)).toEqual([
      'ChannelStateChange',
      'Dial:ANSWER',
      'ChannelVarset',
      'StasisStart',
    ]);
    expect(simEvents.some((e) => e.type === 'StasisStart' && e.channel.id === callerId)).toBe(false);

    await sim.channels.sendDTMF({ channelId: keypad.id, dtmf: '12#', between: 250, duration: 120 });
    await waitFor(ivrEvents, (e) => e.type === 'ChannelDtmfReceived' && e.digit === '#');
    const digits = ivrEvents.filter((e) => e.type === 'ChannelDtmfReceived');
    expect(digits.map((e) => [e.channel.id, e.digit, e.duration_ms])).toEqual([
      [callerId, '1', 120],
      [callerId, '2', 120],
      [callerId, '#', 120],
    ]);

    await sim.channels.hangup({ channelId: keypad.id });
    await waitFor(ivrEvents, (e) => e.type === 'StasisEnd');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const ending = ivrEvents.slice(ivrEvents.findIndex((e) => e.type === 'ChannelHangupRequest'));
    expect(ending.map((e) => e.type)).toEqual(['ChannelHangupRequest', 'StasisEnd']);
    expect(ending[0]).toMatchObject({ cause: 16 });
    expect(ending[0]!.soft).toBeUndefined();
    expect(simEvents.some((e) => e.type === 'StasisEnd' && e.channel.id === callerId)).toBe(false);
  });

  /** A new keypad + caller pair, answered by the IVR side; events so far forgotten. */
  async function answeredCall(): Promise<{ keypadId: string; callerId: string }> {
    ivrEvents.length = 0;
    simEvents.length = 0;
    const keypad = await sim.channels.originate({
      endpoint: 'Local/caller@hotline-sim',
      app: 'hotline-sim-caller',
    });
    const start = await waitFor(ivrEvents, (e) => e.type === 'StasisStart');
    await ivr.channels.answer({ channelId: start.channel.id });
    await waitFor(simEvents, (e) => e.type === 'StasisStart');
    return { keypadId: keypad.id, callerId: start.channel.id };
  }

  it('the spied caller hung up: its StasisEnd, then RecordingFinished and the snoop StasisEnd, no snoop hangup event', async () => {
    const { callerId } = await answeredCall();
    await ivr.channels.snoopChannelWithId({
      channelId: callerId,
      snoopId: 'snoop-1',
      spy: 'both',
      app: 'hotline',
      appArgs: 'snoop',
    });
    await ivr.channels.record({
      channelId: 'snoop-1',
      name: 'call-snoop-1',
      format: 'wav',
      ifExists: 'fail',
    });
    await waitFor(ivrEvents, (e) => e.type === 'RecordingStarted');
    await ivr.channels.hangup({ channelId: callerId });
    await waitFor(ivrEvents, (e) => e.type === 'StasisEnd' && e.channel.id === 'snoop-1');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const ending = ivrEvents.slice(ivrEvents.findIndex((e) => e.type === 'ChannelHangupRequest'));
    expect(
      ending.map((e) => `${e.type}:${e.channel?.id === 'snoop-1' ? 'snoop' : e.channel ? 'caller' : '-'}`),
    ).toEqual(['ChannelHangupRequest:caller', 'StasisEnd:caller', 'RecordingFinished:-', 'StasisEnd:snoop']);
  });

  it("a bridge: the channel's own app gets ChannelEnteredBridge, an app only following the channel does not", async () => {
    const { callerId } = await answeredCall();
    await ivr.channels.originate({
      endpoint: 'Local/operator@hotline-sim',
      channelId: 'agent-1',
      app: 'hotline',
      appArgs: 'agent',
      timeout: 15,
    });
    await waitFor(ivrEvents, (e) => e.type === 'StasisStart' && e.channel.id === 'agent-1');
    await ivr.bridges.create({ type: 'mixing', bridgeId: 'bridge-1' });
    await ivr.bridges.addChannel({ bridgeId: 'bridge-1', channel: [callerId, 'agent-1'] });
    await waitFor(ivrEvents, (e) => e.type === 'ChannelEnteredBridge' && e.channel.id === 'agent-1');
    await waitFor(simEvents, (e) => e.type === 'ChannelVarset' && e.variable === 'BRIDGEPEER');
    expect(ivrEvents.filter((e) => e.type === 'ChannelEnteredBridge')).toHaveLength(2);
    expect(simEvents.filter((e) => e.type === 'ChannelEnteredBridge')).toEqual([]);
    await ivr.channels.hangup({ channelId: callerId });
    await waitFor(ivrEvents, (e) => e.type === 'StasisEnd' && e.channel.id === callerId);
    expect(simEvents.filter((e) => e.type === 'ChannelLeftBridge')).toEqual([]);
    await ivr.bridges.destroy({ bridgeId: 'bridge-1' });
  });

  it('a missing sound: Started and Finished(failed) at once, and the play reply already says failed', async () => {
    const { callerId } = await answeredCall();
    const reply = await ivr.channels.play({
      channelId: callerId,
      media: ['sound:hotline/none-such'],
      playbackId: 'pb-missing',
      lang: 'ru',
    });
    expect(reply.state).toBe('failed');
    const finished = await waitFor(ivrEvents, (e) => e.type === 'PlaybackFinished');
    expect(finished.playback).toMatchObject({ id: 'pb-missing', state: 'failed', language: 'ru' });
    await ivr.channels.hangup({ channelId: callerId });
  });
});
