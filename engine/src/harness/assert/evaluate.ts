/**
 * Evaluates spec assertions against a context: one dispatch table over every family of
 * harness spec §7. An evaluator that throws (a bug, a bad regex at run time) becomes a failed
 * result naming the reason, so one assertion never stops the others.
 */
import type { AssertionSpec } from '../spec/types';
import { FAULT_ASSERTIONS } from './fault-assertions';
import { FILE_ASSERTIONS } from './file-assertions';
import { METRIC_ASSERTIONS } from './metric-assertions';
import type { AssertionContext, AssertionResult } from './output';
import { PERFORMANCE_ASSERTIONS } from './performance-assertions';
import { RECORD_ASSERTIONS } from './record-assertions';
import { TEMPORAL_ASSERTIONS } from './temporal-assertions';

const EVALUATORS = { ...RECORD_ASSERTIONS, ...PERFORMANCE_ASSERTIONS, ...TEMPORAL_ASSERTIONS, ...FAULT_ASSERTIONS, ...FILE_ASSERTIONS, ...METRIC_ASSERTIONS };

export function evaluateAssertion(assertion: AssertionSpec, ctx: AssertionContext): AssertionResult {
  const evaluator = EVALUATORS[assertion.type];
  let result: AssertionResult;
  if (!evaluator) result = { type: assertion.type, passed: false, message: `unknown assertion type '${assertion.type}'` };
  else {
    try {
      result = evaluator(assertion.fields, ctx);
    } catch (e) {
      result = { type: assertion.type, passed: false, message: `${assertion.type} could not be evaluated: ${(e as Error).message}` };
    }
  }
  return { ...result, sink: ctx.output.name };
}

export function evaluateAssertions(assertions: readonly AssertionSpec[], ctx: AssertionContext): AssertionResult[] {
  return assertions.map((a) => evaluateAssertion(a, ctx));
}
