import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { serviceNames } from '../../core/platform/catalog.ts';

const INFRA = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (path: string) => readFileSync(join(INFRA, path), 'utf8');

/**
 * The deployment files name services by hand; when a service is added or renamed they must follow.
 * (No Docker or systemd here to run them: these checks keep them consistent with the code.)
 */
describe('deployment files', () => {
  it('docker-compose runs every platform service, each with `hotline start <name>`, after the migrations', () => {
    const compose = read('compose/docker-compose.yml');
    const started = [...compose.matchAll(/command: \["start", "([a-z]+)"\]/g)].map((m) => m[1]);
    expect(started.sort()).toEqual([...serviceNames()].sort());
    expect(compose).toContain('command: ["migrate"]');
    expect(compose).toContain('condition: service_completed_successfully');
    // Redis keeps the ACD's state and BullMQ's jobs across a restart only with persistence on.
    expect(compose).toMatch(/redis-server", "--appendonly", "yes"/);
    for (const config of ['http.conf', 'ari.conf', 'extensions.conf', 'musiconhold.conf', 'modules.conf']) {
      expect(compose).toContain(`../asterisk/${config}:/etc/asterisk/${config}:ro`);
      expect(() => read(`asterisk/${config}`)).not.toThrow();
    }
  });

  it('the systemd target wants one unit per platform service; units run migrations first', () => {
    const target = read('systemd/hotline.target');
    const wanted = [...target.matchAll(/hotline@([a-z]+)\.service/g)].map((m) => m[1]);
    expect(wanted.sort()).toEqual([...serviceNames()].sort());
    const unit = read('systemd/hotline@.service');
    expect(unit).toContain('ExecStart=/usr/bin/node /opt/hotline/bin/hotline.mjs start %i');
    expect(unit).toContain('Requires=hotline-migrate.service');
    expect(read('systemd/hotline-migrate.service')).toContain('bin/hotline.mjs migrate');
  });

  it('the environment example sets what the services refuse to start without', () => {
    const env = read('systemd/hotline.env.example');
    for (const variable of ['DATABASE_URL', 'REDIS_URL', 'HOTLINE_TZ', 'ARI_URL', 'ARI_PASSWORD']) {
      expect(env).toMatch(new RegExp(`^${variable}=`, 'm'));
    }
  });
});
