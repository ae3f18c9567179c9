/**
 * The processes of a platform benchmark: the services (`hotline start <name>`, each its own
 * process, via e2e/processes.ts), the call side and the chat clients. Samples every process's
 * resident memory from /proc, counts the error lines each service logged (pino level ≥ 50), and
 * stops them all at the end.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { PlatformProcess } from '../../e2e/processes.ts';

const BIN = new URL('../../bin/hotline.mjs', import.meta.url).pathname;

/**
 * `hotline start <service>` in its own process, as e2e/processes.ts starts it, but with a longer
 * wait: on a loaded 2-CPU machine several services compiling their TypeScript at once take
 * longer than the tests' 30 s.
 */
async function startService(
  name: string,
  env: Record<string, string>,
  log: WriteStream,
  timeoutMs = 120_000,
): Promise<PlatformProcess> {
  const child = spawn(process.execPath, [BIN, 'start', name], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk;
    log.write(chunk);
  };
  child.once('exit', () => log.end());
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start in ${timeoutMs / 1000} s:\n${output}`));
    }, timeoutMs);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before it was running:\n${output}`));
    };
    child.stdout.on('data', () => {
      if (!output.includes('hotline is running')) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve();
    });
    child.once('exit', onExit);
  });
  return {
    name,
    child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

export function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : 0;
  } catch {
    return 0; // the process is gone (a fault run killed it)
  }
}

/**
 * pino error and fatal lines in a process's output (its personal data is redacted by the logger).
 * core/logging writes the level as its label ("error"); a bare pino writes the number.
 */
export function errorLines(output: string): string[] {
  return output.split('\n').filter((line) => /"level":((50|60)\b|"error"|"fatal")/.test(line));
}

export class Fleet {
  readonly services = new Map<string, PlatformProcess>();
  readonly helpers = new Map<string, ChildProcess>();
  /** Peak and last RSS per process name, in MB. */
  readonly memory = new Map<string, { peak_mb: number; last_mb: number }>();
  /** Output of services that were replaced (a restarted instance keeps its predecessor's log). */
  private readonly retiredOutput = new Map<string, string>();
  /** How many instances of each label were started (numbers the log files). */
  private readonly instances = new Map<string, number>();
  /**
   * Where each service instance's stdout+stderr is written as it comes (`<label>-<n>.log`), so a
   * run's real errors can be read afterwards: `.data/bench/<benchmark>/` by default.
   */
  readonly logDir: string;
  readonly logFiles: string[] = [];

  constructor(logDir = resolve('.data/bench', basename(dirname(process.argv[1] ?? 'bench/run/main.ts')))) {
    this.logDir = logDir;
    mkdirSync(logDir, { recursive: true });
    // However the benchmark ends (an error thrown anywhere), none of its processes outlives it.
    process.once('exit', () => {
      for (const running of this.services.values()) running.child.kill('SIGKILL');
      for (const child of this.helpers.values()) child.kill('SIGKILL');
    });
  }

  async start(label: string, service: string, env: Record<string, string>): Promise<PlatformProcess> {
    const n = (this.instances.get(label) ?? 0) + 1;
    this.instances.set(label, n);
    const file = resolve(this.logDir, `${label}-${n}.log`);
    this.logFiles.push(file);
    const running = await startService(service, env, createWriteStream(file));
    const previous = this.services.get(label);
    if (previous) this.retiredOutput.set(label, (this.retiredOutput.get(label) ?? '') + previous.output());
    this.services.set(label, running);
    return running;
  }

  /** A helper script of the benchmark in its own process, spoken to over IPC. */
  fork(label: string, script: URL, args: string[]): ChildProcess {
    const child = fork(script, args, {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    this.helpers.set(label, child);
    return child;
  }

  sampleMemory(): void {
    const all: Array<[string, number | undefined]> = [
      ...[...this.services].map(([label, p]): [string, number | undefined] => [label, p.child.pid]),
      ...[...this.helpers].map(([label, c]): [string, number | undefined] => [label, c.pid]),
      ['bench', process.pid],
    ];
    for (const [label, pid] of all) {
      const mb = rssMb(pid);
      if (mb === 0) continue;
      const seen = this.memory.get(label) ?? { peak_mb: 0, last_mb: 0 };
      this.memory.set(label, { peak_mb: Math.max(seen.peak_mb, mb), last_mb: mb });
    }
  }

  output(label: string): string {
    return (this.retiredOutput.get(label) ?? '') + (this.services.get(label)?.output() ?? '');
  }

  /** Every service's output, retired instances' included. */
  allOutput(): string {
    return [...new Set([...this.services.keys(), ...this.retiredOutput.keys()])]
      .map((l) => this.output(l))
      .join('\n');
  }

  errorCounts(): Record<string, number> {
    return Object.fromEntries(
      [...this.services.keys()].map((label) => [label, errorLines(this.output(label)).length]),
    );
  }

  /** SIGTERM to every service, last started first; their exit codes (0 = a clean stop). */
  async stopServices(): Promise<Record<string, number | null>> {
    const codes: Record<string, number | null> = {};
    for (const [label, running] of [...this.services].reverse()) {
      const timeout = new Promise<number | null>((resolve) =>
        setTimeout(() => {
          running.child.kill('SIGKILL');
          resolve(-9);
        }, 30_000).unref(),
      );
      codes[label] = await Promise.race([running.stop(), timeout]);
    }
    return codes;
  }

  killHelpers(): void {
    for (const child of this.helpers.values()) if (child.exitCode === null) child.kill('SIGTERM');
  }
}
