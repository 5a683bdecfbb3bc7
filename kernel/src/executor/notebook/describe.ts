/**
 * Describing a source (`%describe`, `DESCRIBE n`, the catalog comm's `describe`): columns with
 * type, nullability and role, the binding, and sample rows from its seeded data.
 */
import type { Value } from '@velostream/engine';
import { cellText } from '../../display/values';
import { cellError, type CellError } from '../errors';
import type { Notebook, SourceListing } from './notebook';
import { boundedRecords } from './synthetic';
import { isCellError } from '../errors';

export interface DescribedColumn {
  name: string;
  type: string;
  nullable: boolean;
  role: string;
}

export interface Description {
  source: SourceListing;
  columns: DescribedColumn[];
  /** Sample rows as payload objects (seeded synthetic or generated data), may be empty. */
  sample: Record<string, Value>[];
}

export function describeSource(notebook: Notebook, name: string, sample: number): Description | CellError {
  const source = notebook.source(name);
  if (!source)
    return cellError('SqlValidationError', `unknown source '${name}'`, {
      hint: `known sources: ${notebook.sources().map((s) => s.name).join(', ') || 'none yet (define one with %%schema NAME)'}`,
    });
  const schema = notebook.schema(name);
  const nullable = new Map(schema?.fields.map((f) => [f.name, f.nullProbability > 0]) ?? []);
  const keyField = schema?.keyField;
  const decimals = new Map(
    schema?.fields.flatMap((f) => (f.type.kind === 'decimal' ? [[f.name, f.type.precision] as const] : [])) ?? [],
  );
  const columns = source.columns.map((c) => ({
    name: c.name,
    type: decimals.has(c.name) ? `DECIMAL(${decimals.get(c.name)})` : c.type.toUpperCase(),
    nullable: nullable.get(c.name) ?? true,
    role: c.name === keyField ? 'key' : 'value',
  }));
  return { source, columns, sample: sampleRows(notebook, name, sample) };
}

function sampleRows(notebook: Notebook, name: string, count: number): Record<string, Value>[] {
  if (count <= 0) return [];
  const binding = notebook.binding(name);
  if (binding?.kind === 'generated') return binding.records.slice(0, count).map((r) => r.fields);
  const schema = notebook.schema(name);
  if (!schema) return [];
  const records = boundedRecords(schema, count, notebook.settings.values.seed);
  return isCellError(records) ? [] : records.map((r) => r.fields);
}

/** Plain text of a sample row value (for JSON answers on the comm). */
export function sampleText(value: Value): string {
  return cellText(value);
}
