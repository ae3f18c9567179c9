import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../core/logging/index.ts';
import { type AriDouble, startAriDouble } from '../../ari-double/index.ts';
import { AriConnection } from '../connection.ts';

const PASSWORD = 'pw-not-for-logs';
let double: AriDouble | undefined;
let connection: AriConnection | undefined;
let spool: string | undefined;
const lines: string[] = [];
const logger = createLogger({
  name: 'ari-connection-test',
  level: 'debug',
  destination: new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  }),
});

async function downDouble(): Promise<AriDouble> {
  spool = mkdtempSync(join(tmpdir(), 'ari-connection-'));
  double = await startAriDouble({
    port: 0,
    username: 'ari',
    password: PASSWORD,
    app: 'hotline-ivr',
    spoolDir: spool,
  });
  await double.stop();
  return double;
}

function connect(url: string): AriConnection {
  connection = new AriConnection({
    url,
    username: 'ari',
    password: PASSWORD,
    apps: ['hotline-ivr'],
    logger,
    initialDelayMs: 50,
    maxDelayMs: 1_000,
  });
  return connection;
}

afterEach(async () => {
  connection?.stop();
  await double?.close();
  if (spool) rmSync(spool, { recursive: true, force: true });
  lines.length = 0;
});

const silenced = async <T>(work: () => Promise<T>): Promise<T> => {
  const log = console.log;
  console.log = () => {}; // swagger-client's deprecation banner
  try {
    return await work();
  } finally {
    console.log = log;
  }
};

describe('AriConnection (ari-client that never gives up) against the ARI double', () => {
  it('keeps trying while Asterisk is down at start, then registers the application', async () => {
    const ariDouble = await downDouble();
    const started = silenced(() => connect(ariDouble.url).start());
    await new Promise((resolve) => setTimeout(resolve, 400));
    await ariDouble.start();
    const client = await started;
    expect((await client.applications.list()).map((app: { name: string }) => app.name)).toEqual([
      'hotline-ivr',
    ]);
    expect(lines.some((line) => line.includes('ARI not reachable'))).toBe(true);
    expect(lines.join('\n')).not.toContain(PASSWORD);
  });

  it('restarts ari-client after WebSocketMaxRetries and keeps the handlers attached before the outage', {
    timeout: 150_000,
  }, async () => {
    const ariDouble = await downDouble();
    await ariDouble.start();
    const ariConnection = connect(ariDouble.url);
    const client = await silenced(() => ariConnection.start());
    const seen: string[] = [];
    client.on('StasisStart', (event: { channel: { id: string } }) => seen.push(event.channel.id));
    const restarted = new Promise<{ restarts: number }>((resolve) =>
      ariConnection.on('connected', (_client, info: { restarts: number }) => resolve(info)),
    );
    const gaveUp = new Promise<void>((resolve) => client.once('WebSocketMaxRetries', () => resolve()));
    await ariDouble.stop();
    await gaveUp; // ari-client alone would stay unregistered from here on
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await ariDouble.start();
    const info = await restarted;
    expect(info.restarts).toBeGreaterThanOrEqual(1);
    const call = ariDouble.inboundCall({ callerNumber: '+79131234567' });
    await expect.poll(() => seen).toEqual([call.channelId]);
    const log = lines.join('\n');
    expect(log).toContain('restarting it');
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain('79131234567');
  });
});
