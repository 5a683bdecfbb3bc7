/**
 * OutputPublisher bound to one execute request: every IOPub output of a cell (and of the jobs it
 * starts) carries that request as parent. Remembers the last result's text/plain for history.
 */
import type { JsonObject, MessageHeader } from '../protocol/messages';
import type { MimeBundle, OutputPublisher } from './executor';

export type IopubPublish = (
  msgType: string,
  content: JsonObject,
  parent: MessageHeader,
  coalesceKey?: string,
) => Promise<void>;

export class CellOutput implements OutputPublisher {
  /** text/plain of the latest execute_result or display_data (history `output`). */
  lastResultText: string | null = null;

  constructor(
    private readonly publish: IopubPublish,
    readonly parent: MessageHeader,
    private readonly executionCount: number,
    /** Silent requests publish nothing but busy/idle. */
    private readonly silent: boolean,
  ) {}

  stream(name: 'stdout' | 'stderr', text: string): Promise<void> {
    return this.send('stream', { name, text });
  }

  displayData(
    data: MimeBundle,
    options: { metadata?: JsonObject; displayId?: string } = {},
  ): Promise<void> {
    this.remember(data);
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
    return this.send(
      'update_display_data',
      { data, metadata: options.metadata ?? {}, transient: { display_id: options.displayId } },
      options.coalesce ? `display:${options.displayId}` : undefined,
    );
  }

  executeResult(data: MimeBundle, metadata: JsonObject = {}): Promise<void> {
    this.remember(data);
    return this.send('execute_result', { execution_count: this.executionCount, data, metadata });
  }

  clearOutput(wait = false): Promise<void> {
    return this.send('clear_output', { wait });
  }

  /** The cell's single `error` message; only the session calls this. */
  error(ename: string, evalue: string, traceback: string[]): Promise<void> {
    return this.send('error', { ename, evalue, traceback });
  }

  private send(msgType: string, content: JsonObject, coalesceKey?: string): Promise<void> {
    return this.silent
      ? Promise.resolve()
      : this.publish(msgType, content, this.parent, coalesceKey);
  }

  private remember(data: MimeBundle): void {
    const text = data['text/plain'];
    if (typeof text === 'string') this.lastResultText = text;
  }
}
