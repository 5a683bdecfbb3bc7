/**
 * A one-line progress bar on a TTY stderr (harness spec §2.4): count, rate and ETA, at most
 * 10 redraws per second, shown only for phases of ≥ 50 000 records or ≥ 1 s, erased when done.
 */

const MIN_RECORDS = 50_000;
const MIN_ELAPSED_MS = 1000;
const REDRAW_INTERVAL_MS = 100;
const BAR_WIDTH = 24;

export interface ProgressTarget {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Whether bars may be drawn: a TTY, no `--no-progress`, no `CI`. */
export function progressEnabled(stream: ProgressTarget, env: NodeJS.ProcessEnv, noProgressFlag: boolean): boolean {
  return stream.isTTY === true && !noProgressFlag && !env.CI;
}

export class ProgressBar {
  private readonly startedAt: number;
  private lastDrawAt = 0;
  private drawn = false;

  constructor(
    private readonly stream: ProgressTarget,
    private readonly label: string,
    private readonly total: number,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  update(done: number): void {
    const t = this.now();
    const elapsed = t - this.startedAt;
    if (this.total < MIN_RECORDS && elapsed < MIN_ELAPSED_MS) return;
    if (t - this.lastDrawAt < REDRAW_INTERVAL_MS) return;
    this.lastDrawAt = t;
    this.drawn = true;
    this.stream.write('\r\x1b[K' + this.line(done, elapsed));
  }

  /** Erases the bar. */
  finish(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }

  private line(done: number, elapsedMs: number): string {
    const fraction = this.total > 0 ? Math.min(1, done / this.total) : 1;
    const filled = Math.round(fraction * BAR_WIDTH);
    const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
    const etaSeconds = rate > 0 ? Math.ceil((this.total - done) / rate) : 0;
    return (
      `${this.label} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ` +
      `${done.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')} ` +
      `${Math.round(rate).toLocaleString('en-US')} rec/s ETA ${etaSeconds}s`
    );
  }
}
