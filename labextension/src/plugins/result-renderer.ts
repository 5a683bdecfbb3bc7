/** Renders `application/vnd.velostream.result+json` live, ranked above the kernel's static text/html. */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ResultWidget } from '../result/result-widget';
import { RESULT_MIME } from '../result/types';
import { IVelostreamCatalogs } from '../tokens';

/** JupyterLab's text/html renderer has rank 50; a lower rank wins. */
export const RESULT_RANK = 40;

export const resultRendererPlugin: JupyterFrontEndPlugin<void> = {
  id: 'velostream-jupyterlab:result-renderer',
  description: 'Live Plotly charts and tables of Velostream results',
  autoStart: true,
  requires: [IRenderMimeRegistry],
  optional: [IVelostreamCatalogs],
  activate: (_app: JupyterFrontEnd, registry: IRenderMimeRegistry, catalogs: IVelostreamCatalogs | null) => {
    registry.addFactory(
      // Safe: it draws numbers and text through the DOM (textContent), never HTML from the kernel.
      { safe: true, mimeTypes: [RESULT_MIME], createRenderer: () => new ResultWidget(catalogs) },
      RESULT_RANK,
    );
  },
};
