/** The SQL front end: text → AST + diagnostics. See README.md in this folder. */
export { parse } from './parse';
export type * from './ast';
export type { Diagnostic, Severity } from './diagnostics';
export { Codes, END_OF_INPUT } from './diagnostics';
export { portabilityWarnings } from './portability';
