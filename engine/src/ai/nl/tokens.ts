/**
 * A request as tokens: each keeps its original text (for values and quotes in explanations), its
 * normalised form (lower case, plural folded) and whether some interpretation consumed it — what
 * is left unconsumed and meaningful is reported as "could not map".
 */
import { stem } from './lexicon';

export interface Token {
  text: string;
  norm: string;
  used: boolean;
}

// Numbers split from glued units ("5m" → 5, m) because the number alternative comes first.
const TOKEN = /'[^']*'|"[^"]*"|\d+(?:\.\d+)?|[A-Za-z_/][A-Za-z0-9_/.-]*[A-Za-z0-9_]|[A-Za-z]|>=|<=|<>|!=|[<>=%,:;()?!+*-]/g;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const raw = m[0];
    if (/^['"]/.test(raw)) {
      tokens.push({ text: raw.slice(1, -1), norm: raw.slice(1, -1).toLowerCase(), used: false });
      continue;
    }
    tokens.push({ text: raw, norm: /^[A-Za-z]/.test(raw) ? stem(raw.replace(/-/g, ' ')) : raw, used: false });
  }
  return tokens.flatMap((t) => (t.norm.includes(' ') ? t.norm.split(' ').map((p) => ({ text: p, norm: stem(p), used: false })) : [t]));
}

/** Words of an identifier or value, normalised: "battery_level" → ["battery", "level"], "/product/detail" → ["product", "detail"]. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map(stem);
}

export function isNumber(token: Token | undefined): boolean {
  return token !== undefined && /^\d+(\.\d+)?$/.test(token.norm);
}

/** The index of the first token sequence equal to `phrase` (normalised words) at or after `from`, or -1. */
export function findPhrase(tokens: readonly Token[], phrase: readonly string[], from = 0, allowUsed = false): number {
  outer: for (let i = from; i + phrase.length <= tokens.length; i++) {
    for (let j = 0; j < phrase.length; j++) {
      const t = tokens[i + j];
      if (t.norm !== phrase[j] || (t.used && !allowUsed)) continue outer;
    }
    return i;
  }
  return -1;
}

export function use(tokens: Token[], start: number, end: number): void {
  for (let i = start; i < end; i++) tokens[i].used = true;
}

export function quote(tokens: readonly Token[], start: number, end: number): string {
  return tokens
    .slice(start, end)
    .map((t) => t.text)
    .join(' ');
}
