/**
 * What failure analysis (harness spec §9) sees of a failed or errored query, and the one
 * interface the offline rules and the Claude analyser share.
 */
import type { AssertionResult, CapturedOutput, InputData, JobStatistics } from '../assert/output';
import type { Schema } from '../generator/schema';
import type { AnalysisFinding, QueryReport } from '../report/types';
import type { AppStatement } from '../run/app-model';
import type { AssertionSpec } from '../spec/types';

export interface FailedQuery {
  report: QueryReport;
  /** The statement run, when one was found. */
  statement: AppStatement | null;
  inputs: ReadonlyMap<string, InputData>;
  outputs: readonly CapturedOutput[];
  /** Schema of each generated input, by source. */
  schemas: ReadonlyMap<string, Schema>;
  assertions: readonly { spec: AssertionSpec; result: AssertionResult }[];
  job: JobStatistics | null;
  timedOut: boolean;
  /** `outputs[].sink` values that matched no captured sink. */
  unmatchedSinks: string[];
  /** Files the application's sinks wrote (file_not_found evidence). */
  writtenFiles: string[];
}

/** Offline rules and Claude both implement this; findings never change a verdict. */
export interface FailureAnalyzer {
  analyzeFailure(failed: FailedQuery): Promise<AnalysisFinding[]>;
}
