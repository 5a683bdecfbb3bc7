/**
 * Axis ticks a reader can use: a few round values (1, 2 or 5 × 10^k apart, or whole seconds,
 * minutes and hours on a time axis) and the domain they span.
 */

export interface Axis {
  min: number;
  max: number;
  ticks: number[];
  step: number;
}

/** About this many intervals between ticks. */
const TARGET_INTERVALS = 4;

/** The smallest 1, 2 or 5 × 10^k at or above `n` (1 for 0). */
export function niceCeiling(n: number): number {
  if (n <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(n));
  return [1, 2, 5, 10].map((m) => m * power).find((v) => v >= n) ?? 10 * power;
}

/** Round ticks covering [min, max]; the domain is widened to the outer ticks. */
export function valueAxis(min: number, max: number): Axis {
  const step = niceCeiling((max - min) / TARGET_INTERVALS);
  const first = Math.floor(min / step + 1e-9) * step;
  const last = Math.ceil(max / step - 1e-9) * step;
  return { min: first, max: last, ticks: steps(first, last, step), step };
}

/** Labels of a value axis: as many decimals as the step needs, so neighbours never read alike; thousands grouped. */
export function valueTickText(axis: Axis): (value: number) => string {
  const decimals = Math.min(20, Math.max(0, Math.ceil(-Math.log10(axis.step) - 1e-9)));
  return (value) => value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

const SECOND = 1000;
const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map(
  (s) => s * SECOND,
);

/** Ticks on whole seconds, minutes or hours inside [min, max] (epoch ms); the domain is kept. */
export function timeAxis(min: number, max: number): Axis {
  const wanted = (max - min) / TARGET_INTERVALS;
  const day = TIME_STEPS[TIME_STEPS.length - 1];
  const step = wanted > day ? niceCeiling(wanted / day) * day : ([...TIME_STEPS].reverse().find((s) => s <= wanted) ?? SECOND);
  const first = Math.ceil(min / step) * step;
  return { min, max, ticks: first > max ? [min] : steps(first, Math.floor(max / step) * step, step), step };
}

/** from, from + step, … to, without accumulating float error (0.1 + 0.2 prints as 0.3). */
function steps(from: number, to: number, step: number): number[] {
  const count = Math.round((to - from) / step);
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Array.from({ length: count + 1 }, (_, i) => Number((from + i * step).toFixed(Math.min(20, decimals))));
}
