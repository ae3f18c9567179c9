import { afterEach, describe, expect, it } from 'vitest';
import { type Event, envelopeProblems, type Harness, loadTrace, normalise, startHarness } from './harness.ts';

let harness: Harness;
afterEach(async () => harness?.close());

async function answeredCall(localTarget: string) {
  const call = harness.double.inboundCall({ localTarget });
  await harness.waitFor((e) => e.type === 'StasisStart' && e.channel.id === call.channelId);
  await harness.client.channels.answer({ channelId: call.channelId });
  return call;
}

const finished = (id: string) => (e: Event) => e.type === 'PlaybackFinished' && e.playback.id === id;

describe('playback traces replayed through ari-client', () => {
  it('dtmf-during-playback: DTMF never stops a playback; pause/unpause/forward; media lists; queueing', async () => {
    harness = await startHarness();
    const { client, sleep, waitFor } = harness;
    const call = await answeredCall('caller@sim');
    const channelId = call.channelId;
    const reply = await client.channels.playWithId({
      channelId,
      playbackId: 'pb-long',
      media: 'sound:demo-congrats',
    });
    expect(reply.state).toBe('queued');
    await sleep(3000);
    void call.sendDtmf('123#', { gapMs: 250, durationMs: 120 });
    await sleep(2000);
    expect((await client.playbacks.get({ playbackId: 'pb-long' })).state).toBe('playing');
    await client.playbacks.control({ playbackId: 'pb-long', operation: 'pause' });
    await sleep(1000);
    await client.playbacks.control({ playbackId: 'pb-long', operation: 'unpause' });
    await client.playbacks.control({ playbackId: 'pb-long', operation: 'forward' });
    await waitFor(finished('pb-long'));
    const multi = await client.channels.playWithId({
      channelId,
      playbackId: 'pb-multi',
      media: ['sound:hello-world', 'sound:beep', 'sound:goodbye'],
    });
    expect(multi).toMatchObject({ media_uri: 'sound:hello-world', next_media_uri: 'sound:beep' });
    await waitFor(finished('pb-multi'));
    const a = await client.channels.playWithId({
      channelId,
      playbackId: 'pb-qa',
      media: 'sound:hello-world',
    });
    const b = await client.channels.playWithId({ channelId, playbackId: 'pb-qb', media: 'sound:beep' });
    expect([a.state, b.state]).toEqual(['queued', 'queued']);
    await waitFor(finished('pb-qb'));
    await client.channels.hangup({ channelId });
    await call.ended;
    expect(normalise(harness.events)).toEqual(normalise(loadTrace('dtmf-during-playback')));
    expect(envelopeProblems(harness.events)).toEqual([]);
  });

  it('playback-tones-and-failures: tones until stopped, media split at commas, failures, silent controls', async () => {
    harness = await startHarness();
    const { client, sleep, waitFor } = harness;
    const call = await answeredCall('caller-quiet@sim');
    const channelId = call.channelId;
    await client.channels.playWithId({ channelId, playbackId: 'pb-ring', media: 'tone:ring;tonezone=us' });
    await sleep(3000);
    await client.playbacks.stop({ playbackId: 'pb-ring' });
    const split = await client.channels.playWithId({
      channelId,
      playbackId: 'pb-1004',
      media: 'tone:1004/1000,0/1000',
    });
    expect(split).toMatchObject({ media_uri: 'tone:1004/1000', next_media_uri: '0/1000', state: 'queued' });
    await sleep(3000);
    await client.playbacks.stop({ playbackId: 'pb-1004' });
    await sleep(3000);
    for (const media of ['sound:does-not-exist', 'digits:42', 'number:7', 'recording:no-such-recording']) {
      const playbackId = `pb-${media.replace(/\W/g, '_')}`;
      await client.channels.playWithId({ channelId, playbackId, media });
      await waitFor((e) => e.type === 'PlaybackStarted' && e.playback.id === playbackId);
      await sleep(2);
    }
    await client.channels.ring({ channelId });
    await client.channels.ringStop({ channelId });
    await client.channels.sendDTMF({ channelId, dtmf: '9*' });
    expect(call.dtmfFromIvr()).toEqual(['9*']);
    await sleep(8000);
    await client.channels.hangup({ channelId, reason: 'busy' });
    await call.ended;
    expect(normalise(harness.events)).toEqual(normalise(loadTrace('playback-tones-and-failures')));
  });

  it('caller-hangup-during-playback: cause 16 without soft, PlaybackFinished failed, StasisEnd, then 404', async () => {
    harness = await startHarness();
    const { client, sleep } = harness;
    const call = await answeredCall('caller-hangup@sim');
    const playback = await client.channels.play({ channelId: call.channelId, media: 'sound:demo-congrats' });
    expect(playback.id).toMatch(/^[0-9a-f-]{36}$/);
    await sleep(6000);
    call.hangup(16);
    await call.ended;
    await expect(client.channels.get({ channelId: call.channelId })).rejects.toThrow(
      '{"message":"Channel not found"}',
    );
    expect(normalise(harness.events)).toEqual(normalise(loadTrace('caller-hangup-during-playback')));
    expect(harness.events.find((e) => e.type === 'ChannelHangupRequest')).not.toHaveProperty('soft');
  });
});

