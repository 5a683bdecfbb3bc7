/** Date and time functions (dialect spec §11.4). Instants are epoch-ms Integers unless noted. */
import { Interval, SqlDate, Timestamp, type Value } from '../values/types';
import { startOfUtcDay } from '../values/time';
import { argumentError, floatArg, instantArg, stringArg } from './args';
import { datediffUnit, DATEDIFF_UNITS, DATE_TRUNC_UNITS, EXTRACT_PARTS, extractPart, truncateTo } from './calendar';
import { sameAs, scalar } from './define';
import { strftime } from './strftime';
import type { EvalContext, ScalarFunction } from './types';

function extract(fn: string, part: string, x: Value): number {
  const value = extractPart(part, instantArg(fn, x));
  if (value === null) throw argumentError(fn, `unknown part '${part}' (use ${EXTRACT_PARTS.join(', ')})`);
  return value;
}

const partFunction = (part: string): ScalarFunction =>
  scalar({
    name: part, min: 1, signature: `${part}(x)`, extension: 'X16', returns: 'integer',
    doc: `EXTRACT(${part} FROM x) for an epoch-ms Integer or Timestamp.`,
    call: ([x]) => extract(part, part, x),
  });

/** The same kind of instant as `like` (Integer ms, Timestamp or Date) at `ms`. */
function sameKind(like: Value, ms: number): Value {
  if (like instanceof Timestamp) return new Timestamp(ms);
  if (like instanceof SqlDate) return new SqlDate(ms);
  return ms;
}

/** Window bound for TUMBLE_START/END: the emitted window's, else the bucket of (time, size). */
function windowBound(fn: string, args: Value[], ctx: EvalContext, end: boolean): Value {
  const bound = end ? ctx.windowEnd : ctx.windowStart;
  if (bound !== null) return bound;
  if (args.length < 2 || args[0] === null || args[1] === null) return ctx.record.timestamp;
  const size = args[1] instanceof Interval ? args[1].ms : floatArg(fn, args[1]);
  if (size <= 0) throw argumentError(fn, 'window size must be positive');
  const start = Math.floor(instantArg(fn, args[0]) / size) * size;
  return end ? start + size : start;
}

