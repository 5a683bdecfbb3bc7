/**
 * ⊕X24 source declarations `CREATE STREAM|TABLE n [(cols)] WITH (…)`: the declaration's WITH
 * keys belong to `n`. An un-prefixed key applies to `n` (`topic` ≡ `'n.topic'`); a key already
 * prefixed with `n.` is kept. Shared by the validator and the query API.
 */
import type * as A from './ast';

/** The declaration's properties as `n.<key>` entries (positions kept for diagnostics). */
export function declaredProperties(statement: A.CreateSourceStatement): A.Properties {
  const name = statement.name.name;
  return {
    ...statement.properties,
    entries: statement.properties.entries.map((e) => ({ ...e, key: e.key.startsWith(`${name}.`) ? e.key : `${name}.${e.key}` })),
  };
}

/** A declaration used by `INTO n`: the same connector as a sink (`file_source` → `file_sink`). */
export function asSinkDeclaration(properties: A.Properties): A.Properties {
  return { ...properties, entries: properties.entries.map((e) => (/(^|\.)type$/.test(e.key) ? { ...e, value: e.value.replace(/_source$/, '_sink') } : e)) };
}

/** The declaration's properties without the `n.` prefix (`{type: 'file_source', path: …}`). */
export function connectorKeys(statement: A.CreateSourceStatement): Record<string, string> {
  const prefix = `${statement.name.name}.`;
  return Object.fromEntries(declaredProperties(statement).entries.map((e) => [e.key.slice(prefix.length), e.value]));
}
