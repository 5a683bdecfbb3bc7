import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { captureCli } from '../testing';
import { main } from '../velo';

async function velo(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await captureCli((io) => main(args, io), cwd, { PATH: process.env.PATH });
  return { code, out: stdout, err: stderr };
}

describe('velo nl', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-nl-'));
  fs.mkdirSync(path.join(dir, 'schemas'));
  fs.writeFileSync(
    path.join(dir, 'schemas', 'telemetry.schema.yaml'),
    'name: telemetry\nfields:\n  - {name: device_id, type: string}\n  - {name: site, type: string, constraints: {enum_values: {values: [north, south]}}}\n  - {name: temp_c, type: float}\n  - {name: ts, type: integer, constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}}\n',
  );
  fs.writeFileSync(path.join(dir, 'app.sql'), "CREATE STREAM hot AS SELECT device_id, temp_c, ts FROM telemetry WHERE temp_c > 30 EMIT CHANGES WITH ('hot.type' = 'memory_sink');\n");

  test('--format json prints {sql, explanation, engine, valid, diagnostics} from the schemas directory', async () => {
    const { code, out } = await velo(['nl', '--format', 'json', 'highest', 'temp_c', 'per', 'site', 'every', '10', 'minutes'], dir);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual(['sql', 'explanation', 'engine', 'valid', 'diagnostics']);
    expect(json).toMatchObject({
      sql: "SELECT site, MAX(temp_c) AS max_temp_c FROM telemetry GROUP BY site WINDOW TUMBLING(ts, INTERVAL '10' MINUTE) EMIT FINAL;",
      engine: 'offline',
      valid: true,
      diagnostics: [],
    });
    expect(json.explanation).toContain('tumbling window of 10 minutes');
  });

  test("--app adds the application's outputs to the catalog", async () => {
    const { code, out } = await velo(['nl', '--app', 'app.sql', 'count', 'hot', 'readings', 'per', 'device'], dir);
    expect(code).toBe(0);
    expect(out).toContain('SELECT device_id, COUNT(*) AS hot_count FROM hot GROUP BY device_id EMIT CHANGES;');
    expect(out).toContain('-- engine: offline');
  });

  test('--sample infers a schema from JSON Lines: enum values, numbers and the epoch-ms event time', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify({ host: ['web1', 'web2', 'db1'][i % 3], latency_ms: 5 + i, status: i % 7 === 0 ? 'error' : 'ok', at: t0 + i * 1000 }));
    fs.writeFileSync(path.join(dir, 'requests.jsonl'), `${lines.join('\n')}\n`);
    const { code, out } = await velo(['nl', '--sample', 'requests.jsonl', '--format', 'json', 'error requests per host every minute'], dir);
    expect(code).toBe(0);
    expect(JSON.parse(out).sql).toBe("SELECT host, COUNT(*) AS request_count FROM requests WHERE status = 'error' GROUP BY host WINDOW TUMBLING(at, INTERVAL '1' MINUTE) EMIT FINAL;");
  });

  test('a request that maps to nothing exits 1 and says so; no catalog is a clear error', async () => {
    const none = await velo(['nl', 'dancing', 'flamingos'], dir);
    expect(none.code).toBe(1);
    expect(none.out).toContain('no source matches the request (known sources: telemetry)');
    const empty = await velo(['nl', 'x'], os.tmpdir());
    expect(empty).toMatchObject({ code: 1, err: expect.stringContaining('no catalog: pass --schemas DIR and/or --app APP.sql') });
  });
});
