import type { Logger } from '../logging/logger.ts';

type Closer = { name: string; close: () => Promise<void> | void };

/**
 * Graceful shutdown: on SIGTERM/SIGINT, closers run in reverse order of registration
 * (stop taking work first, then finish in-flight work, then close pools), each with a deadline.
 */
export class Shutdown {
  private readonly closers: Closer[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly perCloserTimeoutMs = 10_000,
  ) {}

  register(name: string, close: Closer['close']): void {
    this.closers.push({ name, close });
  }

  installSignalHandlers(): void {
    const onSignal = (signal: NodeJS.Signals) => {
      this.logger.info({ signal }, 'shutting down');
      void this.run().then(() => process.exit(0));
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }

  run(): Promise<void> {
    this.running ??= this.closeAll();
    return this.running;
  }

  private async closeAll(): Promise<void> {
    for (const closer of [...this.closers].reverse()) {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.resolve(closer.close()),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('timed out')), this.perCloserTimeoutMs);
          }),
        ]);
      } catch (error) {
        this.logger.error({ err: error, closer: closer.name }, 'closing failed');
      } finally {
        clearTimeout(timer);
      }
    }
  }
}
