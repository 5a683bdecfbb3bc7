/**
 * Positioned diagnostics of schema files and `@data.*` hints (harness spec §4.1, §5.1, §5.9).
 * Errors are values: loaders collect them and the CLI edge prints them.
 */

export interface Diagnostic {
  severity: 'error' | 'warning';
  /** Stable machine-readable kind, e.g. `schema.unknown-key`. */
  code: string;
  /** Text after the position, e.g. `fields[2].type: expected a field type, got 'strng'`. */
  message: string;
  file: string;
  /** 1-based; 0 when the problem has no position (a missing file). */
  line: number;
  column: number;
  /** YAML path of the offending node (`fields[2].constraints.range.min`), or the hint key. */
  path?: string;
  /** One short sentence on how to fix it. */
  hint?: string;
}

/** `error: file:line:col: message`, then the hint on its own line. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  return `${d.severity}: ${where}: ${d.message}` + (d.hint ? `\n  hint: ${d.hint}` : '');
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
