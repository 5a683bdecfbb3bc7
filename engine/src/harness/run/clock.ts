/**
 * The run clock (harness spec §3.9). Virtual (default): starts at T0 and advances 1 ms per
 * record the harness publishes, so processing times, NOW() and latency are reproducible.
 * Wall: the OS clock (reference behaviour, not reproducible).
 */
export type ClockMode = 'virtual' | 'wall';

export class RunClock {
  private virtualMs: number;

  constructor(
    readonly mode: ClockMode,
    startMs: number,
  ) {
    this.virtualMs = startMs;
  }

  /** Bound so it can be handed to the engine and the topic store as a plain function. */
  readonly now = (): number => (this.mode === 'virtual' ? this.virtualMs : Date.now());

  /** Accounts for `records` published (virtual mode only). */
  advance(records: number): void {
    this.virtualMs += records;
  }
}
