/**
 * The lexical layer under the cell grammar (cell.ts) and is_complete (language/is-complete.ts):
 * walks cell text past blanks, `--` and `/* … *\/` comments and quoted strings or identifiers
 * (doubled quotes escape), so that `;`, `%`, parentheses and the like are only seen outside them.
 */

export type Lexeme =
  /** One character outside comments and quotes; `lineStart` when only blanks precede it on its line. */
  | { kind: 'char'; char: string; at: number; lineStart: boolean }
  /** A comment or a quoted string/identifier; an unterminated one runs to the end of the text. */
  | { kind: 'comment' | 'quoted'; at: number; terminated: boolean };

export class SqlScanner {
  private i = 0;
  private atLineStart = true;

  constructor(private readonly text: string) {}

  /** The next lexeme after blanks, or undefined at the end of the text. */
  next(): Lexeme | undefined {
    const text = this.text;
    for (; this.i < text.length; this.i++) {
      const char = text[this.i];
      if (char === '\n') {
        this.atLineStart = true;
        continue;
      }
      if (char === ' ' || char === '\t' || char === '\r') continue;
      const at = this.i;
      const lineStart = this.atLineStart;
      this.atLineStart = false;

      if (char === '-' && text[at + 1] === '-') {
        this.i = lineEnd(text, at);
        return { kind: 'comment', at, terminated: true };
      }
      if (char === '/' && text[at + 1] === '*') {
        const close = text.indexOf('*/', at + 2);
        this.i = close < 0 ? text.length : close + 2;
        return { kind: 'comment', at, terminated: close >= 0 };
      }
      if (char === "'" || char === '"') {
        const close = closingQuote(text, at);
        this.i = close < 0 ? text.length : close + 1;
        return { kind: 'quoted', at, terminated: close >= 0 };
      }
      this.i = at + 1;
      return { kind: 'char', char, at, lineStart };
    }
    return undefined;
  }

  /** Continues scanning at `index` (past a magic line, a parameter or a two-character operator). */
  skipTo(index: number): void {
    this.i = index;
  }
}

/** The index of the `\n` ending the line that holds `from`, or the end of the text. */
export function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline < 0 ? text.length : newline;
}

/** Index of the quote closing the string or quoted identifier opened at `open`; -1 if none. */
function closingQuote(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] !== quote) continue;
    if (text[i + 1] === quote) i++;
    else return i;
  }
  return -1;
}
