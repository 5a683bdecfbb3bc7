/**
 * Magic arguments (kernel spec §4.1–§4.2): shell-like words (`"…"` and `'…'` group, `\` escapes),
 * `--flag`, `--key value`, `--key=value`, checked against the options a magic declares.
 * Durations: `250ms`, `3s`, `2m`, `1h`; a bare number means seconds.
 */
import { cellError, type CellError } from '../errors';

export type OptionKind = 'flag' | 'string' | 'integer' | 'number' | 'duration';

export interface OptionSpec {
  name: string;
  kind: OptionKind;
  /** Placeholder shown in usage (`N`, `D`, `NAME`). */
  value?: string;
  help: string;
  /** Allowed values of a string option. */
  choices?: readonly string[];
}

export type OptionValue = string | number | boolean;

export interface ParsedArgs {
  options: Record<string, OptionValue>;
  positional: string[];
}

/** Splits an argument string into words; null when a quote is not closed. */
export function splitWords(text: string): string[] | null {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) return null;
  if (inWord) words.push(word);
  return words;
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of `250ms`, `3s`, `2m`, `1h` or a bare number of seconds; null if malformed. */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text.trim());
  return match ? Math.round(Number(match[1]) * UNIT_MS[match[2] ?? 's']) : null;
}

/** `--name N` / `--flag` usage of an option. */
export function optionUsage(spec: OptionSpec): string {
  return spec.kind === 'flag' ? `--${spec.name}` : `--${spec.name} ${spec.value ?? 'VALUE'}`;
}

export function parseArgs(text: string, specs: readonly OptionSpec[], magic: string): ParsedArgs | CellError {
  const words = splitWords(text);
  const valid = () => (specs.length ? `valid options: ${specs.map(optionUsage).join(', ')}` : `${magic} takes no options`);
  if (!words) return cellError('MagicError', `${magic}: unclosed quote in arguments`);
  const options: Record<string, OptionValue> = {};
  const positional: string[] = [];

  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (!word.startsWith('--') || word === '--') {
      positional.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const name = word.slice(2, eq < 0 ? undefined : eq);
    const spec = specs.find((s) => s.name === name);
    if (!spec) return cellError('MagicError', `${magic}: unknown option --${name}; ${valid()}`);
    if (spec.kind === 'flag') {
      if (eq >= 0) return cellError('MagicError', `${magic}: --${name} takes no value`);
      options[name] = true;
      continue;
    }
    const raw: string | undefined = eq >= 0 ? word.slice(eq + 1) : words[++i];
    if (raw === undefined) return cellError('MagicError', `${magic}: --${name} needs a value (${optionUsage(spec)})`);
    const value = convert(spec, raw);
    if (value === null)
      return cellError('MagicError', `${magic}: bad value '${raw}' for ${optionUsage(spec)}${describeKind(spec)}`);
    options[name] = value;
  }
  return { options, positional };
}

function convert(spec: OptionSpec, raw: string): OptionValue | null {
  switch (spec.kind) {
    case 'integer':
      return /^\d+$/.test(raw) ? Number(raw) : null;
    case 'number':
      return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : null;
    case 'duration':
      return parseDuration(raw);
    case 'string':
      return spec.choices && !spec.choices.includes(raw) ? null : raw;
    default:
      return null;
  }
}

function describeKind(spec: OptionSpec): string {
  if (spec.choices) return ` (one of ${spec.choices.join(', ')})`;
  if (spec.kind === 'duration') return ' (a duration such as 250ms, 3s, 2m, 1h)';
  if (spec.kind === 'integer') return ' (a non-negative integer)';
  return '';
}
