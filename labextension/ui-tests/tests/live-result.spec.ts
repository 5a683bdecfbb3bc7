import { expect, test } from '@jupyterlab/galata';
import { openNotebook, resultOf, runCell, screenshot, setTheme, TRADES_SCHEMA } from './velostream';

/** 1,000 ticks a second with an event time: `LIMIT 6000` makes a bounded query of about 6 s. */
const TICKS_SCHEMA = `%%schema ticks
fields:
  - name: ts
    type: timestamp
  - name: symbol
    type: string
    constraints: {enum_values: {values: [AAPL, MSFT, GOOG, AMZN]}}
  - name: price
    type: decimal(2)
    constraints: {range: {min: 100, max: 200}}`;

const LIVE_LINE = `%config rate=1000
-- @viz: line x=ts y=price series=symbol
-- @viz_title: ticks
SELECT ts, symbol, price FROM ticks LIMIT 6000;`;

const WARM_UP = `%%sql --for 1s
SELECT symbol, COUNT(*) AS n FROM ticks GROUP BY symbol;`;

/** The final status of a `--for` run (the kernel reports it as done or stopped; these tests are about the view). */
const ENDED = /^(done|stopped)$/;

const BY_SYMBOL = `%%sql --for 2s
SELECT symbol, COUNT(*) AS trades, SUM(qty) AS volume FROM trades GROUP BY symbol;`;

const BACKGROUND = `-- @name: big_trades
SELECT symbol, price, qty FROM trades WHERE qty > 90;`;

declare global {
  interface Window {
    veloChartMutations: number;
  }
}

