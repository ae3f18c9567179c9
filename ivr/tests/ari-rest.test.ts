import ari, { type AriClient } from 'ari-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AriRest, AriRestError } from '../ari/rest.ts';
import { type AriDouble, realTimeClock, startAriDouble } from '../ari-double/index.ts';
import { channelGone } from '../stasis/errors.ts';
import type { AriEvent } from '../stasis/events.ts';

let double: AriDouble;
let rest: AriRest;
let client: AriClient;
beforeAll(async () => {
  double = await startAriDouble({
    port: 0,
    username: 'ari',
    password: 'ari',
    app: 'hotline',
    clock: realTimeClock(),
  });
  rest = new AriRest({ url: double.url, username: 'ari', password: 'ari' });
  const quiet = console.log;
  console.log = () => {}; // swagger-client's deprecation banner
  client = await ari.connect(double.url, 'ari', 'ari').finally(() => {
    console.log = quiet;
  });
  await client.start('hotline'); // the application must be registered for calls to enter it
});
afterAll(async () => {
  client?.removeAllListeners();
  client?.stop();
  rest?.close();
  await double?.close();
});

describe('AriRest (hot-path ARI commands over plain HTTP)', () => {
  it('plays a media list (comma-joined, as ARI takes it) with the given playback id, and stops a playback', async () => {
    const events: AriEvent[] = [];
    double.onEvent((event) => events.push(event as AriEvent));
    const call = double.inboundCall({ callerNumber: '+79990000001' });
    await rest.answer(call.channelId);
    await rest.play(call.channelId, 'pb-1', ['tone:ring;tonezone=ru', 'tone:busy'], 'ru');
    const started = events.find((e) => e.type === 'PlaybackStarted' && e.playback.id === 'pb-1');
    expect(started?.playback).toMatchObject({
      media_uri: 'tone:ring;tonezone=ru',
      next_media_uri: 'tone:busy',
    });
    await rest.stopPlayback('pb-1'); // the list goes on to its next item, as Asterisk does
    await rest.stopPlayback('pb-1');
    const finished = () => events.filter((e) => e.type === 'PlaybackFinished').map((e) => e.playback.id);
    await expect.poll(() => finished().length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 50)); // room for a wrong second one
    expect(finished()).toEqual(['pb-1']);
    call.hangup();
  });

  it("a gone channel is Asterisk's 404 'Channel not found', recognised as such", async () => {
    const error = (await rest.play('no-such-channel', 'pb-2', ['tone:ring'], 'ru').then(
      () => undefined,
      (e: unknown) => e,
    )) as AriRestError;
    expect(error).toBeInstanceOf(AriRestError);
    expect(error.status).toBe(404);
    expect(channelGone(error)).toBe(true);
  });

  it('wrong credentials are refused with 401', async () => {
    const stranger = new AriRest({ url: double.url, username: 'ari', password: 'wrong' });
    await expect(stranger.answer('x')).rejects.toMatchObject({ status: 401 });
    stranger.close();
  });
});
