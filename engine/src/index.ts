/**
 * The engine's public API: the kernel, the CLIs' users and the benchmarks import from here only.
 * Named exports, grouped by layer; `engine/README.md` describes each group. Anything not listed
 * is internal and may change without notice.
 */

import type * as Ast from './sql/ast';

// --- Values and functions (types/): the value model every result is made of --------------------
export { Scaled, Timestamp, SqlDate, Interval, Struct } from './types/values/types';
export type { Value, SqlType } from './types/values/types';
export type { StreamRecord, Batch } from './types/record';
export { withColumns, KeyDictionary } from './types/columns';
export { formatValue, formatScaled, formatFloat, toJson, fieldsToJson } from './types/values/format';
export { parseIsoTimestamp, formatTimestampMs, formatDateMs } from './types/values/time';
export { typeName } from './types/values/kinds';
export { ValueError, type ValueErrorCode } from './types/values/errors';
export { castValue, castTargetOf, CAST_TYPE_NAMES, type CastTarget } from './types/values/cast';
export { closestName, editDistance } from './types/names';
export { lookupFunction, allFunctions } from './types/functions/catalogue';
export type {
  FunctionInfo,
  FunctionKind,
  ScalarFunction,
  AggregateFunction,
  WindowFunction,
  CatalogueFunction,
  Accumulator,
  EvalContext,
} from './types/functions/types';

// --- SQL text (sql/): parse, validate, format, annotations --------------------------------------
export { parse, Codes as DiagnosticCodes } from './sql';
export type { Diagnostic, Severity } from './sql';
/** The SQL syntax tree's types as one namespace: `Ast.Select`, `Ast.Expr`, … */
export type { Ast };
export type { ParseResult, Statement, Span, Position } from './sql/ast';
export { validateSql as validate, engineValidationRegistry, type EngineValidateOptions as ValidateOptions } from './harness/validate-sql';
export type { ValidationRegistry } from './sql/validator/registry';
export { V as ValidationCodes, type CodeInfo } from './sql/validator/codes';
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

// --- Plans (plan/): what a statement will produce, without its nodes ---------------------------
export { describeResult } from './plan/describe';
export type { ResultDescription, ResultColumnInfo, ResultWindow, ColumnRole, DisplayMode } from './plan/describe';
export { explain } from './plan/explain';
export type { LogicalPlan, PlanColumn, EmitMode } from './plan/logical';

// --- Running queries (api/, runtime/): the catalog, startQuery, runApp --------------------------
export { Catalog, startQuery, startStatement, prepareStatement, runPrepared, runApp, declareSource, planStatement, NO_FROM_SOURCE, PlanCodes } from './api';
export { answerIntrospection, answeredByHost, createStatementText, healthListing, SOURCE_HEALTH_COLUMNS } from './api';
export type {
  CatalogColumn,
  CatalogObject,
  CatalogJSON,
  SourceDeclaration,
  StartQueryOptions,
  QueryHandle,
  QuerySummary,
  QueryProgressSnapshot,
  PreparedStatement,
  RunAppOptions,
  AppResult,
  AppProblem,
  AppAnswer,
  Listing,
  HostedStatement,
  SourceHealth,
  SourceState,
  StatementRun,
  StatementResult,
  InjectedSource,
  SourceSupply,
  EngineError,
  PlannedStatement,
  PlannedKind,
  PlanResult,
  PlannerContext,
  SourceInfo,
} from './api';
export type { QueryProgress, QueryOutcome, QueryStatus } from './runtime/query';
export { QueryError, type QueryErrorCode } from './runtime/errors';

// --- Connectors (connectors/): sources and sinks, WITH properties, formats, topics --------------
export {
  BaseSource,
  DEFAULT_BATCH_SIZE,
  systemClockContext,
  ConnectorFailure,
  describeProblem,
  StatementProperties,
  ObjectProperties,
  ConnectorRegistry,
  KNOWN_TYPES,
  createConnectorRegistry,
  inferCell,
  CsvDecoder,
  parseCsv,
  CsvEncoder,
  parseJson,
  FileSource,
  FileSink,
  MemoryStore,
  MemorySource,
  MemorySink,
  TopicStore,
  TopicSource,
  TopicSink,
  topicStoreFactories,
  jsonCodec,
  partitionForKey,
  kafkaFactories,
  listKafkaTopics,
  sampleKafkaSource,
  sampleKafkaTopic,
  KafkaInspectError,
  parseKafkaUri,
  KAFKA_BOOTSTRAP_ENV,
} from './connectors';
export type {
  Source,
  Sink,
  ConnectorContext,
  SourceOptions,
  ConnectorError,
  ConnectorErrorCode,
  ConnectorProblem,
  Result,
  ObjectRole,
  PropertyList,
  PropertyDiagnostic,
  Env,
  SourceFactory,
  SinkFactory,
  BuiltinConnectorOptions,
  Row,
  CsvDecodeOptions,
  CsvProblem,
  TopicMessage,
  OutgoingMessage,
  MessageCodec,
  KafkaFactoryOptions,
  KafkaTopicInfo,
  KafkaSample,
  KafkaUri,
} from './connectors';

