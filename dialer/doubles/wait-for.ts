import type { EventEmitter } from 'node:events';

/**
 * Resolves with the first non-undefined value of `probe`, re-checked each time `emitter` emits
 * `change`; rejects with `what` named after `timeoutMs`. Tests script the doubles with it instead
 * of sleeping.
 */
export function waitForChange<T>(
  emitter: EventEmitter,
  probe: () => T | undefined,
  timeoutMs: number,
  what: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const value = probe();
      if (value === undefined) return;
      cleanup();
      resolve(value);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      emitter.off('change', check);
    };
    emitter.on('change', check);
    check();
  });
}
