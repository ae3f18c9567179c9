import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Harness, loadTrace, normalise, startHarness } from './harness.ts';

let harness: Harness;
afterEach(async () => harness?.close());

describe('info-subscriptions-devicestate replayed through ari-client', () => {
  it('answers info calls, delivers device and endpoint events per subscription, follows a plain channel', async () => {
    harness = await startHarness();
    const { client, double, sleep, waitFor } = harness;
    double.defineEndpoint('PJSIP/agent100', { answerAfterMs: 1000 }, 'offline');
    double.defineExtension('sim', 'caller-quiet', [
      { app: 'Answer' },
      { app: 'Wait', data: '1' },
      { app: 'Playback', data: 'welcome' },
      { app: 'Wait', data: '120' },
    ]);
    double.defineExtension('ivr-after', 'menu', [
      { app: 'Answer' },
      { app: 'Playback', data: 'goodbye' },
      { app: 'Hangup' },
    ]);

    const info = await client.asterisk.getInfo();
    expect(info.system).toEqual({ version: '22.10.1', entity_id: '02:fc:00:00:00:01' });
    expect(await client.asterisk.ping()).toMatchObject({ ping: 'pong', asterisk_id: '02:fc:00:00:00:01' });
    expect(await client.asterisk.getGlobalVar({ variable: 'HOTLINE' })).toEqual({ value: '' });
    await client.asterisk.setGlobalVar({ variable: 'HOTLINE', value: '1' });
    expect(await client.asterisk.getGlobalVar({ variable: 'HOTLINE' })).toEqual({ value: '1' });
    expect(await client.asterisk.getModule({ moduleName: 'res_ari' })).toMatchObject({
      name: 'res_ari.so',
      status: 'Running',
    });
    expect(await client.applications.list()).toMatchObject([
      { name: 'ivr-test', channel_ids: [], endpoint_ids: [] },
    ]);
    const offline = { technology: 'PJSIP', resource: 'agent100', state: 'offline', channel_ids: [] };
    expect(await client.endpoints.list()).toMatchObject([offline]);
    expect(await client.endpoints.listByTech({ tech: 'PJSIP' })).toMatchObject([offline]);
    expect((await client.sounds.list()).map((sound: { id: string }) => sound.id)).toContain('demo-congrats');

    const subscribe = (eventSource: string) =>
      client.applications.subscribe({ applicationName: 'ivr-test', eventSource });
    expect((await subscribe('endpoint:PJSIP/agent100')).endpoint_ids).toEqual(['PJSIP/agent100']);
    expect((await subscribe('endpoint:PJSIP')).endpoint_ids).toEqual(['PJSIP', 'PJSIP/agent100']);
    expect((await subscribe('deviceState:Stasis:agent100')).device_names).toEqual(['Stasis:agent100']);
    await client.deviceStates.update({ deviceName: 'Stasis:agent100', deviceState: 'INUSE' });
    await sleep(1000);
    await client.deviceStates.update({ deviceName: 'Stasis:agent100', deviceState: 'NOT_INUSE' });
    expect(await client.deviceStates.get({ deviceName: 'Stasis:agent100' })).toMatchObject({
      name: 'Stasis:agent100',
      state: 'NOT_INUSE',
    });
    double.setEndpointState('PJSIP/agent100', 'online');
    expect(await client.endpoints.get({ tech: 'PJSIP', resource: 'agent100' })).toMatchObject({
      state: 'online',
    });
    await sleep(6000);
    double.setEndpointState('PJSIP/agent100', 'offline');
    expect(await client.endpoints.get({ tech: 'PJSIP', resource: 'agent100' })).toMatchObject({
      state: 'offline',
    });

    await client.mailboxes.update({ mailboxName: '1000@default', oldMessages: 1, newMessages: 2 });
    expect(await client.mailboxes.list()).toMatchObject([
      { name: '1000@default', old_messages: 1, new_messages: 2 },
    ]);
    await client.mailboxes.delete({ mailboxName: '1000@default' });

    const plainId = double.originateToDialplan('Local/caller-quiet@sim', {
      context: 'ivr-after',
      exten: 'menu',
    });
    await sleep(800); // it is playing goodbye when the app starts following it
    const names = (await client.channels.list()).map((channel: { name: string }) => channel.name);
    expect(names).toEqual([expect.stringMatching(/;1$/), expect.stringMatching(/;2$/)]);
    const followed = await subscribe(`channel:${plainId}`);
    expect(followed.channel_ids).toEqual([plainId]);
    await waitFor((e) => e.type === 'ChannelDestroyed' && e.channel.id === plainId);
    expect((await client.applications.get({ applicationName: 'ivr-test' })).channel_ids).toEqual([]);
    const cleared = await client.applications.unsubscribe({
      applicationName: 'ivr-test',
      eventSource: ['endpoint:PJSIP', 'endpoint:PJSIP/agent100', 'deviceState:Stasis:agent100'],
    });
    expect(cleared).toMatchObject({ endpoint_ids: [], device_names: [] });
    await client.deviceStates.delete({ deviceName: 'Stasis:agent100' });

    expect(normalise(harness.events)).toEqual(normalise(loadTrace('info-subscriptions-devicestate')));
  });

  it('answers errors exactly as Asterisk does', async () => {
    harness = await startHarness();
    const { client, double } = harness;
    await expect(client.channels.get({ channelId: 'nope' })).rejects.toThrow(
      '{"message":"Channel not found"}',
    );
    for (const endpoint of ['PJSIP/nobody', 'Bogus/x']) {
      await expect(client.channels.originate({ endpoint, app: 'ivr-test' })).rejects.toThrow(
        '{"error":"Allocation failed"}',
      );
    }
    const wrong = await fetch(`${double.url}/ari/channels`, {
      headers: { Authorization: `Basic ${Buffer.from('ari:wrong').toString('base64')}` },
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ message: 'Authentication required' });
    const byKey = await fetch(`${double.url}/ari/channels?api_key=ari:ari`);
    expect(byKey.status).toBe(200);
    expect(await byKey.json()).toEqual([]);
    const notFound = await fetch(`${double.url}/ari/channels/nope`, {
      headers: { Authorization: `Basic ${Buffer.from('ari:ari').toString('base64')}` },
    });
    expect(notFound.status).toBe(404);
    const badSocket = new WebSocket(`${double.url.replace('http', 'ws')}/ari/events?app=x&api_key=ari:wrong`);
    const failed = await new Promise((resolve) => {
      badSocket.on('error', () => resolve('refused'));
      badSocket.on('open', () => resolve('opened'));
    });
    expect(failed).toBe('refused');
  });
});
