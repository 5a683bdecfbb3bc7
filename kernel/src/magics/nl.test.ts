import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fakeMessagesServer } from '@velostream/engine';
import { newExecutor, plain, runCell } from '../../test/helpers/cell';

// Column names unlike the conformance schemas: the parser maps by catalog, not by memory.
const SCHEMA = `%%schema payments
fields:
  - {name: card_number, type: string, constraints: {enum_values: {values: [C1, C2, C3]}}}
  - {name: merchant, type: string, constraints: {enum_values: {values: [acme, globex]}}}
  - {name: amount, type: "decimal(2)", constraints: {range: {min: 1, max: 900}}}
  - {name: ts, type: integer, constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}}
`;

function withEnv<T>(env: Record<string, string | undefined>, f: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  return f().finally(() => {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  });
}

const offline = <T>(f: () => Promise<T>) => withEnv({ ANTHROPIC_API_KEY: undefined }, f);

describe('%%nl', () => {
  it('offline: shows the SQL and what was understood, and offers it as the next cell', () =>
    offline(async () => {
      const { executor } = newExecutor();
      await runCell(executor, SCHEMA);
      const run = await runCell(executor, '%%nl\ntotal amount per merchant every 5 minutes');
      expect(run.outcome.status).toBe('ok');
      const sql = 'SELECT merchant, SUM(amount) AS total_amount FROM payments GROUP BY merchant WINDOW TUMBLING(ts, INTERVAL \'5\' MINUTE) EMIT FINAL;';
      const shown = run.outputs.find((o) => o.type === 'display_data')!;
      expect(shown.data!['text/markdown']).toContain(`\`\`\`sql\n${sql}\n\`\`\``);
      expect(shown.data!['text/markdown']).toContain('(offline engine)');
      expect(plain(shown)).toContain('-- - group by merchant (“merchant”)');
      expect(run.outcome).toMatchObject({ payload: [{ source: 'set_next_input', text: sql, replace: false }] });
    }));

  it('--run executes the generated SQL in the same cell', () =>
    offline(async () => {
      const { executor } = newExecutor();
      await runCell(executor, SCHEMA);
      await runCell(executor, '%generate payments --records 40');
      const run = await runCell(executor, '%%nl --run\npayments from acme above 100');
      expect(run.outcome.status).toBe('ok');
      const shown = run.outputs.filter((o) => o.type === 'display_data');
      expect(shown[0].data!['text/markdown']).toContain("SELECT * FROM payments WHERE amount > 100 AND merchant = 'acme';");
      const result = run.outputs.filter((o) => o.data?.['application/vnd.velostream.result+json']).pop()!;
      const rows = (result.data!['application/vnd.velostream.result+json'] as { rows: unknown[][] }).rows;
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.includes('acme'))).toBe(true);
    }));

  it('a request that maps to nothing is an AiError saying what could not be mapped', () =>
    offline(async () => {
      const { executor } = newExecutor();
      await runCell(executor, SCHEMA);
      const run = await runCell(executor, '%%nl\nflamingo dances');
      expect(run.outcome).toMatchObject({ status: 'error', ename: 'AiError' });
      expect(JSON.stringify(run.outcome)).toContain('could not map: “flamingo”, “dances”');
    }));

  it('with a key, Claude answers through the SDK; the key is not in any output', async () => {
    const server = await fakeMessagesServer([{ text: '```sql\nSELECT merchant, COUNT(*) AS n FROM payments GROUP BY merchant EMIT CHANGES;\n```\nCounts per merchant.' }]);
    try {
      await withEnv({ ANTHROPIC_API_KEY: 'sk-kernel-secret', ANTHROPIC_BASE_URL: server.url }, async () => {
        const { executor } = newExecutor();
        await runCell(executor, SCHEMA);
        const run = await runCell(executor, '%%nl --model claude-x\nhow many payments per merchant');
        expect(run.outcome.status).toBe('ok');
        expect(run.outputs[0].data!['text/markdown']).toContain('(Claude)');
        expect(server.seen[0].body.model).toBe('claude-x');
        expect(server.seen[0].body.messages[0].content).toContain('card_number string');
        expect(JSON.stringify(run)).not.toContain('sk-kernel-secret');
      });
    } finally {
      await server.close();
    }
  });

  it('an API failure is an AiError with a readable message', async () => {
    const server = await fakeMessagesServer([{ status: 401, type: 'authentication_error', message: 'invalid x-api-key' }]);
    try {
      await withEnv({ ANTHROPIC_API_KEY: 'sk-bad', ANTHROPIC_BASE_URL: server.url }, async () => {
        const { executor } = newExecutor();
        await runCell(executor, SCHEMA);
        const run = await runCell(executor, '%%nl\ncount payments');
        expect(run.outcome).toMatchObject({ status: 'error', ename: 'AiError', evalue: expect.stringMatching(/Claude rejected the API key \(401\)/) });
      });
    } finally {
      await server.close();
    }
  });

  it('--app writes the app and a notebook into the working directory; a second run needs --force', () =>
    offline(async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-app-'));
      const cwd = process.cwd();
      process.chdir(dir);
      try {
        const { executor } = newExecutor();
        await runCell(executor, SCHEMA);
        const run = await runCell(executor, '%%nl --app\nflag cards with more than 4 payments a minute');
        expect(run.outcome.status).toBe('ok');
        const shown = run.outputs.find((o) => o.type === 'display_data')!;
        expect(shown.data!['text/markdown']).toContain('**%%nl --app**: Fraud detection on `payments`');
        expect(plain(shown)).toContain('card → card_number, amount → amount');
        expect(fs.readdirSync(dir).sort()).toEqual(['fraud_payments', 'fraud_payments.ipynb']);
        expect(fs.readFileSync(path.join(dir, 'fraud_payments', 'fraud_payments.sql'), 'utf8')).toContain('WHERE purchases > 4');
        const again = await runCell(executor, '%%nl --app\nflag cards with more than 4 payments a minute');
        expect(again.outcome).toMatchObject({ status: 'error', ename: 'MagicError', evalue: expect.stringContaining('already exist') });
        expect((await runCell(executor, '%%nl --app --force\nflag cards with more than 4 payments a minute')).outcome.status).toBe('ok');
      } finally {
        process.chdir(cwd);
      }
    }));
});
