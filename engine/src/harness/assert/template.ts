/**
 * Template expressions (harness spec §7.9) and the `{{…}}` references of `record_count
 * expression` and `aggregate_check expected` (§7.3). A small Pratt parser over:
 * `or and not`, comparisons, `+ - * / %`, unary minus, literals, paths (`records`,
 * `records.length`, `records[i].f`, `record.f`, `inputs.<src>.count`, `outputs.<sink>.count`,
 * `variables.k`, bare `k` = a variable), calls `len abs round` and the aggregates
 * `all|any|sum|count|avg|min|max(<expr> for record in records [if <cond>])`.
 * Errors are values (`{ok: false, message}`), never exceptions past this module.
 */
import { Scaled, SqlDate, Timestamp, type Value } from '../../types/values/types';
import type { CapturedRecord } from './output';
import { fieldValue, toNumber } from './values';

export type TemplateValue = number | string | boolean | null | CapturedRecord | CapturedRecord[];

export interface TemplateScope {
  records: readonly CapturedRecord[];
  inputCounts: Readonly<Record<string, number>>;
  outputCounts: Readonly<Record<string, number>>;
  variables: Readonly<Record<string, string>>;
}

export type TemplateResult = { ok: true; value: TemplateValue } | { ok: false; message: string };

type Node =
  | { k: 'lit'; v: TemplateValue }
  | { k: 'path'; parts: (string | Node)[] }
  | { k: 'unary'; op: string; arg: Node }
  | { k: 'binary'; op: string; left: Node; right: Node }
  | { k: 'call'; fn: string; args: Node[] }
  | { k: 'comp'; fn: string; body: Node; variable: string; over: Node; cond?: Node };

class TemplateError extends Error {}

const AGGREGATES = new Set(['all', 'any', 'sum', 'count', 'avg', 'min', 'max']);

/** Evaluates a template expression, with or without its `{{ … }}` wrapper. */
export function evaluateTemplate(text: string, scope: TemplateScope): TemplateResult {
  const trimmed = text.trim();
  if (/\{%/.test(trimmed)) return { ok: false, message: '{% … %} blocks are not supported' };
  const inner = /^\{\{([\s\S]*)\}\}$/.exec(trimmed)?.[1] ?? trimmed;
  try {
    const node = new Parser(tokenize(inner)).parseAll();
    return { ok: true, value: evaluate(node, scope, new Map()) };
  } catch (e) {
    if (e instanceof TemplateError) return { ok: false, message: e.message };
    throw e;
  }
}

/**
 * An arithmetic expression whose `{{path}}` references are replaced by their values first
 * (`{{inputs.trades.count}} * 0.5`). An unknown reference fails naming the known ones.
 */
export function evaluateArithmetic(text: string, scope: TemplateScope): { ok: true; value: number } | { ok: false; message: string } {
  let unknown: string | undefined;
  const substituted = text.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_, ref: string) => {
    const value = resolveReference(ref, scope);
    if (value === undefined) unknown = unknown ?? ref;
    return value === undefined ? '0' : `(${value})`;
  });
  if (unknown !== undefined) return { ok: false, message: `unknown template '{{${unknown}}}'; known: ${knownReferences(scope).join(', ') || '(none)'}` };
  const result = evaluateTemplate(substituted, scope);
  if (!result.ok) return result;
  if (typeof result.value !== 'number' || !Number.isFinite(result.value)) return { ok: false, message: `'${text}' is not a number` };
  return { ok: true, value: result.value };
}

function resolveReference(ref: string, scope: TemplateScope): number | string | undefined {
  const m = /^(inputs|outputs)\.(.+)\.count$/.exec(ref);
  if (m) return (m[1] === 'inputs' ? scope.inputCounts : scope.outputCounts)[m[2]];
  const variable = ref.startsWith('variables.') ? ref.slice('variables.'.length) : ref;
  const value = scope.variables[variable];
  if (value === undefined) return undefined;
  return Number.isFinite(Number(value)) && value.trim() !== '' ? Number(value) : JSON.stringify(value);
}

function knownReferences(scope: TemplateScope): string[] {
  return [
    ...Object.keys(scope.inputCounts).map((s) => `{{inputs.${s}.count}}`),
    ...Object.keys(scope.outputCounts).map((s) => `{{outputs.${s}.count}}`),
    ...Object.keys(scope.variables).map((k) => `{{variables.${k}}}`),
  ];
}

// ---- tokens -------------------------------------------------------------------------------

type Token = { t: 'num'; v: number } | { t: 'str'; v: string } | { t: 'id'; v: string } | { t: 'op'; v: string } | { t: 'end' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|([A-Za-z_][\w]*)|(==|!=|>=|<=|[-+*/%<>()[\].,]))/y;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) throw new TemplateError(`unexpected '${text.slice(pos).trim()[0]}' at position ${pos + 1}`);
    pos = re.lastIndex;
    if (m[1] !== undefined) tokens.push({ t: 'num', v: Number(m[1]) });
    else if (m[2] !== undefined) tokens.push({ t: 'str', v: m[2].slice(1, -1).replace(/\\(.)/g, '$1') });
    else if (m[3] !== undefined) tokens.push({ t: 'id', v: m[3] });
    else tokens.push({ t: 'op', v: m[4] });
  }
  tokens.push({ t: 'end' });
  return tokens;
}

