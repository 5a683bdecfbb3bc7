import { parse } from '../sql/parse';
import { describeResult } from './describe';
import { planStatement, type PlannerContext } from './planner';

const context: PlannerContext = {
  source: (name) =>
    name === 'trades'
      ? {
          columns: [
            { name: 'symbol', type: 'string' },
            { name: 'price', type: 'decimal' },
            { name: 'ts', type: 'timestamp' },
          ],
          bounded: false,
          table: false,
        }
      : undefined,
};

function described(sql: string) {
  const { planned, diagnostics } = planStatement(parse(sql).statements[0], context);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return describeResult(planned!);
}

describe('describeResult', () => {
  test('a plain projection appends rows, every column a value', () => {
    const r = described('SELECT symbol, price FROM trades WHERE price > 1');
    expect(r).toEqual({
      columns: [
        { name: 'symbol', type: 'string', role: 'value' },
        { name: 'price', type: 'decimal', role: 'value' },
      ],
      groupKeys: [],
      window: null,
      emit: 'default',
      mode: 'append',
      limited: false,
      sources: ['trades'],
      sinks: [],
    });
  });

  test('a windowed GROUP BY updates by key: group key and window bounds have roles, the window its sizes', () => {
    const r = described(
      'CREATE STREAM s AS SELECT symbol, _WINDOW_START AS ws, _WINDOW_END AS we, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW SLIDING(ts, 10m, 5m) EMIT CHANGES',
    );
    expect(r.columns.map((c) => [c.name, c.role])).toEqual([
      ['symbol', 'group_key'],
      ['ws', 'window_start'],
      ['we', 'window_end'],
      ['n', 'value'],
    ]);
    expect(r.groupKeys).toEqual(['symbol']);
    expect(r.window).toEqual({ kind: 'sliding', sizeMs: 600_000, slideMs: 300_000 });
    expect(r.emit).toBe('changes');
    expect(r.mode).toBe('update');
    expect(r.sinks).toEqual(['s']);
  });

  test('an aggregate without GROUP BY is one row replaced; a session window reports its gap', () => {
    const r = described('SELECT COUNT(*) AS n FROM trades WINDOW SESSION(ts, 30s)');
    expect(r.mode).toBe('single');
    expect(r.window).toEqual({ kind: 'session', gapMs: 30_000 });
    expect(r.groupKeys).toEqual([]);
  });

  test('a LIMIT bounds the result', () => {
    expect(described('SELECT symbol FROM trades LIMIT 3').limited).toBe(true);
    expect(described('SELECT symbol FROM trades ORDER BY symbol').limited).toBe(false);
  });
});
