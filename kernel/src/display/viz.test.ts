import { chooseViz, type VizInput } from './viz';
import { col } from '../../test/helpers/display';

const base = (overrides: Partial<VizInput>): VizInput => ({
  columns: [],
  mode: 'append',
  keys: { group: [], window: null },
  annotations: [],
  inference: 'auto',
  ...overrides,
});

const viz = (input: VizInput) => {
  const result = chooseViz(input);
  if (!result.ok) throw new Error(result.message);
  return result.viz;
};

describe('chart inference (§3.5)', () => {
  const windowed = [
    col('symbol', 'STRING', 'group_key'),
    col('ws', 'TIMESTAMP', 'window_start'),
    col('avg_price', 'FLOAT'),
    col('volume', 'INTEGER'),
  ];

  it('windowed aggregate → line over the window start, series = group key', () => {
    expect(viz(base({ columns: windowed, mode: 'update', keys: { group: ['symbol'], window: { kind: 'tumbling', size_ms: 60000 } } }))).toEqual({
      kind: 'line',
      x: 'ws',
      y: ['avg_price', 'volume'],
      series: 'symbol',
      title: null,
      origin: 'inferred',
    });
  });

  it('GROUP BY one key without window → bar of the first numeric column', () => {
    const columns = [col('symbol', 'STRING', 'group_key'), col('n', 'INTEGER'), col('total', 'DECIMAL(2)')];
    expect(viz(base({ columns, mode: 'update', keys: { group: ['symbol'], window: null } }))).toMatchObject({ kind: 'bar', x: 'symbol', y: ['n'] });
  });

  it('single mode → gauge', () => {
    expect(viz(base({ columns: [col('total', 'INTEGER')], mode: 'single' }))).toMatchObject({ kind: 'gauge', y: ['total'] });
  });

  it('append with a timestamp and a number → line over the timestamp', () => {
    const columns = [col('id', 'INTEGER'), col('ts', 'TIMESTAMP'), col('price', 'FLOAT')];
    expect(viz(base({ columns }))).toMatchObject({ kind: 'line', x: 'ts', y: ['id', 'price'] });
  });

  it('plain rows → none; chart=none turns inference off', () => {
    expect(viz(base({ columns: [col('s', 'STRING')] })).kind).toBe('none');
    expect(viz(base({ columns: windowed, mode: 'update', inference: 'none' })).kind).toBe('none');
  });

  it('@viz annotation wins, with inline keys and dialect §13.6 defaults', () => {
    const annotations = [{ key: 'viz', value: 'area y=volume series=symbol' }, { key: 'viz_title', value: 'Volume' }];
    expect(viz(base({ columns: windowed, annotations }))).toEqual({
      kind: 'area',
      x: 'ws',
      y: ['volume'],
      series: 'symbol',
      title: 'Volume',
      origin: 'annotation',
    });
    expect(viz(base({ columns: windowed, annotations: [{ key: 'viz', value: 'indicator' }] }))).toMatchObject({ kind: 'gauge', y: ['avg_price', 'volume'] });
  });

  it('--chart overrides the kind; unknown kinds and columns are errors', () => {
    expect(viz(base({ columns: windowed, option: 'scatter' }))).toMatchObject({ kind: 'scatter', origin: 'option' });
    expect(chooseViz(base({ columns: windowed, option: 'donut' }))).toEqual({ ok: false, message: expect.stringContaining("unknown chart kind 'donut'") });
    expect(chooseViz(base({ columns: windowed, annotations: [{ key: 'viz', value: 'line y=nope' }] }))).toEqual({ ok: false, message: '@viz names unknown column nope' });
  });
});
