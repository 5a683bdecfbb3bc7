/**
 * The expression language of derived schema fields (harness spec §5.6). It is not SQL (`==`,
 * `if(c, a, b)`, `random(a, b)`), so it has its own small parser; arithmetic runs on doubles and
 * the generator converts the result to the field's type afterwards.
 */
import { Scaled, type Value } from '../../types/values/types';
import { instantMs } from '../../types/values/kinds';
import { toFloat } from '../../types/values/arith';
import { formatValue } from '../../types/values/format';
import type { DerivedCompiler, DerivedCompileResult } from './derived';

type Evaluate = (record: Record<string, Value>, random: () => number) => Value;

interface Token {
  kind: 'number' | 'string' | 'name' | 'op' | 'end';
  text: string;
  at: number;
}

const OPERATORS = ['==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '(', ')', ','];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9.]/.test(c)) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(source.slice(i));
      if (!m) throw new SyntaxError(`unexpected '${c}' at column ${i + 1}`);
      tokens.push({ kind: 'number', text: m[0], at: start });
      i += m[0].length;
    } else if (c === "'" || c === '"') {
      const end = source.indexOf(c, i + 1);
      if (end < 0) throw new SyntaxError(`unterminated string starting at column ${i + 1}`);
      tokens.push({ kind: 'string', text: source.slice(i + 1, end), at: start });
      i = end + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))!;
      tokens.push({ kind: 'name', text: m[0], at: start });
      i += m[0].length;
    } else {
      const op = OPERATORS.find((o) => source.startsWith(o, i));
      if (!op) throw new SyntaxError(`unexpected '${c}' at column ${i + 1}`);
      tokens.push({ kind: 'op', text: op, at: start });
      i += op.length;
    }
  }
  tokens.push({ kind: 'end', text: '<end>', at: source.length });
  return tokens;
}

/** Numbers of any kind as doubles, booleans as 1/0, instants as epoch ms; anything else is null. */
function num(v: Value): number | null {
  if (typeof v === 'number' || typeof v === 'bigint' || v instanceof Scaled) return toFloat(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return instantMs(v);
}

function arithmetic(op: string, a: number, b: number): Value {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? null : a / b;
    default:
      return b === 0 ? null : a % b;
  }
}

