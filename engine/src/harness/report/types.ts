/**
 * The test report (harness spec §8.2): the one structure the runner produces and every
 * renderer (text, JSON, JUnit), the analysis and the notebook's `%%test` read. Field names and
 * order follow the reference's JSON report; `docs/harness-report.md` documents it.
 */
export type RunMode = 'in-process' | 'kafka' | 'file-only';
export type QueryStatus = 'passed' | 'failed' | 'error' | 'skipped';

export interface AssertionReport {
  type: string;
  passed: boolean;
  /** Present only when skipped: the assertion could not check anything (`skip_reason` says why). */
  status?: 'skipped';
  skip_reason?: string;
  message: string;
  expected?: string;
  actual?: string;
  sink?: string;
  details?: Record<string, string>;
}

export interface AnalysisFinding {
  rule: string;
  source: 'rules' | 'claude';
  summary: string;
  evidence: string[];
  suggestion: string;
  confidence?: number;
  /** 0-based index of the failed assertion the finding explains. */
  assertion_index?: number;
}

export interface QueryReport {
  name: string;
  status: QueryStatus;
  duration_ms: number;
  error?: string;
  skip_reason?: string;
  record_counts: { inputs: Record<string, number>; outputs: Record<string, number> };
  performance: {
    execution_time_ms: number;
    records_in: number;
    records_per_second: number;
    memory_peak_bytes: number;
    memory_growth_bytes: number;
  };
  assertions: AssertionReport[];
  analysis: AnalysisFinding[];
}

export interface ReportWarning {
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface TestReport {
  application: string;
  run_id: string;
  start_time: string;
  end_time: string;
  duration_ms: number;
  sql_file: string;
  spec_file: string | null;
  harness: { version: string; mode: RunMode; seed: number; now: string; clock: 'virtual' | 'wall' };
  summary: {
    total: number;
    passed: number;
    failed: number;
    skipped: number;
    errors: number;
    total_assertions: number;
    passed_assertions: number;
    failed_assertions: number;
    /** Present when some assertion was skipped; skipped assertions neither pass nor fail. */
    skipped_assertions?: number;
  };
  queries: QueryReport[];
  warnings: ReportWarning[];
}

/** Summary counts of a list of query reports. */
export function summarise(queries: readonly QueryReport[]): TestReport['summary'] {
  const assertions = queries.flatMap((q) => q.assertions);
  const skipped = assertions.filter((a) => assertionOutcome(a) === 'skipped').length;
  const count = (status: QueryStatus) => queries.filter((q) => q.status === status).length;
  return {
    total: queries.length,
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    errors: count('error'),
    total_assertions: assertions.length,
    passed_assertions: assertions.filter((a) => assertionOutcome(a) === 'passed').length,
    failed_assertions: assertions.filter((a) => assertionOutcome(a) === 'failed').length,
    ...(skipped > 0 ? { skipped_assertions: skipped } : {}),
  };
}

export type AssertionOutcome = 'passed' | 'failed' | 'skipped';

/** An assertion result or report: skipped ones carry their reason and are not failures. */
export function assertionOutcome(a: { passed: boolean; skipReason?: string; skip_reason?: string }): AssertionOutcome {
  if (a.passed) return 'passed';
  return a.skipReason !== undefined || a.skip_reason !== undefined ? 'skipped' : 'failed';
}

/** Exit code of a report (§2.4): 0 when no query failed or errored. */
export function reportExitCode(report: TestReport): number {
  return report.summary.failed > 0 || report.summary.errors > 0 ? 1 : 0;
}
