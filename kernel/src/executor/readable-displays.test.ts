/**
 * What a newcomer reads in the kernel's own displays (issue 16), through the executor: numbers,
 * end states, charts, alignment, row counts and job listings in text/plain and text/html.
 */
import { newExecutor, plain, resultJson, runCell, type Output } from '../../test/helpers/cell';
import { chartSvg } from '../../test/helpers/display';

const SCHEMA = `%%schema trades
fields:
  - {name: symbol, type: string, constraints: {enum_values: {values: [AAPL, MSFT, GOOG, AMZN]}}}
  - {name: price, type: "decimal(2)", constraints: {range: {min: 10, max: 20}}}
  - {name: qty, type: integer, constraints: {range: {min: 1, max: 5}}}
`;

const html = (o: Output | undefined) => o?.data?.['text/html'] as string;
const last = (outputs: Output[]) => outputs[outputs.length - 1];
/** The summary line of the HTML rendering. */
const htmlSummary = (o: Output | undefined) => /<div class="velostream-summary">([^<]*)<\/div>/.exec(html(o))![1];
const htmlRows = (o: Output | undefined) => (html(o).match(/<tr>/g) ?? []).length - 1;

async function withSchema(...setup: string[]) {
  const { executor } = newExecutor();
  await runCell(executor, SCHEMA);
  for (const cell of setup) await runCell(executor, cell);
  return executor;
}