function compare(op: string, a: Value, b: Value): boolean {
  const x = typeof a === 'string' || typeof b === 'string' ? formatValue(a) : num(a)!;
  const y = typeof a === 'string' || typeof b === 'string' ? formatValue(b) : num(b)!;
  switch (op) {
    case '==':
      return x === y;
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}

const BINARY_PRECEDENCE: Record<string, number> = {
  '==': 1,
  '!=': 1,
  '<': 2,
  '<=': 2,
  '>': 2,
  '>=': 2,
  '+': 3,
  '-': 3,
  '*': 4,
  '/': 4,
  '%': 4,
};

type FunctionImpl = (args: Evaluate[]) => Evaluate;

const numeric1 =
  (f: (x: number) => number): FunctionImpl =>
  ([x]) =>
  (r, rnd) => {
    const v = num(x(r, rnd));
    return v === null ? null : f(v);
  };

const FUNCTIONS: Record<string, { min: number; max: number; impl: FunctionImpl }> = {
  random: {
    min: 0,
    max: 2,
    impl: (args) => {
      if (args.length === 0) return (_r, rnd) => rnd();
      if (args.length === 1) throw new SyntaxError('random takes no argument or two: random(a, b)');
      const [lo, hi] = args;
      return (r, rnd) => {
        const a = num(lo(r, rnd));
        const b = num(hi(r, rnd));
        return a === null || b === null ? null : a + (b - a) * rnd();
      };
    },
  },
  abs: { min: 1, max: 1, impl: numeric1(Math.abs) },
  floor: { min: 1, max: 1, impl: numeric1(Math.floor) },
  ceil: { min: 1, max: 1, impl: numeric1(Math.ceil) },
  min: { min: 2, max: 2, impl: ([a, b]) => (r, rnd) => pair(a(r, rnd), b(r, rnd), Math.min) },
  max: { min: 2, max: 2, impl: ([a, b]) => (r, rnd) => pair(a(r, rnd), b(r, rnd), Math.max) },
  round: {
    min: 1,
    max: 2,
    impl:
      ([x, places]) =>
      (r, rnd) => {
        const v = num(x(r, rnd));
        const p = places ? num(places(r, rnd)) : 0;
        if (v === null || p === null) return null;
        const f = 10 ** p;
        return (Math.sign(v) * Math.round(Math.abs(v) * f)) / f;
      },
  },
  concat: {
    min: 1,
    max: Infinity,
    impl: (args) => (r, rnd) => args.map((a) => formatValue(a(r, rnd))).join(''),
  },
  if: {
    min: 3,
    max: 3,
    impl:
      ([c, a, b]) =>
      (r, rnd) => {
        const v = c(r, rnd);
        return v === true || (typeof v === 'number' && v !== 0) ? a(r, rnd) : b(r, rnd);
      },
  },
};

function pair(a: Value, b: Value, f: (x: number, y: number) => number): Value {
  const x = num(a);
  const y = num(b);
  return x === null || y === null ? null : f(x, y);
}

class Parser {
  private pos = 0;
  readonly fields = new Set<string>();

  constructor(private readonly tokens: Token[]) {}

  parseAll(): Evaluate {
    const expr = this.expression(0);
    const next = this.peek();
    if (next.kind !== 'end') throw new SyntaxError(`unexpected '${next.text}' at column ${next.at + 1}`);
    return expr;
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private take(text?: string): Token {
    const token = this.tokens[this.pos];
    if (text !== undefined && token.text !== text)
      throw new SyntaxError(`expected '${text}' at column ${token.at + 1}, found '${token.text}'`);
    this.pos++;
    return token;
  }

  private expression(minPrecedence: number): Evaluate {
    let left = this.unary();
    for (;;) {
      const op = this.peek();
      const precedence = op.kind === 'op' ? BINARY_PRECEDENCE[op.text] : undefined;
      if (precedence === undefined || precedence <= minPrecedence) return left;
      this.take();
      const right = this.expression(precedence);
      const l = left;
      if (precedence <= 2) {
        left = (r, rnd) => {
          const a = l(r, rnd);
          const b = right(r, rnd);
          return a === null || b === null ? null : compare(op.text, a, b);
        };
      } else {
        left = (r, rnd) => {
          const a = num(l(r, rnd));
          const b = num(right(r, rnd));
          return a === null || b === null ? null : arithmetic(op.text, a, b);
        };
      }
    }
  }

  private unary(): Evaluate {
    if (this.peek().text === '-' && this.peek().kind === 'op') {
      this.take();
      const operand = this.unary();
      return (r, rnd) => {
        const v = num(operand(r, rnd));
        return v === null ? null : -v;
      };
    }
    return this.primary();
  }

  private primary(): Evaluate {
    const token = this.take();
    switch (token.kind) {
      case 'number': {
        const value = Number(token.text);
        return () => value;
      }
      case 'string':
        return () => token.text;
      case 'op':
        if (token.text === '(') {
          const inner = this.expression(0);
          this.take(')');
          return inner;
        }
        break;
      case 'name': {
        const lower = token.text.toLowerCase();
        if (this.peek().text === '(') return this.call(lower, token);
        if (lower === 'true' || lower === 'false') {
          const value = lower === 'true';
          return () => value;
        }
        if (lower === 'null') return () => null;
        const name = token.text;
        this.fields.add(name);
        return (r) => r[name] ?? null;
      }
    }
    throw new SyntaxError(`unexpected '${token.text}' at column ${token.at + 1}`);
  }

  private call(name: string, token: Token): Evaluate {
    const fn = FUNCTIONS[name];
    if (!fn) throw new SyntaxError(`unknown function '${token.text}' (known: ${Object.keys(FUNCTIONS).join(', ')})`);
    this.take('(');
    const args: Evaluate[] = [];
    if (this.peek().text !== ')') {
      do args.push(this.expression(0));
      while (this.peek().text === ',' && this.take(','));
    }
    this.take(')');
    if (args.length < fn.min || args.length > fn.max)
      throw new SyntaxError(`${name} takes ${fn.min === fn.max ? fn.min : `${fn.min} to ${fn.max}`} arguments, got ${args.length}`);
    return fn.impl(args);
  }
}

/** Compiles a §5.6 expression once; the generator evaluates it per record. */
export const compileDerivedExpression: DerivedCompiler = (source): DerivedCompileResult => {
  try {
    const parser = new Parser(tokenize(source));
    const evaluate = parser.parseAll();
    return { ok: true, expression: { fields: [...parser.fields], evaluate } };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
};
