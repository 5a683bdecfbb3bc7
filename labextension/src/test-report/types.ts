/** `application/vnd.velostream.test+json` version 1 (kernel spec §4.4), the fields the report shows. */
export const TEST_MIME = 'application/vnd.velostream.test+json';

export interface AssertionJson {
  type: string;
  passed: boolean;
  message: string;
  expected: string | null;
  actual: string | null;
  details: Record<string, string>;
}

export interface QueryJson {
  name: string;
  status: string;
  error?: string;
  assertions: AssertionJson[];
}

export interface FindingJson {
  query: string;
  rule: string;
  source: string;
  summary: string;
  evidence: string[];
  suggestion: string;
  confidence?: number;
  assertion_index?: number;
}

export interface TestJson {
  version: number;
  status: 'passed' | 'failed' | 'error';
  seed: number;
  inputs: Record<string, number>;
  queries: QueryJson[];
  execution_ms: number;
  generation_ms: number;
  throughput_rps: number;
  peak_memory_bytes: number;
  analysis: FindingJson[];
}
