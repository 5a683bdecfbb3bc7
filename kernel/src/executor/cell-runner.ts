/**
 * Runs one cell (kernel spec §4.1, "a cell's journey" step 2): split, pre-pass (substitute and
 * parse every statement before anything runs), then items in textual order — line magics, `SET`,
 * SQL statements — stopping at the first error. A cell magic gets the whole body.
 */
import type { JsonObject } from '../protocol/messages';
import type { ExecutionContext } from '../session/executor';
import { findMagic, unknownMagicMessage } from '../magics/registry';
import type { MagicForm } from '../magics/magic';
import { parseArgs } from './cell/args';
import { splitCell, splitItems } from './cell/cell';
import type { CellContext, SqlOptions } from './context';
import { cellError, isCellError, type CellError } from './errors';
import type { Notebook } from './notebook/notebook';
import { substitute, type SetStatement } from './cell/params';
import { prepareItems, type PreparedItem } from './cell/prepared';
import { runSql } from './run-sql';
import { textListing } from './static-result';

interface MagicSite {
  form: MagicForm;
  name: string;
  args: string;
  nameStart: number;
  body: string;
  bodyStart: number;
}

export class CellRunner implements CellContext {
  readonly payload: JsonObject[] = [];
  readonly runMode: 'interactive' | 'batch';
  readonly live: boolean;

  constructor(
    readonly notebook: Notebook,
    readonly exec: ExecutionContext,
    readonly cell: string,
  ) {
    const { mode, live } = notebook.settings.values;
    this.runMode = mode === 'auto' ? (exec.request.allowStdin ? 'interactive' : 'batch') : mode;
    this.live = live === 'auto' ? exec.request.cellId !== undefined : live === 'on';
  }

  async run(): Promise<CellError | undefined> {
    const shape = splitCell(this.cell);
    if (isCellError(shape)) return shape;
    if (shape.kind === 'cell-magic') return this.runMagic({ form: 'cell', ...shape });
    const prepared = prepareItems(shape.items, this.notebook.params);
    return isCellError(prepared) ? prepared : this.runItems(prepared, {});
  }

  async runSql(text: string, start: number, options: SqlOptions): Promise<CellError | undefined> {
    const items = splitItems(text, start);
    if (isCellError(items)) return items;
    const prepared = prepareItems(items, this.notebook.params);
    return isCellError(prepared) ? prepared : this.runItems(prepared, options);
  }

  private async runItems(prepared: readonly PreparedItem[], options: SqlOptions): Promise<CellError | undefined> {
    for (const item of prepared) {
      if (this.exec.signal.aborted) return cellError('KeyboardInterrupt', 'interrupted');
      const error =
        item.kind === 'magic'
          ? await this.runMagic({ form: 'line', ...item.item, body: '', bodyStart: item.item.argsStart })
          : item.kind === 'set'
            ? await this.runSet(item.set)
            : await runSql(item, this, options);
      if (error) return error;
      if (item.kind === 'sql') this.notebook.rememberSql(item.text);
    }
    return undefined;
  }

  private async runMagic(site: MagicSite): Promise<CellError | undefined> {
    const prefix = site.form === 'cell' ? '%%' : '%';
    const at = { start: site.nameStart - prefix.length, end: site.nameStart + site.name.length };
    const magic = findMagic(site.name, site.form);
    if (!magic) {
      const { message, hint } = unknownMagicMessage(site.name, site.form);
      return cellError('UnknownMagic', message, { at, ...(hint ? { hint } : {}) });
    }
    const rawArgs = substitute(site.args, this.notebook.params).text;
    const args = parseArgs(rawArgs, magic.options, prefix + site.name);
    if (isCellError(args)) return { ...args, at };
    return magic.run({ form: site.form, args, rawArgs, body: site.body, bodyStart: site.bodyStart, at }, this);
  }

  private async runSet(set: SetStatement): Promise<CellError | undefined> {
    if (set.kind === 'set') {
      this.notebook.params.set(set.name, set.value);
      this.notebook.changed();
      return undefined;
    }
    const rows = this.notebook.params.entries().map(([name, value]) => [name, value.type, value.text]);
    await this.exec.output.executeResult(textListing(['name', 'type', 'value'], rows));
    return undefined;
  }
}
