/**
 * Event times of an input (harness spec §5.8): evenly spaced over [start, end] or uniform in
 * [start, end), plus uniform integer jitter in [−j, +j]. Without jitter, a time not after its
 * predecessor is bumped to predecessor + 1, so the stream is strictly increasing; with jitter
 * the disorder is real (a deliberate difference from the reference).
 */
import type { Random } from '../../types/prng';
import type { TimeSimulation } from './schema';
import { resolveTime, type TimeSpec } from './timespec';

/** `time_simulation` defaults (§4.4): the last hour up to T0, sequential. */
export const DEFAULT_TIME_SIMULATION: TimeSimulation = {
  start: { kind: 'relative', offsetMs: -3_600_000 },
  end: { kind: 'relative', offsetMs: 0 },
  sequential: true,
};

export interface ResolvedTimeSimulation {
  startMs: number;
  endMs: number;
  sequential: boolean;
  jitterMs: number;
}

/** Absolute bounds against T0, or an error message when end is not after start. */
export function resolveTimeSimulation(sim: TimeSimulation, nowMs: number): ResolvedTimeSimulation | string {
  const startMs = resolveTime(sim.start, nowMs);
  const endMs = resolveTime(sim.end, nowMs);
  if (endMs <= startMs)
    return `time simulation end (${describeSpec(sim.end)}) must be after start (${describeSpec(sim.start)})`;
  return { startMs, endMs, sequential: sim.sequential, jitterMs: sim.jitterMs ?? 0 };
}

function describeSpec(spec: TimeSpec): string {
  if (spec.kind === 'absolute') return new Date(spec.ms).toISOString();
  return spec.offsetMs === 0 ? 'now' : `${spec.offsetMs > 0 ? '+' : ''}${spec.offsetMs}ms`;
}

/** Produces t_0, t_1, … for an input of `count` records; call `next` once per record, in order. */
export class EventClock {
  private index = 0;
  private previous = -Infinity;
  private readonly span: number;

  constructor(
    private readonly sim: ResolvedTimeSimulation,
    private readonly count: number,
    private readonly rng: Random,
  ) {
    this.span = sim.endMs - sim.startMs;
  }

  next(): number {
    const i = this.index++;
    const { startMs, sequential, jitterMs } = this.sim;
    let t: number;
    if (!sequential) t = startMs + Math.floor(this.rng.nextFloat() * this.span);
    else t = this.count <= 1 ? startMs : startMs + Math.floor((i * this.span) / (this.count - 1));
    if (jitterMs > 0) t += this.rng.intBetween(-jitterMs, jitterMs);
    else if (t <= this.previous) t = this.previous + 1;
    this.previous = t;
    return t;
  }
}
