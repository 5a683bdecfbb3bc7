/**
 * OutputPublisher bound to one execute request: every IOPub output of a cell (and of the jobs it
 * starts) carries that request as parent. Remembers the text/plain of the cell's last result, as
 * last updated, for history (spec §5.4).
 *
 * A cell shows at most `maxResults` separate results (execute_result or a new display_data); the
 * rest, and every update of a display not shown, are counted and reported in one line at the end
 * (`reportHiddenResults`), so a cell of thousands of statements cannot flood the frontend.
 */
import type { JsonObject, MessageHeader } from '../protocol/messages';
import type { MimeBundle, OutputPublisher } from './executor';

export type IopubPublish = (
  msgType: string,
  content: JsonObject,
  parent: MessageHeader,
  coalesceKey?: string,
) => Promise<void>;

interface LastResult {
  /** Undefined for an execute_result, which is never updated. */
  displayId: string | undefined;
  text: string | null;
}

export class CellOutput implements OutputPublisher {
  /**
   * The newest execute_result or display_data; a live display's updates replace its text, so once
   * its final snapshot is out this holds that snapshot, not the first one. Updates of an earlier
   * display (e.g. a query that went to the background) do not displace a later result.
   */
  private lastResult: LastResult = { displayId: undefined, text: null };
  private shownResults = 0;
  private hiddenResults = 0;
  private readonly hiddenDisplays = new Set<string>();

  constructor(
    private readonly publish: IopubPublish,
    readonly parent: MessageHeader,
    private readonly executionCount: number,
    /** Silent requests publish nothing but busy/idle. */
    private readonly silent: boolean,
    private readonly maxResults = Infinity,
  ) {}

  stream(name: 'stdout' | 'stderr', text: string): Promise<void> {
    return this.send('stream', { name, text });
  }

  displayData(
    data: MimeBundle,
    options: { metadata?: JsonObject; displayId?: string } = {},
  ): Promise<void> {
    this.lastResult = { displayId: options.displayId, text: plainText(data) };
    if (!this.admitResult()) {
      if (options.displayId !== undefined) this.hiddenDisplays.add(options.displayId);
      return Promise.resolve();
    }
    return this.send('display_data', {
      data,
      metadata: options.metadata ?? {},
      transient: options.displayId === undefined ? {} : { display_id: options.displayId },
    });
  }

  updateDisplayData(
    data: MimeBundle,
    options: { displayId: string; metadata?: JsonObject; coalesce?: boolean },
  ): Promise<void> {
    if (options.displayId === this.lastResult.displayId) this.lastResult.text = plainText(data);
    if (this.hiddenDisplays.has(options.displayId)) return Promise.resolve();
    return this.send(
      'update_display_data',
      { data, metadata: options.metadata ?? {}, transient: { display_id: options.displayId } },
      options.coalesce ? `display:${options.displayId}` : undefined,
    );
  }

  executeResult(data: MimeBundle, metadata: JsonObject = {}): Promise<void> {
    this.lastResult = { displayId: undefined, text: plainText(data) };
    if (!this.admitResult()) return Promise.resolve();
    return this.send('execute_result', { execution_count: this.executionCount, data, metadata });
  }

  clearOutput(wait = false): Promise<void> {
    return this.send('clear_output', { wait });
  }

  /** The cell's single `error` message; only the session calls this. */
  error(ename: string, evalue: string, traceback: string[]): Promise<void> {
    return this.send('error', { ename, evalue, traceback });
  }

  /** One line saying how many results were not shown (`1,900 more results not shown`), if any. */
  reportHiddenResults(): Promise<void> {
    const hidden = this.hiddenResults;
    if (hidden === 0) return Promise.resolve();
    this.hiddenResults = 0;
    const count = hidden.toLocaleString('en-US');
    return this.stream('stdout', `${count} more result${hidden === 1 ? '' : 's'} not shown\n`);
  }

  /** text/plain of the cell's last result as last published (history `output`), or null. */
  get lastResultText(): string | null {
    return this.lastResult.text;
  }

  /** Counts a new result; false once the cell has shown `maxResults`. */
  private admitResult(): boolean {
    if (this.shownResults < this.maxResults) {
      this.shownResults++;
      return true;
    }
    this.hiddenResults++;
    return false;
  }

  private send(msgType: string, content: JsonObject, coalesceKey?: string): Promise<void> {
    return this.silent
      ? Promise.resolve()
      : this.publish(msgType, content, this.parent, coalesceKey);
  }
}

function plainText(data: MimeBundle): string | null {
  const text = data['text/plain'];
  return typeof text === 'string' ? text : null;
}
