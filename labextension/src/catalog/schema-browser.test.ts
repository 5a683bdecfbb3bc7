import { Signal } from '@lumino/signaling';
import type { CatalogState, INotebookCatalog } from '../tokens';
import { SchemaBrowser } from './schema-browser';
import type { Catalog, CatalogJob, Described } from './types';

/** A notebook catalog whose kernel answers are set by the test. */
class FakeCatalog implements INotebookCatalog {
  readonly changed = new Signal<this, void>(this);
  state: CatalogState = 'ready';
  snapshot: Catalog | null = null;
  received = 0;
  stopped: string[] = [];
  get jobs() {
    return this.snapshot ? new Map(this.snapshot.jobs.map((j) => [j.name, j.status])) : null;
  }
  push(snapshot: Catalog | null, state: CatalogState = 'ready'): void {
    this.snapshot = snapshot;
    this.state = state;
    this.received++;
    this.changed.emit();
  }
  async stopJob(name: string): Promise<void> {
    this.stopped.push(name);
  }
  async refresh(): Promise<void> {}
  async describe(name: string): Promise<Described> {
    if (name !== 'trades') throw new Error(`unknown source '${name}'`);
    return {
      name,
      columns: [{ name: 'symbol', type: 'STRING', nullable: false, role: 'value' }],
      sample_rows: [{ symbol: 'AAPL' }, { symbol: null }],
    };
  }
}

const job = (records_in: number, status = 'running'): CatalogJob => ({
  name: 'big_trades',
  status,
  records_in,
  records_out: 3,
  rate: records_in,
  cell_id: 'c',
  display_id: 'd',
  statement: 'SELECT …',
  started_at: '',
  error: null,
});

const snapshot = (jobs: CatalogJob[]): Catalog => ({
  connections: [],
  sources: [
    {
      name: 'trades',
      kind: 'stream',
      bounded: false,
      binding: 'synthetic',
      columns: [
        { name: 'symbol', type: 'STRING', nullable: false, role: 'value' },
        { name: 'price', type: 'DECIMAL(2)', nullable: false, role: 'value' },
      ],
    },
  ],
  jobs,
  metrics: [],
  params: [{ name: 'min_qty', type: 'INTEGER', value: '10' }],
  settings: {},
});

function setUp() {
  const inserted: string[] = [];
  const cells: string[] = [];
  const browser = new SchemaBrowser({
    insert: (t) => inserted.push(t),
    addCellBelow: (s) => cells.push(s),
  });
  document.body.append(browser.node);
  const catalog = new FakeCatalog();
  return {
    browser,
    catalog,
    inserted,
    cells,
    $: (s: string) => browser.node.querySelector<HTMLElement>(s)!,
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('SchemaBrowser', () => {
  it('says why it shows nothing: no notebook, another kernel, connecting', () => {
    const { browser, catalog, $ } = setUp();
    expect($('.jp-VeloBrowser-message').textContent).toMatch(/Open a notebook/);
    catalog.state = 'not-velostream';
    browser.setCatalog(catalog);
    expect($('.jp-VeloBrowser-message').textContent).toMatch(/^no Velostream kernel/);
    expect($('[data-section="sources"]').hidden).toBe(true);
    catalog.push(null, 'connecting');
    expect($('.jp-VeloBrowser-message').textContent).toMatch(/Connecting/);
  });

  it('lists columns with types; double-click inserts a column, a source or a parameter reference', () => {
    const { browser, catalog, inserted, cells, $ } = setUp();
    browser.setCatalog(catalog);
    catalog.push(snapshot([]));
    expect($('.jp-VeloBrowser-message').textContent).toBe('');
    const price = $('.jp-VeloBrowser-column[data-name="price"]');
    expect(price.textContent).toBe('priceDECIMAL(2)');
    price.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
    $('.jp-VeloBrowser-source .jp-VeloBrowser-name').dispatchEvent(
      new MouseEvent('dblclick', { bubbles: true }),
    );
    $('.jp-VeloBrowser-param .jp-VeloBrowser-name').dispatchEvent(
      new MouseEvent('dblclick', { bubbles: true }),
    );
    expect(inserted).toEqual(['price', 'trades', '${min_qty}']);
    [...browser.node.querySelectorAll('button')]
      .find((b) => b.textContent === 'New query')!
      .click();
    expect(cells).toEqual(['SELECT symbol, price FROM trades LIMIT 10;']);
  });

  it('updates a job row in place as counters arrive, stops it, and hides Stop once it stopped', async () => {
    const { browser, catalog, $ } = setUp();
    browser.setCatalog(catalog);
    catalog.push(snapshot([job(100)]));
    const row = $('.jp-VeloBrowser-job[data-name="big_trades"]');
    const column = $('.jp-VeloBrowser-column[data-name="price"]');
    catalog.push(snapshot([job(250)]));
    expect($('.jp-VeloBrowser-job')).toBe(row);
    expect($('.jp-VeloBrowser-column[data-name="price"]')).toBe(column); // sources unchanged: not rebuilt
    expect(row.querySelector('.jp-VeloBrowser-counters')!.textContent).toBe(
      '250 in · 3 out · 250/s',
    );
    expect(row.querySelector('polyline')!.getAttribute('points')).not.toBe('');
    const stop = row.querySelector('button')!;
    expect(stop.hidden).toBe(false);
    stop.click();
    await flush();
    expect(catalog.stopped).toEqual(['big_trades']);
    catalog.push(snapshot([job(250, 'stopped')]));
    expect(row.dataset.status).toBe('stopped');
    expect(stop.hidden).toBe(true);
    catalog.push(snapshot([]));
    expect(browser.node.querySelector('.jp-VeloBrowser-job')).toBeNull();
    expect($('[data-section="jobs"] .jp-VeloBrowser-empty')).not.toBeNull();
  });

  it('Describe shows sample rows with NULL, or the kernel’s error', async () => {
    const { browser, catalog, $ } = setUp();
    browser.setCatalog(catalog);
    catalog.push({
      ...snapshot([]),
      sources: [
        ...snapshot([]).sources,
        { name: 'gone', kind: 'stream', bounded: null, binding: 'none', columns: [] },
      ],
    });
    for (const b of browser.node.querySelectorAll('button'))
      if (b.textContent === 'Describe') b.click();
    await flush();
    expect(
      [...$('.jp-VeloBrowser-sample').querySelectorAll('td')].map((td) => td.textContent),
    ).toEqual(['AAPL', 'NULL']);
    expect($('.jp-VeloBrowser-source[data-name="gone"] .jp-VeloBrowser-error').textContent).toBe(
      "unknown source 'gone'",
    );
  });
});
