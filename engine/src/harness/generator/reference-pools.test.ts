import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateRecords } from './generator';
import { parseSchema } from './load-schema';
import { referencesFromFiles, referencesFromRegistry } from './reference-pools';
import { firstAvailable, referencesFromRecords } from './references';
import type { Schema } from './schema';

function schema(yaml: string, file = 's.yaml'): Schema {
  const { schema: s, diagnostics } = parseSchema(yaml, file);
  if (!s) throw new Error(JSON.stringify(diagnostics));
  return s;
}

describe('reference pools', () => {
  it('reads a column of a CSV file named by references.file, relative to the schema', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refs-'));
    fs.writeFileSync(path.join(dir, 'customers.csv'), 'id,name\nC1,Ann\nC2,Bob\nC1,Ann again\n');
    const orders = schema(
      'name: orders\nfields:\n  - {name: customer, type: string, constraints: {references: {schema: customers, field: id, file: customers.csv}}}\n',
      path.join(dir, 'orders.schema.yaml'),
    );
    const { records, diagnostics } = generateRecords(orders, { records: 200, resolveReference: referencesFromFiles() });
    expect(diagnostics).toEqual([]);
    expect(new Set(records.map((r) => r.fields.customer))).toEqual(new Set(['C1', 'C2']));
  });

  it('generates a referenced registry schema on its own stream and draws from its values', () => {
    const customers = schema('name: customers\nrecord_count: 3\nfields:\n  - {name: id, type: integer, constraints: {range: {min: 1, max: 1000000}}}\n');
    const orders = schema('name: orders\nfields:\n  - {name: customer, type: integer, constraints: {references: {schema: customers, field: id}}}\n');
    const registry = new Map([['customers', customers], ['orders', orders]]);
    const ids = generateRecords(customers, { records: 3, source: 'customers', streamTag: 'ref:customers', timeSimulation: null }).records.map(
      (r) => r.fields.id,
    );
    const { records } = generateRecords(orders, { records: 300, resolveReference: referencesFromRegistry(registry, {}) });
    expect(new Set(records.map((r) => r.fields.customer))).toEqual(new Set(ids));
  });

  it('prefers the first resolver with data and yields placeholders for a reference cycle', () => {
    const a = schema('name: a\nfields:\n  - {name: x, type: string, constraints: {references: {schema: b, field: y}}}\n');
    const b = schema('name: b\nfields:\n  - {name: y, type: string, constraints: {references: {schema: a, field: x}}}\n');
    const registry = new Map([['a', a], ['b', b]]);
    const fromInputs = referencesFromRecords(new Map([['b', [{ y: 'from-input' }]]]));
    const preferred = generateRecords(a, { records: 5, resolveReference: firstAvailable(fromInputs, referencesFromRegistry(registry, {})) });
    expect(preferred.records.map((r) => r.fields.x)).toEqual(Array(5).fill('from-input'));
    // a → b → a → b: the innermost b, already being generated, has no pool and gets placeholders.
    const cyclic = generateRecords(a, { records: 5, resolveReference: referencesFromRegistry(registry, {}) });
    expect(cyclic.records.every((r) => /^REF_B_\d+$/.test(r.fields.x as string))).toBe(true);
  });
});
