/**
 * String generation from the regex-like `pattern` subset of harness spec §5.3: literals,
 * escapes, character classes, `.`, groups with `|`, quantifiers `? * + {n} {n,m} {n,}`
 * (`*`, `+` and `{n,}` add at most 8 repeats); `^`/`$` are ignored. Anything else —
 * back-references, look-around, negated classes — is rejected with its position.
 */
import type { Random } from '../../types/prng';

export type PatternNode =
  | { kind: 'chars'; chars: string }
  | { kind: 'sequence'; items: PatternNode[] }
  | { kind: 'alternation'; options: PatternNode[] }
  | { kind: 'repeat'; node: PatternNode; min: number; max: number };

export type PatternResult = { ok: true; node: PatternNode } | { ok: false; message: string; offset: number };

const MAX_OPEN_REPEATS = 8;
const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ALPHANUMERIC = LETTERS + DIGITS;
const CLASS_ESCAPES: Record<string, string> = { d: DIGITS, w: ALPHANUMERIC + '_', s: ' ' };
const CONTROL_ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r' };

class PatternSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function compilePattern(source: string): PatternResult {
  try {
    const parser = new PatternParser(source);
    return { ok: true, node: parser.parse() };
  } catch (err) {
    if (err instanceof PatternSyntaxError) return { ok: false, message: err.message, offset: err.offset };
    throw err;
  }
}

export function generateFromPattern(node: PatternNode, rng: Random): string {
  switch (node.kind) {
    case 'chars':
      return node.chars.length === 1 ? node.chars : node.chars[rng.below(node.chars.length)];
    case 'sequence': {
      let out = '';
      for (const item of node.items) out += generateFromPattern(item, rng);
      return out;
    }
    case 'alternation':
      return generateFromPattern(node.options[rng.below(node.options.length)], rng);
    case 'repeat': {
      const times = node.min === node.max ? node.min : node.min + rng.below(node.max - node.min + 1);
      let out = '';
      for (let i = 0; i < times; i++) out += generateFromPattern(node.node, rng);
      return out;
    }
  }
}

class PatternParser {
  private pos = 0;

  constructor(private readonly src: string) {}

  parse(): PatternNode {
    const node = this.alternation();
    if (this.pos < this.src.length) throw new PatternSyntaxError(`unmatched ')'`, this.pos);
    return node;
  }

  private alternation(): PatternNode {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0] : { kind: 'alternation', options };
  }

  private sequence(): PatternNode {
    const items: PatternNode[] = [];
    while (this.pos < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      const c = this.peek();
      if (c === '^' || c === '$') {
        this.pos++;
        continue;
      }
      items.push(this.quantified(this.atom()));
    }
    return items.length === 1 ? items[0] : { kind: 'sequence', items };
  }

  private atom(): PatternNode {
    const start = this.pos;
    const c = this.src[this.pos++];
    switch (c) {
      case '(':
        return this.group(start);
      case '[':
        return { kind: 'chars', chars: this.characterClass(start) };
      case '.':
        return { kind: 'chars', chars: ALPHANUMERIC };
      case '\\':
        return { kind: 'chars', chars: this.escape() };
      case '*':
      case '+':
      case '?':
      case '{':
        throw new PatternSyntaxError(`quantifier '${c}' has nothing to repeat`, start);
      default:
        return { kind: 'chars', chars: c };
    }
  }

  private group(start: number): PatternNode {
    if (this.src.startsWith('?:', this.pos)) this.pos += 2;
    else if (this.peek() === '?') throw new PatternSyntaxError('look-around and named groups are not supported', start);
    const node = this.alternation();
    if (this.peek() !== ')') throw new PatternSyntaxError(`unclosed '('`, start);
    this.pos++;
    return node;
  }

  /** The characters of `[...]`, ranges expanded; the opening bracket is consumed. */
  private characterClass(start: number): string {
    if (this.peek() === '^') throw new PatternSyntaxError('negated character classes are not supported', start);
    let chars = '';
    while (this.peek() !== ']') {
      if (this.pos >= this.src.length) throw new PatternSyntaxError(`unclosed '['`, start);
      const from = this.classChar();
      if (this.peek() === '-' && this.src[this.pos + 1] !== ']' && from.length === 1) {
        const rangeAt = this.pos;
        this.pos++;
        const to = this.classChar();
        if (to.length !== 1 || to < from) throw new PatternSyntaxError(`invalid range '${from}-${to}'`, rangeAt);
        for (let code = from.charCodeAt(0); code <= to.charCodeAt(0); code++) chars += String.fromCharCode(code);
      } else {
        chars += from;
      }
    }
    this.pos++;
    if (chars.length === 0) throw new PatternSyntaxError('empty character class', start);
    return [...new Set(chars)].join('');
  }

  private classChar(): string {
    const c = this.src[this.pos++];
    return c === '\\' ? this.escape() : c;
  }

  /** The characters an escape stands for; the backslash is consumed. */
  private escape(): string {
    const at = this.pos - 1;
    const c = this.src[this.pos++];
    if (c === undefined) throw new PatternSyntaxError('pattern ends with a backslash', at);
    if (CLASS_ESCAPES[c] !== undefined) return CLASS_ESCAPES[c];
    if (CONTROL_ESCAPES[c] !== undefined) return CONTROL_ESCAPES[c];
    if (/[0-9A-Za-z]/.test(c)) throw new PatternSyntaxError(`unsupported escape '\\${c}'`, at);
    return c;
  }

  private quantified(node: PatternNode): PatternNode {
    const start = this.pos;
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === '?') [min, max] = [0, 1];
    else if (c === '*') [min, max] = [0, MAX_OPEN_REPEATS];
    else if (c === '+') [min, max] = [1, MAX_OPEN_REPEATS];
    else if (c === '{') return this.counted(node, start);
    else return node;
    this.pos++;
    this.skipLazyMarker();
    return { kind: 'repeat', node, min, max };
  }

  private counted(node: PatternNode, start: number): PatternNode {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(start));
    if (!match) throw new PatternSyntaxError(`malformed quantifier, expected {n}, {n,m} or {n,}`, start);
    this.pos += match[0].length;
    this.skipLazyMarker();
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : match[3] === '' ? min + MAX_OPEN_REPEATS : Number(match[3]);
    if (max < min) throw new PatternSyntaxError(`quantifier {${min},${max}} has max below min`, start);
    return { kind: 'repeat', node, min, max };
  }

  /** `*?`, `+?`, `{n,m}?` generate like their greedy forms. */
  private skipLazyMarker(): void {
    if (this.peek() === '?') this.pos++;
  }

  private peek(): string | undefined {
    return this.src[this.pos];
  }
}