export const datetimeFunctions: ScalarFunction[] = [
  scalar({
    name: 'NOW', min: 0, signature: 'NOW()', doc: 'Wall-clock time as epoch milliseconds.', returns: 'integer',
    call: (_args, ctx) => ctx.now(),
  }),
  scalar({
    name: 'CURRENT_TIMESTAMP', min: 0, signature: 'CURRENT_TIMESTAMP', doc: 'Wall-clock time as epoch milliseconds (parentheses optional).',
    returns: 'integer', call: (_args, ctx) => ctx.now(),
  }),
  scalar({
    name: 'CURRENT_DATE', min: 0, signature: 'CURRENT_DATE', extension: 'X16', doc: "Today's date (UTC).", returns: 'date',
    call: (_args, ctx) => new SqlDate(startOfUtcDay(ctx.now())),
  }),
  scalar({
    name: 'TIMESTAMP', min: 0, signature: 'TIMESTAMP()', doc: "The record's _TIMESTAMP (processing time, epoch ms).", returns: 'integer',
    call: (_args, ctx) => ctx.record.timestamp,
  }),
  scalar({
    name: 'EXTRACT', min: 2, signature: 'EXTRACT(part FROM x)', returns: 'integer',
    doc: `A calendar field of x (epoch ms or Timestamp), in UTC. Parts: ${EXTRACT_PARTS.join(' ')}; DOW 0 = Sunday, WEEK is the ISO week, EPOCH in seconds.`,
    example: "EXTRACT(QUARTER FROM ts), EXTRACT('DOW', ts)",
    call: ([part, x]) => extract('EXTRACT', stringArg('EXTRACT', part), x),
  }),
  partFunction('YEAR'),
  partFunction('MONTH'),
  partFunction('DAY'),
  partFunction('HOUR'),
  scalar({
    name: 'DATE_TRUNC', min: 2, signature: "DATE_TRUNC('unit', x)", extension: 'X16', returns: sameAs(1),
    doc: `Truncates x in UTC to the start of its ${DATE_TRUNC_UNITS.join(', ')} (week = ISO Monday); returns the argument's type.`,
    example: "DATE_TRUNC('hour', ts)",
    call: ([unit, x]) => {
      const u = stringArg('DATE_TRUNC', unit);
      const ms = truncateTo(u, instantArg('DATE_TRUNC', x));
      if (ms === null) throw argumentError('DATE_TRUNC', `unknown unit '${u}' (use ${DATE_TRUNC_UNITS.join(', ')})`);
      return sameKind(x, ms);
    },
  }),
  scalar({
    name: 'DATE_FORMAT', min: 2, signature: 'DATE_FORMAT(ms, format)', returns: 'string',
    doc: 'Formats an instant with a strftime pattern in UTC (%Y %m %d %H %M %S %.3f %j %a %b …; %M is minutes, %S seconds).',
    example: "DATE_FORMAT(ts, '%Y-%m-%d %H:%M') → '2024-01-01 10:00'",
    call: ([x, format]) => strftime(instantArg('DATE_FORMAT', x), stringArg('DATE_FORMAT', format)),
  }),
  scalar({
    name: 'DATEDIFF', min: 3, signature: "DATEDIFF('unit', start, end)", returns: 'integer',
    doc: 'Integer difference end − start: years, months, quarters, weeks (ISO), days (UTC dates), hours; ⊕ singular units and minutes, seconds, milliseconds.',
    example: "DATEDIFF('days', start_ts, end_ts)",
    call: ([unit, start, end]) => {
      const u = stringArg('DATEDIFF', unit);
      const found = datediffUnit(u);
      if (found === null) throw argumentError('DATEDIFF', `unknown unit '${u}' (use ${DATEDIFF_UNITS.join(', ')})`);
      return found.diff(instantArg('DATEDIFF', start), instantArg('DATEDIFF', end));
    },
  }),
  scalar({
    name: 'UNIX_TIMESTAMP', min: 0, max: 1, signature: 'UNIX_TIMESTAMP([ts])', returns: 'integer',
    doc: 'Seconds since the epoch of ts (epoch ms or Timestamp), or of now without an argument.',
    call: (args, ctx) => Math.floor((args.length === 0 ? ctx.now() : instantArg('UNIX_TIMESTAMP', args[0])) / 1000),
  }),
  scalar({
    name: 'FROM_UNIXTIME', min: 1, signature: 'FROM_UNIXTIME(seconds)', returns: 'timestamp',
    doc: 'The Timestamp of a count of seconds since the epoch (fractions kept to the millisecond).',
    example: "FROM_UNIXTIME(0) → 1970-01-01T00:00:00",
    call: ([s]) => new Timestamp(Math.trunc(floatArg('FROM_UNIXTIME', s) * 1000)),
  }),
  scalar({
    name: 'TUMBLE_START', min: 0, max: 2, signature: 'TUMBLE_START([time, size])', strict: false, returns: 'integer',
    doc: 'Start (epoch ms) of the window being emitted; outside a window, the start of the tumbling bucket of `time`.',
    call: (args, ctx) => windowBound('TUMBLE_START', args, ctx, false),
  }),
  scalar({
    name: 'TUMBLE_END', min: 0, max: 2, signature: 'TUMBLE_END([time, size])', strict: false, returns: 'integer',
    doc: 'End (epoch ms, exclusive) of the window being emitted; outside a window, the end of the tumbling bucket of `time`.',
    call: (args, ctx) => windowBound('TUMBLE_END', args, ctx, true),
  }),
  ...(['HOP', 'SESSION'] as const).flatMap((kind) =>
    (['START', 'END'] as const).map((edge) =>
      scalar({
        name: `${kind}_${edge}`, min: 0, max: kind === 'HOP' ? 3 : 2, strict: false, returns: 'integer',
        signature: kind === 'HOP' ? `HOP_${edge}([time, slide, size])` : `SESSION_${edge}([time, gap])`,
        doc: `${edge === 'START' ? 'Start' : 'End (exclusive)'} (epoch ms) of the ${kind === 'HOP' ? 'hopping' : 'session'} window being emitted (⊕X29, GROUP BY ${kind}(…)); NULL outside a window.`,
        call: (_args, ctx) => (edge === 'START' ? ctx.windowStart : ctx.windowEnd),
      }),
    ),
  ),
];