// ---- parser -------------------------------------------------------------------------------

const BINARY: Record<string, number> = { or: 1, and: 2, '==': 4, '!=': 4, '>': 4, '<': 4, '>=': 4, '<=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6 };

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parseAll(): Node {
    const node = this.expr(0);
    const rest = this.peek();
    if (rest.t !== 'end') throw new TemplateError(`unexpected '${'v' in rest ? rest.v : ''}'`);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    return this.tokens[this.i++];
  }

  private isOp(v: string): boolean {
    const t = this.peek();
    return (t.t === 'op' || t.t === 'id') && t.v === v;
  }

  private expect(v: string): void {
    if (!this.isOp(v)) throw new TemplateError(`expected '${v}'`);
    this.i++;
  }

  private expr(minPrec: number): Node {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      const op = t.t === 'op' || t.t === 'id' ? t.v : undefined;
      const prec = op === undefined ? undefined : BINARY[op];
      if (prec === undefined || prec < minPrec) return left;
      this.i++;
      left = { k: 'binary', op: op!, left, right: this.expr(prec + 1) };
    }
  }

  private unary(): Node {
    if (this.isOp('not')) {
      this.i++;
      return { k: 'unary', op: 'not', arg: this.expr(3) };
    }
    if (this.isOp('-')) {
      this.i++;
      return { k: 'unary', op: '-', arg: this.unary() };
    }
    return this.primary();
  }

  private primary(): Node {
    const t = this.next();
    if (t.t === 'num' || t.t === 'str') return { k: 'lit', v: t.v };
    if (t.t === 'op' && t.v === '(') {
      const inner = this.expr(0);
      this.expect(')');
      return inner;
    }
    if (t.t !== 'id') throw new TemplateError(t.t === 'end' ? 'unexpected end of expression' : `unexpected '${t.v}'`);
    const lower = t.v.toLowerCase();
    if (lower === 'true' || lower === 'false') return { k: 'lit', v: lower === 'true' };
    if (lower === 'null' || lower === 'none') return { k: 'lit', v: null };
    if (this.isOp('(')) return this.call(lower);
    const parts: (string | Node)[] = [t.v];
    for (;;) {
      if (this.isOp('.')) {
        this.i++;
        const name = this.next();
        if (name.t !== 'id' && name.t !== 'num') throw new TemplateError(`expected a name after '.'`);
        parts.push(String(name.v));
      } else if (this.isOp('[')) {
        this.i++;
        parts.push(this.expr(0));
        this.expect(']');
      } else return { k: 'path', parts };
    }
  }

  private call(fn: string): Node {
    this.expect('(');
    const first = this.expr(0);
    if (this.isOp('for')) {
      if (!AGGREGATES.has(fn)) throw new TemplateError(`'${fn}' does not take a 'for' clause`);
      this.i++;
      const variable = this.next();
      if (variable.t !== 'id') throw new TemplateError("expected a variable after 'for'");
      this.expect('in');
      const over = this.expr(3);
      let cond: Node | undefined;
      if (this.isOp('if')) {
        this.i++;
        cond = this.expr(0);
      }
      this.expect(')');
      return { k: 'comp', fn, body: first, variable: variable.v, over, ...(cond ? { cond } : {}) };
    }
    const args = [first];
    while (this.isOp(',')) {
      this.i++;
      args.push(this.expr(0));
    }
    this.expect(')');
    if (!['len', 'abs', 'round', 'min', 'max'].includes(fn)) throw new TemplateError(`unknown function '${fn}'`);
    return { k: 'call', fn, args };
  }
}

// ---- evaluation ---------------------------------------------------------------------------

function evaluate(node: Node, scope: TemplateScope, locals: Map<string, CapturedRecord>): TemplateValue {
  switch (node.k) {
    case 'lit':
      return node.v;
    case 'path':
      return path(node.parts, scope, locals);
    case 'unary': {
      const v = evaluate(node.arg, scope, locals);
      return node.op === 'not' ? !truthy(v) : -num(v);
    }
    case 'binary':
      return binary(node.op, node.left, node.right, scope, locals);
    case 'call': {
      const args = node.args.map((a) => evaluate(a, scope, locals));
      switch (node.fn) {
        case 'len':
          return Array.isArray(args[0]) ? args[0].length : typeof args[0] === 'string' ? args[0].length : fail('len() needs records or a string');
        case 'abs':
          return Math.abs(num(args[0]));
        case 'round': {
          const digits = args[1] === undefined ? 0 : num(args[1]);
          const f = 10 ** digits;
          return Math.round(num(args[0]) * f) / f;
        }
        default:
          return (node.fn === 'min' ? Math.min : Math.max)(...args.map(num));
      }
    }
    case 'comp': {
      const over = evaluate(node.over, scope, locals);
      if (!Array.isArray(over)) fail(`'for … in' needs records`);
      const values: TemplateValue[] = [];
      for (const record of over as CapturedRecord[]) {
        const inner = new Map(locals).set(node.variable, record);
        if (node.cond && !truthy(evaluate(node.cond, scope, inner))) continue;
        values.push(evaluate(node.body, scope, inner));
      }
      switch (node.fn) {
        case 'all':
          return values.every(truthy);
        case 'any':
          return values.some(truthy);
        case 'count':
          return values.filter(truthy).length;
        case 'sum':
          return values.reduce<number>((s, v) => s + num(v), 0);
        case 'avg':
          return values.length === 0 ? null : values.reduce<number>((s, v) => s + num(v), 0) / values.length;
        default: {
          const nums = values.filter((v) => v !== null).map(num);
          return nums.length === 0 ? null : (node.fn === 'min' ? Math.min : Math.max)(...nums);
        }
      }
    }
  }
}

