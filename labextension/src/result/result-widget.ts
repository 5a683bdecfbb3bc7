/**
 * One live result display: header (status, counters, job and Stop), chart and/or table, and the
 * view toggles. JupyterLab hands every `update_display_data` of the display to `renderModel` of
 * this same widget, so updates change the chart and the table in place.
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';
import type { IJobCatalog, IVelostreamCatalogs } from '../tokens';
import { ChartView } from './chart-view';
import { toCsv, toTsv } from './export';
import { errorText, summaryText } from './summary';
import { TableView } from './table-view';
import { RESULT_MIME, type ResultJson } from './types';

type View = 'chart' | 'table';

function button(label: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'jp-VeloResult-button';
  b.textContent = label;
  b.title = title;
  b.addEventListener('click', onClick);
  return b;
}

export class ResultWidget extends Widget implements IRenderMime.IRenderer {
  private readonly status = document.createElement('span');
  private readonly summary = document.createElement('span');
  private readonly jobLabel = document.createElement('span');
  private readonly stopButton = button('Stop', 'Stop this job (%stop)', () => void this.stop());
  private readonly viewButton = button('Table', 'Switch between chart and table', () => this.toggleView());
  private readonly pauseButton = button('Pause', 'Freeze this view; the job keeps running', () => this.togglePause());
  private readonly notice = document.createElement('div');
  private readonly chart = new ChartView();
  private readonly table = new TableView();
  private model: ResultJson | null = null;
  private view: View = 'chart';
  private paused = false;
  private catalog: IJobCatalog | null = null;
  /** `catalog.received` when the current model arrived: only later catalogs can call it stale. */
  private seenAt = 0;
  private readonly themeWatch = new MutationObserver(() => this.chart.restyle());

  constructor(private readonly catalogs: IVelostreamCatalogs | null) {
    super();
    this.addClass('jp-VeloResult');
    const header = document.createElement('div');
    header.className = 'jp-VeloResult-header';
    this.status.className = 'jp-VeloResult-status';
    this.summary.className = 'jp-VeloResult-summary';
    this.jobLabel.className = 'jp-VeloResult-job';
    this.stopButton.classList.add('jp-VeloResult-stop');
    const tools = document.createElement('span');
    tools.className = 'jp-VeloResult-tools';
    tools.append(
      this.viewButton,
      this.pauseButton,
      button('Copy', 'Copy the table as tab-separated text', () => void this.copy()),
      button('CSV', 'Download the snapshot as CSV', () => this.download()),
    );
    header.append(this.status, this.summary, this.jobLabel, this.stopButton, tools);
    this.notice.className = 'jp-VeloResult-notice';
    this.node.append(header, this.notice, this.chart.node, this.table.node);
  }

  async renderModel(mime: IRenderMime.IMimeModel): Promise<void> {
    this.model = mime.data[RESULT_MIME] as unknown as ResultJson;
    this.seenAt = this.findCatalog()?.received ?? 0;
    this.renderHeader();
    if (!this.paused) this.renderBody();
  }

  protected onAfterAttach(): void {
    this.themeWatch.observe(document.body, { attributes: true, attributeFilter: ['data-jp-theme-light', 'data-jp-theme-name'] });
    this.findCatalog();
    this.renderHeader();
  }

  protected onBeforeDetach(): void {
    this.themeWatch.disconnect();
  }

  protected onResize(): void {
    this.chart.resize();
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.catalog?.changed.disconnect(this.renderHeader, this);
    this.themeWatch.disconnect();
    this.chart.dispose();
    super.dispose();
  }

  private findCatalog(): IJobCatalog | null {
    if (this.catalog || !this.catalogs || !this.node.isConnected) return this.catalog;
    this.catalog = this.catalogs.catalogFor(this.node);
    this.catalog?.changed.connect(this.renderHeader, this);
    if (this.catalog) this.seenAt = this.catalog.received;
    return this.catalog;
  }

  /** Running, but a catalog that arrived after this model no longer lists its job (kernel restarted, notebook reopened). */
  private isStale(model: ResultJson): boolean {
    const catalog = this.catalog;
    if (model.status !== 'running' || !model.job || !catalog?.jobs || catalog.received <= this.seenAt) return false;
    return !catalog.jobs.has(model.job);
  }

  private renderHeader(): void {
    const model = this.model;
    if (!model) return;
    const stale = this.isStale(model);
    const state = stale ? 'stale' : model.status;
    this.toggleClass('jp-mod-stale', stale);
    this.node.dataset.status = state;
    this.status.className = `jp-VeloResult-status jp-mod-${state}`;
    this.status.textContent = stale ? 'stale — rerun the cell' : model.status + (this.paused ? ' (view paused)' : '');
    this.summary.textContent = summaryText(model);
    this.jobLabel.textContent = model.job ? `job ${model.job}` : '';
    this.stopButton.hidden = !(model.status === 'running' && model.job && !stale);
    this.notice.hidden = !model.error;
    this.notice.textContent = model.error ? errorText(model.error) : '';
  }

  private renderBody(): void {
    const model = this.model;
    if (!model) return;
    const hasChart = ChartView.draws(model);
    this.viewButton.hidden = !hasChart;
    const view = hasChart ? this.view : 'table';
    this.viewButton.textContent = view === 'chart' ? 'Table' : 'Chart';
    this.chart.node.hidden = view !== 'chart';
    this.table.node.hidden = view === 'chart' && hasChart;
    if (view === 'chart') this.chart.update(model);
    else this.table.update(model.columns, model.rows);
  }

  private toggleView(): void {
    this.view = this.view === 'chart' ? 'table' : 'chart';
    this.renderBody();
  }

  private togglePause(): void {
    this.paused = !this.paused;
    this.pauseButton.textContent = this.paused ? 'Resume' : 'Pause';
    this.toggleClass('jp-mod-paused', this.paused);
    this.renderHeader();
    if (!this.paused) this.renderBody();
  }

  private async stop(): Promise<void> {
    const job = this.model?.job;
    const catalog = this.findCatalog();
    if (!job || !catalog) return;
    this.stopButton.disabled = true;
    try {
      await catalog.stopJob(job);
    } catch (error) {
      this.notice.hidden = false;
      this.notice.textContent = `Stop failed: ${(error as Error).message}`;
    } finally {
      this.stopButton.disabled = false;
    }
  }

  private async copy(): Promise<void> {
    if (!this.model) return;
    this.table.update(this.model.columns, this.model.rows);
    await navigator.clipboard.writeText(toTsv(this.model.columns, this.table.visibleOrder()));
  }

  private download(): void {
    if (!this.model) return;
    const url = URL.createObjectURL(new Blob([toCsv(this.model.columns, this.model.rows)], { type: 'text/csv' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${this.model.job ?? this.model.query_id}.csv`;
    link.click();
    URL.revokeObjectURL(url);
  }
}
