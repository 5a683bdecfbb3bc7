/**
 * Portability to the reference (dialect spec §2, §3.2): with `portable`, every extension form
 * used is a `VP-X<n>` warning, and a file without `-- SQL Application:` gets one too.
 */
import type { ExtensionId, ParseResult } from '../ast';
import { portabilityWarnings } from '../portability';
import { V } from './codes';
import type { Reporter } from './context';

/** The portable way to say the same thing, where there is one. */
const PORTABLE_ALTERNATIVE: Partial<Record<ExtensionId, string>> = {
  X1: "write TUMBLING(5m), or TUMBLING(ts, INTERVAL '5' MINUTE) after a time column",
  X2: 'write the duration unquoted, like 5m',
  X3: 'write SLIDING(size, advance)',
  X4: 'use OVER (ROWS WINDOW BUFFER n ROWS …)',
  X5: 'write COUNT_DISTINCT(x)',
  X6: 'write AS before the alias',
  X7: 'list the columns, or use *',
  X8: 'write MOD(a, b)',
  X9: 'write 0 - x',
  X10: 'write a searched CASE: CASE WHEN x = v THEN …',
  X11: 'write SELECT … INTO target',
  X12: 'make each CTE its own CREATE STREAM',
  X13: 'write FULL OUTER JOIN',
  X14: 'write INTEGER',
  X19: 'rewrite with IN (SELECT …) or EXISTS',
  X20: 'write the duration in hours',
  X21: 'drop AS: FROM t a',
  X22: "quote the URI: FROM 'kafka://…'",
};

export function checkPortability(parsed: ParseResult, reporter: Reporter): void {
  portabilityWarnings(parsed.extensions).forEach((warning, i) => {
    const alternative = PORTABLE_ALTERNATIVE[parsed.extensions[i].id];
    reporter.diagnostics.push(alternative ? { ...warning, hint: alternative } : warning);
  });
  if (parsed.header.name === undefined) {
    const start = { line: 1, column: 1, offset: 0 };
    reporter.report(V.MissingApplicationHeader, {
      message: "no '-- SQL Application: <name>' header line",
      span: { start, end: start },
      token: '',
      hint: 'Velostream needs it to deploy the file: add -- SQL Application: my_app as the first line',
    });
  }
}
