/** What the test report shows, decided apart from the DOM: counts, failed-first order, findings per assertion. */
import type { AssertionJson, FindingJson, TestJson } from './types';

export interface AssertionRow {
  assertion: AssertionJson;
  findings: FindingJson[];
}

export interface QuerySection {
  name: string;
  status: string;
  error?: string;
  rows: AssertionRow[];
  /** Findings not tied to one assertion (e.g. a query that could not run). */
  findings: FindingJson[];
}

export function assertionCounts(report: TestJson): { passed: number; total: number } {
  const all = report.queries.flatMap((q) => q.assertions);
  return { passed: all.filter((a) => a.passed).length, total: all.length };
}

export function bannerText(report: TestJson): string {
  const { passed, total } = assertionCounts(report);
  const queries = report.queries.length === 1 ? '1 query' : `${report.queries.length} queries`;
  return `${report.status} · ${passed} of ${total} assertions passed · ${queries} · seed ${report.seed}`;
}

/** Queries with failures first, and in each query the failed assertions first (stable otherwise). */
export function querySections(report: TestJson): QuerySection[] {
  const sections = report.queries.map((q) => {
    const findings = report.analysis.filter((f) => f.query === q.name);
    const rows = q.assertions
      .map((assertion, index) => ({ assertion, findings: findings.filter((f) => f.assertion_index === index) }))
      .sort((a, b) => Number(a.assertion.passed) - Number(b.assertion.passed));
    return {
      name: q.name,
      status: q.status,
      error: q.error,
      rows,
      findings: findings.filter((f) => f.assertion_index === undefined),
    };
  });
  const failing = (s: QuerySection) => s.status !== 'passed' || s.rows.some((r) => !r.assertion.passed);
  return sections.sort((a, b) => Number(failing(b)) - Number(failing(a)));
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Inputs, timing and memory on one line, with how to reproduce the run. */
export function runFacts(report: TestJson): string[] {
  const inputs = Object.entries(report.inputs).map(([name, n]) => `${name} ${n.toLocaleString('en-US')}`);
  return [
    `inputs: ${inputs.join(', ') || 'none'}`,
    `execution ${report.execution_ms} ms`,
    `generation ${report.generation_ms} ms`,
    `${report.throughput_rps.toLocaleString('en-US')} rec/s`,
    `peak memory ${megabytes(report.peak_memory_bytes)}`,
    `reproduce with %%test --seed ${report.seed}`,
  ];
}