function path(parts: (string | Node)[], scope: TemplateScope, locals: Map<string, CapturedRecord>): TemplateValue {
  const [head, ...rest] = parts as [string, ...(string | Node)[]];
  let current: TemplateValue;
  if (locals.has(head)) current = locals.get(head)!;
  else if (head === 'records') current = scope.records as CapturedRecord[];
  else if (head === 'inputs' || head === 'outputs') {
    const name = rest[0];
    if (typeof name !== 'string' || rest[1] !== 'count' || rest.length !== 2) fail(`use ${head}.<name>.count`);
    const counts = head === 'inputs' ? scope.inputCounts : scope.outputCounts;
    const count = counts[name as string];
    if (count === undefined) fail(`unknown ${head.slice(0, -1)} '${String(name)}'`);
    return count;
  } else if (head === 'variables') {
    const name = rest[0];
    if (typeof name !== 'string' || scope.variables[name] === undefined) fail(`unknown variable '${String(name)}'`);
    return variable(scope.variables[name as string]);
  } else if (scope.variables[head] !== undefined && rest.length === 0) return variable(scope.variables[head]);
  else return fail(`unknown name '${head}'`);
  for (const part of rest) {
    if (Array.isArray(current)) {
      if (part === 'length') current = current.length;
      else if (typeof part !== 'string') {
        const index = evaluate(part, scope, locals);
        const record: CapturedRecord | undefined = current[num(index) < 0 ? current.length + num(index) : num(index)];
        if (record === undefined) fail(`records[${String(index)}] is out of range (${current.length} records)`);
        current = record;
      } else fail(`records has no '${part}'`);
    } else if (isRecord(current) && typeof part === 'string') {
      current = primitive(fieldValue(current, part));
    } else fail(`cannot read '${typeof part === 'string' ? part : '[…]'}' of ${String(current)}`);
  }
  return current;
}

function binary(op: string, l: Node, r: Node, scope: TemplateScope, locals: Map<string, CapturedRecord>): TemplateValue {
  if (op === 'and') return truthy(evaluate(l, scope, locals)) && truthy(evaluate(r, scope, locals));
  if (op === 'or') return truthy(evaluate(l, scope, locals)) || truthy(evaluate(r, scope, locals));
  const a = evaluate(l, scope, locals);
  const b = evaluate(r, scope, locals);
  switch (op) {
    case '==':
      return equal(a, b);
    case '!=':
      return !equal(a, b);
    case '+':
      return typeof a === 'string' || typeof b === 'string' ? `${String(a)}${String(b)}` : num(a) + num(b);
    case '-':
      return num(a) - num(b);
    case '*':
      return num(a) * num(b);
    case '/':
      return num(b) === 0 ? fail('division by zero') : num(a) / num(b);
    case '%':
      return num(a) % num(b);
  }
  if (a === null || b === null) return false;
  const [x, y] = typeof a === 'string' && typeof b === 'string' ? [a, b] : [num(a), num(b)];
  return op === '>' ? x > y : op === '<' ? x < y : op === '>=' ? x >= y : x <= y;
}

function equal(a: TemplateValue, b: TemplateValue): boolean {
  if (typeof a === 'number' || typeof b === 'number') {
    const x = toNumber(a as Value);
    const y = toNumber(b as Value);
    return x !== undefined && y !== undefined && x === y;
  }
  return a === b;
}

const isRecord = (v: TemplateValue): v is CapturedRecord => typeof v === 'object' && v !== null && !Array.isArray(v) && 'fields' in v;

function truthy(v: TemplateValue): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return v !== null && v !== false && v !== 0 && v !== '';
}

function num(v: TemplateValue): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? toNumber(v) : undefined;
  if (n === undefined) fail(`${v === null ? 'NULL' : Array.isArray(v) ? 'records' : `'${String(v)}'`} is not a number`);
  return n!;
}

function variable(text: string): TemplateValue {
  return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
}

/** A field value as a template value: numbers (exact decimals too), strings, booleans, NULL. */
function primitive(v: Value | undefined): TemplateValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Scaled) return toNumber(v) ?? null;
  if (v instanceof Timestamp || v instanceof SqlDate) return v.ms;
  return String(v);
}

function fail(message: string): never {
  throw new TemplateError(message);
}
