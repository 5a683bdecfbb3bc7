/** What a magic or statement sees while a cell runs. */
import type { JsonObject } from '../protocol/messages';
import type { ExecutionContext } from '../session/executor';
import type { DisplayMode } from '../display/types';
import type { CellError } from './errors';
import type { Notebook } from './notebook/notebook';

/** Per-cell run and display options (`%%sql` flags, kernel spec §4.2). */
export interface SqlOptions {
  name?: string;
  previewMs?: number;
  forMs?: number;
  limit?: number;
  background?: boolean;
  noDetach?: boolean;
  mode?: DisplayMode;
  rows?: number;
  keepRows?: number;
  refresh?: number;
  chart?: string;
}

export interface CellContext {
  readonly notebook: Notebook;
  readonly exec: ExecutionContext;
  /** The cell's original text: error positions refer to it. */
  readonly cell: string;
  /** §3.6: batch when the request disallows stdin (nbclient, papermill) unless configured. */
  readonly runMode: 'interactive' | 'batch';
  /** §3.6: live updates (JupyterLab sends cellId) unless configured. */
  readonly live: boolean;
  /** Reply payloads (`page` for %help). */
  readonly payload: JsonObject[];
  /** Runs SQL that sits at `start` in the cell (a cell magic's body), items in order. */
  runSql(text: string, start: number, options: SqlOptions): Promise<CellError | undefined>;
}
