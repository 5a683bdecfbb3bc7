/** Shared pieces of the browser tests: Velostream notebooks written into galata's tmpPath and opened. */
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { expect } from '@jupyterlab/galata';
import * as galataUtils from '@jupyterlab/galata/lib/utils';
import type { Page } from '@playwright/test';
import * as path from 'path';

// galata 5.5 (the newest on npm for the 4.5 builder) finds simple mode through the status bar's
// "Simple" switch, which the .venv's JupyterLab 4.6 does not render; it would wait for it until
// the test times out. Ask the shell instead.
(galataUtils as { isInSimpleMode: (page: Page) => Promise<boolean> }).isInSimpleMode = (page) =>
  page.evaluate(() => (window as unknown as { jupyterapp: { shell: { mode: string } } }).jupyterapp.shell.mode === 'single-document');

export const SCREENSHOTS = path.join(__dirname, '..', 'test-results', 'screenshots');

export const TRADES_SCHEMA = `%%schema trades
fields:
  - name: symbol
    type: string
    constraints: {enum_values: {values: [AAPL, MSFT, GOOG, AMZN], weights: [4, 3, 2, 1]}}
  - name: price
    type: decimal(2)
    constraints: {range: {min: 100, max: 200}}
  - name: qty
    type: integer
    constraints: {range: {min: 1, max: 100}}`;

export function notebookJson(cells: string[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'velostream', display_name: 'Velostream SQL', language: 'velostream' },
      language_info: { name: 'velostream', mimetype: 'text/x-sql', file_extension: '.sql', codemirror_mode: 'sql' },
    },
    cells: cells.map((source, i) => ({ id: `cell-${i}`, cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source })),
  });
}

interface LabWindow {
  jupyterapp: {
    commands: { execute(id: string, args?: object): Promise<unknown> };
    shell: { currentWidget: { content: { activeCellIndex: number }; sessionContext: { session: { kernel: { status: string } } | null; kernelDisplayName: string } } | null };
  };
}

/**
 * Writes a notebook (its JSON, or code cells to make one of) into the test's folder, opens it and waits for an idle Velostream
 * kernel. JupyterLab's own commands drive it: galata 5.5's file-browser helpers wait for 4.5
 * markup that JupyterLab 4.6 no longer has.
 */
export async function openNotebook(page: IJupyterLabPageFixture, tmpPath: string, name: string, content: string | string[]): Promise<void> {
  const filePath = `${tmpPath}/${name}`;
  await page.contents.uploadContent(typeof content === 'string' ? content : notebookJson(content), 'text', filePath);
  await page.evaluate(async (p) => {
    await (window as unknown as LabWindow).jupyterapp.commands.execute('docmanager:open', { path: p, factory: 'Notebook' });
  }, filePath);
  await page.waitForFunction(() => {
    const panel = (window as unknown as LabWindow).jupyterapp.shell.currentWidget;
    return panel?.sessionContext?.kernelDisplayName === 'Velostream SQL' && panel.sessionContext.session?.kernel?.status === 'idle';
  }, undefined, { timeout: 90_000 });
}

/** Runs cell `index` of the current notebook; resolves when its execution has finished. */
export async function runCell(page: IJupyterLabPageFixture, index: number): Promise<void> {
  await page.evaluate(async (i) => {
    const app = (window as unknown as LabWindow).jupyterapp;
    app.shell.currentWidget!.content.activeCellIndex = i;
    await app.commands.execute('notebook:run-cell');
  }, index);
}

export async function runAll(page: IJupyterLabPageFixture): Promise<void> {
  await page.evaluate(async () => {
    await (window as unknown as LabWindow).jupyterapp.commands.execute('notebook:run-all-cells');
  });
}

export async function setTheme(page: IJupyterLabPageFixture, theme: 'JupyterLab Dark' | 'JupyterLab Light'): Promise<void> {
  await page.evaluate(async (t) => {
    await (window as unknown as LabWindow).jupyterapp.commands.execute('apputils:change-theme', { theme: t });
  }, theme);
  await expect(page.locator('body')).toHaveAttribute('data-jp-theme-name', theme);
}

/** The live result display in the output of cell `index`. */
export function resultOf(page: IJupyterLabPageFixture, index: number) {
  return page.locator('.jp-Notebook .jp-Cell').nth(index).locator('.jp-VeloResult').first();
}

export async function screenshot(page: IJupyterLabPageFixture, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}
