/**
 * The fault benchmark's own PostgreSQL cluster and Redis server, started by the script on ports
 * of their own (never the shared test services), so they can be killed and restarted: Redis
 * with AOF on (fsync on every write), PostgreSQL stopped in "immediate" mode (no shutdown
 * checkpoint: crash recovery on the next start, as after a power cut). As root, PostgreSQL runs
 * as the `postgres` account, like infra/local/services.sh does.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort } from '../../e2e/processes.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** redis-server in the foreground (its pid is ours to kill), AOF on, data in `dir`. */
export class OwnRedis {
  child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(dir: string): Promise<OwnRedis> {
    mkdirSync(dir, { recursive: true });
    const redis = new OwnRedis(await freePort(), dir);
    await redis.up();
    process.once('exit', () => redis.child?.kill('SIGKILL'));
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    this.child = spawn(
      'redis-server',
      [
        '--bind',
        '127.0.0.1',
        '--port',
        String(this.port),
        '--dir',
        this.dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
      ],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 100; i++) {
      try {
        execFileSync('redis-cli', ['-p', String(this.port), 'ping'], { stdio: 'pipe' });
        return;
      } catch {
        await sleep(100);
      }
    }
    throw new Error('own redis-server did not answer PING in 10 s');
  }

  /** SIGKILL: no shutdown, no final save — only what the AOF already holds survives. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await this.kill();
  }
}

function pgBin(name: string): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const path = join(root, version, 'bin', name);
    if (existsSync(path)) return path;
  }
  return name; // on PATH
}

const asPostgres = process.getuid?.() === 0;
function pgRun(name: string, args: string[]): string {
  const [file, argv] = asPostgres
    ? ['runuser', ['-u', 'postgres', '--', pgBin(name), ...args]]
    : [pgBin(name), args];
  return execFileSync(file, argv, { stdio: 'pipe', encoding: 'utf8' });
}

/** A PostgreSQL cluster of its own in `dir`, user `hotline`, trust on loopback. */
export class OwnPostgres {
  private constructor(
    readonly port: number,
    private readonly data: string,
  ) {}

  static async start(dir: string): Promise<OwnPostgres> {
    const data = join(dir, 'pg');
    mkdirSync(data, { recursive: true });
    if (asPostgres) {
      // The postgres account must reach the folder (a mkdtemp folder is private to root).
      chmodSync(dirname(dir), 0o711);
      const { uid, gid } = userIds('postgres');
      chownSync(dir, uid, gid);
      chownSync(data, uid, gid);
    }
    pgRun('initdb', ['-D', data, '-U', 'hotline', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    const pg = new OwnPostgres(await freePort(), data);
    await pg.up();
    // However the benchmark ends, its cluster does not outlive it.
    process.once('exit', () => {
      try {
        pgRun('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } catch {
        // already stopped
      }
    });
    return pg;
  }

  get url(): string {
    return `postgres://hotline@127.0.0.1:${this.port}/postgres`;
  }

  async up(): Promise<void> {
    const options = `-p ${this.port} -k ${this.data} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on`;
    pgRun('pg_ctl', [
      '-D',
      this.data,
      '-o',
      options,
      '-l',
      join(this.data, 'server.log'),
      '-w',
      '-t',
      '60',
      'start',
    ]);
  }

  /** Immediate stop: every backend killed, no checkpoint; the next start runs crash recovery. */
  async crash(): Promise<void> {
    pgRun('pg_ctl', ['-D', this.data, '-m', 'immediate', '-w', 'stop']);
  }

  async stop(): Promise<void> {
    try {
      pgRun('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', 'stop']);
    } catch {
      // already down
    }
  }
}

function userIds(name: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
  return { uid, gid };
}
