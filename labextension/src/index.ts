/** The Velostream JupyterLab extension: one plugin per feature. */
import { catalogPlugin } from './plugins/catalog';
import { inlineCompletionPlugin } from './plugins/inline-completion';
import { resultRendererPlugin } from './plugins/result-renderer';
import { schemaBrowserPlugin } from './plugins/schema-browser';
import { sqlLanguagePlugin } from './plugins/sql-language';
import { testReportPlugin } from './plugins/test-report';

export default [catalogPlugin, schemaBrowserPlugin, resultRendererPlugin, testReportPlugin, sqlLanguagePlugin, inlineCompletionPlugin];
