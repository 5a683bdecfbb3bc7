/**
 * Every code the validator reports (dialect spec §14), with its severity and a one-line title.
 * The table in `engine/src/sql/README.md` lists the same entries; VV35x/VW55x come from the
 * connector property checks (`connectors/properties/types.ts`) and are placed in the text here.
 */
import type { Severity } from '../diagnostics';

export interface CodeInfo {
  code: string;
  severity: Severity;
  title: string;
}

function code(code: string, severity: Severity, title: string): CodeInfo {
  return { code, severity, title };
}

export const V = {
  // VV3xx — validation
  UnknownFunction: code('VV301', 'error', 'unknown function'),
  ArgumentCount: code('VV302', 'error', 'wrong number of arguments'),
  AggregateNotAllowed: code('VV303', 'error', 'aggregate in WHERE, ON, GROUP BY or a window argument'),
  NotAllowedWithOver: code('VV304', 'error', 'function cannot be used with OVER (§7.3)'),
  WindowFunctionWithoutOver: code('VV305', 'error', 'ranking/offset function without OVER'),
  MissingWithinGroup: code('VV306', 'error', 'PERCENTILE_CONT/PERCENTILE_DISC without WITHIN GROUP (D8)'),
  UnexpectedWithinGroup: code('VV307', 'error', 'WITHIN GROUP on a function that takes none'),
  UnexpectedDistinct: code('VV308', 'error', 'DISTINCT inside a call other than COUNT or SUM'),
  NestedAggregate: code('VV309', 'error', 'aggregate inside another aggregate'),
  UnknownColumn: code('VV310', 'error', 'unknown column (schema known)'),
  UnknownQualifier: code('VV311', 'error', 'qualifier names no source or alias of the query'),
  AliasInWhere: code('VV312', 'error', 'select alias used in WHERE'),
  SubquerySourceNotTable: code('VV313', 'error', 'subquery source is a stream, not a table'),
  CteInSubquery: code('VV314', 'error', 'CTE name used inside a subquery'),
  // VV35x — WITH properties (codes shared with connectors/validation.ts)
  MissingType: code('VV350', 'error', "source or sink without '<name>.type'"),
  ConnectorNotAvailable: code('VV351', 'error', 'unknown or unavailable connector type'),
  RequiredVariable: code('VV352', 'error', '${VAR:?message} with VAR unset'),
  ConfigFile: code('VV353', 'error', 'config file missing, invalid or cyclic'),
  GenericOutputType: code('VV354', 'error', "generic 'output.type'"),
  InvalidProperty: code('VV355', 'error', 'invalid property value'),

  // VA4xx — annotations
  UnknownAnnotation: code('VA401', 'warning', 'unknown annotation key (ignored)'),
  InvalidAnnotationValue: code('VA402', 'warning', 'invalid annotation value (annotation ignored)'),
  HashInValue: code('VA403', 'warning', "'#' text inside a structured annotation value"),
  OrphanAnnotation: code('VA404', 'warning', 'block key without its @metric/@alert/@viz line'),
  BadMetricName: code('VA410', 'error', 'metric name does not match [a-zA-Z_:][a-zA-Z0-9_:]*'),
  BadMetricType: code('VA411', 'error', 'metric type not counter, gauge or histogram'),
  MissingMetricType: code('VA412', 'warning', '@metric without @metric_type: counter assumed (D5)'),
  MissingMetricField: code('VA413', 'error', 'gauge or histogram without @metric_field'),
  BadMetricBuckets: code('VA414', 'error', 'buckets not numbers, not > 0 or not strictly ascending'),
  BadSampleRate: code('VA415', 'error', 'sample rate outside 0.0–1.0'),
  BadMetricCondition: code('VA416', 'error', '@metric_condition is not an expression'),
  MetricIgnored: code('VA417', 'warning', 'metric annotations outside CREATE STREAM are ignored'),
  UnknownMetricColumn: code('VA418', 'warning', 'metric field or label names no output column'),
  BadAlertCondition: code('VA420', 'error', '@alert is not a boolean expression'),
  BadAlertFor: code('VA421', 'error', '@alert_for is not a simple duration'),
  BadAlertSeverity: code('VA422', 'error', '@alert_severity not critical, warning or info'),
  BadVizKind: code('VA423', 'error', 'unknown @viz kind'),
  BadVizOption: code('VA424', 'error', 'malformed @viz option'),
  BadAssert: code('VA425', 'error', '@assert line not in the shorthand grammar'),
  UnknownAnnotationColumn: code('VA426', 'error', 'unknown column in a ★ annotation (output schema known)'),
  DataHint: code('VA430', 'error', '@data.* hint problem (severity as reported)'),

  // VW5xx — warnings
  NotPrecedence: code('VW501', 'warning', 'NOT binds to the next operand only'),
  GroupByLiteral: code('VW502', 'warning', 'GROUP BY a literal (not a position)'),
  UnaliasedComputed: code('VW503', 'warning', 'computed column without alias'),
  OrderByWithoutWindow: code('VW504', 'warning', 'ORDER BY without WINDOW'),
  EmitFinalWithoutWindow: code('VW505', 'warning', 'EMIT FINAL without WINDOW'),
  UngroupedColumn: code('VW506', 'warning', 'non-aggregated column not in GROUP BY'),
  WindowWithoutEventTime: code('VW507', 'warning', 'windowed query over files without event time'),
  DoubleQuotedItem: code('VW508', 'warning', 'double-quoted select item is a string literal'),
  IgnoredPrimaryKey: code('VW509', 'warning', 'PRIMARY KEY on an unaliased computed item is ignored'),
  DefaultJoinBound: code('VW510', 'info', 'stream–stream join without WITHIN or BETWEEN bound'),
  MissingExtendsTarget: code('VW550', 'warning', 'config file extends a missing file'),
  IgnoredProperty: code('VW551', 'warning', 'property ignored by the reference'),
  UnsetVariable: code('VW552', 'warning', '${VAR} unset (replaced by empty text)'),
  PartitionKeyMismatch: code('VW560', 'warning', 'deployed stateful job: Kafka source not keyed by its GROUP BY / join key'),

  // VP — portability (option portable / portability: "velostream")
  MissingApplicationHeader: code('VP-APP', 'warning', "no '-- SQL Application:' header line"),
} as const;

export type CodeName = keyof typeof V;

/** The entry for a code (property diagnostics arrive with a code only). */
export function codeInfo(code: string): CodeInfo | undefined {
  return Object.values(V).find((c) => c.code === code);
}
