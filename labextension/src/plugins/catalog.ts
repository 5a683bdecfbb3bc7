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
    tracker.widgetAdded.connect((_, panel) => {
      catalogs.set(panel, new KernelCatalog(panel.sessionContext));
      panel.disposed.connect(() => {
        catalogs.get(panel)?.dispose();
        catalogs.delete(panel);
      });
    });
    return {
      catalogFor: (node) => {
        for (const [panel, catalog] of catalogs) if (panel.node.contains(node)) return catalog;
        return null;
      },
    };
  },
};
