/**
 * Process RSS sampled every 10 ms and at phase boundaries (harness spec §7.4 memory_usage):
 * peak is the maximum, growth the last sample minus the first.
 */
const SAMPLE_INTERVAL_MS = 10;

export class MemorySampler {
  readonly startBytes: number;
  private peak: number;
  private last: number;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.startBytes = process.memoryUsage.rss();
    this.peak = this.startBytes;
    this.last = this.startBytes;
    this.timer = setInterval(() => this.sample(), SAMPLE_INTERVAL_MS);
    this.timer.unref();
  }

  sample(): void {
    this.last = process.memoryUsage.rss();
    if (this.last > this.peak) this.peak = this.last;
  }

  stop(): { startBytes: number; peakBytes: number; endBytes: number } {
    this.sample();
    clearInterval(this.timer);
    return { startBytes: this.startBytes, peakBytes: this.peak, endBytes: this.last };
  }
}
