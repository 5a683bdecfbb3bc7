/**
 * `%help [topic]` (kernel spec §4.2): help on the kernel, a magic, a keyword, a function,
 * `display` or `params`, as a `page` payload (text/plain and text/markdown).
 */
import { lookupFunction } from '@velostream/engine';
import { optionUsage } from '../executor/cell/args';
import { cellError } from '../executor/errors';
import { HELP_URL } from '../executor/language/kernel-info';
import { keywordHelp } from '../executor/language/keywords';
import type { Magic } from './magic';

export interface HelpPage {
  plain: string;
  markdown: string;
}

const TOPICS: Record<string, HelpPage> = {
  display: page('Live displays', [
    'Queries that read a source show a live display: a summary line, a table, and a chart when one is inferred.',
    'Modes: append (rows as they arrive), update (one row per group key and window), single (the latest row).',
    'Unbounded queries run in the foreground for the preview period (%config preview), then continue as background jobs: %jobs lists them, %stop NAME stops one.',
    'Charts come from `-- @viz: line|bar|area|scatter|pie|gauge …` annotations, `%%sql --chart K`, or inference (%config chart=none turns it off).',
    'The summary starts with the state: running, done (done (--for 6 s) when the cell\'s own bound was reached), stopped and why (%stop, interrupted, after the batch preview, at batch_timeout), or failed.',
    'Append mode shows the newest rows first: in HTML the newest 10 (`newest 10 of 15,095 rows (append, 1,000 kept)`), unless %config rows or %%sql --rows sets the count.',
    'Floats show at most 6 decimals in text and HTML; the result+json payload keeps the full value.',
    'Settings: %config rows=50 keep_rows=1000 refresh=4 preview=3s live=auto mode=auto.',
  ]),
  params: page('Parameters', [
    "SET name = value; stores a parameter (numbers, TRUE/FALSE, NULL, 'text'). SET alone lists them.",
    "${name} is replaced in later SQL and magic arguments: strings without quotes, so write WHERE symbol = '${symbol}'.",
    '$${ gives a literal ${; ${X} with X not a parameter is left as it is (environment references in WITH values).',
    'papermill -p name value injects SET statements (install the velostream-papermill shim).',
  ]),
};

function page(title: string, lines: string[]): HelpPage {
  return {
    plain: [title, '', ...lines].join('\n'),
    markdown: [`## ${title}`, '', ...lines.map((l) => `- ${l}`)].join('\n'),
  };
}

/** Help on a magic: usage, summary, longer help and options. */
export function magicHelp(magic: Magic): HelpPage {
  const options = magic.options.map((o) => `${optionUsage(o)}: ${o.help}`);
  const lines = [magic.summary, ...(magic.help ? [magic.help] : []), ...(options.length ? ['', 'Options:', ...options] : [])];
  return {
    plain: [magic.usage, '', ...lines].join('\n'),
    markdown: [`\`${magic.usage}\``, '', ...lines.map((l) => (l.startsWith('--') ? `- \`${l.split(':')[0]}\`:${l.slice(l.indexOf(':') + 1)}` : l))].join('\n'),
  };
}

/** Help on any topic, or undefined. Shared with inspection. */
export function topicHelp(topic: string, magics: readonly Magic[]): HelpPage | undefined {
  const bare = topic.replace(/^%%?/, '');
  const magic = magics.find((m) => m.name === bare);
  if (magic && (topic.startsWith('%') || !lookupFunction(bare))) return magicHelp(magic);
  const fn = lookupFunction(bare);
  if (fn) {
    const flags = fn.kind === 'scalar' ? 'scalar function' : fn.kind === 'aggregate' ? 'aggregate function' : `${fn.kind} function`;
    const lines = [`${fn.signature} — ${flags}`, '', fn.doc, ...(fn.example ? ['', `Example: ${fn.example}`] : [])];
    return { plain: lines.join('\n'), markdown: [`**${fn.signature}** — ${flags}`, '', fn.doc, ...(fn.example ? ['', `Example: \`${fn.example}\``] : [])].join('\n') };
  }
  return TOPICS[bare.toLowerCase()] ?? keywordHelp(bare);
}

function overview(magics: readonly Magic[]): HelpPage {
  const lines = magics.flatMap((m) => m.forms.map((f) => `${f === 'cell' ? '%%' : '%'}${m.name}: ${m.summary}`));
  const intro = [
    'Cells hold Velostream SQL statements (end each with ;) and magics. Queries over sources show live tables and charts.',
    'Start with: %%schema NAME (a YAML schema) or %generate NAME, then SELECT … FROM NAME;',
    '%help TOPIC for a magic, keyword, function, display or params.',
  ];
  return {
    plain: ['Velostream SQL kernel', '', ...intro, '', ...lines, '', `Documentation: ${HELP_URL}`].join('\n'),
    markdown: ['# Velostream SQL kernel', '', ...intro, '', ...lines.map((l) => `- \`${l.split(': ')[0]}\`: ${l.slice(l.indexOf(': ') + 2)}`), '', `[Documentation](${HELP_URL})`].join('\n'),
  };
}

export function helpMagic(all: () => readonly Magic[]): Magic {
  return {
    name: 'help',
    forms: ['line'],
    usage: '%help [topic]',
    summary: 'help on the kernel, a magic, keyword, function, display or params',
    options: [],
    async run(call, ctx) {
      const topic = call.args.positional[0];
      const help = topic === undefined ? overview(all()) : topicHelp(topic, all());
      if (!help) return cellError('MagicError', `no help on '${topic}'`, { hint: 'try %help, %help display, %help params, %help %%sql or %help AVG' });
      ctx.payload.push({ source: 'page', data: { 'text/plain': help.plain, 'text/markdown': help.markdown }, start: 0 });
      return undefined;
    },
  };
}
