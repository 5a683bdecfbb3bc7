/**
 * Benchmark (`npm run bench:ui`, never part of `npm test`): cost in the browser of 4 updates per
 * second of a 1,000-row snapshot (extension spec §2 target: < 25 % of one core). Measured over a
 * few seconds of a running query, once with the chart (1,000 scatter points redrawn by
 * Plotly.react) and once with the table; printed, with the ratio to the target, and written to
 * test-results/render-cost.json. `rendererCpu` (CPU time of Chromium's renderer processes, from
 * CDP SystemInfo) is the figure to compare with the target; main-thread and frame times are
 * wall-clock and include waiting for a core, so run it on an otherwise idle machine. The idle
 * page is measured last, the same way, as the baseline: the measurement's own animation-frame
 * loop and JupyterLab cost CPU with no result updating (`updatesAboveIdle` is the difference).
 */
import { expect, test } from '@jupyterlab/galata';
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { Page } from '@playwright/test';
import { writeFileSync } from 'fs';
import { cpus, loadavg } from 'os';
import * as path from 'path';
import { openNotebook, resultOf, runCell } from '../tests/velostream';

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

/** Extension spec §2: the browser spends less than a quarter of one core on the updates. */
const TARGET_CORES = 0.25;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

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
  /** rendererCpu over the spec's target (0.25 of a core): below 1 meets it. */
  ratioToTarget: number;
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
    rendererCpu: round3((cpuAfter - cpuBefore) / wall),
    ratioToTarget: round3((cpuAfter - cpuBefore) / wall / TARGET_CORES),
    mainThreadBusy: round3((after.TaskDuration - before.TaskDuration) / wall),
    scriptBusy: round3((after.ScriptDuration - before.ScriptDuration) / wall),
    frameP50Ms: at(0.5),
    frameP95Ms: at(0.95),
    frameMaxMs: Math.round(frames[frames.length - 1] * 10) / 10,
  };
}

test('cost of 4 updates per second of a 1,000-row snapshot, chart and table', async ({ page, tmpPath }) => {
  test.setTimeout(420_000);
  await openNotebook(page, tmpPath, 'render-cost.ipynb', [POINTS_SCHEMA, THOUSAND_KEYS]);
  await runCell(page, 0);
  await runCell(page, 1);
  const result = resultOf(page, 1);
  await expect(result.locator('.jp-VeloResult-summary')).toContainText('1,000 rows', { timeout: 60_000 });
  await expect(result.locator('.js-plotly-plot')).toBeVisible();
  const chart = await measure(page, 'chart (1,000 scatter points)', 8);
  await result.getByRole('button', { name: 'Table' }).click();
  const table = await measure(page, 'table (1,000 rows, virtual)', 8);
  await result.getByRole('button', { name: 'Stop' }).click();
  await expect(result).toHaveAttribute('data-status', 'stopped', { timeout: 180_000 });
  // The same page with nothing updating: what the measurement itself and JupyterLab cost, side by side.
  const idle = await measure(page, 'idle page (baseline)', 8);
  const report = {
    loadAverage: loadavg()[0],
    cores: cpus().length,
    targetCores: TARGET_CORES,
    samples: [chart, table, idle],
    updatesAboveIdle: { chart: round3(chart.rendererCpu - idle.rendererCpu), table: round3(table.rendererCpu - idle.rendererCpu) },
  };
  console.log(JSON.stringify(report, null, 2));
  writeFileSync(path.join(__dirname, '..', 'test-results', 'render-cost.json'), JSON.stringify(report, null, 2));
});
