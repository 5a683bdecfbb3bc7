/**
 * What the validator must know about the layers above it, handed in by its caller as data: how
 * the connector layer reads a statement's WITH lists, and the test harness's grammar of `@data.*`
 * hints. The validator imports neither layer; a check whose knowledge is absent is not made.
 */

/** Environment for `${VAR}` in WITH values. */
export type Env = Readonly<Record<string, string | undefined>>;

export interface ValidationRegistry {
  /** WITH properties of one statement (dialect spec §12): merged, substituted, each object typed. */
  resolveProperties?(request: PropertyRequest): PropertyResolution;
  /** `@data.*` hint lines (harness spec §5), given at their own line and column in `text`. */
  checkDataHints?(text: string, defaultSource: string | undefined): HintFinding[];
}

export interface PropertyRequest {
  /** Every WITH list of the statement in textual order; later lists override earlier ones. */
  layers: ReadonlyArray<ReadonlyArray<readonly [string, string]>>;
  /** Directory config files and relative paths resolve against. */
  baseDir: string;
  env?: Env;
  /** FROM/JOIN source names and the sink name. */
  sources: readonly string[];
  sinks: readonly string[];
}

/** The view of a resolved source the validator reads (CSV headers, bounded or not). */
export interface SourceProperties {
  readonly type: string | undefined;
  readonly path: string | undefined;
  readonly format: string | undefined;
  /** A Kafka source declared as a table (compacted, bounded by its current end). */
  readonly declaresTable: boolean;
  get(key: string): string | undefined;
}

export interface PropertyFinding {
  severity?: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  hint?: string;
  /** The WITH key at fault, as written. */
  key?: string;
  /** The source or sink concerned. */
  object?: string;
}

export interface PropertyResolution {
  diagnostics: readonly PropertyFinding[];
  /** Resolved properties of each named source. */
  sources: ReadonlyMap<string, SourceProperties>;
}

export interface HintFinding {
  severity: 'error' | 'warning';
  message: string;
  hint?: string;
  line: number;
  column: number;
}
