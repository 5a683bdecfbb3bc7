/**
 * The engine's public API. The kernel and the CLI import from here only.
 */
export * from './runtime/values/types';
export type { StreamRecord, Batch } from './runtime/record';
export { formatValue, formatScaled, formatFloat, toJson, fieldsToJson } from './runtime/values/format';
export { parseIsoTimestamp, formatTimestampMs, formatDateMs } from './runtime/values/time';
export { typeName } from './runtime/values/kinds';
export { closestName, editDistance } from './util/names';
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
// Test harness (harness spec §12): specs, runs, assertions, reports, failure analysis, %%test.
export { loadSpec, parseSpec } from './harness/spec/load-spec';
export type { SpecLoadResult } from './harness/spec/load-spec';
export type { TestSpec, QuerySpec, InputSpec, AssertionSpec, OutputSpec, SourceType } from './harness/spec/types';
export { ASSERTION_TYPES, ASSERTION_TYPE_NAMES } from './harness/spec/assertion-catalog';
export { runTests, HARNESS_VERSION } from './harness/run/run-tests';
export type { RunTestsOptions } from './harness/run/run-tests';
export type { ProgressFactory, ProgressReporter } from './harness/run/query-job';
export { generateSpec } from './harness/run/generated-spec';
export { loadAppModel } from './harness/run/app-model';
export { inferFromSample, schemaYaml } from './harness/infer-schema';
export { discoverSpec, discoverSchemasDir, discoverDataDir } from './harness/run/discovery';
export { evaluateAssertion } from './harness/assert/evaluate';
export type { AssertionResult, AssertionContext, CapturedRecord, CapturedOutput } from './harness/assert/output';
export { renderReport } from './harness/report/render';
export type { ReportFormat } from './harness/report/render';
export { reportExitCode, summarise as summariseQueries } from './harness/report/types';
export type { TestReport, QueryReport, AssertionReport, AnalysisFinding, ReportWarning, RunMode } from './harness/report/types';
export { parseAssertLines, runCellTests } from './harness/notebook';
export type { CellTestOptions, CellTestResult, AssertLineError } from './harness/notebook';
export { analyseOffline, offlineAnalyzer } from './harness/analyse/rules';
export type { FailureAnalyzer, FailedQuery } from './harness/analyse/types';
export { claudeAnalyzer, analysisPrompt, parseAnalysis } from './ai/claude-analysis';
export { DEFAULT_AI_MODEL, aiModel } from './ai/model';
export { MetricsRegistry } from './harness/metrics/registry';
