/**
 * Kernel logging: stderr only, never IOPub (spec §7.5). Level from VELOSTREAM_LOG
 * (error, warn, info, debug; default warn). Callers never pass keys or message content.
 */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

export function parseLogLevel(value: string | undefined): LogLevel {
  const level = (value ?? '').trim().toLowerCase();
  return level in RANK ? (level as LogLevel) : 'warn';
}

export function createLogger(
  level: LogLevel = parseLogLevel(process.env.VELOSTREAM_LOG),
  write: (line: string) => void = (line) => process.stderr.write(line + '\n'),
): Logger {
  const emit = (at: LogLevel) => (message: string) => {
    if (RANK[at] <= RANK[level]) write(`[velostream-kernel] ${at}: ${message}`);
  };
  return { error: emit('error'), warn: emit('warn'), info: emit('info'), debug: emit('debug') };
}

/** Wraps a log function so that at most one line per interval gets through (noisy peers must not flood stderr). */
export function rateLimited(
  log: (message: string) => void,
  intervalMs = 1000,
  now: () => number = Date.now,
) {
  let last = -Infinity;
  let suppressed = 0;
  return (message: string) => {
    const t = now();
    if (t - last < intervalMs) {
      suppressed++;
      return;
    }
    last = t;
    log(suppressed > 0 ? `${message} (${suppressed} similar suppressed)` : message);
    suppressed = 0;
  };
}

/** A logger that discards everything, for tests. */
export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {} };
