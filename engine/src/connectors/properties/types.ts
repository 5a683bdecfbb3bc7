/** Shapes shared by the property resolver, the config-file loader and validation. */

/** One property value and where it came from (relative paths resolve against `origin.dir`). */
export interface PropertyValue {
  value: string;
  origin: {
    /** The config file that set it; null for the SQL WITH clause. */
    file: string | null;
    dir: string;
  };
}

/**
 * A diagnostic about WITH properties, shaped like the SQL validator's (dialect spec §14) minus
 * the position: `key` names the WITH key concerned so the validator can place it in the text.
 *
 * Codes: VV350 missing `<name>.type` · VV351 connector not available / unknown type ·
 * VV352 `${VAR:?message}` unset · VV353 config file missing, invalid or cyclic ·
 * VV354 generic `output.type` · VV355 invalid value · VW550 missing `extends` target ·
 * VW551 key ignored by the reference · VW552 `${VAR}` unset (replaced by '').
 */
export interface PropertyDiagnostic {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  hint?: string;
  /** The WITH key at fault, as written (e.g. `trades.config_file`). */
  key?: string;
  /** The source/sink name concerned. */
  object?: string;
  /** The config file concerned. */
  file?: string;
}
