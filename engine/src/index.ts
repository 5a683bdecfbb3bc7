/**
 * The engine's public API. The kernel and the CLI import from here only.
 */
export * from './runtime/values/types';
export type { StreamRecord, Batch } from './runtime/record';
export { formatValue, formatScaled, formatFloat, toJson, fieldsToJson } from './runtime/values/format';
export { parseIsoTimestamp, formatTimestampMs, formatDateMs } from './runtime/values/time';
export * from './plan/logical';
export * from './harness/generator';
export * from './connectors';
export { parse, Codes as DiagnosticCodes } from './sql';
export type { Diagnostic, Severity } from './sql';
/** The SQL syntax tree; `Ast.Select`, `Ast.Expr`, … (names like WindowSpec also exist in the plan). */
export type * as Ast from './sql/ast';
export type { ParseResult, Statement, Span, Position } from './sql/ast';
export { lookupFunction, allFunctions } from './runtime/functions/catalogue';
export type {
  FunctionInfo,
  FunctionKind,
  ScalarFunction,
  AggregateFunction,
  WindowFunction,
  CatalogueFunction,
  Accumulator,
  EvalContext,
} from './runtime/functions/types';
export { ValueError, type ValueErrorCode } from './runtime/values/errors';
export { castValue, castTargetOf, CAST_TYPE_NAMES, type CastTarget } from './runtime/values/cast';
export * from './api';
export * as PlanBuild from './plan/build';
export { runQuery, type RunningQuery, type QueryProgress, type QueryOutcome, type QueryStatus } from './runtime/query';
export { buildPipeline, type Pipeline, type PipelineInput, type RuntimeOptions } from './runtime/physical';
export type { Operator, QueryCounters } from './runtime/operators/operator';
export type { OutputRecordHook } from './runtime/operators/shaping';
export { QueryError, type QueryErrorCode } from './runtime/errors';
export { validate, type ValidateOptions } from './sql/validator';
export { format as formatSql } from './sql/formatter';
export { readAnnotations, parseExpression, DEFAULT_BUCKETS } from './sql/annotationModel';
export type {
  AnnotationModel,
  ApplicationAnnotations,
  ObservabilitySettings,
  StatementAnnotations,
  JobAnnotations,
  MetricAnnotation,
  MetricType,
  AlertAnnotation,
  AlertSeverity,
  VizAnnotation,
  VizKind,
  AssertAnnotation,
  ParsedExpression,
} from './sql/annotationModel';
export { parseAssertShorthand, type HarnessAssertion, type ShorthandResult } from './sql/assertShorthand';
export { V as ValidationCodes, type CodeInfo } from './sql/validator/codes';
