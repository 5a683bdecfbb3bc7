/**
 * Reference pools a run can offer without the SQL application (harness spec §5.7 steps 1 and
 * 4): column F of `references.file`, and registry schema S generated on its own `ref:S` stream
 * with its `record_count` (never published). The runner puts its inputs and the application's
 * file sources and tables (steps 2 and 3) in front with `firstAvailable`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseCsv } from '../../connectors/formats/csv-decoder';
import { parseJson } from '../../connectors/formats/json';
import type { Value } from '../../types/values/types';
import { createGenerator, type GeneratorOptions } from './generator';
import type { ReferenceResolver, ReferenceTarget } from './references';
import type { Schema } from './schema';

/** Column `field` of a CSV / JSON / JSON Lines file (format by extension), or undefined. */
export function referencesFromFiles(): ReferenceResolver {
  const cache = new Map<string, Record<string, Value>[] | null>();
  return ({ file, field }) => {
    if (file === undefined) return undefined;
    if (!cache.has(file)) cache.set(file, readRows(file));
    const rows = cache.get(file);
    return rows && rows.length > 0 && field in rows[0] ? rows.map((r) => r[field]) : undefined;
  };
}

function readRows(file: string): Record<string, Value>[] | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const ext = path.extname(file).toLowerCase();
  return ext === '.json' || ext === '.jsonl' || ext === '.ndjson' ? parseJson(text).rows : parseCsv(text).rows;
}

/**
 * Generates referenced registry schemas on demand, once each, on the stream `ref:<schema>` of
 * the run's seed and anchor. A schema referencing itself through others yields no pool.
 */
export function referencesFromRegistry(
  registry: ReadonlyMap<string, Schema>,
  run: Pick<GeneratorOptions, 'seed' | 'nowMs' | 'query'>,
): ReferenceResolver {
  const generated = new Map<string, Record<string, Value>[]>();
  const inProgress = new Set<string>();
  const resolve = ({ schema: name, field }: ReferenceTarget): readonly Value[] | undefined => {
    const schema = registry.get(name);
    if (!schema || !schema.fields.some((f) => f.name === field) || inProgress.has(name)) return undefined;
    if (!generated.has(name)) {
      inProgress.add(name);
      const { generator } = createGenerator(schema, {
        ...run,
        source: name,
        streamTag: `ref:${name}`,
        resolveReference: resolve,
        timeSimulation: null,
      });
      inProgress.delete(name);
      generated.set(name, generator ? generator.nextFields() : []);
    }
    return generated.get(name)!.map((r) => r[field]);
  };
  return resolve;
}
