/**
 * The snapshot as a table with virtual scrolling: only the rows in view (plus a margin) are in the
 * DOM, so a 10,000-row snapshot costs what 30 rows cost. Headers sort client side; the scroll
 * position survives updates because the scroller element is never replaced.
 */
import { cellView } from './cells';
import { nextSort, sortedOrder, type SortState } from './sort';
import { isNumericType, type Cell, type ResultColumn } from './types';

export const ROW_HEIGHT = 24;
const VISIBLE_HEIGHT = 320;
const OVERSCAN = 10;
const MIN_CH = 6;
const MAX_CH = 40;

export class TableView {
  readonly node = document.createElement('div');
  private readonly header = document.createElement('div');
  private readonly body = document.createElement('div');
  private columns: ResultColumn[] = [];
  private rows: Cell[][] = [];
  private order: number[] = [];
  private sort: SortState | null = null;
  private frame = 0;

  constructor() {
    this.node.className = 'jp-VeloTable';
    this.node.style.maxHeight = `${VISIBLE_HEIGHT}px`;
    this.header.className = 'jp-VeloTable-header';
    this.body.className = 'jp-VeloTable-body';
    this.node.append(this.header, this.body);
    this.node.addEventListener('scroll', () => this.schedule());
  }

  /** Shows `rows`; keeps the sort and the scroll position. */
  update(columns: ResultColumn[], rows: Cell[][]): void {
    const shapeChanged = columns.map((c) => c.name).join('\u0000') !== this.columns.map((c) => c.name).join('\u0000');
    this.columns = columns;
    this.rows = rows;
    if (shapeChanged) {
      this.sort = null;
      this.layoutColumns();
    }
    this.order = sortedOrder(rows, columns, this.sort);
    this.renderHeader();
    this.body.style.height = `${rows.length * ROW_HEIGHT}px`;
    this.renderRows();
  }

  /** The rows in the order they are shown (for copy). */
  visibleOrder(): Cell[][] {
    return this.order.map((i) => this.rows[i]);
  }

  private layoutColumns(): void {
    const sample = this.rows.slice(0, 200);
    const widths = this.columns.map((column, c) => {
      const longest = sample.reduce((max, row) => Math.max(max, cellView(row[c], column).text.length), column.name.length + 2);
      return `minmax(${Math.min(MAX_CH, Math.max(MIN_CH, longest)) + 2}ch, 1fr)`;
    });
    this.node.style.setProperty('--jp-velo-columns', widths.join(' '));
  }

  private renderHeader(): void {
    this.header.replaceChildren(
      ...this.columns.map((column, c) => {
        const cell = document.createElement('div');
        cell.className = 'jp-VeloTable-th';
        if (isNumericType(column.type)) cell.classList.add('jp-mod-numeric');
        const arrow = this.sort?.column === c ? (this.sort.descending ? ' \u25bc' : ' \u25b2') : '';
        cell.textContent = column.name + arrow;
        cell.title = `${column.name}: ${column.type} (${column.role}) — click to sort`;
        cell.setAttribute('role', 'columnheader');
        cell.setAttribute('aria-sort', this.sort?.column !== c ? 'none' : this.sort.descending ? 'descending' : 'ascending');
        cell.addEventListener('click', () => {
          this.sort = nextSort(this.sort, c);
          this.update(this.columns, this.rows);
        });
        return cell;
      }),
    );
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.renderRows();
    });
  }

  private renderRows(): void {
    const top = Math.max(0, this.node.scrollTop - this.header.offsetHeight);
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.order.length, Math.ceil((top + VISIBLE_HEIGHT) / ROW_HEIGHT) + OVERSCAN);
    const fragment = document.createDocumentFragment();
    for (let k = first; k < last; k++) fragment.append(this.renderRow(this.rows[this.order[k]], k));
    this.body.replaceChildren(fragment);
  }

  private renderRow(row: Cell[], position: number): HTMLElement {
    const line = document.createElement('div');
    line.className = 'jp-VeloTable-row';
    line.setAttribute('role', 'row');
    line.style.top = `${position * ROW_HEIGHT}px`;
    this.columns.forEach((column, c) => {
      const view = cellView(row[c], column);
      const cell = document.createElement('div');
      cell.className = `jp-VeloTable-td jp-mod-${view.kind}`;
      cell.textContent = view.text;
      if (view.title !== undefined) cell.title = view.title;
      line.append(cell);
    });
    return line;
  }
}
