/**
 * `%config` keys (kernel spec §4.6) with their defaults, parsing and the environment overrides.
 * One Settings object per kernel process; magics and the executor read it.
 */
import { parseDuration } from '../cell/args';
import { cellError, type CellError } from '../errors';

export interface SettingsValues {
  rows: number;
  max_results: number;
  keep_rows: number;
  refresh: number;
  preview: number;
  batch_timeout: number;
  mode: 'auto' | 'interactive' | 'batch';
  live: 'auto' | 'on' | 'off';
  seed: number;
  records: number;
  rate: number;
  chart: 'auto' | 'none';
  max_jobs: number;
  debug: boolean;
  ai: 'auto' | 'on' | 'off';
  ai_model: string;
  assist_model: string;
  /** Kafka brokers for `kafka://topic` and bare `%connect kafka://` ('' = none). */
  kafka: string;
}

type Key = keyof SettingsValues;

interface KeySpec {
  help: string;
  parse(text: string): SettingsValues[Key] | null;
  show?(value: SettingsValues[Key]): string;
}

const nonNegative = (text: string) => (/^\d+$/.test(text) ? Number(text) : null);
const positive = (text: string) => (/^[1-9]\d*$/.test(text) ? Number(text) : null);
const oneOf =
  <T extends string>(...choices: T[]) =>
  (text: string): T | null =>
    (choices as string[]).includes(text) ? (text as T) : null;
const duration = { parse: (t: string) => parseDuration(t), show: (v: unknown) => `${Number(v) / 1000}s` };
const bool = (text: string) => (/^(true|1|on|yes)$/i.test(text) ? true : /^(false|0|off|no)$/i.test(text) ? false : null);

const SPECS: Record<Key, KeySpec> = {
  rows: { help: 'rows shown in text/plain and text/html', parse: positive },
  max_results: { help: 'separate results one cell shows; the rest are counted in one line', parse: positive },
  keep_rows: { help: 'rows kept in the snapshot and sent in JSON', parse: positive },
  refresh: { help: 'max display updates per second (0 = final only)', parse: nonNegative },
  preview: { help: 'foreground preview of unbounded statements', ...duration },
  batch_timeout: { help: 'cap per statement in batch mode', ...duration },
  mode: { help: 'run mode: auto, interactive, batch', parse: oneOf('auto', 'interactive', 'batch') },
  live: { help: 'live display updates: auto, on, off', parse: oneOf('auto', 'on', 'off') },
  seed: { help: 'seed for %generate, %%test and synthetic sources', parse: nonNegative },
  records: { help: 'records for %generate and %%test', parse: positive },
  rate: { help: 'records per second of schema-only sources (0 = as fast as possible)', parse: nonNegative },
  chart: { help: 'chart inference: auto or none', parse: oneOf('auto', 'none') },
  max_jobs: { help: 'running background jobs', parse: positive },
  debug: { help: 'Node stacks in internal errors', parse: bool },
  ai: { help: 'AI features: auto, on, off', parse: oneOf('auto', 'on', 'off') },
  ai_model: { help: 'model for %%nl and failure analysis', parse: (t) => t || null },
  assist_model: { help: 'model for inline completion', parse: (t) => t || null },
  kafka: { help: 'Kafka brokers host:port[,host:port] (env KAFKA_BOOTSTRAP_SERVERS)', parse: (t) => t.replace(/^kafka:\/\//, '') },
};

export const SETTING_KEYS = Object.keys(SPECS) as Key[];

export function settingHelp(key: string): string | undefined {
  return (SPECS as Record<string, KeySpec>)[key]?.help;
}

export function defaultSettings(env: NodeJS.ProcessEnv = process.env): SettingsValues {
  return {
    rows: 50,
    max_results: 100,
    keep_rows: 1000,
    refresh: 4,
    preview: 3000,
    batch_timeout: 60_000,
    mode: oneOf('auto', 'interactive', 'batch')(env.VELOSTREAM_MODE ?? '') ?? 'auto',
    live: oneOf('auto', 'on', 'off')(env.VELOSTREAM_LIVE ?? '') ?? 'auto',
    seed: 42,
    records: 1000,
    rate: 10_000,
    chart: 'auto',
    max_jobs: 8,
    debug: env.VELOSTREAM_DEBUG === '1',
    ai: 'auto',
    ai_model: 'claude-sonnet-5-5',
    assist_model: 'claude-haiku-5-5',
    kafka: env.KAFKA_BOOTSTRAP_SERVERS ?? '',
  };
}

export class Settings {
  values: SettingsValues;
  /** Keys a `%config` assignment has set (defaults that depend on context yield to them). */
  private readonly explicit = new Set<Key>();

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.values = defaultSettings(env);
  }

  /** Applies `key=value` words; all or nothing. */
  apply(assignments: readonly string[]): CellError | undefined {
    const next = { ...this.values } as Record<Key, unknown>;
    for (const assignment of assignments) {
      const eq = assignment.indexOf('=');
      const key = assignment.slice(0, eq < 0 ? undefined : eq) as Key;
      const spec = SPECS[key];
      if (!spec)
        return cellError('MagicError', `%config: unknown key '${key}'; valid keys: ${SETTING_KEYS.join(', ')}`);
      if (eq < 0) return cellError('MagicError', `%config: expected ${key}=VALUE`);
      const value = spec.parse(assignment.slice(eq + 1).trim());
      if (value === null)
        return cellError('MagicError', `%config: bad value for ${key} (${spec.help})`);
      next[key] = value;
    }
    this.values = next as unknown as SettingsValues;
    for (const assignment of assignments) this.explicit.add(assignment.split('=', 1)[0] as Key);
    return undefined;
  }

  /** True once `%config` assigned `key`, even to its default value. */
  isSet(key: Key): boolean {
    return this.explicit.has(key);
  }

  /** Rows of the `%config` listing: key, value, meaning. */
  listing(): [string, string, string][] {
    return SETTING_KEYS.map((key) => {
      const spec = SPECS[key];
      const value = this.values[key];
      return [key, spec.show ? spec.show(value) : String(value), spec.help];
    });
  }

  /** JSON form for the catalog comm's `settings`. */
  toJSON(): Record<string, unknown> {
    return { ...this.values };
  }
}
