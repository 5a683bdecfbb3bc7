/**
 * Function calls (dialect spec §7.3, §11): unknown names, argument counts, DISTINCT and
 * WITHIN GROUP, OVER misuse, and aggregates where rows are not yet grouped. Metadata comes from
 * the runtime's function catalogue; nothing about functions is restated here.
 */
import type * as A from '../ast';
import { allFunctions, lookupFunction } from '../../types/functions/catalogue';
import type { CatalogueFunction } from '../../types/functions/types';
import { V } from './codes';
import type { Reporter } from './context';
import { didYouMean } from './suggest';
import { Clause, clauseExprs, walk } from '../walk';

/** Clauses evaluated per input row, before any grouping. */
const ROW_CLAUSES: ReadonlySet<Clause> = new Set(['WHERE', 'ON', 'GROUP BY', 'WINDOW']);

const ROW_CLAUSE_HINTS: Record<string, string> = {
  WHERE: 'WHERE filters input rows before aggregation; move the condition to HAVING',
  ON: 'join conditions compare row values; aggregate in a separate CREATE STREAM first',
  'GROUP BY': 'group by input expressions; aggregates belong in the select list or HAVING',
  WINDOW: 'window arguments are row values',
};

/** Names other SQL dialects use for functions this one spells differently. */
const OTHER_DIALECTS: Record<string, string> = {
  AVERAGE: 'AVG',
  SUBSTR: 'SUBSTRING',
  CHAR_LENGTH: 'LENGTH',
  CHARACTER_LENGTH: 'LENGTH',
  IFNULL: 'COALESCE',
  NVL: 'COALESCE',
  ISNULL: 'COALESCE',
  STDEV: 'STDDEV',
  ARRAY_AGG: 'LISTAGG',
  DATE_PART: 'EXTRACT',
  TO_TIMESTAMP: 'FROM_UNIXTIME',
  CURRENT_TIME: 'NOW',
};

let names: string[] | undefined;
function functionNames(): string[] {
  names ??= allFunctions().flatMap((f) => [f.name, ...f.aliases]);
  return names;
}

let overNames: string | undefined;
function functionsAllowedWithOver(): string {
  overNames ??= allFunctions().filter((f) => f.allowedWithOver).map((f) => f.name).join(', ');
  return overNames;
}

/** True for a call that aggregates rows of a group (an aggregate not running under OVER). */
export function isGroupAggregate(e: A.Expr): boolean {
  return e.kind === 'FunctionCall' && !e.over && lookupFunction(e.upperName)?.kind === 'aggregate';
}

/** Whether `e` contains a group aggregate (not looking into subqueries). */
export function containsAggregate(e: A.Expr): boolean {
  let found = false;
  walk(e, (x) => {
    if (found) return false;
    if (isGroupAggregate(x)) found = true;
    return !found;
  });
  return found;
}

export function checkFunctions(select: A.Select, reporter: Reporter): void {
  for (const { clause, expr } of clauseExprs(select)) {
    walk(expr, (e) => {
      if (e.kind !== 'FunctionCall') return;
      const info = lookupFunction(e.upperName);
      if (!info) return unknownFunction(e, reporter);
      checkCall(e, info, reporter);
      if (info.kind !== 'aggregate' || e.over) return;
      if (ROW_CLAUSES.has(clause)) {
        reporter.report(V.AggregateNotAllowed, {
          message: `aggregate ${e.upperName} is not allowed in ${clause}`,
          span: e.span,
          token: e.name,
          hint: ROW_CLAUSE_HINTS[clause],
        });
        return false;
      }
      nestedAggregates(e, reporter);
    });
  }
}

function unknownFunction(call: A.FunctionCall, reporter: Reporter): false {
  reporter.report(V.UnknownFunction, {
    message: `unknown function ${call.name}`,
    span: call.nameSpan,
    token: call.name,
    hint: OTHER_DIALECTS[call.upperName]
      ? `did you mean ${OTHER_DIALECTS[call.upperName]}?`
      : didYouMean(call.upperName, functionNames(), 'SHOW FUNCTIONS lists every function this engine knows'),
  });
  return false;
}

/** ⊕X5 aggregates that take DISTINCT: COUNT and SUM, and the list aggregates the documentation writes it in. */
const DISTINCT_AGGREGATES = new Set(['COUNT', 'SUM', 'STRING_AGG', 'LISTAGG']);

function checkCall(call: A.FunctionCall, info: CatalogueFunction, reporter: Reporter): void {
  const at = { span: call.nameSpan, token: call.name };
  if (call.star && info.name !== 'COUNT') {
    reporter.report(V.ArgumentCount, { ...at, message: `${call.upperName}(*) is not allowed`, hint: `only COUNT takes *; usage: ${info.signature}` });
  } else if (call.args.length < info.minArgs || call.args.length > info.maxArgs) {
    reporter.report(V.ArgumentCount, {
      ...at,
      message: `${call.upperName} takes ${arity(info)}, got ${call.args.length}`,
      hint: `usage: ${info.signature}`,
    });
  }
  if (call.distinct && !DISTINCT_AGGREGATES.has(info.name)) {
    reporter.report(V.UnexpectedDistinct, { ...at, message: `DISTINCT is not supported inside ${call.upperName}`, hint: 'only COUNT, SUM, STRING_AGG and LISTAGG take DISTINCT' });
  }
  const needsWithinGroup = info.kind === 'aggregate' && info.withinGroup;
  if (needsWithinGroup && !call.withinGroup) {
    reporter.report(V.MissingWithinGroup, {
      ...at,
      message: `${call.upperName} needs WITHIN GROUP (ORDER BY <column>)`,
      hint: `write ${call.upperName}(0.5) WITHIN GROUP (ORDER BY price): without it there is no column to rank`,
    });
  } else if (!needsWithinGroup && call.withinGroup) {
    reporter.report(V.UnexpectedWithinGroup, { ...at, message: `${call.upperName} does not take WITHIN GROUP`, hint: 'only PERCENTILE_CONT and PERCENTILE_DISC take WITHIN GROUP' });
  }
  if (call.over && !info.allowedWithOver) {
    reporter.report(V.NotAllowedWithOver, {
      ...at,
      message: `${call.upperName} cannot be used with OVER`,
      hint: `OVER works with ${functionsAllowedWithOver()}`,
    });
  } else if (info.kind === 'window' && !call.over) {
    reporter.report(V.WindowFunctionWithoutOver, {
      ...at,
      message: `${call.upperName} needs an OVER clause`,
      hint: `write ${call.upperName}(…) OVER (PARTITION BY … ORDER BY …)`,
    });
  }
}

function arity(info: CatalogueFunction): string {
  const plural = (n: number) => `${n} argument${n === 1 ? '' : 's'}`;
  if (info.minArgs === info.maxArgs) return plural(info.minArgs);
  if (info.maxArgs === Infinity) return `at least ${plural(info.minArgs)}`;
  return `${info.minArgs} to ${plural(info.maxArgs)}`;
}

function nestedAggregates(outer: A.FunctionCall, reporter: Reporter): void {
  for (const arg of outer.args) {
    walk(arg, (e) => {
      if (e.kind !== 'FunctionCall' || !isGroupAggregate(e)) return;
      reporter.report(V.NestedAggregate, {
        message: `aggregate ${e.upperName} inside ${outer.upperName}`,
        span: e.span,
        token: e.name,
        hint: 'aggregates cannot nest; compute the inner one in an upstream CREATE STREAM',
      });
      return false;
    });
  }
}
