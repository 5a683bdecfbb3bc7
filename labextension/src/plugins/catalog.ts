/** Opens the `velostream.catalog` comm for every notebook and finds a notebook's catalog from a DOM node. */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { INotebookTracker, type NotebookPanel } from '@jupyterlab/notebook';
import { KernelCatalog } from '../catalog/kernel-catalog';
import { IVelostreamCatalogs } from '../tokens';

export const catalogPlugin: JupyterFrontEndPlugin<IVelostreamCatalogs> = {
  id: 'velostream-jupyterlab:catalog',
  description: 'Keeps the velostream.catalog comm of each open Velostream notebook',
  autoStart: true,
  requires: [INotebookTracker],
  provides: IVelostreamCatalogs,
  activate: (_app: JupyterFrontEnd, tracker: INotebookTracker): IVelostreamCatalogs => {
    const catalogs = new Map<NotebookPanel, KernelCatalog>();
    // Created on the first of widgetAdded or a plugin asking (currentChanged may come first).
    const catalogOf = (panel: NotebookPanel): KernelCatalog | null => {
      if (panel.isDisposed) return null;
      let catalog = catalogs.get(panel);
      if (!catalog) {
        catalog = new KernelCatalog(panel.sessionContext);
        catalogs.set(panel, catalog);
        panel.disposed.connect(() => {
          catalogs.get(panel)?.dispose();
          catalogs.delete(panel);
        });
      }
      return catalog;
    };
    tracker.widgetAdded.connect((_, panel) => void catalogOf(panel));
    return {
      catalogFor: (node) => {
        for (const [panel, catalog] of catalogs) if (panel.node.contains(node)) return catalog;
        return null;
      },
      catalogOf,
    };
  },
};
