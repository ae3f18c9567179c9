import { afterEach, describe, expect, it } from 'vitest';
import { envelopeProblems, type Harness, loadTrace, normalise, startHarness } from './harness.ts';

let harness: Harness;
afterEach(async () => harness?.close());

describe('ivr-basic-call replayed through ari-client', () => {
  it('matches the real Asterisk event sequence', async () => {
    // The agent's Local ;2 answers and waits up to 500 ms for media (Asterisk's Answer()); the
    // trace has our bridge bring it. That is the answer → addChannel round trip, wall time: at
    // speed 10 a busy machine missed the 50 ms; at 2 it has 250 ms.
    harness = await startHarness({ speed: 2 });
    const { client, double, waitFor, sleep } = harness;
    const call = double.inboundCall({ localTarget: 'caller@sim' });
    const started = await waitFor((e) => e.type === 'StasisStart' && e.channel.id === call.channelId);
    expect(started.args).toEqual(['inbound']);
    await client.channels.answer({ channelId: call.channelId });
    const playbackId = `pb-welcome-${Date.now()}`;
    await client.channels.playWithId({ channelId: call.channelId, playbackId, media: 'sound:demo-congrats' });
    // The caller's dialplan: Answer, Wait(3), SendDTMF(123#,250,120).
    await sleep(3000);
    void call.sendDtmf('123#', { gapMs: 250, durationMs: 120 });
    await waitFor((e) => e.type === 'ChannelDtmfReceived' && e.digit === '#');
    await client.playbacks.stop({ playbackId });
    await waitFor((e) => e.type === 'PlaybackFinished');
    const recordingName = `ivr-basic-${Date.now()}`;
    await client.channels.record({
      channelId: call.channelId,
      name: recordingName,
      format: 'wav',
      beep: true,
      ifExists: 'overwrite',
    });
    await sleep(3000);
    await client.recordings.stop({ recordingName });
    await waitFor((e) => e.type === 'RecordingFinished');
    expect(await client.recordings.getStored({ recordingName })).toMatchObject({
      name: recordingName,
      format: 'wav',
    });
    const bridgeId = `br-basic-${Date.now()}`;
    await client.bridges.createWithId({ bridgeId, type: 'mixing', name: 'ivr-basic' });
    const agentId = `agent-${Date.now()}`;
    const agent = await client.channels.originateWithId({
      channelId: agentId,
      endpoint: 'Local/agent@sim',
      app: 'ivr-test',
      appArgs: 'agent',
      callerId: 'Agent 100 <100>',
    });
    expect(agent).toMatchObject({
      id: agentId,
      state: 'Down',
      name: expect.stringMatching(/^Local\/agent@sim-[0-9a-f]{8};1$/),
    });
    await waitFor((e) => e.type === 'StasisStart' && e.channel.id === agentId);
    await client.channels.answer({ channelId: agentId });
    await client.bridges.addChannel({ bridgeId, channel: [call.channelId, agentId] });
    await sleep(4000);
    await client.channels.hangup({ channelId: call.channelId });
    await sleep(500);
    await client.channels.hangup({ channelId: agentId });
    await waitFor((e) => e.type === 'ChannelDestroyed' && e.channel.id === `${agentId};2`);
    await client.bridges.destroy({ bridgeId });
    await waitFor((e) => e.type === 'BridgeDestroyed');
    await call.ended;

    expect(normalise(harness.events)).toEqual(normalise(loadTrace('ivr-basic-call')));
    expect(envelopeProblems(harness.events)).toEqual([]);
    expect(started.channel.id).toMatch(/^\d{10}\.\d+$/);
  });
});