test.describe('Velostream results', () => {
  test('the live chart is redrawn in place while the query runs and ends done', async ({ page, tmpPath }) => {
    // Cell 1 draws a first chart, so Plotly (loaded once, on the first chart) is in before the timed query.
    await openNotebook(page, tmpPath, 'live.ipynb', [TICKS_SCHEMA, WARM_UP, LIVE_LINE]);
    await runCell(page, 0);
    await runCell(page, 1);
    await expect(resultOf(page, 1).locator('.js-plotly-plot')).toBeVisible();
    // One count per batch of DOM changes inside a chart: Plotly.react rewrites the trace paths.
    await page.evaluate(() => {
      window.veloChartMutations = 0;
      new MutationObserver((records) => {
        if (records.some((r) => (r.target as Element).closest?.('.jp-VeloChart.js-plotly-plot'))) window.veloChartMutations++;
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const run = runCell(page, 2);
    const result = resultOf(page, 2);
    await expect(result).toHaveAttribute('data-status', 'running');
    await expect(result.locator('.js-plotly-plot')).toBeVisible();
    const plotWhileRunning = await result.locator('.js-plotly-plot').elementHandle();
    await screenshot(page, 'live-chart-running');
    await run;
    await expect(result).toHaveAttribute('data-status', 'done');
    // Updated in place: the very same Plotly element, never a re-created renderer.
    expect(await result.locator('.js-plotly-plot').elementHandle().then((h) => h?.evaluate((el, before) => el === before, plotWhileRunning))).toBe(true);
    // A chart slow to draw skips intermediate snapshots (it idles 3× its draw time), but the first,
    // at least one while running and the final snapshot are drawn.
    await expect.poll(() => page.evaluate(() => window.veloChartMutations)).toBeGreaterThanOrEqual(3);
    await expect(result.locator('.js-plotly-plot .legendtext')).toHaveCount(4);
    await expect(result.locator('.jp-VeloResult-summary')).toContainText('rows');
    // The static text/html fallback is not what JupyterLab shows.
    await expect(page.locator('.jp-Notebook .jp-Cell').nth(2).locator('.jp-RenderedHTMLCommon svg[role="img"]')).toHaveCount(0);
    await screenshot(page, 'live-chart-done');
  });

  test('the table shows every row and sorts by a column header', async ({ page, tmpPath }) => {
    await openNotebook(page, tmpPath, 'table.ipynb', [TRADES_SCHEMA, BY_SYMBOL]);
    await runCell(page, 0);
    await runCell(page, 1);
    const result = resultOf(page, 1);
    await expect(result).toHaveAttribute('data-status', ENDED);
    await result.getByRole('button', { name: 'Table' }).click();
    const table = result.locator('.jp-VeloTable');
    await expect(table.locator('.jp-VeloTable-row')).toHaveCount(4);
    const column = async (c: number) => {
      const rows = await table.locator('.jp-VeloTable-row').evaluateAll((els, c) =>
        els
          .map((el) => ({ top: parseFloat((el as HTMLElement).style.top), text: el.children[c].textContent ?? '' }))
          .sort((a, b) => a.top - b.top)
          .map((r) => r.text),
        c,
      );
      return rows;
    };
    const header = table.locator('.jp-VeloTable-th', { hasText: 'trades' });
    await header.click();
    const ascending = (await column(1)).map(Number);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await expect(header).toHaveAttribute('aria-sort', 'ascending');
    await header.click();
    const descending = (await column(1)).map(Number);
    expect(descending).toEqual([...ascending].sort((a, b) => b - a));
    await table.locator('.jp-VeloTable-th', { hasText: 'symbol' }).click();
    expect(await column(0)).toEqual(['AAPL', 'AMZN', 'GOOG', 'MSFT']);
    await screenshot(page, 'table-sorted');
  });

  test('Stop ends a background job and the display says stopped', async ({ page, tmpPath }) => {
    await openNotebook(page, tmpPath, 'stop.ipynb', [TRADES_SCHEMA, BACKGROUND]);
    await runCell(page, 0);
    await runCell(page, 1);
    const result = resultOf(page, 1);
    await expect(result).toHaveAttribute('data-status', 'running');
    await expect(result.locator('.jp-VeloResult-job')).toHaveText('job big_trades');
    const stop = result.getByRole('button', { name: 'Stop' });
    await expect(stop).toBeVisible();
    await screenshot(page, 'background-job-running');
    await stop.click();
    await expect(result).toHaveAttribute('data-status', 'stopped', { timeout: 120_000 });
    await expect(stop).toBeHidden();
  });

  test('a running display whose job died with its kernel is marked stale', async ({ page, tmpPath }) => {
    await openNotebook(page, tmpPath, 'stale.ipynb', [TRADES_SCHEMA, BACKGROUND]);
    await runCell(page, 0);
    await runCell(page, 1);
    const result = resultOf(page, 1);
    await expect(result).toHaveAttribute('data-status', 'running');
    // Not awaited in the page: the command waits for the confirmation dialog clicked below.
    await page.evaluate(() => {
      const app = (window as unknown as { jupyterapp: { commands: { execute(id: string): Promise<unknown> } } }).jupyterapp;
      void app.commands.execute('kernelmenu:restart');
    });
    // JupyterLab asks before restarting.
    await page.locator('.jp-Dialog-button.jp-mod-accept').click();
    await expect(result).toHaveAttribute('data-status', 'stale');
    await expect(result.locator('.jp-VeloResult-status')).toHaveText('stale — rerun the cell');
    await screenshot(page, 'stale-display');
  });

  test('the dark theme colours the chart from the theme', async ({ page, tmpPath }) => {
    await setTheme(page, 'JupyterLab Dark');
    await openNotebook(page, tmpPath, 'dark.ipynb', [TRADES_SCHEMA, BY_SYMBOL]);
    await runCell(page, 0);
    await runCell(page, 1);
    const result = resultOf(page, 1);
    await expect(result).toHaveAttribute('data-status', ENDED);
    const title = result.locator('.js-plotly-plot .gtitle');
    await expect(title).toBeVisible();
    const luminance = await title.evaluate((el) => {
      const [r, g, b] = getComputedStyle(el).fill.match(/\d+/g)!.map(Number);
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    });
    expect(luminance).toBeGreaterThan(0.6);
    await screenshot(page, 'dark-theme-chart');
    await setTheme(page, 'JupyterLab Light');
  });
});
