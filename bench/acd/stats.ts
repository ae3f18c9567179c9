/** Latency samples in milliseconds; percentiles by sorting (the sample counts here are small). */
export class Latencies {
  private samples = new Float64Array(1 << 16);
  private size = 0;

  add(ms: number): void {
    if (this.size === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.size++] = ms;
  }

  get count(): number {
    return this.size;
  }

  percentile(p: number): number {
    if (!this.size) return 0;
    const sorted = this.samples.slice(0, this.size).sort();
    return sorted[Math.min(this.size - 1, Math.ceil((p / 100) * this.size) - 1)]!;
  }
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
