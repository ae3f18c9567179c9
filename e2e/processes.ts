import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** An ЕКЦ open around the clock, so an end-to-end run behaves the same at any hour of CI. */
export async function alwaysOpenSchedule(): Promise<string> {
  const allDay = { open: '00:00', close: '24:00' };
  const file = join(await mkdtemp(join(tmpdir(), 'hotline-e2e-')), 'ekc-schedule.json');
  await writeFile(
    file,
    JSON.stringify({
      weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
      workingWeekendDay: allDay,
      holidayRest: allDay,
      exceptions: [],
    }),
  );
  return file;
}

export interface PlatformProcess {
  name: string;
  child: ChildProcess;
  output: () => string;
  /** SIGTERM, then the exit code (the services stop gracefully). */
  stop(): Promise<number | null>;
}

/**
 * How long a service may take to print that it is running. A cold start compiles the service's
 * TypeScript through tsx; on a 2-CPU machine running the rest of the suite (and two services
 * starting at once) the desktop was seen to need more than 30 s.
 */
export const SERVICE_START_TIMEOUT_MS = 90_000;

/**
 * `hotline start <service>` as its own operating-system process — the way a site runs it —
 * resolved once it prints that it is running.
 */
export async function startService(name: string, env: Record<string, string>): Promise<PlatformProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/hotline.mjs'), 'start', name], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start in ${SERVICE_START_TIMEOUT_MS / 1000} s:\n${output}`)),
      SERVICE_START_TIMEOUT_MS,
    );
    const check = () => {
      if (output.includes('hotline is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before it was running:\n${output}`));
    });
  });
  return {
    name,
    child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}
