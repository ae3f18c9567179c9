/**
 * A PostgreSQL cluster of a test's own, which the test may stop and start again — the shared
 * test server (DATABASE_URL) must never go down under the other test files. Data lives under
 * `.data/tmp` (initdb takes a few seconds), the port is free, authentication is trust on loopback.
 * `crash()` is an immediate stop (every backend killed, no checkpoint), like a power cut or an
 * OOM kill; `start()` brings the same cluster back (crash recovery), on the same port.
 * As root, PostgreSQL runs as the `postgres` account, like infra/local/services.sh does.
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { migrate } from '../db/migrate.ts';
import { createPool } from '../db/pool.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const asPostgres = process.getuid?.() === 0;

function pgBin(name: string): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const path = join(root, version, 'bin', name);
    if (existsSync(path)) return path;
  }
  return name; // on PATH
}

async function pgRun(name: string, args: string[]): Promise<void> {
  const [file, argv] = asPostgres
    ? ['runuser', ['-u', 'postgres', '--', pgBin(name), ...args]]
    : [pgBin(name), args];
  await run(file, argv, { encoding: 'utf8' });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  return { uid, gid };
}

export class StoppablePostgres {
  private running = false;

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  /** initdb + start + the platform's migrations in database `hotline`. */
  static async create(): Promise<StoppablePostgres> {
    const dir = join(ROOT, '.data', 'tmp', `pg-${process.pid}-${randomBytes(4).toString('hex')}`);
    mkdirSync(dir, { recursive: true });
    if (asPostgres) {
      const { uid, gid } = await postgresIds();
      chownSync(dir, uid, gid);
    }
    await pgRun('initdb', ['-D', dir, '-U', 'hotline', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    const server = new StoppablePostgres(await freePort(), dir);
    // However the test ends, its cluster does not outlive the test process.
    process.once('exit', () => server.removeSync());
    await server.start();
    const admin = createPool(server.adminUrl, { max: 1 });
    try {
      await admin.query('create database hotline');
    } finally {
      await admin.end();
    }
    const pool = createPool(server.url, { max: 1 });
    try {
      await migrate(pool);
    } finally {
      await pool.end();
    }
    return server;
  }

  /** The migrated database. */
  get url(): string {
    return `postgres://hotline@127.0.0.1:${this.port}/hotline`;
  }

  private get adminUrl(): string {
    return `postgres://hotline@127.0.0.1:${this.port}/postgres`;
  }

  get isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=100 -c fsync=off`;
    await pgRun('pg_ctl', [
      '-D',
      this.dir,
      '-o',
      options,
      '-l',
      join(this.dir, 'server.log'),
      '-w',
      '-t',
      '60',
      'start',
    ]);
    this.running = true;
  }

  /** Immediate stop: connections drop at once, nothing is checkpointed. */
  async crash(): Promise<void> {
    await pgRun('pg_ctl', ['-D', this.dir, '-m', 'immediate', '-w', 'stop']);
    this.running = false;
  }

  /** Stops the server (if running) and deletes its data. */
  async destroy(): Promise<void> {
    if (this.running) await this.crash().catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
  }

  private removeSync(): void {
    if (!existsSync(this.dir)) return;
    if (this.running) {
      const args = ['-D', this.dir, '-m', 'immediate', 'stop'];
      const [file, argv] = asPostgres
        ? ['runuser', ['-u', 'postgres', '--', pgBin('pg_ctl'), ...args]]
        : [pgBin('pg_ctl'), args];
      try {
        execFileSync(file, argv, { stdio: 'ignore' });
      } catch {
        // already stopped
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
