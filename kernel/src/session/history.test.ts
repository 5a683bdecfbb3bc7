import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../log';
import { globToRegExp, History, HISTORY_LIMIT, type HistoryEntry } from './history';

const entry = (
  session: number,
  line: number,
  input: string,
  output: string | null = null,
): HistoryEntry => ({ session, line, input, output });

describe('History', () => {
  // Two earlier sessions; the kernel under test is session 3.
  const past = [
    entry(1, 1, 'SELECT 1;'),
    entry(1, 2, 'SELECT 2;'),
    entry(2, 1, '%jobs'),
    entry(2, 2, 'SELECT 1;'),
    entry(2, 3, 'SET p = 1;'),
  ];

  it('numbers its session one above the highest stored', () => {
    expect(History.inMemory(silentLogger, past).session).toBe(3);
    expect(History.inMemory(silentLogger).session).toBe(1);
  });

  it('tail returns the last n entries over all sessions, oldest first', () => {
    const history = History.inMemory(silentLogger, past);
    history.record(1, 'SELECT 3;', '1 row');
    expect(history.query({ kind: 'tail', n: 3 })).toEqual([
      entry(2, 2, 'SELECT 1;'),
      entry(2, 3, 'SET p = 1;'),
      entry(3, 1, 'SELECT 3;', '1 row'),
    ]);
    expect(history.query({ kind: 'tail', n: 0 })).toEqual([]);
  });

  it('range selects one session (positive, 0 = current, negative = back from current) and start <= line < stop', () => {
    const history = History.inMemory(silentLogger, past);
    history.record(1, 'current', null);
    expect(history.query({ kind: 'range', session: 1, start: 2, stop: null })).toEqual([
      entry(1, 2, 'SELECT 2;'),
    ]);
    expect(history.query({ kind: 'range', session: 0, start: 0, stop: 5 })).toEqual([
      entry(3, 1, 'current'),
    ]);
    expect(history.query({ kind: 'range', session: -1, start: 1, stop: 3 })).toEqual([
      entry(2, 1, '%jobs'),
      entry(2, 2, 'SELECT 1;'),
    ]);
  });

  it('search matches a case-sensitive glob on the whole input; unique keeps the newest; n keeps the last matches', () => {
    const history = History.inMemory(silentLogger, past);
    expect(
      history
        .query({ kind: 'search', pattern: 'SELECT *', n: null, unique: false })
        .map((e) => e.line),
    ).toEqual([1, 2, 2]);
    expect(history.query({ kind: 'search', pattern: 'SELECT *', n: null, unique: true })).toEqual([
      entry(1, 2, 'SELECT 2;'),
      entry(2, 2, 'SELECT 1;'),
    ]);
    expect(history.query({ kind: 'search', pattern: 'SELECT ?;', n: 1, unique: false })).toEqual([
      entry(2, 2, 'SELECT 1;'),
    ]);
    expect(history.query({ kind: 'search', pattern: 'select*', n: null, unique: false })).toEqual(
      [],
    );
  });

  it('globs escape regular-expression characters', () => {
    expect(globToRegExp('a.(b)*').test('a.(b)cd')).toBe(true);
    expect(globToRegExp('a.(b)*').test('aX(b)cd')).toBe(false);
  });

  it('persists as JSON lines, survives garbage lines, and starts a new session on reopen', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vk-hist-')), 'sub', 'history.jsonl');
    const first = History.open(file, silentLogger);
    first.record(1, 'SELECT 1;', '1 row\nx\n-\n1');
    writeFileSync(file, readFileSync(file, 'utf8') + 'not json\n');
    const second = History.open(file, silentLogger);
    expect(second.session).toBe(2);
    expect(second.query({ kind: 'tail', n: 10 })).toEqual([
      entry(1, 1, 'SELECT 1;', '1 row\nx\n-\n1'),
    ]);
  });

  it('keeps at most the last HISTORY_LIMIT entries', () => {
    const many = Array.from({ length: HISTORY_LIMIT + 5 }, (_, i) => entry(1, i + 1, `q${i + 1}`));
    const history = History.inMemory(silentLogger, many);
    const all = history.query({ kind: 'tail', n: HISTORY_LIMIT * 2 });
    expect(all).toHaveLength(HISTORY_LIMIT);
    expect(all[0].input).toBe('q6');
  });
});
