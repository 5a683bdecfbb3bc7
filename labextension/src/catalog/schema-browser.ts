/**
 * The schema browser (extension spec §4): the active notebook's connections, sources with their
 * columns, jobs with a rate sparkline and Stop, metrics and parameters, from its catalog comm.
 * A section is rebuilt only when its content changed, and job rows are updated in place, so the
 * once-a-second counter pushes never replace a node the user is clicking.
 */
import { Widget } from '@lumino/widgets';
import { element } from '../dom';
import type { INotebookCatalog } from '../tokens';
import {
  columnRows,
  isStoppable,
  jobCounters,
  metricRows,
  newQueryCell,
  RateHistory,
  sourceSummary,
  STATE_MESSAGES,
  type PanelState,
} from './catalog-model';
import type { Catalog, CatalogJob, CatalogSource, Described } from './types';

/** What the panel does in the notebook. */
export interface BrowserActions {
  /** Inserts text at the cursor of the active cell. */
  insert(text: string): void;
  /** Adds a code cell with this source below the active cell. */
  addCellBelow(source: string): void;
}

const SPARK_WIDTH = 80;
const SPARK_HEIGHT = 16;
const SVG = 'http://www.w3.org/2000/svg';

interface JobRow {
  node: HTMLElement;
  status: HTMLElement;
  counters: HTMLElement;
  spark: SVGPolylineElement;
  stop: HTMLButtonElement;
  error: HTMLElement;
}

function button(label: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = element('button', 'jp-VeloBrowser-button', label);
  b.type = 'button';
  b.title = title;
  b.addEventListener('click', onClick);
  return b;
}

function section(title: string, name: string): { node: HTMLElement; body: HTMLElement } {
  const node = element('section', 'jp-VeloBrowser-section');
  node.dataset.section = name;
  node.append(element('h3', 'jp-VeloBrowser-heading', title));
  const body = element('div', 'jp-VeloBrowser-body');
  node.append(body);
  return { node, body };
}

export class SchemaBrowser extends Widget {
  private catalog: INotebookCatalog | null = null;
  private readonly histories = new WeakMap<INotebookCatalog, RateHistory>();
  private readonly message = element('div', 'jp-VeloBrowser-message');
  private readonly sections = {
    connections: section('Connections', 'connections'),
    sources: section('Sources, streams and tables', 'sources'),
    jobs: section('Jobs', 'jobs'),
    metrics: section('Metrics', 'metrics'),
    params: section('Parameters', 'params'),
  };
  /** The JSON each section was last built from. */
  private readonly built = new Map<string, string>();
  private readonly jobRows = new Map<string, JobRow>();
  private readonly described = new Map<string, Described | string>();

  constructor(private readonly actions: BrowserActions) {
    super();
    this.addClass('jp-VeloBrowser');
    const toolbar = element('div', 'jp-VeloBrowser-toolbar');
    toolbar.append(
      element('span', 'jp-VeloBrowser-title', 'Velostream'),
      button(
        'Refresh',
        'Re-list topics and files and reload the catalog',
        () => void this.catalog?.refresh().catch(() => undefined),
      ),
    );
    this.node.append(toolbar, this.message, ...Object.values(this.sections).map((s) => s.node));
    this.render();
  }

  /** Shows another notebook's catalog (null: no notebook is active). */
  setCatalog(catalog: INotebookCatalog | null): void {
    if (catalog === this.catalog) return;
    this.catalog?.changed.disconnect(this.render, this);
    this.catalog = catalog;
    catalog?.changed.connect(this.render, this);
    this.built.clear();
    this.described.clear();
    for (const row of this.jobRows.values()) row.node.remove();
    this.jobRows.clear();
    this.render();
  }

  override dispose(): void {
    this.catalog?.changed.disconnect(this.render, this);
    super.dispose();
  }

