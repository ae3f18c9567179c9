import type { ChildProcess } from 'node:child_process';
import type { CallsCommand, CallsPlan, CallsReport, CallsSummary } from './calls.ts';

/** The benchmark's handle on calls.ts (the ARI double and its callers in their own process). */
export class CallsDriver {
  private readonly waiting = new Map<string, (report: CallsReport) => void>();

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on('message', (report: CallsReport) => {
      const resolve = this.waiting.get(report.type);
      this.waiting.delete(report.type);
      resolve?.(report);
    });
  }

  static async start(child: ChildProcess): Promise<CallsDriver> {
    const ready = await new Promise<CallsReport>((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) =>
        reject(new Error(`the call side exited with ${code} before it was ready`)),
      );
    });
    if (ready.type !== 'ready') throw new Error(`the call side said ${ready.type} first`);
    return new CallsDriver(child, ready.url);
  }

  private ask<T extends CallsReport['type']>(
    command: CallsCommand,
    answer: T,
  ): Promise<Extract<CallsReport, { type: T }>> {
    const reply = new Promise<Extract<CallsReport, { type: T }>>((resolve) =>
      this.waiting.set(answer, resolve as (report: CallsReport) => void),
    );
    this.child.send(command);
    return reply;
  }

  run(plan: CallsPlan): void {
    this.child.send({ type: 'run', plan } satisfies CallsCommand);
  }

  dropWebSockets(outageMs: number): void {
    this.child.send({ type: 'drop-websockets', outageMs } satisfies CallsCommand);
  }

  status() {
    return this.ask({ type: 'status' }, 'status');
  }

  async stop(): Promise<CallsSummary> {
    return (await this.ask({ type: 'stop' }, 'stopped')).summary;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await Promise.race([
      this.ask({ type: 'close' }, 'closed'),
      new Promise((r) => setTimeout(r, 10_000).unref()),
    ]);
  }
}
