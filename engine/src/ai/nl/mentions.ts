/**
 * Finding what a request mentions: spans of tokens that name a source, a column (by name, a
 * shorter form of its name, or a synonym) or a declared value of a column. The dictionary is built
 * from the catalog, so nothing here knows a particular schema.
 */
import { AGGREGATE_WORDS, COLUMN_SYNONYMS, SOURCE_SYNONYMS, stem } from './lexicon';
import type { NlColumn, NlSource } from './catalog';
import { nameWords, type Token } from './tokens';

export interface ColumnRef {
  source: NlSource;
  column: NlColumn;
}

export type Entry =
  | { kind: 'source'; source: NlSource }
  /** `direct`: the column's own name or a shortened form of it; else a synonym. */
  | { kind: 'column'; ref: ColumnRef; direct: boolean }
  | { kind: 'value'; ref: ColumnRef; value: string };

export interface Span {
  start: number;
  end: number;
  entries: Entry[];
}

/** Name parts that say little on their own: "battery_level" is also "battery", "trader_id" also "trader". */
const GENERIC_PARTS = new Set(['id', 'ms', 'sec', 'level', 'name', 'time', 'ts', 'at', 'no', 'num', 'code', 'key', 'record', 'data', 'info', 'type', 'value']);
const GENERIC_SOURCE_PARTS = new Set(['record', 'data', 'info', 'table', 'stream', 'topic', 'event', 'log', 'raw', 'v1', 'v2']);
const AGGREGATE_SINGLE_WORDS = new Set(AGGREGATE_WORDS.filter(([w]) => !w.includes(' ')).map(([w]) => w));

export const NUMERIC_TYPES = new Set(['integer', 'float', 'decimal']);
export const isNumeric = (c: NlColumn): boolean => NUMERIC_TYPES.has(c.type) && !c.eventTime;

/** Normalised words naming a source ("sensor_readings" → sensor, reading, sensor reading, + synonyms). */
export function sourceWords(source: NlSource): string[][] {
  const words = nameWords(source.name);
  const phrases: string[][] = [words];
  for (const w of words) {
    if (!GENERIC_SOURCE_PARTS.has(w)) phrases.push([w]);
    for (const syn of SOURCE_SYNONYMS[w] ?? []) phrases.push(syn.split(' ').map(stem));
  }
  return phrases;
}

/** Direct phrases of a column: its words, without generic parts, its head noun, prefixed by a source word. */
export function columnPhrases(source: NlSource, column: NlColumn): { phrase: string[]; direct: boolean }[] {
  const words = nameWords(column.name);
  const literal = { phrase: [stem(column.name.toLowerCase())], direct: true };
  // "event" alone means records, not the event-time column.
  if (column.eventTime) return [{ phrase: words, direct: true }, literal];
  const core = words.filter((w) => !GENERIC_PARTS.has(w));
  const direct: string[][] = [words];
  if (core.length > 0 && core.length < words.length) direct.push(core);
  const head = words[words.length - 1];
  if (words.length > 1 && !GENERIC_PARTS.has(head) && !AGGREGATE_SINGLE_WORDS.has(head)) direct.push([head]);
  const first = nameWords(source.name).filter((w) => !GENERIC_SOURCE_PARTS.has(w));
  for (const s of first) if (core[0] !== s) direct.push([s, ...(core.length ? core : words)]);
  const out = [literal, ...direct.map((phrase) => ({ phrase, direct: true }))];
  for (const w of core) for (const syn of COLUMN_SYNONYMS[w] ?? []) out.push({ phrase: syn.split(' ').map(stem), direct: false });
  return out;
}

export class Dictionary {
  private readonly map = new Map<string, Entry[]>();
  private maxWords = 1;

  constructor(sources: readonly NlSource[]) {
    for (const source of sources) {
      for (const phrase of sourceWords(source)) this.add(phrase, { kind: 'source', source });
      for (const column of source.columns) {
        const ref = { source, column };
        for (const { phrase, direct } of columnPhrases(source, column)) this.add(phrase, { kind: 'column', ref, direct });
        for (const value of column.values ?? []) {
          const words = nameWords(value);
          if (words.length > 0) this.add(words, { kind: 'value', ref, value });
          if (words.join('') !== value.toLowerCase()) this.add([value.toLowerCase()], { kind: 'value', ref, value });
        }
      }
    }
  }

  private add(phrase: readonly string[], entry: Entry): void {
    const key = phrase.join(' ');
    const list = this.map.get(key) ?? [];
    const same = (e: Entry) => e.kind === entry.kind && JSON.stringify(describeEntry(e)) === JSON.stringify(describeEntry(entry));
    if (!list.some(same)) list.push(entry);
    this.map.set(key, list);
    this.maxWords = Math.max(this.maxWords, phrase.length);
  }

  /**
   * Non-overlapping spans, longest first from left to right, over unused tokens. Value entries
   * come before columns and columns before sources in each span's list.
   */
  spans(tokens: readonly Token[]): Span[] {
    const spans: Span[] = [];
    for (let i = 0; i < tokens.length; ) {
      let found: Span | null = null;
      for (let n = Math.min(this.maxWords, tokens.length - i); n >= 1 && !found; n--) {
        const slice = tokens.slice(i, i + n);
        if (slice.some((t) => t.used)) continue;
        const entries = this.map.get(slice.map((t) => t.norm).join(' '));
        if (entries) found = { start: i, end: i + n, entries: [...entries].sort((a, b) => rank(a) - rank(b)) };
      }
      if (found) {
        spans.push(found);
        i = found.end;
      } else i++;
    }
    return spans;
  }
}

function rank(e: Entry): number {
  if (e.kind === 'value') return 0;
  if (e.kind === 'column') return e.direct ? 1 : 2;
  return 3;
}

function describeEntry(e: Entry): string {
  if (e.kind === 'source') return e.source.name;
  return `${e.ref.source.name}.${e.ref.column.name}${e.kind === 'value' ? `=${e.value}` : ''}`;
}

/** The first column entry of a span in `sources`, direct ones first; numeric only when asked. */
export function columnOf(span: Span | undefined, sources: readonly NlSource[], numeric = false): ColumnRef | null {
  if (!span) return null;
  const entries = span.entries.filter((e): e is Extract<Entry, { kind: 'column' }> => e.kind === 'column' && sources.includes(e.ref.source) && (!numeric || isNumeric(e.ref.column)));
  // A source's own column beats a join partner's when both have the name.
  entries.sort((a, b) => Number(b.direct) - Number(a.direct) || sources.indexOf(a.ref.source) - sources.indexOf(b.ref.source));
  return entries[0]?.ref ?? null;
}

export function valueOf(span: Span | undefined, sources: readonly NlSource[]): Extract<Entry, { kind: 'value' }> | null {
  return (span?.entries.find((e) => e.kind === 'value' && sources.includes(e.ref.source)) as Extract<Entry, { kind: 'value' }> | undefined) ?? null;
}

export const namesSource = (span: Span | undefined): boolean => span?.entries.some((e) => e.kind === 'source') ?? false;