  private render(): void {
    const catalog = this.catalog;
    const snapshot = catalog?.snapshot ?? null;
    const state: PanelState = !catalog
      ? 'no-notebook'
      : snapshot
        ? 'ready'
        : catalog.state === 'ready'
          ? 'connecting'
          : catalog.state;
    this.node.dataset.state = state;
    this.message.textContent = state === 'ready' ? '' : STATE_MESSAGES[state];
    for (const s of Object.values(this.sections)) s.node.hidden = state !== 'ready';
    if (!catalog || !snapshot) {
      if (catalog) this.histories.get(catalog)?.clear();
      return;
    }
    const history = this.histories.get(catalog) ?? new RateHistory();
    this.histories.set(catalog, history);
    history.record(snapshot, Date.now());
    this.rebuild('connections', snapshot.connections, () => this.renderConnections(snapshot));
    this.rebuild('sources', [snapshot.sources, [...this.described]], () =>
      this.renderSources(snapshot.sources),
    );
    this.renderJobs(snapshot.jobs, history);
    this.rebuild('metrics', snapshot.metrics, () => this.renderMetrics(snapshot));
    this.rebuild('params', snapshot.params, () => this.renderParams(snapshot));
  }

  private rebuild(name: keyof typeof this.sections, content: unknown, build: () => Node[]): void {
    const json = JSON.stringify(content);
    if (this.built.get(name) === json) return;
    this.built.set(name, json);
    this.sections[name].body.replaceChildren(...build());
  }

  private renderConnections(catalog: Catalog): Node[] {
    if (!catalog.connections.length)
      return [element('div', 'jp-VeloBrowser-empty', 'none (%connect kafka://… adds one)')];
    return catalog.connections.map((c) => {
      const row = element('div', 'jp-VeloBrowser-row jp-VeloBrowser-connection');
      row.dataset.status = c.status;
      row.append(
        element('span', 'jp-VeloBrowser-name', c.uri),
        element('span', `jp-VeloBrowser-status jp-mod-${c.status}`, c.status),
      );
      if (c.error) row.append(element('div', 'jp-VeloBrowser-error', c.error));
      return row;
    });
  }

  private renderSources(sources: CatalogSource[]): Node[] {
    if (!sources.length)
      return [element('div', 'jp-VeloBrowser-empty', 'none yet (define one with %%schema NAME)')];
    return sources.map((source) => {
      const node = element('div', 'jp-VeloBrowser-source');
      node.dataset.name = source.name;
      const head = element('div', 'jp-VeloBrowser-row');
      const name = this.insertable(
        element('span', 'jp-VeloBrowser-name', source.name),
        source.name,
      );
      head.append(
        name,
        element('span', 'jp-VeloBrowser-summary', sourceSummary(source)),
        button(
          'Describe',
          `Columns and sample rows of ${source.name}`,
          () => void this.describe(source.name),
        ),
        button('New query', `Add a cell querying ${source.name} below the active cell`, () =>
          this.actions.addCellBelow(newQueryCell(source)),
        ),
      );
      const columns = element('ul', 'jp-VeloBrowser-columns');
      for (const column of columnRows(source)) {
        const item = this.insertable(element('li', 'jp-VeloBrowser-column'), column.name);
        item.dataset.name = column.name;
        item.title = `${column.name} ${column.type}${column.nullable ? '' : ' NOT NULL'} — double-click to insert`;
        item.append(
          element('span', 'jp-VeloBrowser-name', column.name),
          element('span', 'jp-VeloBrowser-type', column.type),
        );
        for (const mark of column.marks) item.append(element('span', 'jp-VeloBrowser-mark', mark));
        columns.append(item);
      }
      node.append(head, columns);
      const described = this.described.get(source.name);
      if (described !== undefined) node.append(this.renderDescribed(described));
      return node;
    });
  }

  private renderDescribed(described: Described | string): HTMLElement {
    if (typeof described === 'string') return element('div', 'jp-VeloBrowser-error', described);
    const table = element('table', 'jp-VeloBrowser-sample');
    const head = table.createTHead().insertRow();
    for (const c of described.columns) head.append(element('th', '', c.name));
    const body = table.createTBody();
    for (const row of described.sample_rows) {
      const tr = body.insertRow();
      for (const c of described.columns)
        tr.append(
          element(
            'td',
            '',
            row[c.name] === null || row[c.name] === undefined ? 'NULL' : String(row[c.name]),
          ),
        );
    }
    if (!described.sample_rows.length)
      body.insertRow().append(element('td', 'jp-VeloBrowser-empty', 'no sample rows'));
    return table;
  }

  private async describe(name: string): Promise<void> {
    const catalog = this.catalog;
    if (!catalog) return;
    try {
      this.described.set(name, await catalog.describe(name, 5));
    } catch (e) {
      this.described.set(name, (e as Error).message);
    }
    if (catalog === this.catalog) this.render();
  }

