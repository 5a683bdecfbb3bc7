/** The `%%test` report: a pass/fail banner, then per query one expandable row per assertion (failed ones open). */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';
import { element } from '../dom';
import { bannerText, querySections, runFacts, type AssertionRow } from './report-model';
import { TEST_MIME, type FindingJson, type TestJson } from './types';

function finding(f: FindingJson): HTMLElement {
  const node = element('div', 'jp-VeloTest-finding');
  node.append(element('div', 'jp-VeloTest-findingSummary', `${f.rule}: ${f.summary}`));
  if (f.evidence.length) {
    const list = element('ul', 'jp-VeloTest-evidence');
    for (const line of f.evidence) list.append(element('li', '', line));
    node.append(list);
  }
  if (f.suggestion) node.append(element('div', 'jp-VeloTest-suggestion', `Suggestion: ${f.suggestion}`));
  return node;
}

function assertionRow({ assertion, findings }: AssertionRow): HTMLElement {
  const row = element('details', `jp-VeloTest-assertion ${assertion.passed ? 'jp-mod-passed' : 'jp-mod-failed'}`);
  row.open = !assertion.passed;
  const summary = element('summary', '');
  summary.append(
    element('span', 'jp-VeloTest-mark', assertion.passed ? '\u2714' : '\u2718'),
    element('span', 'jp-VeloTest-type', assertion.type),
    element('span', 'jp-VeloTest-message', assertion.message),
  );
  const facts = element('dl', 'jp-VeloTest-facts');
  const fact = (name: string, value: string | null) => {
    if (value === null || value === '') return;
    facts.append(element('dt', '', name), element('dd', '', value));
  };
  fact('expected', assertion.expected);
  fact('actual', assertion.actual);
  for (const [key, value] of Object.entries(assertion.details)) fact(key, value);
  row.append(summary, facts, ...findings.map(finding));
  return row;
}

export class TestReportWidget extends Widget implements IRenderMime.IRenderer {
  constructor() {
    super();
    this.addClass('jp-VeloTest');
  }

  async renderModel(mime: IRenderMime.IMimeModel): Promise<void> {
    const report = mime.data[TEST_MIME] as unknown as TestJson;
    this.node.dataset.status = report.status;
    const banner = element('div', `jp-VeloTest-banner jp-mod-${report.status}`, bannerText(report));
    const sections = querySections(report).map((q) => {
      const section = element('section', 'jp-VeloTest-query');
      section.append(element('h4', '', `${q.name} — ${q.status}`));
      if (q.error) section.append(element('div', 'jp-VeloTest-error', q.error));
      section.append(...q.rows.map(assertionRow), ...q.findings.map(finding));
      return section;
    });
    const facts = element('div', 'jp-VeloTest-run', runFacts(report).join(' · '));
    this.node.replaceChildren(banner, ...sections, facts);
  }
}
