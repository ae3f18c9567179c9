import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { acceleratedClock } from '../clock.ts';

/** Keeps the process busy, as a loaded machine does to it. */
function stall(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy
  }
}

describe('accelerated clock on a busy machine', () => {
  it('a key that arrived during a stall is handled before the timeout it beat', async () => {
    const clock = acceleratedClock(40);
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    const order: string[] = [];
    let cancelTimeout = () => {};
    try {
      const both = new Promise<void>((resolve) => {
        socket.on('message', () => {
          order.push('key');
          cancelTimeout();
          if (order.length === 2) resolve();
        });
        // 3 s between keys at speed 40: 75 ms of wall time.
        cancelTimeout = clock.setTimer(3_000, () => {
          order.push('timeout');
          if (order.length === 2) resolve();
        });
      });
      socket.send('5', socket.address().port, '127.0.0.1');
      stall(150); // the key is on the socket long before the timeout is due; then the process stalls
      await expect.poll(() => order.length).toBeGreaterThan(0);
      await Promise.race([both, new Promise((resolve) => setTimeout(resolve, 500))]);
      expect(order).toEqual(['key']); // the key cancelled the timeout: it never fired
    } finally {
      socket.close();
    }
  });

  it("a key sent by the double's own earlier timer during the same stall still beats the timeout", async () => {
    const clock = acceleratedClock(40);
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    const order: string[] = [];
    try {
      let cancelTimeout = () => {};
      socket.on('message', () => {
        order.push('key');
        cancelTimeout();
      });
      // The far end presses a key 100 ms (virtual) from now; the IVR gives up after 3 s.
      clock.setTimer(100, () => socket.send('5', socket.address().port, '127.0.0.1'));
      cancelTimeout = clock.setTimer(3_000, () => order.push('timeout'));
      stall(150); // both are due when the process runs again
      await expect.poll(() => order.length).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 300)); // the timeout, had it not been cancelled
      expect(order).toEqual(['key']);
    } finally {
      socket.close();
    }
  });

  it('timers keep their virtual order and exact due instants after a stall', async () => {
    const clock = acceleratedClock(40, 0);
    const fired: Array<[string, number]> = [];
    const done = new Promise<void>((resolve) => {
      clock.setTimer(2_000, () => fired.push(['first', clock.nowMs()]));
      clock.setTimer(3_000, () => {
        fired.push(['second', clock.nowMs()]);
        resolve();
      });
    });
    stall(150);
    await done;
    expect(fired.map(([name]) => name)).toEqual(['first', 'second']);
    expect(fired[0]![1]).toBeGreaterThanOrEqual(2_000);
    expect(fired[1]![1]).toBeGreaterThanOrEqual(3_000);
  });
});
