import { BAR_LIMIT, resultFigure, SERIES_LIMIT, type ChartTheme } from './figure';
import { col, resultModel } from './fixtures.test-util';

const theme: ChartTheme = { text: '#111111', grid: '#dddddd', font: 'sans-serif', colorway: ['#0072B2', '#E69F00'] };
const WINDOWED = [col('symbol', 'STRING', 'group_key'), col('window_start', 'INTEGER', 'window_start'), col('avg_price', 'DECIMAL(2)')];

describe('result → Plotly figure', () => {
  it('draws one line per series over a time axis, points ordered by x, DECIMAL strings as numbers', () => {
    const rows = [
      ['MSFT', 2000, '411.05'],
      ['AAPL', 1000, '189.20'],
      ['AAPL', 2000, '190.00'],
      ['MSFT', 1000, '410.00'],
    ];
    const figure = resultFigure(resultModel(WINDOWED, rows, { kind: 'line', x: 'window_start', y: ['avg_price'], series: 'symbol' }), theme)!;
    expect(figure.data.map((t) => t.name)).toEqual(['MSFT', 'AAPL']);
    expect(figure.data[0]).toMatchObject({ type: 'scatter', x: [1000, 2000], y: [410, 411.05] });
    expect(figure.layout.xaxis).toMatchObject({ type: 'date' });
    expect(figure.layout.uirevision).toBe('vs-0000abcd-1');
    expect(figure.layout.font).toMatchObject({ color: '#111111' });
  });

  it(`keeps the top ${SERIES_LIMIT} series by latest value`, () => {
    const rows = Array.from({ length: 15 }, (_, i) => [`s${i}`, 1000, String(i)]);
    const figure = resultFigure(resultModel(WINDOWED, rows, { kind: 'line', x: 'window_start', y: ['avg_price'], series: 'symbol' }), theme)!;
    expect(figure.data).toHaveLength(SERIES_LIMIT);
    expect(figure.data[0].name).toBe('s14');
  });

  it('fills areas and draws markers only for scatter', () => {
    const rows = [['AAPL', 1000, '1.00']];
    const area = resultFigure(resultModel(WINDOWED, rows, { kind: 'area', x: 'window_start', y: ['avg_price'] }), theme)!;
    expect(area.data[0]).toMatchObject({ fill: 'tozeroy' });
    const scatter = resultFigure(resultModel(WINDOWED, rows, { kind: 'scatter', x: 'window_start', y: ['avg_price'] }), theme)!;
    expect(scatter.data[0]).toMatchObject({ mode: 'markers' });
  });

  it(`ranks bars by the latest value, at most ${BAR_LIMIT}`, () => {
    const columns = [col('symbol', 'STRING', 'group_key'), col('trades', 'INTEGER')];
    const rows = Array.from({ length: 25 }, (_, i) => [`k${i}`, i]);
    rows.push(['k0', 100]);
    const figure = resultFigure(resultModel(columns, rows, { kind: 'bar', x: 'symbol', y: ['trades'] }), theme)!;
    expect(figure.data[0].type).toBe('bar');
    expect((figure.data[0].x as string[]).slice(0, 2)).toEqual(['k0', 'k24']);
    expect(figure.data[0].x).toHaveLength(BAR_LIMIT);
  });

  it('makes a pie of positive latest values and a gauge of the last row', () => {
    const columns = [col('symbol', 'STRING', 'group_key'), col('volume', 'INTEGER')];
    const pie = resultFigure(resultModel(columns, [['A', 5], ['B', 0], ['C', 7]], { kind: 'pie', x: 'symbol', y: ['volume'] }), theme)!;
    expect(pie.data[0]).toMatchObject({ type: 'pie', labels: ['C', 'A'], values: [7, 5] });
    const gauge = resultFigure(resultModel([col('total', 'FLOAT')], [[12.5], [42.25]], { kind: 'gauge', y: ['total'] }), theme)!;
    expect(gauge.data[0]).toMatchObject({ type: 'indicator', value: 42.25, gauge: { axis: { range: [0, 100] } } });
  });

  it('lays a heatmap out as series × x', () => {
    const rows = [
      ['B', 2000, '2'],
      ['A', 1000, '1'],
      ['B', 1000, '3'],
    ];
    const figure = resultFigure(resultModel(WINDOWED, rows, { kind: 'heatmap', x: 'window_start', y: ['avg_price'], series: 'symbol' }), theme)!;
    expect(figure.data[0]).toMatchObject({ type: 'heatmap', x: [1000, 2000], y: ['A', 'B'], z: [[1, null], [3, 2]] });
  });

  it('draws nothing for none, table, unknown columns or no numbers', () => {
    const rows = [['AAPL', 1000, null]];
    expect(resultFigure(resultModel(WINDOWED, rows, { kind: 'none' }), theme)).toBeNull();
    expect(resultFigure(resultModel(WINDOWED, rows, { kind: 'table', x: 'symbol', y: ['avg_price'] }), theme)).toBeNull();
    expect(resultFigure(resultModel(WINDOWED, rows, { kind: 'line', x: 'nope', y: ['avg_price'] }), theme)).toBeNull();
    expect(resultFigure(resultModel(WINDOWED, rows, { kind: 'line', x: 'window_start', y: ['avg_price'] }), theme)).toBeNull();
  });
});