  private renderJobs(jobs: CatalogJob[], history: RateHistory): void {
    const body = this.sections.jobs.body;
    const listed = new Set(jobs.map((j) => j.name));
    for (const [name, row] of this.jobRows) {
      if (listed.has(name) && row.node.parentNode === body) continue;
      row.node.remove();
      this.jobRows.delete(name);
    }
    body.querySelector('.jp-VeloBrowser-empty')?.remove();
    if (!jobs.length)
      body.append(
        element('div', 'jp-VeloBrowser-empty', 'no jobs (a query that keeps running becomes one)'),
      );
    const now = Date.now();
    for (const job of jobs) {
      const row = this.jobRows.get(job.name) ?? this.jobRow(job.name);
      row.node.dataset.status = job.status;
      row.node.title = job.statement;
      row.status.textContent = job.status;
      row.status.className = `jp-VeloBrowser-status jp-mod-${job.status}`;
      row.counters.textContent = jobCounters(job);
      row.spark.setAttribute('points', history.sparkline(job.name, now, SPARK_WIDTH, SPARK_HEIGHT));
      row.stop.hidden = !isStoppable(job);
      row.error.textContent = job.error ?? '';
      row.error.hidden = !job.error;
    }
  }

  private jobRow(name: string): JobRow {
    const node = element('div', 'jp-VeloBrowser-job');
    node.dataset.name = name;
    const head = element('div', 'jp-VeloBrowser-row');
    const status = element('span', 'jp-VeloBrowser-status');
    const counters = element('span', 'jp-VeloBrowser-counters');
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'jp-VeloBrowser-sparkline');
    svg.setAttribute('width', String(SPARK_WIDTH));
    svg.setAttribute('height', String(SPARK_HEIGHT));
    svg.setAttribute('aria-label', `records per second of ${name}, last 60 s`);
    const spark = document.createElementNS(SVG, 'polyline');
    svg.append(spark);
    const stop = button('Stop', `Stop job ${name}`, () => {
      stop.disabled = true;
      void this.catalog
        ?.stopJob(name)
        .catch((e: Error) => {
          row.error.textContent = `could not stop ${name}: ${e.message}`;
          row.error.hidden = false;
        })
        .finally(() => (stop.disabled = false));
    });
    head.append(this.insertable(element('span', 'jp-VeloBrowser-name', name), name), status, stop);
    const stats = element('div', 'jp-VeloBrowser-row');
    stats.append(counters, svg);
    const error = element('div', 'jp-VeloBrowser-error');
    node.append(head, stats, error);
    const row = { node, status, counters, spark, stop, error };
    this.jobRows.set(name, row);
    this.sections.jobs.body.append(node);
    return row;
  }

  private renderMetrics(catalog: Catalog): Node[] {
    const rows = metricRows(catalog);
    if (!rows.length)
      return [
        element(
          'div',
          'jp-VeloBrowser-empty',
          'none (running jobs and @metric annotations add series)',
        ),
      ];
    return rows.map((m) => {
      const row = element('div', 'jp-VeloBrowser-row jp-VeloBrowser-metric');
      row.append(
        element('span', 'jp-VeloBrowser-name', m.name),
        element('span', 'jp-VeloBrowser-summary', [m.job, m.labels].filter(Boolean).join(' · ')),
        element('span', 'jp-VeloBrowser-value', m.value),
      );
      return row;
    });
  }

  private renderParams(catalog: Catalog): Node[] {
    if (!catalog.params.length)
      return [element('div', 'jp-VeloBrowser-empty', "none (SET name = 'value'; adds one)")];
    return catalog.params.map((p) => {
      const row = element('div', 'jp-VeloBrowser-row jp-VeloBrowser-param');
      row.append(
        this.insertable(element('span', 'jp-VeloBrowser-name', p.name), `\${${p.name}}`),
        element('span', 'jp-VeloBrowser-type', p.type),
        element('span', 'jp-VeloBrowser-value', p.value),
      );
      return row;
    });
  }

  /** Double-click inserts `text` at the cursor of the active cell. */
  private insertable<T extends HTMLElement>(node: T, text: string): T {
    node.classList.add('jp-mod-insertable');
    node.addEventListener('dblclick', (event) => {
      event.preventDefault();
      event.stopPropagation();
      this.actions.insert(text);
    });
    return node;
  }
}
