import { expect, test } from '@jupyterlab/galata';
import { readFileSync } from 'fs';
import * as path from 'path';
import { openNotebook, runAll, screenshot } from './velostream';

const QUICKSTART = path.join(__dirname, '..', '..', '..', 'examples', 'quickstart.ipynb');

test('examples/quickstart.ipynb runs in JupyterLab with live Plotly charts and a test report', async ({ page, tmpPath }) => {
  await openNotebook(page, tmpPath, 'quickstart.ipynb', readFileSync(QUICKSTART, 'utf8'));
  await runAll(page);
  const notebook = page.locator('.jp-Notebook');
  await expect(notebook.locator('.jp-VeloResult .js-plotly-plot')).toHaveCount(2);
  await expect(notebook.locator('.jp-VeloResult[data-status="done"]')).toHaveCount(2);
  await expect(notebook.locator('.jp-VeloTest-banner.jp-mod-passed')).toHaveCount(1);
  await expect(notebook.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]')).toHaveCount(0);
  await screenshot(page, 'quickstart');
});
