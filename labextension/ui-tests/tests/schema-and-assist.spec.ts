import { expect, test } from '@jupyterlab/galata';
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { openNotebook, resultOf, runCell, screenshot, TRADES_SCHEMA } from './velostream';

const BACKGROUND = `-- @name: big_trades
SELECT symbol, price, qty FROM trades WHERE qty > 90;`;

/** A bounded source with an event time, so the completed aggregate runs to its end. */
const TICKS_SCHEMA = `%%schema trades
fields:
  - {name: symbol, type: string, constraints: {enum_values: {values: [AAPL, MSFT, NVDA]}}}
  - {name: price, type: "decimal(2)", constraints: {range: {min: 10, max: 500}}}
  - {name: ts, type: integer, constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}}`;

const PREFIX = 'SELECT symbol, AVG(price) FROM trades ';

/** The editor of cell `index`, focused with the cursor at the end of its text. */
async function editAtEnd(page: IJupyterLabPageFixture, index: number) {
  const editor = page.locator('.jp-Notebook .jp-Cell').nth(index).locator('.cm-content');
  await editor.click();
  await page.keyboard.press('Control+End');
  return editor;
}

function cellSource(page: IJupyterLabPageFixture, index: number): Promise<string> {
  return page.evaluate((i) => {
    const app = (
      window as unknown as {
        jupyterapp: {
          shell: {
            currentWidget: {
              content: { widgets: { model: { sharedModel: { getSource(): string } } }[] };
            };
          };
        };
      }
    ).jupyterapp;
    return app.shell.currentWidget.content.widgets[i].model.sharedModel.getSource();
  }, index);
}

test.describe('Schema browser and inline completion', () => {
  test('the panel lists the %%schema source and the running job; double-click inserts a column; Stop stops the job', async ({
    page,
    tmpPath,
  }) => {
    await openNotebook(page, tmpPath, 'browser.ipynb', [TRADES_SCHEMA, BACKGROUND, 'SELECT ']);
    await page.evaluate(() =>
      (
        window as unknown as { jupyterapp: { shell: { activateById(id: string): void } } }
      ).jupyterapp.shell.activateById('velostream-schema-browser'),
    );
    const panel = page.locator('#velostream-schema-browser');
    await expect(panel).toBeVisible();
    await runCell(page, 0);
    const trades = panel.locator('.jp-VeloBrowser-source[data-name="trades"]');
    await expect(trades.locator('.jp-VeloBrowser-column')).toHaveText([
      'symbolSTRING',
      'priceDECIMAL(2)',
      'qtyINTEGER',
    ]);
    await runCell(page, 1);
    const result = resultOf(page, 1);
    await expect(result).toHaveAttribute('data-status', 'running');
    const job = panel.locator('.jp-VeloBrowser-job[data-name="big_trades"]');
    await expect(job).toHaveAttribute('data-status', 'running');
    // The sparkline gets a line from the second counters push on.
    await expect(job.locator('polyline')).toHaveAttribute('points', /\d+,\d+ \d+,\d+/);

    const editor = await editAtEnd(page, 2);
    await trades.locator('.jp-VeloBrowser-column[data-name="price"]').dblclick();
    await expect(editor).toHaveText('SELECT price');
    await screenshot(page, 'schema-browser-running-job');

    await job.getByRole('button', { name: 'Stop' }).click();
    await expect(result).toHaveAttribute('data-status', 'stopped', { timeout: 120_000 });
    await expect(job).toHaveAttribute('data-status', 'stopped');
    await expect(job.getByRole('button', { name: 'Stop' })).toBeHidden();
  });

  test('typing a query shows ghost text from the kernel that Tab inserts, and the cell runs', async ({
    page,
    tmpPath,
  }) => {
    await openNotebook(page, tmpPath, 'assist.ipynb', [
      TICKS_SCHEMA,
      '%generate trades --records 50',
      '',
    ]);
    await runCell(page, 0);
    await runCell(page, 1);
    await editAtEnd(page, 2);
    await page.keyboard.type(PREFIX);
    const ghost = page.locator('.jp-Notebook .jp-Cell').nth(2).locator('.jp-GhostText');
    await expect(ghost).toContainText('GROUP BY symbol');
    await expect(ghost).toContainText('EMIT FINAL;');
    // The completer's widget says which engine answered.
    await expect(
      page.locator(
        '.jp-InlineCompleter [title="Provider: Velostream SQL (offline, grammar and schema)"]',
      ),
    ).toHaveCount(1);
    await screenshot(page, 'inline-completion-ghost-text');
    await page.keyboard.press('Tab');
    // The cell's text, not the editor's DOM: a new suggestion may already show after the accepted one.
    await expect
      .poll(() => cellSource(page, 2))
      .toBe(`${PREFIX}GROUP BY symbol WINDOW TUMBLING(ts, INTERVAL '1' MINUTE) EMIT FINAL;`);
    await runCell(page, 2);
    const result = resultOf(page, 2);
    await expect(result).toHaveAttribute('data-status', 'done');
    await expect(
      page
        .locator('.jp-Notebook .jp-Cell')
        .nth(2)
        .locator('[data-mime-type="application/vnd.jupyter.stderr"]'),
    ).toHaveCount(0);
  });
});
