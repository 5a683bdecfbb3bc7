/**
 * Positioned reading of a YAML document (harness spec §4.1): typed accessors that report
 * `file:line:col` diagnostics with the YAML path instead of throwing, and unknown-key warnings
 * with "did you mean". YAML 1.2 core schema, so `yes`/`no` stay strings.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Scalar } from 'yaml';
import { closestName } from '../../types/names';
import type { Diagnostic } from './diagnostics';
import type { SourcePosition } from './schema';

export interface MapEntry {
  key: Scalar;
  value: Node | null;
}

export class YamlContext {
  readonly diagnostics: Diagnostic[] = [];

  private constructor(
    readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  /** Parses `text`; syntax errors are already in `diagnostics` when the root is null. */
  static parse(text: string, file: string): { context: YamlContext; root: Node | null } {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, version: '1.2', schema: 'core' });
    const context = new YamlContext(file, lines);
    for (const err of doc.errors) {
      const [line, column] = err.linePos ? [err.linePos[0].line, err.linePos[0].col] : [0, 0];
      const message = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      context.diagnostics.push({ severity: 'error', code: 'yaml.syntax', message, file, line, column });
    }
    return { context, root: doc.errors.length > 0 ? null : (doc.contents as Node | null) };
  }

  position(node: Node | null | undefined): SourcePosition {
    const offset = node?.range?.[0];
    if (offset === undefined) return { file: this.file, line: 1, column: 1 };
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  error(node: Node | null | undefined, path: string, message: string, code: string, hint?: string): void {
    this.report('error', node, path, message, code, hint);
  }

  warning(node: Node | null | undefined, path: string, message: string, code: string, hint?: string): void {
    this.report('warning', node, path, message, code, hint);
  }

  /** `<path>: expected <what>, got <value>`. */
  expected(node: Node | null | undefined, path: string, what: string, hint?: string): void {
    this.error(node, path, `${path}: expected ${what}, got ${describe(node)}`, 'schema.invalid-value', hint);
  }

  /**
   * The entries of a map by key, or null (after an error) when `node` is not a map. Keys not in
   * `known` warn and are left out.
   */
  map(node: Node | null, path: string, known: readonly string[]): Map<string, MapEntry> | null {
    if (!isMap(node)) {
      this.expected(node, path, 'a map');
      return null;
    }
    const entries = new Map<string, MapEntry>();
    for (const pair of node.items) {
      const key = pair.key as Node;
      if (!isScalar(key) || key.value === null) {
        this.expected(key, path, 'a key');
        continue;
      }
      const name = String(key.value);
      if (!known.includes(name)) {
        this.unknownKey(key, name, path, known);
        continue;
      }
      entries.set(name, { key, value: pair.value as Node | null });
    }
    return entries;
  }

  unknownKey(node: Node, name: string, path: string, known: readonly string[]): void {
    const suggestion = closestName(name, known);
    const where = path === '' ? 'the document' : path;
    const advice = suggestion ? `ignored; did you mean '${suggestion}'?` : 'ignored';
    this.warning(
      node,
      join(path, name),
      `unknown key '${name}' in ${where} (${advice})`,
      'schema.unknown-key',
      suggestion ? undefined : `known keys: ${known.join(', ')}`,
    );
  }

  /** A required entry's value, or an error at `parent` naming the missing key. */
  required(entries: Map<string, MapEntry>, key: string, parent: Node | null, path: string): Node | null | undefined {
    const entry = entries.get(key);
    if (entry === undefined) {
      this.error(parent, join(path, key), `${join(path, key)}: required key '${key}' is missing`, 'schema.missing-key');
      return undefined;
    }
    return entry.value;
  }

  /** Any non-null scalar as text (numbers where strings are expected are stringified). */
  string(node: Node | null | undefined, path: string): string | undefined {
    if (isScalar(node) && node.value !== null && typeof node.value !== 'object') return String(node.value);
    this.expected(node, path, 'a string');
    return undefined;
  }

  number(
    node: Node | null | undefined,
    path: string,
    bounds: { integer?: boolean; min?: number; max?: number; exclusiveMin?: boolean } = {},
  ): number | undefined {
    const value = isScalar(node) ? node.value : undefined;
    const what = describeBounds(bounds);
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.expected(node, path, what);
      return undefined;
    }
    const belowMin =
      bounds.min !== undefined && (bounds.exclusiveMin ? value <= bounds.min : value < bounds.min);
    if ((bounds.integer && !Number.isInteger(value)) || belowMin || (bounds.max !== undefined && value > bounds.max)) {
      this.expected(node, path, what);
      return undefined;
    }
    return value;
  }

  boolean(node: Node | null | undefined, path: string): boolean | undefined {
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    this.expected(node, path, 'true or false');
    return undefined;
  }

  /** The items of a list, or undefined after an error. */
  list(node: Node | null | undefined, path: string): (Node | null)[] | undefined {
    if (isSeq(node)) return node.items as (Node | null)[];
    this.expected(node, path, 'a list');
    return undefined;
  }

  private report(
    severity: Diagnostic['severity'],
    node: Node | null | undefined,
    path: string,
    message: string,
    code: string,
    hint: string | undefined,
  ): void {
    const { line, column } = this.position(node);
    this.diagnostics.push({ severity, code, message, file: this.file, line, column, path, ...(hint ? { hint } : {}) });
  }
}

/** `a.b` or `b` at the root. */
export function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** How a node reads in an "expected …, got …" message. */
export function describe(node: Node | null | undefined): string {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    if (node.value === null) return 'null';
    return typeof node.value === 'string' ? `'${node.value}'` : String(node.value);
  }
  return 'an alias';
}

function describeBounds(bounds: { integer?: boolean; min?: number; max?: number; exclusiveMin?: boolean }): string {
  const noun = bounds.integer ? 'an integer' : 'a number';
  if (bounds.min !== undefined && bounds.max !== undefined) return `${noun} in ${bounds.min}–${bounds.max}`;
  if (bounds.min !== undefined) return `${noun} ${bounds.exclusiveMin ? '>' : '≥'} ${bounds.min}`;
  return noun;
}
