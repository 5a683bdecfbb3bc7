/**
 * Portability warnings (spec §0, §14): every ⊕ extension use becomes `VP-X<n>`
 * "not portable to Velostream: <form>".
 */
import type { ExtensionUse } from './ast';
import { Diagnostic, diagnostic } from './diagnostics';

export function portabilityWarnings(extensions: readonly ExtensionUse[]): Diagnostic[] {
  return extensions.map((use) =>
    diagnostic({
      severity: 'warning',
      code: `VP-${use.id}`,
      message: `not portable to Velostream: ${use.form}`,
      span: use.span,
      hint: 'the reference implementation rejects or misreads this form',
    }),
  );
}
