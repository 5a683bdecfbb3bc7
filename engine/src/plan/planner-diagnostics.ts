/**
 * Planning diagnostics (dialect spec §14, VV3xx): semantic errors found while turning the AST
 * into a logical plan. They are values placed at the offending node's span; the planner never
 * throws at a user.
 */
import type { Span } from '../sql/ast';
import { diagnostic, type Diagnostic, type Severity } from '../sql/diagnostics';

export const PlanCodes = {
  UnknownColumn: 'VV301',
  UnknownFunction: 'VV302',
  AmbiguousColumn: 'VV303',
  /** A select alias used in WHERE (§4.5). */
  AliasInWhere: 'VV304',
  UnknownQualifier: 'VV305',
  /** Aggregate in WHERE / GROUP BY / another aggregate, window function without OVER, … */
  AggregateMisuse: 'VV306',
  OverMisuse: 'VV307',
  WrongArgumentCount: 'VV308',
  /** A query shape the planner cannot express (e.g. `*` over a source of unknown columns). */
  Unplannable: 'VV309',
  /** Subquery FROM names a stream (§9.1). */
  SubquerySource: 'VV310',
  UnknownSource: 'VV311',
  /** ORDER BY of an aggregate query names something that is not an output column. */
  OrderByNotInOutput: 'VV312',
  /** Statement kinds a query runtime does not execute (jobs, SHOW, DESCRIBE). */
  NotQuery: 'VV313',
} as const;

export function planDiagnostic(
  code: string,
  message: string,
  span: Span,
  options: { hint?: string; token?: string; severity?: Severity } = {},
): Diagnostic {
  return diagnostic({ code, message, span, hint: options.hint ?? '', token: options.token ?? '', severity: options.severity ?? 'error' });
}
