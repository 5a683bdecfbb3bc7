/**
 * The value syntax of `@data.*` hints (dialect spec §13.5): scalars (`"quoted"`, `'quoted'`,
 * numbers, `true`/`false`, bare words), lists `[a, b]`, and the short form
 * `<kind> [list][, key: value]…` as in `enum ["A", "B"], weights: [0.7, 0.3]`.
 */

export type HintScalar = string | number | boolean;
export type HintValue = HintScalar | HintScalar[];

export interface HintSpec {
  /** `enum`, `range`, `timestamp`, `uuid`, … as written. */
  kind: string;
  list?: HintScalar[];
  options: Map<string, HintValue>;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** A single scalar: quotes removed, numbers and booleans typed. */
export function parseHintScalar(text: string): HintScalar {
  const t = text.trim();
  const quoted = unquote(t);
  if (quoted !== undefined) return quoted;
  if (t === 'true' || t === 'false') return t === 'true';
  if (t !== '' && Number.isFinite(Number(t))) return Number(t);
  return t;
}

/** The text without its surrounding quotes, or the text itself when unquoted. */
export function stripQuotes(text: string): string {
  return unquote(text.trim()) ?? text.trim();
}

function unquote(t: string): string | undefined {
  if (t.length < 2) return undefined;
  if (t[0] === '"' && t[t.length - 1] === '"') {
    try {
      return JSON.parse(t) as string;
    } catch {
      return t.slice(1, -1);
    }
  }
  if (t[0] === "'" && t[t.length - 1] === "'") return t.slice(1, -1).replace(/''/g, "'");
  return undefined;
}

export function parseHintValue(text: string): Parsed<HintValue> {
  const reader = new Reader(text);
  const value = reader.value();
  if (!value.ok) return value;
  reader.skipSpace();
  return reader.atEnd() ? value : { ok: false, message: `unexpected '${reader.rest()}'` };
}

export function parseHintSpec(text: string): Parsed<HintSpec> {
  const reader = new Reader(text);
  const kind = reader.word();
  if (kind === '') return { ok: false, message: 'expected enum, range, timestamp or uuid' };
  const spec: HintSpec = { kind, options: new Map() };
  reader.skipSpace();
  if (reader.peek() === '[') {
    const list = reader.list();
    if (!list.ok) return list;
    spec.list = list.value;
  }
  for (reader.skipSpace(); !reader.atEnd(); reader.skipSpace()) {
    if (!reader.take(',')) return { ok: false, message: `expected ',' before '${reader.rest()}'` };
    reader.skipSpace();
    const key = reader.word();
    reader.skipSpace();
    if (key === '' || !reader.take(':')) return { ok: false, message: `expected 'key: value' at '${reader.rest()}'` };
    const value = reader.value();
    if (!value.ok) return value;
    spec.options.set(key.toLowerCase(), value.value);
  }
  return { ok: true, value: spec };
}

class Reader {
  private pos = 0;

  constructor(private readonly text: string) {}

  value(): Parsed<HintValue> {
    this.skipSpace();
    return this.peek() === '[' ? this.list() : this.scalar();
  }

  list(): Parsed<HintScalar[]> {
    this.take('[');
    const items: HintScalar[] = [];
    for (this.skipSpace(); !this.take(']'); this.skipSpace()) {
      if (this.atEnd()) return { ok: false, message: "unclosed '['" };
      if (items.length > 0 && !this.take(',')) return { ok: false, message: `expected ',' or ']' at '${this.rest()}'` };
      const item = this.scalar();
      if (!item.ok) return item;
      items.push(item.value);
    }
    return { ok: true, value: items };
  }

  /** A quoted string, or bare text up to the next `,` `[` `]`. */
  scalar(): Parsed<HintScalar> {
    this.skipSpace();
    const quote = this.peek();
    if (quote === '"' || quote === "'") {
      const start = this.pos++;
      while (!this.atEnd() && this.text[this.pos] !== quote) this.pos += this.text[this.pos] === '\\' && quote === '"' ? 2 : 1;
      if (this.atEnd()) return { ok: false, message: `unterminated ${quote === '"' ? 'double' : 'single'}-quoted string` };
      this.pos++;
      return { ok: true, value: parseHintScalar(this.text.slice(start, this.pos)) };
    }
    const start = this.pos;
    while (!this.atEnd() && !',[]'.includes(this.text[this.pos])) this.pos++;
    const bare = this.text.slice(start, this.pos).trim();
    return bare === '' ? { ok: false, message: `expected a value at '${this.rest()}'` } : { ok: true, value: parseHintScalar(bare) };
  }

  word(): string {
    const match = /^[A-Za-z_][\w]*/.exec(this.text.slice(this.pos));
    if (!match) return '';
    this.pos += match[0].length;
    return match[0];
  }

  take(c: string): boolean {
    if (this.text[this.pos] !== c) return false;
    this.pos++;
    return true;
  }

  peek(): string | undefined {
    return this.text[this.pos];
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  rest(): string {
    return this.text.slice(this.pos);
  }
}
