import { expect, test } from '@jupyterlab/galata';
import { openNotebook, runCell, screenshot, TRADES_SCHEMA } from './velostream';

const FAILING_TEST = `%%test --records 500 --seed 7
-- @assert: record_count > 0
-- @assert: field_values(volume < 0)
SELECT symbol, SUM(qty) AS volume FROM trades GROUP BY symbol;`;

const ANNOTATED = `%%sql --for 1s
-- @viz: bar x=symbol
SELECT symbol, COUNT(*) AS n FROM trades WHERE price > \${min_price} GROUP BY symbol;`;

test('the %%test report shows the verdict, failed assertions first and open, and the seed', async ({ page, tmpPath }) => {
  await openNotebook(page, tmpPath, 'report.ipynb', [TRADES_SCHEMA, FAILING_TEST]);
  await runCell(page, 0);
  await runCell(page, 1);
  const report = page.locator('.jp-Notebook .jp-Cell').nth(1).locator('.jp-VeloTest');
  await expect(report.locator('.jp-VeloTest-banner')).toHaveClass(/jp-mod-failed/);
  await expect(report.locator('.jp-VeloTest-banner')).toContainText('1 of 2 assertions passed');
  await expect(report.locator('.jp-VeloTest-banner')).toContainText('seed 7');
  const rows = report.locator('.jp-VeloTest-assertion');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveClass(/jp-mod-failed/);
  await expect(rows.nth(0)).toHaveAttribute('open', '');
  await expect(rows.nth(0).locator('.jp-VeloTest-type')).toHaveText('field_values');
  await expect(rows.nth(1)).toHaveClass(/jp-mod-passed/);
  await expect(report.locator('.jp-VeloTest-run')).toContainText('trades 500');
  await expect(report.locator('.jp-VeloTest-run')).toContainText('--seed 7');
  await screenshot(page, 'test-report');
});

test('Velostream cells are highlighted: keywords, magics, annotations and parameters', async ({ page, tmpPath }) => {
  await openNotebook(page, tmpPath, 'language.ipynb', [ANNOTATED]);
  const cell = page.locator('.jp-Notebook .jp-Cell').nth(0).locator('.cm-content');
  const colourOf = (text: string) => cell.locator('span', { hasText: text }).first().evaluate((el) => getComputedStyle(el).color);
  /** The colour a JupyterLab editor theme variable resolves to. */
  const themeColour = (variable: string) =>
    page.evaluate((v) => {
      const probe = document.createElement('span');
      probe.style.color = `var(${v})`;
      document.body.append(probe);
      const colour = getComputedStyle(probe).color;
      probe.remove();
      return colour;
    }, variable);
  await expect(cell.locator('span', { hasText: 'SELECT' }).first()).toBeVisible();
  expect(await colourOf('SELECT')).toBe(await themeColour('--jp-mirror-editor-keyword-color'));
  expect(await colourOf('%%sql')).toBe(await themeColour('--jp-mirror-editor-meta-color'));
  expect(await colourOf('-- @viz:')).toBe(await themeColour('--jp-mirror-editor-meta-color'));
  expect(await colourOf('COUNT')).toBe(await themeColour('--jp-mirror-editor-builtin-color'));
  expect(await colourOf('${min_price}')).toBe(await themeColour('--jp-mirror-editor-variable-2-color'));
  expect(await colourOf('--for')).not.toBe(await colourOf('symbol'));
  await screenshot(page, 'highlighting');
});
