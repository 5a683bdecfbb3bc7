/** Services shared between the extension's plugins. */
import type { NotebookPanel } from '@jupyterlab/notebook';
import { Token } from '@lumino/coreutils';
import type { ISignal } from '@lumino/signaling';
import type { Catalog, Described } from './catalog/types';

/** What the kernel's `velostream.catalog` comm says about jobs, for one notebook's kernel (kernel spec §6.1). */
export interface IJobCatalog {
  /** Job name → status from the latest catalog; null until the first catalog has arrived. */
  readonly jobs: ReadonlyMap<string, string> | null;
  /** How many catalogs have arrived since the page loaded (grows across kernel restarts). */
  readonly received: number;
  readonly changed: ISignal<IJobCatalog, void>;
  /** Stops a job through the comm, or with a silent `%stop` execute when the comm is not open. */
  stopJob(name: string): Promise<void>;
}

/** Where a notebook's catalog comm stands: the schema browser says why it shows nothing. */
export type CatalogState = 'no-kernel' | 'not-velostream' | 'connecting' | 'ready';

/** The whole catalog of one notebook's kernel and the comm's requests (the schema browser). */
export interface INotebookCatalog extends IJobCatalog {
  readonly state: CatalogState;
  /** The latest catalog; null before the first one and after the kernel went away. */
  readonly snapshot: Catalog | null;
  /** Asks the kernel to re-list topics and files; resolves when the new catalog has arrived. */
  refresh(): Promise<void>;
  /** Columns and up to `sample` sample rows of a source. */
  describe(name: string, sample?: number): Promise<Described>;
}

export interface IVelostreamCatalogs {
  /** The catalog of the notebook whose DOM holds `node`, or null outside a Velostream notebook. */
  catalogFor(node: HTMLElement): IJobCatalog | null;
  /** The catalog of an open notebook. */
  catalogOf(panel: NotebookPanel): INotebookCatalog | null;
}

export const IVelostreamCatalogs = new Token<IVelostreamCatalogs>(
  'velostream-jupyterlab:catalogs',
  'The velostream.catalog comm of each open Velostream notebook',
);
