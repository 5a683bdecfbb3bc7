/**
 * File connector settings read from an object's properties (dialect spec §12.2): `path`,
 * `format`, `delimiter` (default `,`), `has_headers` (default true), `watch` (sources),
 * `append` (sinks), plus the spellings the conformance config files use (`file.path`,
 * `file.has_header`, `data_source.format`, …). One reader for validation and creation.
 */
import { resolveFileFormat, FILE_FORMAT_NAMES, type FileFormat } from '../formats/codec';
import { schemaFromConfig, type DeclaredSchema } from '../formats/schema';
import type { ObjectProperties, PropertyDiagnostic } from '../properties';
import { eventTimeSpec, type EventTimeSpec } from '../time/event-time';

export interface FileSettings {
  path: string;
  format: FileFormat;
  delimiter: string;
  hasHeader: boolean;
}

export interface FileSourceSettings extends FileSettings {
  watch: boolean;
  /** How often watch mode looks for appended data, ms (`watch.interval.ms`, default 100). */
  watchIntervalMs: number;
  /** Column types from the config file's `schema.fields`. */
  schema: DeclaredSchema | undefined;
  eventTime: EventTimeSpec | null;
}

export interface FileSinkSettings extends FileSettings {
  append: boolean;
}

type Read<T> = { settings: T | null; diagnostics: PropertyDiagnostic[] };

export function readFileSourceSettings(props: ObjectProperties): Read<FileSourceSettings> {
  const diagnostics: PropertyDiagnostic[] = [];
  const common = readCommon(props, diagnostics);
  const watch = readBoolean(props, diagnostics, false, 'watch', 'file.watch');
  const interval = Number(props.get('watch.interval.ms') ?? 100);
  const eventTime = eventTimeSpec(props);
  diagnostics.push(...eventTime.diagnostics);
  if (common && watch && common.format === 'json') {
    diagnostics.push(invalid(props, 'watch', "watch mode needs a line format: use format 'jsonl' or 'csv'"));
  }
  if (common === null || diagnostics.some((d) => d.severity === 'error')) return { settings: null, diagnostics };
  return {
    settings: {
      ...common,
      watch,
      watchIntervalMs: Number.isFinite(interval) && interval > 0 ? interval : 100,
      schema: schemaFromConfig(props.config),
      eventTime: eventTime.spec,
    },
    diagnostics,
  };
}

export function readFileSinkSettings(props: ObjectProperties): Read<FileSinkSettings> {
  const diagnostics: PropertyDiagnostic[] = [];
  const common = readCommon(props, diagnostics);
  const append = readBoolean(props, diagnostics, false, 'append', 'file.append');
  if (common === null || diagnostics.some((d) => d.severity === 'error')) return { settings: null, diagnostics };
  return { settings: { ...common, append }, diagnostics };
}

function readCommon(props: ObjectProperties, diagnostics: PropertyDiagnostic[]): FileSettings | null {
  const path = props.path;
  if (path === undefined) {
    diagnostics.push({
      severity: 'error',
      code: 'VV355',
      object: props.name,
      key: `${props.name}.path`,
      message: `${props.name}: a file ${props.role} needs a path`,
      hint: `add '${props.name}.path' = './data.csv' to the WITH clause`,
    });
  }
  const formatText = props.format;
  const format = resolveFileFormat(formatText, path);
  if (format === undefined) {
    diagnostics.push(invalid(props, 'format', `unknown file format '${formatText}'`, `use one of: ${FILE_FORMAT_NAMES.join(', ')}`));
  }
  const delimiter = props.first('delimiter', 'file.delimiter')?.value ?? ',';
  const resolvedDelimiter = delimiter === '\\t' ? '\t' : delimiter;
  if (resolvedDelimiter.length !== 1 || resolvedDelimiter === '"' || resolvedDelimiter === '\n') {
    diagnostics.push(invalid(props, 'delimiter', `delimiter must be one character other than a quote or line break, got '${delimiter}'`));
  }
  const hasHeader = readBoolean(props, diagnostics, true, 'has_headers', 'has_header', 'file.has_headers', 'file.has_header', 'data_source.has_headers', 'data_source.has_header');
  if (path === undefined || format === undefined) return null;
  return { path, format, delimiter: resolvedDelimiter, hasHeader };
}

const TRUE = new Set(['true', 'yes', '1', 'on']);
const FALSE = new Set(['false', 'no', '0', 'off']);

function readBoolean(props: ObjectProperties, diagnostics: PropertyDiagnostic[], fallback: boolean, ...keys: string[]): boolean {
  for (const key of keys) {
    const text = props.get(key);
    if (text === undefined) continue;
    const lower = text.trim().toLowerCase();
    if (TRUE.has(lower)) return true;
    if (FALSE.has(lower)) return false;
    diagnostics.push(invalid(props, key, `${key} must be true or false, got '${text}'`));
    return fallback;
  }
  return fallback;
}

function invalid(props: ObjectProperties, key: string, message: string, hint?: string): PropertyDiagnostic {
  return { severity: 'error', code: 'VV355', object: props.name, key: `${props.name}.${key}`, message: `${props.name}: ${message}`, hint };
}
