import type { Diagnostic } from '../sql';

/**
 * One diagnostic as the CLIs print it: `file:line:col: severity code message`, the source line
 * with a caret under the problem, and the hint.
 */
export function diagnosticText(file: string, lines: readonly string[], d: Diagnostic): string {
  const out = [`${file}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`];
  const source = lines[d.line - 1];
  if (source !== undefined) {
    const width = d.endLine === d.line ? Math.max(1, d.endColumn - d.column) : 1;
    // Keep tabs so the caret lines up under the same column.
    const pad = source.slice(0, d.column - 1).replace(/[^\t]/g, ' ');
    out.push(`  ${source}`, `  ${pad}^${'~'.repeat(width - 1)}`);
  }
  if (d.hint) out.push(`  hint: ${d.hint}`);
  return out.join('\n') + '\n';
}

/** A source text split into lines the way diagnostics count them. */
export function sourceLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}
