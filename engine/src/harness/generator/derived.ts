/**
 * Derived fields (harness spec §5.6): compiles each derived field once (derived-expressions.ts),
 * checks the field names it reads and orders the fields so every one runs after its inputs.
 */
import type { Value } from '../../types/values/types';
import type { Diagnostic } from './diagnostics';
import { derivedCycle, type FieldSpec, type FieldType } from './schema';
import { compileDerivedExpression } from './derived-expressions';

export interface DerivedExpression {
  /** Names the expression reads; unknown names are load errors, and they order evaluation. */
  readonly fields: readonly string[];
  /**
   * Evaluates over the record so far. `random` returns uniform draws in [0, 1) from the
   * generator's seeded stream; `random()` and `random(a, b)` = a + (b − a)·random() must use it.
   */
  evaluate(record: Record<string, Value>, random: () => number): Value;
}

export type DerivedCompileResult = { ok: true; expression: DerivedExpression } | { ok: false; message: string };

/** Compiles one expression of §5.6; `fieldNames` are the fields of the schema. */
export type DerivedCompiler = (source: string, fieldNames: readonly string[]) => DerivedCompileResult;

export interface DerivedStep {
  name: string;
  type: FieldType;
  evaluate: DerivedExpression['evaluate'];
}

export interface DerivedPlan {
  /** Derived fields in evaluation order (dependencies first). */
  steps: DerivedStep[];
  diagnostics: Diagnostic[];
}

export function planDerivedFields(fields: readonly FieldSpec[]): DerivedPlan {
  const derived = fields.filter((f) => f.constraints.derived);
  if (derived.length === 0) return { steps: [], diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const at = (f: FieldSpec, severity: Diagnostic['severity'], code: string, message: string, hint?: string): Diagnostic => ({
    severity,
    code,
    message,
    file: f.position.file,
    line: f.position.line,
    column: f.position.column,
    path: `${f.name}.derived`,
    ...(hint ? { hint } : {}),
  });
  const names = fields.map((f) => f.name);
  const known = new Set(names);
  const compiled = new Map<string, { field: FieldSpec; expression: DerivedExpression }>();
  for (const field of derived) {
    const result = compileDerivedExpression(field.constraints.derived!.expression, names);
    if (!result.ok) {
      diagnostics.push(at(field, 'error', 'schema.invalid-expression', `derived expression of '${field.name}': ${result.message}`));
      continue;
    }
    const unknown = result.expression.fields.filter((n) => !known.has(n));
    if (unknown.length > 0) {
      diagnostics.push(
        at(field, 'error', 'schema.unknown-field', `derived expression of '${field.name}' reads unknown field '${unknown[0]}'`, `known fields: ${names.join(', ')}`),
      );
      continue;
    }
    compiled.set(field.name, { field, expression: result.expression });
  }
  if (diagnostics.length > 0) return { steps: [], diagnostics };

  const inputsOf = (f: FieldSpec): string[] => [...f.constraints.derived!.dependsOn, ...compiled.get(f.name)!.expression.fields];
  const cycle = derivedCycle(fields, inputsOf);
  if (cycle) {
    const first = fields.find((f) => f.name === cycle[0])!;
    diagnostics.push(at(first, 'error', 'schema.dependency-cycle', `derived fields depend on each other in a cycle: ${cycle.join(' → ')}`));
    return { steps: [], diagnostics };
  }

  const steps: DerivedStep[] = [];
  const placed = new Set<string>();
  const place = (f: FieldSpec): void => {
    if (placed.has(f.name)) return;
    placed.add(f.name);
    for (const input of inputsOf(f)) if (compiled.has(input)) place(compiled.get(input)!.field);
    steps.push({ name: f.name, type: f.type, evaluate: compiled.get(f.name)!.expression.evaluate });
  };
  derived.forEach(place);
  return { steps, diagnostics };
}
