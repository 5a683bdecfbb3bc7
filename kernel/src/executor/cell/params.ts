/**
 * Notebook parameters (kernel spec §4.3): `SET name = literal` (kernel syntax, not Velostream) and
 * textual `${name}` substitution with an offset map, so errors still point into the cell as typed.
 */
import { cellError, type CellError } from '../errors';

export type ParamType = 'INTEGER' | 'DECIMAL' | 'FLOAT' | 'BOOLEAN' | 'NULL' | 'STRING';

export interface ParamValue {
  type: ParamType;
  /** The substituted text: numbers as written, TRUE/FALSE, NULL, strings without quotes. */
  text: string;
}

export class Parameters {
  private readonly values = new Map<string, ParamValue>();

  set(name: string, value: ParamValue): void {
    this.values.set(name, value);
  }

  get(name: string): ParamValue | undefined {
    return this.values.get(name);
  }

  entries(): [string, ParamValue][] {
    return [...this.values.entries()];
  }

  clone(): Parameters {
    const copy = new Parameters();
    for (const [name, value] of this.values) copy.set(name, value);
    return copy;
  }
}

export type SetStatement = { kind: 'set'; name: string; value: ParamValue } | { kind: 'list' };

const SET_HEAD = /^SET\b/i;
const SET_FULL = /^SET\s+([A-Za-z_][A-Za-z0-9_]*)\s*=\s*([\s\S]*?)\s*;?\s*$/i;

/** Leading whitespace and comments of a statement chunk: where its first token starts. */
export function firstTokenOffset(text: string): number {
  const match = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/.exec(text);
  return match ? match[0].length : 0;
}

/**
 * Recognises a `SET` statement. Returns null for anything else (SQL), a CellError for a malformed
 * SET. `start` is the chunk's offset in the cell, for error positions.
 */
export function parseSet(chunk: string, start: number): SetStatement | CellError | null {
  const at = firstTokenOffset(chunk);
  const text = chunk.slice(at);
  if (!SET_HEAD.test(text)) return null;
  if (/^SET\s*;?\s*$/i.test(text)) return { kind: 'list' };
  const match = SET_FULL.exec(text);
  const where = { start: start + at, end: start + at + 3 };
  if (!match)
    return cellError('SqlSyntaxError', 'expected SET name = value', {
      at: where,
      hint: 'names are letters, digits and _; values are numbers, TRUE, FALSE, NULL or a quoted string',
    });
  const value = parseLiteral(match[2]);
  if (!value) {
    const valueStart = start + at + text.indexOf(match[2], match[1].length + 3);
    return cellError('SqlSyntaxError', `SET ${match[1]}: '${match[2]}' is not a literal`, {
      at: { start: valueStart, end: valueStart + match[2].length },
      hint: "quote text values: SET symbol = 'AAPL'",
    });
  }
  return { kind: 'set', name: match[1], value };
}

/** integer | decimal | float | TRUE | FALSE | NULL | '<text>' ('' = one quote). */
export function parseLiteral(text: string): ParamValue | null {
  const t = text.trim();
  if (/^[+-]?\d+$/.test(t)) return { type: 'INTEGER', text: t };
  if (/^[+-]?(\d+\.\d*|\.\d+)$/.test(t)) return { type: 'DECIMAL', text: t };
  if (/^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(t)) return { type: 'FLOAT', text: t };
  if (/^(TRUE|FALSE)$/i.test(t)) return { type: 'BOOLEAN', text: t.toUpperCase() };
  if (/^NULL$/i.test(t)) return { type: 'NULL', text: 'NULL' };
  const quoted = /^'((?:[^']|'')*)'$/.exec(t);
  return quoted ? { type: 'STRING', text: quoted[1].replace(/''/g, "'") } : null;
}

/** Substituted text and the way back to offsets in the original. */
export interface Substituted {
  text: string;
  toOriginal(offset: number): number;
}

interface Checkpoint {
  out: number;
  original: number;
  /** Inside a replacement every offset maps to the start of its `${…}`. */
  replaced: boolean;
}

const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Replaces `${name}` of known parameters; `$${` gives a literal `${`; unknown names stay as written. */
export function substitute(text: string, params: Parameters): Substituted {
  const checkpoints: Checkpoint[] = [{ out: 0, original: 0, replaced: false }];
  let out = '';
  let last = 0;
  for (const match of text.matchAll(REFERENCE)) {
    const index = match.index ?? 0;
    const value = match[1] === undefined ? '${' : params.get(match[1])?.text;
    if (value === undefined) continue;
    out += text.slice(last, index);
    checkpoints.push({ out: out.length, original: index, replaced: true });
    out += value;
    last = index + match[0].length;
    checkpoints.push({ out: out.length, original: last, replaced: false });
  }
  out += text.slice(last);
  return {
    text: out,
    toOriginal(offset) {
      let point = checkpoints[0];
      for (const c of checkpoints) if (c.out <= offset) point = c;
      return point.replaced ? point.original : point.original + (offset - point.out);
    },
  };
}
