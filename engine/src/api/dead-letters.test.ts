import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Catalog } from './catalog';
import { startQuery } from './query';

function run(withList: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-dlq-'));
  fs.writeFileSync(path.join(dir, 'in.csv'), 'id,qty\n1,4\n2,x\n3,5,extra\n4,0\n');
  const sql = `CREATE STREAM out AS SELECT id, 100 / CAST(qty AS INTEGER) AS per FROM src WITH ('src.type' = 'file_source', 'src.path' = 'in.csv', 'out.type' = 'file_sink', 'out.path' = 'out.csv'${withList})`;
  const handle = startQuery(sql, new Catalog(), { baseDir: dir });
  return { dir, handle };
}

const lines = (file: string) => fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('dead-letter queue', () => {
  test("enable_dlq: records that fail to evaluate and rows that fail to decode go to <path>.dlq.jsonl with their error", async () => {
    const { dir, handle } = run(", 'enable_dlq' = 'true'");
    const summary = await handle.done;
    expect(summary.status).toBe('completed');
    expect(fs.readFileSync(path.join(dir, 'out.csv'), 'utf8')).toBe('id,per\n1,25\n4,\n');
    const dead = lines(path.join(dir, 'out.csv.dlq.jsonl'));
    expect(dead.map((d) => d.error_type).sort()).toEqual(['BAD_ROW', 'CAST_ERROR']);
    expect(dead.find((d) => d.error_type === 'CAST_ERROR')).toMatchObject({ id: 2, qty: 'x' });
    expect(dead.find((d) => d.error_type === 'BAD_ROW')).toMatchObject({ source: 'src', line: 4 });
  });

  test('late.data.strategy = dead_letter: a record past its window\'s lateness is a dead letter, not silently dropped', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-dlq-'));
    fs.writeFileSync(path.join(dir, 'in.csv'), 'id,ts\n1,2024-01-01T10:00:00\n2,2024-01-01T10:05:00\n3,2024-01-01T10:00:10\n');
    const sql =
      "CREATE STREAM out AS SELECT COUNT(*) AS n FROM src WINDOW TUMBLING(1m) WITH ('src.type' = 'file_source', 'src.path' = 'in.csv', " +
      "'event.time.field' = 'ts', 'late.data.strategy' = 'dead_letter', 'out.type' = 'file_sink', 'out.path' = 'out.csv')";
    const summary = await startQuery(sql, new Catalog(), { baseDir: dir }).done;
    expect(summary.progress.droppedTooLate).toBe(1);
    expect(lines(path.join(dir, 'out.csv.dlq.jsonl'))).toEqual([expect.objectContaining({ id: 3, error_type: 'LATE_DATA' })]);
  });

  test('without enable_dlq nothing is written beside the output', async () => {
    const { dir, handle } = run('');
    await handle.done;
    expect(fs.existsSync(path.join(dir, 'out.csv.dlq.jsonl'))).toBe(false);
  });
});
