/**
 * Cost in the browser of 4 updates per second of a 1,000-row snapshot (extension spec §2 target:
 * < 25 % of one core). Measured over a few seconds of a running query, once with the chart
 * (1,000 scatter points redrawn by Plotly.react) and once with the table; the numbers go to
 * test-results/performance.json. The assertions only guard responsiveness with a wide margin:
 * the machine running the suite is shared. `rendererCpu` (CPU time of Chromium's renderer processes,
 * from CDP SystemInfo) is the figure to compare with the target; main-thread and frame times are
 * wall-clock and include waiting for a core.
 */
import { expect, test } from '@jupyterlab/galata';
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { Page } from '@playwright/test';
import { writeFileSync } from 'fs';
import { cpus, loadavg } from 'os';
import * as path from 'path';
import { openNotebook, resultOf, runCell, screenshot } from './velostream';

const POINTS_SCHEMA = `%%schema points
fields:
  - name: id
    type: integer
    constraints: {range: {min: 1, max: 1000}}
  - name: price
    type: decimal(2)
    constraints: {range: {min: 100, max: 200}}`;

/** A background job, so it runs as long as the measurements take (a loaded machine delays them); stopped at the end. */
const THOUSAND_KEYS = `%%sql --background --keep 1000 --refresh 4
-- @name: thousand
-- @viz: scatter x=id y=avg_price
SELECT id, COUNT(*) AS n, AVG(price) AS avg_price FROM points GROUP BY id;`;

declare global {
  interface Window {
    veloFrames: number[];
    veloSummaries: Set<string>;
  }
}

interface Sample {
  view: string;
  seconds: number;
  updates: number;
  /** CPU time of Chromium's renderer processes per second of wall time (1 = one core). */
  rendererCpu: number;
  /** Main-thread task time per second of wall time; on a loaded machine this includes waiting for a core. */
  mainThreadBusy: number;
  scriptBusy: number;
  frameP50Ms: number;
  frameP95Ms: number;
  frameMaxMs: number;
}

async function measure(page: IJupyterLabPageFixture, view: string, seconds: number): Promise<Sample> {
  // The fixture is galata's proxy; CDP sessions need Playwright's own Page.
  const cdp = await page.context().newCDPSession((page as unknown as { page: Page }).page);
  const browserCdp = await page.context().browser()!.newBrowserCDPSession();
  const rendererCpu = async () => {
    const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo');
    return processInfo.filter((p: { type: string }) => p.type === 'renderer').reduce((sum: number, p: { cpuTime: number }) => sum + p.cpuTime, 0);
  };
  await cdp.send('Performance.enable');
  const metrics = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return Object.fromEntries(metrics.map((m: { name: string; value: number }) => [m.name, m.value]));
  };
  await page.evaluate(() => {
    window.veloFrames = [];
    window.veloSummaries = new Set();
    let last = performance.now();
    const tick = (now: number) => {
      window.veloFrames.push(now - last);
      last = now;
      if (window.veloFrames.length < 100_000) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const summary = document.querySelectorAll('.jp-VeloResult-summary');
    const shown = summary[summary.length - 1];
    // Every update changes the counters, so distinct summaries count updates drawn.
    new MutationObserver(() => window.veloSummaries.add(shown.textContent ?? '')).observe(shown, { childList: true, characterData: true, subtree: true });
  });
  const before = await metrics();
  const cpuBefore = await rendererCpu();
  await page.waitForTimeout(seconds * 1000);
  const after = await metrics();
  const cpuAfter = await rendererCpu();
  const { frames, updates } = await page.evaluate(() => ({ frames: window.veloFrames.slice(1), updates: window.veloSummaries.size }));
  frames.sort((a, b) => a - b);
  const at = (q: number) => Math.round(frames[Math.min(frames.length - 1, Math.floor(q * frames.length))] * 10) / 10;
  const wall = after.Timestamp - before.Timestamp;
  await cdp.detach();
  await browserCdp.detach();
  return {
    view,
    seconds: Math.round(wall * 10) / 10,
    updates,
    rendererCpu: Math.round(((cpuAfter - cpuBefore) / wall) * 1000) / 1000,
    mainThreadBusy: Math.round(((after.TaskDuration - before.TaskDuration) / wall) * 1000) / 1000,
    scriptBusy: Math.round(((after.ScriptDuration - before.ScriptDuration) / wall) * 1000) / 1000,
    frameP50Ms: at(0.5),
    frameP95Ms: at(0.95),
    frameMaxMs: Math.round(frames[frames.length - 1] * 10) / 10,
  };
}

test('4 updates per second of a 1,000-row snapshot keep the page responsive', async ({ page, tmpPath }) => {
  await openNotebook(page, tmpPath, 'performance.ipynb', [POINTS_SCHEMA, THOUSAND_KEYS]);
  await runCell(page, 0);
  await runCell(page, 1);
  const result = resultOf(page, 1);
  await expect(result.locator('.jp-VeloResult-summary')).toContainText('1,000 rows', { timeout: 60_000 });
  await expect(result.locator('.js-plotly-plot')).toBeVisible();
  const chart = await measure(page, 'chart (1,000 scatter points)', 4);
  await result.getByRole('button', { name: 'Table' }).click();
  const table = await measure(page, 'table (1,000 rows, virtual)', 4);
  await screenshot(page, 'performance-table');
  await result.getByRole('button', { name: 'Stop' }).click();
  await expect(result).toHaveAttribute('data-status', 'stopped');
  const report = { loadAverage: loadavg()[0], cores: cpus().length, samples: [chart, table] };
  console.log(JSON.stringify(report, null, 2));
  writeFileSync(path.join(__dirname, '..', 'test-results', 'performance.json'), JSON.stringify(report, null, 2));
  for (const sample of report.samples) {
    // Updates keep arriving, and the renderer's CPU time stays well below a core (target: 25 %;
    // the margin is for a shared machine). Frame times are reported, not asserted: on a loaded
    // machine they measure waiting for a core.
    expect(sample.updates).toBeGreaterThanOrEqual(4);
    expect(sample.rendererCpu).toBeLessThan(0.5);
  }
});
