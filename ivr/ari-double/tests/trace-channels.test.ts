import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, loadTrace, normalise, startHarness } from './harness.ts';

let harness: Harness;
afterEach(async () => harness?.close());

async function answeredCall(localTarget: string) {
  const call = harness.double.inboundCall({ localTarget });
  await harness.waitFor((e) => e.type === 'StasisStart' && e.channel.id === call.channelId);
  await harness.client.channels.answer({ channelId: call.channelId });
  return call;
}

/** Resolves once `test()` holds, checked every 10 ms; rejects after 10 s. */
async function until(test: () => boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 10_000; !test(); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('channel traces replayed through ari-client', () => {
  it('continue-in-dialplan-and-vars: variables, CALLERID(name) → ChannelCallerId, StasisEnd and re-entry', async () => {
    harness = await startHarness();
    const { client, double, waitFor } = harness;
    double.defineExtension('ivr-after', 's', [
      { app: 'Playback', data: 'goodbye' },
      { app: 'Set', data: 'AFTER_ARI=yes' },
      { app: 'NoOp' },
      { app: 'Stasis', data: 'ivr-test,returned' },
      { app: 'Hangup' },
    ]);
    const call = await answeredCall('caller-quiet@sim');
    const channelId = call.channelId;
    await client.channels.setChannelVar({ channelId, variable: 'IVR_CHOICE', value: '2' });
    expect(await client.channels.getChannelVar({ channelId, variable: 'IVR_CHOICE' })).toEqual({
      value: '2',
    });
    expect(await client.channels.getChannelVar({ channelId, variable: 'CALLERID(num)' })).toEqual({
      value: '+15551234567',
    });
    await expect(client.channels.getChannelVar({ channelId, variable: 'NOT_SET_VAR' })).rejects.toThrow(
      '{"message":"Provided variable was not found"}',
    );
    await client.channels.setChannelVar({ channelId, variable: 'CALLERID(name)', value: 'Renamed' });
    expect((await client.channels.get({ channelId })).caller).toEqual({
      name: 'Renamed',
      number: '+15551234567',
    });
    await client.channels.continueInDialplan({
      channelId,
      context: 'ivr-after',
      extension: 's',
      priority: 1,
    });
    const back = await waitFor((e) => e.type === 'StasisStart' && e.args[0] === 'returned');
    expect(back.channel.id).toBe(channelId);
    expect(await client.channels.getChannelVar({ channelId, variable: 'AFTER_ARI' })).toEqual({
      value: 'yes',
    });
    await client.channels.continueInDialplan({ channelId });
    await call.ended;
    expect(normalise(harness.events)).toEqual(normalise(loadTrace('continue-in-dialplan-and-vars')));
  });

  it('holding-bridge-moh: silent MOH/hold, bridge playback, BridgeDestroyed only while followed', async () => {
    harness = await startHarness();
    const { client, sleep, waitFor } = harness;
    const call = await answeredCall('caller-quiet@sim');
    const channelId = call.channelId;
    await client.channels.startMoh({ channelId, mohClass: 'default' });
    await client.channels.stopMoh({ channelId });
    await client.channels.hold({ channelId });
    await client.channels.unhold({ channelId });
    await sleep(3000);
    const hold = await client.bridges.createWithId({
      bridgeId: 'br-hold',
      type: 'holding',
      name: 'queue-hold',
    });
    expect(hold).toMatchObject({ technology: 'holding_bridge', bridge_type: 'holding', channels: [] });
    await client.bridges.addChannel({ bridgeId: 'br-hold', channel: channelId, role: 'participant' });
    await client.bridges.startMoh({ bridgeId: 'br-hold', mohClass: 'default' });
    await client.bridges.stopMoh({ bridgeId: 'br-hold' });
    await sleep(3000);
    await client.bridges.playWithId({
      bridgeId: 'br-hold',
      playbackId: 'pb-bridge',
      media: 'sound:please-wait',
    });
    await waitFor((e) => e.type === 'PlaybackFinished');
    expect((await client.bridges.list()).map((b: { channels: string[] }) => b.channels)).toEqual([
      [channelId],
    ]);
    await client.bridges.removeChannel({ bridgeId: 'br-hold', channel: channelId });
    await client.bridges.destroy({ bridgeId: 'br-hold' });
    await client.bridges.createWithId({ bridgeId: 'br-mix', type: 'mixing,dtmf_events' });
    const app = await client.applications.subscribe({
      applicationName: 'ivr-test',
      eventSource: 'bridge:br-mix',
    });
    // Channels in Stasis count as followed by the application.
    expect(app).toMatchObject({ channel_ids: [channelId], bridge_ids: ['br-mix'] });
    await client.bridges.addChannel({ bridgeId: 'br-mix', channel: channelId });
    await sleep(500);
    await client.bridges.destroy({ bridgeId: 'br-mix' });
    await sleep(500);
    await client.channels.hangup({ channelId });
    await call.ended;
    expect(normalise(harness.events)).toEqual(normalise(loadTrace('holding-bridge-moh')));
  });

  it('external-media: UnicastRTP channel, events, channelvars, RTP both ways', async () => {
    harness = await startHarness();
    const { client, double, sleep, waitFor } = harness;
    const speech = createSocket('udp4');
    const fromAsterisk: Buffer[] = [];
    speech.on('message', (packet) => fromAsterisk.push(packet));
    await new Promise<void>((resolve) => speech.bind(0, '127.0.0.1', () => resolve()));
    const externalHost = `127.0.0.1:${speech.address().port}`;
    try {
      const call = await answeredCall('caller-quiet@sim');
      await client.bridges.createWithId({ bridgeId: 'br-em', type: 'mixing' });
      const media = await client.channels.externalMedia({
        channelId: 'em-1',
        app: 'ivr-test',
        external_host: externalHost,
        format: 'ulaw',
        encapsulation: 'rtp',
        transport: 'udp',
        direction: 'both',
      });
      expect(media.name).toMatch(/^UnicastRTP\/127\.0\.0\.1:\d+-0x[0-9a-f]+$/);
      expect(media.state).toBe('Down');
      const rtpPort = Number(media.channelvars.UNICASTRTP_LOCAL_PORT);
      expect(media.channelvars.UNICASTRTP_LOCAL_ADDRESS).toBe('127.0.0.1');
      await waitFor((e) => e.type === 'StasisStart' && e.channel.id === 'em-1');
      await client.bridges.addChannel({ bridgeId: 'br-em', channel: [call.channelId, 'em-1'] });
      expect(
        await client.channels.getChannelVar({ channelId: 'em-1', variable: 'UNICASTRTP_LOCAL_PORT' }),
      ).toEqual({
        value: String(rtpPort),
      });
      call.say(Buffer.alloc(1600, 0x2a)); // 200 ms of the caller speaking
      for (let packet = 0; packet < 100; packet++) {
        const header = Buffer.from([0x80, 0, 0, packet, 0, 0, 0, 0, 0, 0, 0, 1]);
        speech.send(Buffer.concat([header, Buffer.alloc(160, 0x55)]), rtpPort, '127.0.0.1');
      }
      await sleep(3000);
      // Packets go out every 20 ms of the double's time, a timer chain that falls behind the wall
      // clock on a busy machine: wait for them (and for the 100 sent to it), not for a duration.
      const stream = double.rtpStream('em-1');
      await until(() => fromAsterisk.length > 100 && stream?.receivedPackets === 100, 'RTP both ways');
      await client.channels.hangup({ channelId: 'em-1' });
      await client.channels.hangup({ channelId: call.channelId });
      await client.bridges.destroy({ bridgeId: 'br-em' });
      await waitFor((e) => e.type === 'BridgeDestroyed');
      await call.ended;

      expect(normalise(harness.events)).toEqual(normalise(loadTrace('external-media')));
      expect(stream?.receivedPackets).toBe(100);
      expect(call.heardAudio().length).toBe(100 * 160);
      // Each is 12 + 160 bytes, PT 0 (µ-law); one per 20 ms (160 samples) with no gap in the
      // sequence numbers or timestamps.
      expect(fromAsterisk.length).toBeGreaterThan(100);
      expect(fromAsterisk.every((packet) => packet.length === 172 && (packet[1]! & 0x7f) === 0)).toBe(true);
      const gaps = fromAsterisk.slice(1).filter((packet, i) => {
        const previous = fromAsterisk[i]!;
        const sequenceStep = (packet.readUInt16BE(2) - previous.readUInt16BE(2) + 0x10000) % 0x10000;
        const timestampStep = (packet.readUInt32BE(4) - previous.readUInt32BE(4) + 0x100000000) % 0x100000000;
        return sequenceStep !== 1 || timestampStep !== 160;
      });
      expect(gaps).toEqual([]);
      const spoken = fromAsterisk.filter((packet) => packet[12] === 0x2a);
      expect(spoken.length).toBe(10);
    } finally {
      speech.close();
    }
  });

  it('originate-no-answer: ring timeout (cause 19, no StasisStart), hangup while ringing, create + dial', async () => {
    harness = await startHarness();
    const { client, sleep, waitFor } = harness;
    await client.channels.originateWithId({
      channelId: 'noans-1',
      endpoint: 'Local/agent-noanswer@sim',
      app: 'ivr-test',
      timeout: 4,
    });
    await waitFor((e) => e.type === 'ChannelDestroyed' && e.channel.id === 'noans-1;2');
    await sleep(3000);
    await client.channels.originateWithId({
      channelId: 'cancel-1',
      endpoint: 'Local/agent-noanswer@sim',
      app: 'ivr-test',
      timeout: 30,
    });
    await sleep(1500);
    await client.channels.hangup({ channelId: 'cancel-1' });
    await waitFor((e) => e.type === 'ChannelDestroyed' && e.channel.id === 'cancel-1;2');
    await sleep(1500);
    const created = await client.channels.create({
      endpoint: 'Local/agent@sim',
      app: 'ivr-test',
      appArgs: 'created',
      channelId: 'created-1',
    });
    expect(created).toMatchObject({ state: 'Down', dialplan: { app_name: '', app_data: '' } });
    const start = await waitFor((e) => e.type === 'StasisStart' && e.channel.id === 'created-1');
    expect(start.channel.state).toBe('Down');
    await sleep(500);
    await client.channels.dial({ channelId: 'created-1' });
    await sleep(6500);
    await client.channels.hangup({ channelId: 'created-1' });
    await waitFor((e) => e.type === 'ChannelDestroyed' && e.channel.id === 'created-1');
    expect(normalise(harness.events)).toEqual(normalise(loadTrace('originate-no-answer')));
  });

  it('snoop-and-mixmonitor: snoop channel in Stasis, recorded, ends at StasisEnd', async () => {
    harness = await startHarness();
    const { client, sleep, waitFor } = harness;
    const call = await answeredCall('caller-quiet@sim');
    const snoop = await client.channels.snoopChannelWithId({
      channelId: call.channelId,
      snoopId: 'snoop-1',
      spy: 'both',
      app: 'ivr-test',
      appArgs: 'snoop',
    });
    expect(snoop.name).toBe(`Snoop/${call.channelId}-00000001`);
    await waitFor((e) => e.type === 'StasisStart' && e.channel.id === 'snoop-1');
    await client.channels.record({
      channelId: 'snoop-1',
      name: 'snoop-rec',
      format: 'wav',
      maxDurationSeconds: 3,
    });
    const done = await waitFor((e) => e.type === 'RecordingFinished');
    expect(done.recording.duration).toBe(3);
    await client.channels.hangup({ channelId: 'snoop-1' });
    await sleep(500);
    await client.channels.hangup({ channelId: call.channelId });
    await call.ended;
    expect(normalise(harness.events)).toEqual(normalise(loadTrace('snoop-and-mixmonitor')));
  });
});
