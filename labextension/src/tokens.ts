/** Services shared between the extension's plugins. */
import { Token } from '@lumino/coreutils';
import type { ISignal } from '@lumino/signaling';

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

export interface IVelostreamCatalogs {
  /** The catalog of the notebook whose DOM holds `node`, or null outside a Velostream notebook. */
  catalogFor(node: HTMLElement): IJobCatalog | null;
}

export const IVelostreamCatalogs = new Token<IVelostreamCatalogs>(
  'velostream-jupyterlab:catalogs',
  'The velostream.catalog comm of each open Velostream notebook',
);
