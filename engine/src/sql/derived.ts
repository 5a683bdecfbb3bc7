/**
 * ⊕X23 derived tables as CTEs: `FROM (SELECT …) a` means a CTE named `a` scoped to the
 * statement (spec §2). The validator and the planner read the rewritten query, so a derived
 * table gets the CTE's checks, plan and runtime; the formatter keeps the form as written.
 */
import type * as A from './ast';

/** `query` with every derived table in FROM/JOIN (at any depth) hoisted into its CTE list. */
export function withDerivedAsCtes(query: A.Query): A.Query {
  if (!JSON.stringify(query, skipBigint).includes('"DerivedSource"')) return query;
  const hoisted: A.CommonTableExpression[] = [];
  let unnamed = 0;
  const rewriteQuery = (q: A.Query): A.QueryBody => {
    for (const cte of q.ctes) hoisted.push({ ...cte, body: rewriteBody(cte.body) });
    return rewriteBody(q.body);
  };
  const rewriteBody = (body: A.QueryBody): A.QueryBody =>
    body.kind === 'Union' ? { ...body, left: rewriteBody(body.left), right: rewriteSelect(body.right) } : rewriteSelect(body);
  const rewriteSource = (source: A.Source): A.Source => {
    if (source.kind !== 'DerivedSource') return source;
    const body = rewriteQuery(source.query);
    const name: A.Identifier = source.alias ?? { kind: 'Identifier', name: `derived_${++unnamed}`, span: source.span };
    hoisted.push({ kind: 'Cte', name, body, span: source.span });
    return { kind: 'NamedSource', name, aliasWithAs: false, span: source.span };
  };
  const rewriteSelect = (select: A.Select): A.Select => ({
    ...select,
    from: select.from && rewriteSource(select.from),
    joins: select.joins.map((j) => ({ ...j, source: rewriteSource(j.source) })),
  });
  const body = rewriteQuery({ ...query, ctes: query.ctes });
  return { ...query, ctes: hoisted, body };
}

function skipBigint(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