describe('recording trace replayed through ari-client', () => {
  it('terminateOn, maxDuration, duplicate names, cancel, stored files, playback of a recording', async () => {
    harness = await startHarness();
    const { client, sleep, waitFor, double } = harness;
    // caller-pound: Answer, Wait(1), Playback(welcome, 6 s), SendDTMF(#).
    const call = await answeredCall('caller-pound@sim');
    const channelId = call.channelId;
    const queued = await client.channels.record({
      channelId,
      name: 'rec-terminate',
      format: 'wav',
      terminateOn: '#',
      beep: true,
      maxDurationSeconds: 15,
    });
    expect(queued).toMatchObject({ state: 'queued', target_uri: `channel:${channelId}` });
    expect(await client.recordings.getLive({ recordingName: 'rec-terminate' })).toMatchObject({
      state: 'recording',
    });
    // The first audio frame reached the recording 1.2 s in (7.19 s of recording held a 5.99 s
    // file); the caller's # follows 7 s after it started, timed on the double's clock.
    call.staySilent(1200);
    void call.sendDtmf('#', { durationMs: 100, afterMs: 7000 });
    const terminated = await waitFor(
      (e) => e.type === 'RecordingFinished' && e.recording.name === 'rec-terminate',
    );
    await client.channels.record({ channelId, name: 'rec-maxdur', format: 'wav', maxDurationSeconds: 2 });
    const maxdur = await waitFor((e) => e.type === 'RecordingFinished' && e.recording.name === 'rec-maxdur');
    await expect(
      client.channels.record({ channelId, name: 'rec-maxdur', format: 'wav', ifExists: 'fail' }),
    ).rejects.toThrow(`{"message":"Recording 'rec-maxdur' already exists and can not be overwritten"}`);
    await client.channels.record({ channelId, name: 'rec-cancel', format: 'wav' });
    for (const operation of ['pause', 'unpause', 'mute', 'unmute', 'cancel']) {
      await client.recordings[operation]({ recordingName: 'rec-cancel' });
    }
    const cancelled = await waitFor(
      (e) => e.type === 'RecordingFinished' && e.recording.name === 'rec-cancel',
    );
    expect((await client.recordings.listStored()).map((r: { name: string }) => r.name)).toEqual([
      'rec-maxdur',
      'rec-terminate',
    ]);
    const copy = await client.recordings.copyStored({
      recordingName: 'rec-terminate',
      destinationRecordingName: 'rec-terminate-copy',
    });
    expect(copy).toMatchObject({ name: 'rec-terminate-copy', format: 'wav' });
    await client.recordings.deleteStored({ recordingName: 'rec-terminate-copy' });
    await sleep(6000);
    await client.channels.playWithId({ channelId, playbackId: 'pb-rec', media: 'recording:rec-maxdur' });
    await waitFor(finished('pb-rec'));
    await client.channels.hangup({ channelId });
    await call.ended;

    expect(normalise(harness.events)).toEqual(normalise(loadTrace('recording')));
    // Durations are whole seconds of audio received: after the beep and the far end's first frame.
    expect(terminated.recording.duration).toBe(5);
    expect(maxdur.recording.duration).toBe(2);
    expect(cancelled.recording.duration).toBe(0);
    const dtmfAt = harness.events.findIndex((e) => e.type === 'ChannelDtmfReceived' && e.digit === '#');
    expect(harness.events[dtmfAt + 1]?.type).toBe('RecordingFinished');
    const file = await client.recordings.getStoredFile({ recordingName: 'rec-maxdur' });
    expect(file.subarray(0, 4).toString('ascii')).toBe('RIFF');
    expect(file.length).toBe(44 + 2 * 8000 * 2);
    expect(double.core.recordings.storedFormat('rec-cancel')).toBeUndefined();
  });
});
