import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

let harness: Harness;
afterEach(async () => harness?.close());

/** The style an IVR uses: resource objects with client-generated ids and per-instance events. */
describe("ari-client's object API against the double", () => {
  it('plays with a generated playback id, bridges, originates and hears per-instance events', async () => {
    harness = await startHarness();
    const { client, double, waitFor } = harness;
    const call = double.inboundCall({ callerNumber: '+79130000001' });
    const start = await waitFor((e) => e.type === 'StasisStart');
    const channel = client.Channel(start.channel.id);
    const digits: string[] = [];
    channel.on('ChannelDtmfReceived', (event: { digit: string }) => digits.push(event.digit));
    await channel.answer();

    const playback = client.Playback();
    const finished = new Promise<string>((resolve) =>
      playback.once('PlaybackFinished', (event: { playback: { state: string } }) =>
        resolve(event.playback.state),
      ),
    );
    const reply = await channel.play({ media: 'sound:hello-world' }, playback);
    expect(reply.id).toBe(playback.id);
    await call.sendDtmf('42', { gapMs: 50, durationMs: 50 });
    expect(await finished).toBe('done');
    expect(digits).toEqual(['4', '2']);

    const bridge = client.Bridge();
    const created = await bridge.create({ type: 'mixing' });
    expect(created.id).toBe(bridge.id);
    const agent = client.Channel();
    const agentStarted = new Promise<void>((resolve) => agent.once('StasisStart', () => resolve()));
    const originated = await agent.originate({
      endpoint: 'Local/agent@sim',
      app: 'ivr-test',
      appArgs: 'agent',
    });
    expect(originated.id).toBe(agent.id);
    await agentStarted;
    await bridge.addChannel({ channel: [channel.id, agent.id] });
    expect((await bridge.get()).channels).toEqual([channel.id, agent.id]);
    const ended = new Promise<void>((resolve) => channel.once('StasisEnd', () => resolve()));
    call.hangup();
    await ended;
    await agent.hangup();
    await bridge.destroy();
    expect(double.core.asterisk.channels.size).toBe(0);
  });
});
