/** Renders `application/vnd.velostream.test+json` (%%test reports), ranked above the kernel's text/html table. */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { TestReportWidget } from '../test-report/report-widget';
import { TEST_MIME } from '../test-report/types';
import { RESULT_RANK } from './result-renderer';

export const testReportPlugin: JupyterFrontEndPlugin<void> = {
  id: 'velostream-jupyterlab:test-report',
  description: 'Renders Velostream %%test reports',
  autoStart: true,
  requires: [IRenderMimeRegistry],
  activate: (_app: JupyterFrontEnd, registry: IRenderMimeRegistry) => {
    registry.addFactory({ safe: true, mimeTypes: [TEST_MIME], createRenderer: () => new TestReportWidget() }, RESULT_RANK);
  },
};
