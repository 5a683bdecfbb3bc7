/**
 * Randomized equivalence: the CSV decoder against a deliberately plain reference of RFC 4180
 * records and the §12.3 typing table (regexes, BigInt, whole-text parsing), over generated files
 * full of the cases that matter — quotes with `""` and delimiters and line breaks inside, CRLF,
 * blank lines, empty cells, negative decimals, digit runs past 2^53, ISO date-times with and
 * without millis and with `T` or a space, yes/No, NULL, a BOM, non-ASCII text — fed in byte
 * chunks cut at random places (inside records, quotes and UTF-8 characters).
 */
import { Random } from '../../types/prng';
import { Scaled, SqlDate, Timestamp, type Value } from '../../types/values/types';
import { CsvDecoder, type Row } from './csv-decoder';
import type { DecodedColumns } from './decoded-columns';

// ---- reference ------------------------------------------------------------------------------

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const integerOf = (digits: string): number | bigint => {
  const big = BigInt(digits);
  return big >= -MAX_SAFE && big <= MAX_SAFE ? Number(big) + 0 : big;
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?([Zz])?$/;

/** Epoch ms when the fields name a real UTC instant (no Feb 30, no 24:00), else null. */
function utc(y: string, mo: string, d: string, h = '0', mi = '0', s = '0', frac = ''): number | null {
  const millis = Math.floor(Number(`0.${frac || '0'}`) * 1000 + 1e-9);
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), millis);
  const back = new Date(ms);
  const same =
    back.getUTCFullYear() === Number(y) && back.getUTCMonth() === Number(mo) - 1 && back.getUTCDate() === Number(d) && back.getUTCHours() === Number(h);
  return same && Number(mi) < 60 && Number(s) < 60 ? ms : null;
}

function referenceInfer(text: string): Value {
  if (text === '' || text === 'NULL' || text === 'null') return null;
  if (/^-?\d+$/.test(text)) return integerOf(text);
  const decimal = /^(-?\d+)\.(\d+)$/.exec(text);
  if (decimal) return new Scaled(integerOf(decimal[1] + decimal[2]), decimal[2].length);
  if (/^-?\d+(\.\d+)?[eE][+-]?\d+$/.test(text)) return Number(text) + 0;
  if (/^(true|yes)$/i.test(text)) return true;
  if (/^(false|no)$/i.test(text)) return false;
  const date = DATE.exec(text);
  if (date) {
    const ms = utc(date[1], date[2], date[3]);
    return ms === null ? text : new SqlDate(ms);
  }
  const dateTime = DATE_TIME.exec(text);
  if (dateTime) {
    const [, y, mo, d, h, mi, s, frac] = dateTime;
    const ms = utc(y, mo, d, h, mi, s ?? '0', (frac ?? '').slice(0, 3));
    return ms === null ? text : new Timestamp(ms);
  }
  return text;
}

/** Records of a whole text as [cell text, quoted] pairs; blank lines skipped. */
function referenceRecords(whole: string, delimiter: string): [string, boolean][][] {
  const text = whole.startsWith('\uFEFF') ? whole.slice(1) : whole;
  const records: [string, boolean][][] = [];
  let record: [string, boolean][] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const endCell = () => {
    record.push([cell, quoted]);
    cell = '';
    quoted = false;
  };
  const endRecord = () => {
    if (!(record.length === 0 && cell === '' && !quoted)) {
      endCell();
      records.push(record);
    }
    record = [];
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '"' && cell === '' && !quoted) {
      quoted = true;
      for (i++; ; i++) {
        if (text[i] === '"' && text[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (text[i] === '"') break;
        else cell += text[i];
      }
      i++;
    } else if (c === delimiter) {
      endCell();
      i++;
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      endRecord();
      i += c === '\r' ? 2 : 1;
    } else {
      cell += c;
      i++;
    }
  }
  endRecord();
  return records;
}

function referenceDecode(text: string, delimiter: string): Row[] {
  const [header, ...rows] = referenceRecords(text, delimiter);
  const names = header.map(([name]) => name.trim());
  return rows.map((cells) => Object.fromEntries(cells.map(([cell, quoted], i) => [names[i], quoted ? cell : referenceInfer(cell)])));
}

// ---- generated files ------------------------------------------------------------------------

function generateFile(random: () => number): { text: string; delimiter: string } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const digits = (count: number) => Array.from({ length: count }, () => Math.floor(random() * 10)).join('');
  const pad = (v: number) => String(v).padStart(2, '0');
  const delimiter = pick([',', ';', '\t', '|']);
  const cells: (() => string)[] = [
    () => '',
    () => digits(1 + Math.floor(random() * 20)), // up to 20 digits: past 2^53, leading zeros
    () => `-${digits(1 + Math.floor(random() * 18))}`,
    () => `${pick(['', '-'])}${digits(1 + Math.floor(random() * 12))}.${digits(1 + Math.floor(random() * 10))}`,
    () => `${pick(['', '-'])}${digits(1 + Math.floor(random() * 3))}${pick(['', '.5'])}${pick(['e', 'E'])}${pick(['', '+', '-'])}${digits(1 + Math.floor(random() * 2))}`,
    () => pick(['yes', 'No', 'TRUE', 'false', 'nO', 'Yes', 'NULL', 'null', 'Null', '+1', '.5', '1.', '-', '1e', '12abc', '0x1f', '-0', '-0.00']),
    () => {
      const date = `${2000 + Math.floor(random() * 30)}-${pad(1 + Math.floor(random() * 12))}-${pad(1 + Math.floor(random() * 31))}`;
      const time = `${pad(Math.floor(random() * 25))}:${pad(Math.floor(random() * 60))}`;
      const seconds = pick(['', `:${pad(Math.floor(random() * 60))}`, `:${pad(Math.floor(random() * 60))}.${digits(1 + Math.floor(random() * 6))}`]);
      return pick([date, `${date}${pick(['T', ' '])}${time}${seconds}${pick(['', 'Z'])}`]);
    },
    () => pick(['AAPL', 'café', '日本', 'a b', ' padded ', 'x"y', 'S001']),
  ];
  const quotedCell = () => `"${pick(['a,b', 'say ""hi""', 'two\nlines', 'cr\r\nlf', '42', '', 'é;\t|', 'NULL'])}"`;
  const width = 1 + Math.floor(random() * 5);
  const eol = () => pick(['\n', '\r\n']);
  let text = pick(['', '\uFEFF']) + Array.from({ length: width }, (_, i) => `c${i}`).join(delimiter) + eol();
  const rows = 1 + Math.floor(random() * 40);
  for (let r = 0; r < rows; r++) {
    if (random() < 0.05) text += eol(); // a blank line
    text += Array.from({ length: width }, () => (random() < 0.1 ? quotedCell() : pick(cells)())).join(delimiter);
    text += r < rows - 1 || random() < 0.7 ? eol() : ''; // the last line may lack its break
  }
  return { text, delimiter };
}

