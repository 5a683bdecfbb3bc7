/** The engine's query API: catalog, planning, running statements and applications. */
export { Catalog } from './catalog';
export type { CatalogColumn, CatalogObject, CatalogJSON, SourceDeclaration } from './catalog';
export { startQuery, startStatement, prepareStatement, runPrepared } from './query';
export type { StartQueryOptions, QueryHandle, QuerySummary, QueryProgressSnapshot, PreparedStatement } from './query';
export { runApp } from './app';
export { declareSource } from './declare';
export type { RunAppOptions, AppResult, AppProblem, AppAnswer, StatementRun, StatementResult } from './app';
export { answerIntrospection, answeredByHost, createStatementText, healthListing, SOURCE_HEALTH_COLUMNS } from './introspect';
export type { Listing, HostedStatement } from './introspect';
export type { SourceHealth, SourceState } from './source-health';
export type { InjectedSource, SourceSupply } from './sources';
export type { EngineError } from './errors';
export { planStatement, NO_FROM_SOURCE } from '../plan/planner';
export type { PlannedStatement, PlannedCte, PlannedKind, PlanResult, PlannerContext, SourceInfo } from '../plan/planner';
export { isCorrelatedColumn, OUTER_QUALIFIER_PREFIX } from '../plan/planner-scope';
export { PlanCodes } from '../plan/planner-diagnostics';
