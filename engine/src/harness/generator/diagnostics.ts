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

/** The candidate within edit distance `maxDistance` of `name` (closest first), if any. */
export function closestName(name: string, candidates: Iterable<string>, maxDistance = 2): string | undefined {
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance with a single rolling row. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
