import { Snapshot } from './snapshot';
import { col } from '../../test/helpers/display';

const symbolPrice = [col('symbol', 'STRING', 'group_key'), col('price', 'INTEGER')];

describe('Snapshot', () => {
  it('append keeps the last keepRows rows, oldest first, and shows newest first', () => {
    const s = new Snapshot('append', symbolPrice, 2);
    s.add(['A', 1]);
    s.add(['B', 2]);
    s.add(['C', 3]);
    expect(s.rows()).toEqual([
      ['B', 2],
      ['C', 3],
    ]);
    expect(s.shown()).toEqual([
      ['C', 3],
      ['B', 2],
    ]);
    expect(s.rowsKept).toBe(2);
    expect(s.rowsEvicted).toBe(1);
  });

  it('update replaces the row of a key and orders by window end descending, then key', () => {
    const columns = [col('symbol', 'STRING', 'group_key'), col('window_end', 'TIMESTAMP', 'window_end'), col('n', 'INTEGER')];
    const s = new Snapshot('update', columns, 10);
    s.add(['MSFT', 60_000, 1]);
    s.add(['AAPL', 60_000, 1]);
    s.add(['AAPL', 60_000, 5]); // correction of the AAPL row of the first minute
    s.add(['AAPL', 120_000, 2]);
    expect(s.shown()).toEqual([
      ['AAPL', 120_000, 2],
      ['AAPL', 60_000, 5],
      ['MSFT', 60_000, 1],
    ]);
    expect(s.rows()).toEqual(s.shown());
  });

  it('update evicts the least recently updated key beyond keepRows', () => {
    const s = new Snapshot('update', symbolPrice, 2);
    s.add(['A', 1]);
    s.add(['B', 1]);
    s.add(['A', 2]); // A is now the most recently updated
    s.add(['C', 1]); // evicts B
    expect(s.shown()).toEqual([
      ['A', 2],
      ['C', 1],
    ]);
    expect(s.rowsEvicted).toBe(1);
  });

  it('update without key columns uses the record key', () => {
    const s = new Snapshot('update', [col('n', 'INTEGER')], 10);
    s.add([1], 'k1');
    s.add([2], 'k2');
    s.add([3], 'k1');
    expect(s.rowsKept).toBe(2);
  });

  it('single keeps only the latest row', () => {
    const s = new Snapshot('single', [col('total', 'INTEGER')], 10);
    expect(s.rows()).toEqual([]);
    s.add([1]);
    s.add([7]);
    expect(s.rows()).toEqual([[7]]);
    expect(s.rowsKept).toBe(1);
  });
});
