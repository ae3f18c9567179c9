import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const hotline = resolve(repoRoot, 'bin/hotline.mjs');

describe('hotline ari-double', () => {
  it('serves ARI with the operator phones given, and stops on SIGINT', async () => {
    const spool = mkdtempSync(join(tmpdir(), 'ari-double-cli-'));
    const child = spawn(
      process.execPath,
      [hotline, 'ari-double', '--port', '0', '--spool-dir', spool, '--agent', 'PJSIP/agent100:1500'],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let output = '';
      const url = await new Promise<string>((resolveUrl, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening at (http:\/\/[\d.:]+)\/ari/.exec(output);
          if (match) resolveUrl(match[1] as string);
        });
        child.once('exit', () => reject(new Error(`exited early: ${output}`)));
      });
      const response = await fetch(`${url}/ari/endpoints`, {
        headers: { Authorization: `Basic ${Buffer.from('ari:ari').toString('base64')}` },
      });
      expect(await response.json()).toEqual([
        { technology: 'PJSIP', resource: 'agent100', state: 'online', channel_ids: [] },
      ]);
      child.kill('SIGINT');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(spool, { recursive: true, force: true });
    }
  });

  it('refuses a bad --agent or --port with a message and a failing exit code', () => {
    const badAgent = spawnSync(
      process.execPath,
      [hotline, 'ari-double', '--port', '0', '--agent', 'agent100'],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    );
    expect(badAgent.status).not.toBe(0);
    expect(badAgent.stderr).toContain('--agent must look like PJSIP/agent100:2000');
    const badPort = spawnSync(process.execPath, [hotline, 'ari-double', '--port', 'x'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(badPort.status).not.toBe(0);
    expect(badPort.stderr).toContain('--port must be 0…65535');
  });
});