// --- Synthetic data (harness/generator/): schemas and seeded records ----------------------------
export {
  loadSchema,
  parseSchema,
  loadSchemaDirectory,
  parseDataHints,
  createGenerator,
  generateRecords,
  formatSchemaDiagnostic,
  hasSchemaErrors,
  parseTimeSpec,
  DEFAULT_RUN_NOW_MS,
  DEFAULT_RUN_SEED,
} from './harness/generator';
export type {
  DataSchema,
  DataFieldSpec,
  DataFieldType,
  DataFieldConstraints,
  DataDistribution,
  TimeSimulation,
  GeneratorOptions,
  RecordGenerator,
  SchemaLoadResult,
  SchemaDirectory,
  SchemaDiagnostic,
  DataHintsResult,
  TimeSpec,
} from './harness/generator';

// --- Test harness (harness/): specs, runs, assertions, reports, %%test -------------------------
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
export { reportExitCode, summarise as summariseQueries, assertionOutcome } from './harness/report/types';
export type { TestReport, QueryReport, AssertionReport, AssertionOutcome, AnalysisFinding, ReportWarning, RunMode } from './harness/report/types';
export { parseAssertLines, runCellTests } from './harness/notebook';
export type { CellTestOptions, CellTestResult, AssertLineError } from './harness/notebook';
export { analyseOffline, offlineAnalyzer } from './harness/analyse/rules';
export type { FailureAnalyzer, FailedQuery } from './harness/analyse/types';
export { MetricsRegistry } from './harness/metrics/registry';

// --- AI (ai/): failure analysis through Claude ---------------------------------------------------
export { claudeAnalyzer, analysisPrompt, parseAnalysis } from './ai/claude-analysis';
export { DEFAULT_AI_MODEL, aiModel } from './ai/model';
export { defaultAnalyzers } from './ai/analyzers';

// --- AI (ai/): natural language → SQL (kernel spec §4.5) and app generation -------------------------
// The offline semantic parser or Claude behind one interface, validated against the catalog; app
// templates mapped onto the user's schema; schema inference from samples; a local Messages-API
// server that tests drive the real SDK against.
export { nlToSql, offlineEngine, offlineResult, chooseNlEngine } from './ai/nl/nl-to-sql';
export type { NlContext, NlResult, NlEngine, NlEngineName, EngineChoice } from './ai/nl/nl-to-sql';
export { claudeEngine, NL_SYSTEM_PROMPT } from './ai/nl/claude-nl';
export { catalogFromSchemas, catalogFromEngine, describeCatalog } from './ai/nl/catalog';
export type { NlCatalog, NlSource, NlColumn } from './ai/nl/catalog';
export { checkSql as checkNlSql } from './ai/nl/validate-sql';
export { AiError } from './ai/errors';
export { fakeMessagesServer } from './ai/fake-messages-server';
export type { FakeMessagesServer, ScriptedReply, SeenRequest } from './ai/fake-messages-server';
export { generateApp } from './ai/app/generate-app';
export { appChoiceFor, claudeAppChoice, APP_SYSTEM_PROMPT } from './ai/app/claude-app';
export type { AppChoice } from './ai/app/claude-app';
export type { GeneratedApp, AppOutcome } from './ai/app/generate-app';
export { writeApp } from './ai/app/write-app';
export { TEMPLATES as APP_TEMPLATES } from './ai/app/templates';
export { schemaFromSample } from './ai/nl/sample-schema';

// --- AI (ai/assist/): inline completion (kernel spec §6.2) --------------------------------------
// The offline completer or Claude behind one interface; every answer checked by the validator and
// cut back to what keeps the cell no worse.
export { offlineCompleter, chooseCompleter } from './ai/assist/completer';
export type { Completer, AssistRequest, AssistContext, AssistOptions, AssistAnswer, AssistEngineName } from './ai/assist/completer';
export { claudeCompleter, ASSIST_SYSTEM_PROMPT } from './ai/assist/claude-completer';
export { offlineComplete } from './ai/assist/offline-completer';
export { fitInsertion, cleanModelText } from './ai/assist/insertion';

// Deployment (deploy spec): the package of an app, the job runner's client, metrics.
export { buildDeployment, DeploymentError, parseDeployOptions, testSpecYaml, jobName as deployedJobName } from './serve/deployment';
export type { Deployment, DeploymentInput, DeployOptions, JobSummary, PassedTest } from './serve/deployment';
export { RunnerClient, RunnerCallError, defaultStateDir, ensureLocalRunner, readRunnerInfo } from './serve/client';
export type { RunnerInfo } from './serve/client';
export type { YamlAlert } from './observe/alerts';
