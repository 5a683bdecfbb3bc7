/**
 * Environment substitution in property values (dialect spec §12.1).
 *
 * SQL values: `${VAR}`, `${VAR:-default}`, `${VAR:?message}`. YAML config files also use
 * `${VAR:default}` (everything after the first `:` is the default, so
 * `${BROKERS:localhost:9092}` defaults to `localhost:9092`). Both dialects are accepted in both
 * places: the forms never clash, and a user who mixes them up still gets what they meant.
 */

import type { PropertyDiagnostic } from './types';

export type Env = Readonly<Record<string, string | undefined>>;

export interface SubstitutionIssue {
  /** `required`: `${VAR:?msg}` with VAR unset (an error); `unset`: `${VAR}` unset, replaced by ''. */
  kind: 'required' | 'unset';
  variable: string;
  message: string;
}

/** How an issue is reported: `required` is error VV352, `unset` warning VW552. */
export function issueDiagnostic(issue: SubstitutionIssue): Pick<PropertyDiagnostic, 'severity' | 'code' | 'message'> {
  return issue.kind === 'required'
    ? { severity: 'error', code: 'VV352', message: issue.message }
    : { severity: 'warning', code: 'VW552', message: issue.message };
}

export interface Substituted {
  value: string;
  issues: SubstitutionIssue[];
}

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-?]?)([^}]*))?\}/g;

/** Replaces every `${…}` reference; unset variables never throw, they become issues. */
export function substituteEnv(text: string, env: Env): Substituted {
  if (!text.includes('${')) return { value: text, issues: [] };
  const issues: SubstitutionIssue[] = [];
  const value = text.replace(REFERENCE, (_all, name: string, mode: string | undefined, rest: string | undefined) => {
    const current = env[name];
    // Like the shell: `:-` and `:?` treat an empty variable as unset, a plain `${VAR}` does not.
    if (current !== undefined && (current !== '' || mode === undefined)) return current;
    if (mode === '?') {
      const message = rest ? `${name}: ${rest}` : `environment variable ${name} is required but not set`;
      issues.push({ kind: 'required', variable: name, message });
      return '';
    }
    if (rest !== undefined && (mode === '-' || mode === '')) return rest;
    issues.push({ kind: 'unset', variable: name, message: `environment variable ${name} is not set; using ''` });
    return '';
  });
  return { value, issues };
}
