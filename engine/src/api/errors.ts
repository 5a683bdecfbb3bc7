/**
 * The error value a query ends with (never thrown at the host). `code` is stable:
 * - `VS…`/`VL…`/`VV…`: the statement does not parse or plan (`diagnostics` has them all);
 * - connector codes (`CONNECTOR_NOT_AVAILABLE`, `MISSING_TYPE`, `IO`, …, connectors/errors.ts);
 * - `VR601` the runtime cannot execute part of the plan yet; `VR602` planner/runtime mismatch;
 * - `SINK` a sink failed while writing; `INTERNAL` an engine bug (message only, no stack).
 */
import { ConnectorFailure, type ConnectorError } from '../connectors/errors';
import { QueryError } from '../runtime/errors';
import type { Diagnostic } from '../sql/diagnostics';

export interface EngineError {
  code: string;
  message: string;
  hint?: string;
  /** The source or sink concerned, for connector errors. */
  object?: string;
  /** Position of a parse/plan error (the first error diagnostic). */
  line?: number;
  column?: number;
}

export function fromDiagnostic(d: Diagnostic): EngineError {
  return { code: d.code, message: d.message, ...(d.hint ? { hint: d.hint } : {}), line: d.line, column: d.column };
}

export function fromConnectorError(e: ConnectorError): EngineError {
  return { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}), ...(e.object ? { object: e.object } : {}) };
}

/** Turns whatever stopped a query into an error value. */
export function toEngineError(error: unknown): EngineError {
  if (error instanceof QueryError) return { code: error.code, message: error.message };
  if (error instanceof ConnectorFailure) return fromConnectorError(error.error);
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message };
}