describe('readable displays', () => {
  it('floats show at most 6 decimals in text and HTML; result+json keeps the full value', async () => {
    const executor = await withSchema('%generate trades --records 300');
    const run = await runCell(executor, 'SELECT symbol, AVG(price) AS avg_price FROM trades GROUP BY symbol;');
    const final = last(run.outputs);
    const json = resultJson(final);
    const full = json.rows.map((r) => r[1] as number);
    expect(full.some((v) => String(v).split('.')[1]?.length > 6)).toBe(true);
    const shown = plain(final).split('\n').slice(3).map((line) => line.split('|')[1].trim());
    expect(shown).toHaveLength(4);
    for (const text of shown) expect(text).toMatch(/^\d+(\.\d{1,6})?$/);
    expect(shown.map(Number).sort()).toEqual(full.map((v) => Number(v.toFixed(6))).sort());
    const cells = [...html(final).matchAll(/<td style="text-align:right">([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(cells.sort()).toEqual([...shown].sort());
  });

  it('a run that reached its --for bound is done (not stopped), in text, HTML and result+json', async () => {
    const executor = await withSchema('%config rate=2000');
    const run = await runCell(executor, '%%sql --for 400ms\nSELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol;');
    const final = last(run.outputs);
    expect(resultJson(final)).toMatchObject({ status: 'done', end_reason: 'for' });
    expect(plain(final)).toMatch(/^done \(--for 400 ms\) · 4 rows \(update\) · /);
    expect(htmlSummary(final)).toMatch(/^done \(--for 400 ms\) · 4 rows \(update\) · /);
  });

  it('the batch preview, %stop and interrupt say stopped and why', async () => {
    const executor = await withSchema('%config rate=2000 preview=300ms');
    const batch = await runCell(executor, 'SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol;', { allowStdin: false });
    expect(resultJson(last(batch.outputs))).toMatchObject({ status: 'stopped', end_reason: 'preview' });
    expect(plain(last(batch.outputs))).toMatch(/^stopped after the 300 ms preview \(batch mode\) · /);
    expect(htmlSummary(last(batch.outputs))).toMatch(/^stopped after the 300 ms preview \(batch mode\) · /);

    const job = await runCell(executor, '%%sql --name ticker\nSELECT symbol, price FROM trades;', { cellId: 'c1' });
    await runCell(executor, '%stop ticker');
    const stopped = last(job.later);
    expect(resultJson(stopped)).toMatchObject({ status: 'stopped', end_reason: 'stop' });
    expect(plain(stopped)).toMatch(/^stopped \(%stop\) · /);

    const fg = await runCell(executor, '%%sql --no-detach\nSELECT * FROM trades;', { interruptAfterMs: 200 });
    expect(plain(last(fg.outputs))).toMatch(/^stopped \(interrupted\) · /);
    expect(htmlSummary(last(fg.outputs))).toMatch(/^stopped \(interrupted\) · /);
  });

  it('bars keep key order through every live update; the SVG scales to the output width', async () => {
    const executor = await withSchema('%config rate=4000 refresh=10');
    const run = await runCell(executor, '%%sql --for 1200ms\nSELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol;', { cellId: 'bars' });
    const orders = run.outputs.map((o) => [...(chartSvg(html(o)) ?? '').matchAll(/<rect [^>]*><title>(\w+): /g)].map((m) => m[1])).filter((o) => o.length > 0);
    expect(orders.length).toBeGreaterThanOrEqual(2);
    for (const order of orders) expect(order).toEqual([...order].sort());
    expect(orders[orders.length - 1]).toEqual(['AAPL', 'AMZN', 'GOOG', 'MSFT']);
    expect(html(last(run.outputs))).toMatch(/<img class="velostream-chart" [^>]*width="100%" style="max-width:960px;height:auto;display:block"\/>/);
    expect(chartSvg(html(last(run.outputs)))).toMatch(/^<svg [^>]*viewBox="0 0 640 200"/);
    // round y ticks: more than 0 and the maximum, evenly spaced
    const ticks = [...chartSvg(html(last(run.outputs)))!.matchAll(/<text x="56" y="[\d.]+" text-anchor="end">([\d,]+)<\/text>/g)].map((m) => Number(m[1].replace(/,/g, '')));
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(new Set(ticks.slice(1).map((t, i) => t - ticks[i])).size).toBe(1);
  });

  it('HTML tables align strings left and numbers right, each header with its column', async () => {
    const executor = await withSchema('%generate trades --records 5');
    const run = await runCell(executor, 'SELECT symbol, qty FROM trades;');
    const page = html(last(run.outputs));
    expect(page).toContain('<th style="text-align:left" title="STRING">symbol</th><th style="text-align:right" title="INTEGER">qty</th>');
    expect(page).toMatch(/<tr><td style="text-align:left">[A-Z]+<\/td><td style="text-align:right">\d<\/td><\/tr>/);
    // text/plain: the same alignment (numbers right, header over its column)
    expect(plain(last(run.outputs)).split('\n')[1]).toBe('symbol | qty');
  });

  it('append mode: HTML shows the newest 10 rows and how many went out and were kept; %config rows rules', async () => {
    const executor = await withSchema('%config rate=2000');
    const run = await runCell(executor, '%%sql --for 500ms --keep 100\nSELECT symbol, price FROM trades;');
    const final = last(run.outputs);
    const out = resultJson(final).counters as { records_out: number };
    expect(out.records_out).toBeGreaterThan(100);
    const produced = out.records_out.toLocaleString('en-US');
    expect(htmlSummary(final)).toContain(`newest 10 of ${produced} rows (append, 100 kept)`);
    expect(htmlRows(final)).toBe(10);
    expect(plain(final).split('\n')[0]).toContain(`newest 50 of ${produced} rows (append, 100 kept)`);
    expect(plain(final).split('\n')).toHaveLength(3 + 50);
    expect(resultJson(final).rows).toHaveLength(100);

    await runCell(executor, '%config rows=20');
    const ruled = last((await runCell(executor, '%%sql --for 300ms --keep 100\nSELECT symbol, price FROM trades;')).outputs);
    expect(htmlRows(ruled)).toBe(20);
    expect(htmlSummary(ruled)).toMatch(/newest 20 of [\d,]+ rows \(append, 100 kept\)/);
  });

  it('%jobs names the cell by its execution count and groups thousands', async () => {
    const executor = await withSchema('%config rate=10000 preview=300ms');
    await runCell(executor, '%%sql --name big\nSELECT symbol, price FROM trades;', { cellId: 'lab-cell-id' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const listing = (await runCell(executor, '%jobs')).outputs[0];
    await runCell(executor, '%stop big');
    const row = plain(listing).split('\n')[3];
    const executionCount = Number(/^big +\| running +\| \[(\d+)\]/.exec(row)?.[1]);
    expect(executionCount).toBeGreaterThan(0);
    expect(row).not.toContain('lab-cell-id');
    expect(row).toMatch(/\| +\d{1,3}(,\d{3})+ \|/); // records in, e.g. 6,123
    expect(html(listing)).toMatch(/<td style="text-align:right">\d{1,3}(,\d{3})+<\/td>/);
    expect(html(listing)).toContain(`<td style="text-align:left">[${executionCount}]</td>`);
  });
});