/** The decoder fed `bytes` in chunks cut at random positions. */
function decodeInChunks(bytes: Buffer, delimiter: string, random: () => number): { rows: Row[]; problems: unknown[] } {
  const rows: Row[] = [];
  const problems: unknown[] = [];
  const decoder = new CsvDecoder({ delimiter }, (p) => problems.push(p));
  for (let at = 0; at < bytes.length; ) {
    const size = 1 + Math.floor(random() * (random() < 0.5 ? 8 : 200));
    // A reused buffer, as the file source does: the decoder must not keep a view of it.
    const chunk = Buffer.from(bytes.subarray(at, at + size));
    decoder.pushBytes(chunk, rows);
    chunk.fill(0);
    at += size;
  }
  decoder.end(rows);
  return { rows, problems };
}

/** `decodeInChunks` through the column store (what a columnar reader gets), rows rebuilt from it. */
function decodeColumnsInChunks(bytes: Buffer, delimiter: string, random: () => number): { rows: Row[]; problems: unknown[] } {
  const rows: Row[] = [];
  const problems: unknown[] = [];
  const decoder = new CsvDecoder({ delimiter }, (p) => problems.push(p));
  const take = (columns: DecodedColumns | null) => {
    for (let i = 0; i < (columns?.length ?? 0); i++) rows.push(columns!.row(i));
  };
  for (let at = 0; at < bytes.length; ) {
    const size = 1 + Math.floor(random() * (random() < 0.5 ? 8 : 200));
    const chunk = Buffer.from(bytes.subarray(at, at + size));
    take(decoder.pushBytesColumns(chunk));
    chunk.fill(0);
    at += size;
  }
  take(decoder.endColumns());
  return { rows, problems };
}

describe('CSV decoder ≡ reference §12.3 decoder on generated files', () => {
  test('300 random files, random byte chunking, into rows and into columns', () => {
    const seeded = new Random(20261122); // seeded, so a failure reproduces
    const random = () => seeded.nextFloat();
    for (let file = 0; file < 300; file++) {
      const { text, delimiter } = generateFile(random);
      const expected = referenceDecode(text, delimiter);
      const whole = decodeInChunks(Buffer.from(text, 'utf8'), delimiter, () => 0.99);
      const chunked = decodeInChunks(Buffer.from(text, 'utf8'), delimiter, random);
      const columns = decodeColumnsInChunks(Buffer.from(text, 'utf8'), delimiter, random);
      expect({ file, text, ...whole }).toEqual({ file, text, rows: expected, problems: [] });
      expect({ file, text, ...chunked }).toEqual({ file, text, rows: expected, problems: [] });
      expect({ file, text, ...columns }).toEqual({ file, text, rows: expected, problems: [] });
    }
  });

  test('the reference agrees with the hand-computed spec table on a few cells', () => {
    expect(referenceInfer('-12.50')).toEqual(new Scaled(-1250, 2));
    expect(referenceInfer('9007199254740993')).toEqual(9007199254740993n);
    expect(referenceInfer('2024-01-15 09:30:00.1')).toEqual(new Timestamp(Date.UTC(2024, 0, 15, 9, 30, 0, 100)));
    expect(referenceInfer('2023-02-29')).toBe('2023-02-29');
  });
});
