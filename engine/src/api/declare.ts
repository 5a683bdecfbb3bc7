/**
 * ⊕X24 running a source declaration: `CREATE STREAM|TABLE n [(cols)] WITH (…)` registers `n`
 * in the catalog as an external source with its connector properties, so later statements read
 * it by name (and write it, for `INTO n`), as if the host had declared it.
 */
import type * as A from '../sql/ast';
import { connectorKeys } from '../sql/declarations';
import { declaredType } from '../plan/planner-types';
import type { Catalog, CatalogObject } from './catalog';

export function declareSource(statement: A.CreateSourceStatement, catalog: Catalog): CatalogObject {
  return catalog.addSource(statement.name.name, {
    table: statement.objectType === 'TABLE',
    columns: statement.columns?.map((c) => ({ name: c.name.name, type: declaredType(c.type) })) ?? null,
    properties: connectorKeys(statement),
    sql: statement.text,
  });
}
