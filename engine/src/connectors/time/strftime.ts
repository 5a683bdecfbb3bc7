/**
 * Parsing instants with a strftime pattern (`event.time.format = '%Y-%m-%d %H:%M:%S%.3f'`,
 * dialect spec §10.2). The pattern is compiled once per source; parsing is a linear scan.
 *
 * Supported: %Y %y %m %d %e %j %H %I %M %S %p %b %h %B %f %.f %.3f %.6f %.9f %3f %6f %9f
 * %z %:z %Z(ignored name) %s %T %F %R %D %%. A time without zone is UTC.
 */

type Field = 'year' | 'year2' | 'month' | 'day' | 'yday' | 'hour' | 'hour12' | 'minute' | 'second' | 'epoch';

type Token =
  | { kind: 'literal'; text: string }
  | { kind: 'number'; field: Field; minDigits: number; maxDigits: number }
  | { kind: 'fraction'; dot: boolean; digits: number | null }
  | { kind: 'zone'; colon: boolean }
  | { kind: 'zoneName' }
  | { kind: 'monthName' }
  | { kind: 'ampm' };

export type InstantParser = (text: string) => number | null;

const EXPANSIONS: Readonly<Record<string, string>> = { T: '%H:%M:%S', F: '%Y-%m-%d', R: '%H:%M', D: '%m/%d/%y' };

const NUMBERS: Readonly<Record<string, [Field, number, number]>> = {
  Y: ['year', 4, 4],
  y: ['year2', 2, 2],
  m: ['month', 1, 2],
  d: ['day', 1, 2],
  e: ['day', 1, 2],
  j: ['yday', 1, 3],
  H: ['hour', 1, 2],
  I: ['hour12', 1, 2],
  M: ['minute', 1, 2],
  S: ['second', 1, 2],
  s: ['epoch', 1, 12],
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Compiles `pattern`; an error message for an unsupported directive. */
export function compileStrftime(pattern: string): { ok: true; parse: InstantParser } | { ok: false; message: string } {
  const tokens: Token[] = [];
  const expanded = pattern.replace(/%([TFRD])/g, (_m, c: string) => EXPANSIONS[c]);
  let literal = '';
  for (let i = 0; i < expanded.length; i++) {
    const c = expanded[i];
    if (c !== '%') {
      literal += c;
      continue;
    }
    const rest = expanded.slice(i + 1);
    const m = /^(\.?)([369]?)f|^(:?)z|^([A-Za-z%])/.exec(rest);
    if (!m) return { ok: false, message: `unsupported strftime directive at '%${rest.slice(0, 2)}' in '${pattern}'` };
    i += m[0].length;
    const directive = m[4];
    if (directive === '%') {
      literal += '%';
      continue;
    }
    if (literal) tokens.push({ kind: 'literal', text: literal });
    literal = '';
    if (m[0].endsWith('f')) tokens.push({ kind: 'fraction', dot: m[1] === '.', digits: m[2] ? Number(m[2]) : null });
    else if (m[0].endsWith('z')) tokens.push({ kind: 'zone', colon: m[3] === ':' });
    else if (directive === 'Z') tokens.push({ kind: 'zoneName' });
    else if (directive === 'b' || directive === 'h' || directive === 'B') tokens.push({ kind: 'monthName' });
    else if (directive === 'p') tokens.push({ kind: 'ampm' });
    else if (NUMBERS[directive]) {
      const [field, minDigits, maxDigits] = NUMBERS[directive];
      tokens.push({ kind: 'number', field, minDigits, maxDigits });
    } else return { ok: false, message: `unsupported strftime directive '%${directive}' in '${pattern}'` };
  }
  if (literal) tokens.push({ kind: 'literal', text: literal });
  return { ok: true, parse: (text) => parseWith(tokens, text) };
}

function parseWith(tokens: readonly Token[], text: string): number | null {
  const f = { year: 1970, month: 1, day: 1, yday: 0, hour: 0, minute: 0, second: 0, millis: 0, offset: 0, pm: -1, hour12: -1, epoch: NaN };
  let i = 0;
  for (const t of tokens) {
    switch (t.kind) {
      case 'literal':
        if (!text.startsWith(t.text, i)) return null;
        i += t.text.length;
        break;
      case 'number': {
        let j = i;
        const negative = t.field === 'epoch' && text[j] === '-';
        if (negative) j++;
        const start = j;
        while (j < text.length && j - start < t.maxDigits && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
        if (j - start < t.minDigits) return null;
        const n = Number(text.slice(start, j)) * (negative ? -1 : 1);
        if (t.field === 'year2') f.year = n < 69 ? 2000 + n : 1900 + n;
        else f[t.field] = n;
        i = j;
        break;
      }
      case 'fraction': {
        if (t.dot) {
          if (text[i] !== '.') {
            if (t.digits === null) break; // %.f: the fraction is optional
            return null;
          }
          i++;
        }
        const start = i;
        while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
        const digits = text.slice(start, i);
        if (digits.length === 0 || (t.digits !== null && digits.length !== t.digits)) return null;
        f.millis = Number(digits.slice(0, 3).padEnd(3, '0'));
        break;
      }
      case 'zone': {
        if (text[i] === 'Z') {
          i++;
          break;
        }
        const m = (t.colon ? /^([+-])(\d{2}):(\d{2})/ : /^([+-])(\d{2}):?(\d{2})/).exec(text.slice(i));
        if (!m) return null;
        f.offset = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
        i += m[0].length;
        break;
      }
      case 'zoneName': {
        while (i < text.length && /[A-Za-z_/]/.test(text[i])) i++;
        break;
      }
      case 'monthName': {
        const word = /^[A-Za-z]+/.exec(text.slice(i))?.[0].toLowerCase() ?? '';
        const index = word.length === 3 ? MONTHS.indexOf(word) : MONTH_NAMES.indexOf(word);
        if (index < 0) return null;
        f.month = index + 1;
        i += word.length;
        break;
      }
      case 'ampm': {
        const word = text.slice(i, i + 2).toUpperCase();
        if (word !== 'AM' && word !== 'PM') return null;
        f.pm = word === 'PM' ? 1 : 0;
        i += 2;
        break;
      }
    }
  }
  if (i !== text.length) return null;
  if (!Number.isNaN(f.epoch)) return f.epoch * 1000 + f.millis;
  if (f.hour12 >= 0) f.hour = (f.hour12 % 12) + (f.pm === 1 ? 12 : 0);
  if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > 31 || f.hour > 23 || f.minute > 59 || f.second > 60) return null;
  const dayMs = f.yday > 0 ? Date.UTC(f.year, 0, f.yday) : Date.UTC(f.year, f.month - 1, f.day);
  if (f.yday === 0 && new Date(dayMs).getUTCDate() !== f.day) return null; // 31 February
  return dayMs + ((f.hour * 60 + f.minute - f.offset) * 60 + f.second) * 1000 + f.millis;
}
