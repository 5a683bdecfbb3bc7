/**
 * The one data-file loader of the harness (harness spec §6): `data_file` inputs, `source_type:
 * file` inputs, file sinks read back, and every file assertion. CSV goes through the engine's
 * CSV decoder (its one typing rule, dialect spec §12.3); JSON Lines and JSON arrays through its
 * JSON decoder. Problems carry `file:line`.
 */
import * as fs from 'fs';
import { resolveFileFormat, type FileFormat } from '../../connectors/formats/codec';
import { parseCsv, type Row } from '../../connectors/formats/csv-decoder';
import { parseJson } from '../../connectors/formats/json';

export interface DataProblem {
  file: string;
  line: number;
  message: string;
}

export type LoadedData =
  | { ok: true; rows: Row[]; columns: string[]; format: FileFormat; problems: DataProblem[] }
  | { ok: false; error: DataProblem };

/**
 * Reads `file` in `format` (a reference name like `Csv`/`JsonLines` or an engine name; default
 * from the extension). Bad rows are skipped and reported; an unreadable file is an error.
 */
export function loadDataFile(file: string, format?: string): LoadedData {
  const resolved = resolveFileFormat(format, file);
  if (resolved === undefined) return { ok: false, error: { file, line: 0, message: `unknown data format '${format}' (use Csv, CsvNoHeader, JsonLines or Json)` } };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    return { ok: false, error: { file, line: 0, message: reason } };
  }
  if (resolved === 'csv' || resolved === 'csv_no_header') {
    const { rows, columns, problems } = parseCsv(text, { hasHeader: resolved === 'csv' });
    return { ok: true, rows, columns, format: resolved, problems: problems.map((p) => ({ file, line: p.line, message: p.message })) };
  }
  const { rows, problems } = parseJson(text);
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return { ok: true, rows, columns, format: resolved, problems: problems.map((p) => ({ file, line: p.line, message: p.message })) };
}
