/** The Velostream JupyterLab extension: one plugin per feature. */
import { catalogPlugin } from './plugins/catalog';
import { resultRendererPlugin } from './plugins/result-renderer';
import { sqlLanguagePlugin } from './plugins/sql-language';
import { testReportPlugin } from './plugins/test-report';

export default [catalogPlugin, resultRendererPlugin, testReportPlugin, sqlLanguagePlugin];
