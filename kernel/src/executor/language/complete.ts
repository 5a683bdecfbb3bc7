/**
 * Completion (kernel spec §5.1). The token before the cursor is replaced. Candidates by context:
 * magics at line start, magic options and names, parameters inside `${`, sources after
 * FROM/JOIN/INTO/DESCRIBE, WITH keys and connector types, and in expression position the columns
 * of the statement's sources (alias-aware), functions and keywords — in that order.
 */
import { allFunctions, type CatalogueFunction } from '@velostream/engine';
import { MAGICS, magicNames } from '../../magics/registry';
import type { Magic } from '../../magics/magic';
import type { CompletionItem, CompletionResult } from '../../session/executor';
import { optionUsage } from '../cell/args';
import { KEYWORDS } from './keywords';
import type { Notebook } from '../notebook/notebook';
import { SETTING_KEYS } from '../notebook/settings';
import { previousWord, sourceRefs, statementAround } from './statement-scope';

interface Candidate {
  text: string;
  type: string;
  signature?: string;
}

const SOURCE_KEYWORDS = new Set(['FROM', 'JOIN', 'INTO', 'DESCRIBE']);
const AFTER: Record<string, string[]> = {
  EMIT: ['CHANGES', 'FINAL'],
  WINDOW: ['TUMBLING', 'SLIDING', 'SESSION'],
};
const SOURCE_PROPERTY_SUFFIXES = ['type', 'topic', 'format', 'path', 'bootstrap.servers', 'auto.offset.reset', 'group.id', 'has_headers', 'watch'];
const GENERAL_PROPERTIES = ['event.time.field', 'event.time.format', 'watermark.strategy', 'watermark.max_out_of_orderness', 'table_model'];
const CONNECTOR_TYPES = ['kafka_source', 'file_source', 'kafka_sink', 'file_sink', 'stdout_sink'];

export function complete(code: string, cursor: number, notebook: Notebook): CompletionResult {
  const lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
  const line = code.slice(lineStart, cursor);

  const magicName = /^\s*(%%?)([\w-]*)$/.exec(line);
  if (magicName) {
    const cell = magicName[1] === '%%' && code.slice(0, lineStart).trim() === '';
    if (magicName[1] === '%' || cell) {
      const start = cursor - magicName[1].length - magicName[2].length;
      const names = cell ? magicNames('cell') : magicNames('line');
      return result(start, cursor, matching(names.map((text) => ({ text, type: 'magic' })), magicName[1] + magicName[2], true));
    }
  }
  const magicArgs = /^\s*(%%?)([\w-]+)\s+(.*)$/.exec(line);
  if (magicArgs && (magicArgs[1] === '%' || code.slice(0, lineStart).trim() === '')) {
    const magic = MAGICS.find((m) => m.name === magicArgs[2]);
    if (magic) return completeMagicArgs(magic, magicArgs[3], cursor, notebook);
  }

  const param = /\$\{(\w*)$/.exec(line);
  if (param) {
    const start = cursor - param[1].length;
    const names = notebook.params.entries().map(([name]) => ({ text: name, type: 'property' }));
    return result(start, cursor, matching(names, param[1], true));
  }

  const quoted = /'([\w.]*)$/.exec(line);
  if (quoted) return completeProperty(code, cursor, quoted[1], notebook);

  const token = /([\w]*\.)?(\w*)$/.exec(line)!;
  const prefix = token[2];
  const start = cursor - prefix.length;
  const { text: statement } = statementAround(code, cursor);
  const refs = sourceRefs(statement);

  if (token[1]) {
    const qualifier = token[1].slice(0, -1);
    const ref = refs.find((r) => r.alias === qualifier || r.name === qualifier);
    const columns = ref ? columnsOf(ref.name, notebook) : [];
    return result(start, cursor, matching(columns, prefix, true));
  }

  const previous = previousWord(code, start);
  if (SOURCE_KEYWORDS.has(previous)) return result(start, cursor, matching(sourceCandidates(notebook), prefix, true));
  if (AFTER[previous]) return result(start, cursor, matching(AFTER[previous].map((text) => ({ text, type: 'keyword' })), prefix, false));

  const columns = refs.flatMap((ref) => columnsOf(ref.name, notebook));
  const candidates = [
    ...matching(dedupe(columns), prefix, true),
    ...(refs.length === 0 ? matching(sourceCandidates(notebook), prefix, true) : []),
    ...matching(allFunctions().map(functionCandidate), prefix, false),
    ...matching(KEYWORDS.map((text) => ({ text, type: 'keyword' })), prefix, false),
  ];
  return result(start, cursor, prefix === '' ? [] : dedupe(candidates));
}

function completeMagicArgs(magic: Magic, args: string, cursor: number, notebook: Notebook): CompletionResult {
  const word = /(\S*)$/.exec(args)![1];
  const start = cursor - word.length;
  if (word.startsWith('-')) {
    const options = magic.options.map((o) => ({ text: `--${o.name}`, type: 'property', signature: optionUsage(o) }));
    return result(start, cursor, matching(options, word, true));
  }
  const names: Candidate[] =
    magic.argument === 'source'
      ? sourceCandidates(notebook)
      : magic.argument === 'job'
        ? [...notebook.jobs.running().map((j) => ({ text: j.name, type: 'table' })), { text: 'all', type: 'keyword' }]
        : magic.argument === 'schema'
          ? dedupe([...notebook.schemaNames(), ...notebook.sources().map((s) => s.name)].map((text) => ({ text, type: 'table' })))
          : magic.argument === 'config'
            ? SETTING_KEYS.map((key) => ({ text: `${key}=`, type: 'property' }))
            : [];
  return result(start, cursor, matching(names, word, true));
}

/** Inside a quoted WITH key or after `'<x>.type' =`. */
function completeProperty(code: string, cursor: number, typed: string, notebook: Notebook): CompletionResult {
  const start = cursor - typed.length - 1;
  const before = code.slice(0, start);
  if (/'[\w.]*\.type'\s*=\s*$/i.test(before)) {
    return result(start, cursor, matching(CONNECTOR_TYPES.map((t) => ({ text: `'${t}'`, type: 'value' })), `'${typed}`, true));
  }
  const { text: statement } = statementAround(code, cursor);
  const names = [...sourceRefs(statement).map((r) => r.name), ...(/\b(?:STREAM|TABLE|INTO)\s+(\w+)/i.exec(statement)?.slice(1) ?? [])];
  const keys = [
    ...dedupe(names.map((text) => ({ text, type: 'property' }))).flatMap((n) => SOURCE_PROPERTY_SUFFIXES.map((s) => `${n.text}.${s}`)),
    ...GENERAL_PROPERTIES,
  ].map((key) => ({ text: `'${key}'`, type: 'property' }));
  if (names.length === 0) keys.unshift(...notebook.sources().map((s) => ({ text: `'${s.name}.type'`, type: 'property' })));
  return result(start, cursor, matching(keys, `'${typed}`, true));
}

function sourceCandidates(notebook: Notebook): Candidate[] {
  return notebook.sources().map((s) => ({ text: s.name, type: 'table' }));
}

function columnsOf(name: string, notebook: Notebook): Candidate[] {
  const columns = notebook.source(name)?.columns ?? notebook.catalog.columnsOf(name) ?? [];
  return columns.map((c) => ({ text: c.name, type: 'column', signature: `${c.type.toUpperCase()} (${name})` }));
}

function functionCandidate(fn: CatalogueFunction): Candidate {
  let type = '';
  try {
    type = fn.returnType(Array(Math.max(1, fn.minArgs)).fill('float')).toUpperCase();
  } catch {
    type = '';
  }
  return { text: fn.name, type: 'function', signature: type && type !== 'ANY' ? `${fn.signature} → ${type}` : fn.signature };
}

/** Case-insensitive prefix match; keywords and functions follow the typed case (§5.1). */
function matching(candidates: Candidate[], typed: string, exactCase: boolean): Candidate[] {
  const lower = typed.toLowerCase();
  const lowerTyped = typed !== '' && typed === lower && typed !== typed.toUpperCase();
  return candidates
    .filter((c) => c.text.toLowerCase().startsWith(lower))
    .map((c) => (exactCase || !lowerTyped ? c : { ...c, text: c.text.toLowerCase() }));
}

function dedupe(candidates: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => !seen.has(c.text) && seen.add(c.text));
}

function result(start: number, end: number, candidates: Candidate[]): CompletionResult {
  const items: CompletionItem[] = candidates.map((c) => ({ start, end, text: c.text, type: c.type, ...(c.signature ? { signature: c.signature } : {}) }));
  return { matches: candidates.map((c) => c.text), cursorStart: start, cursorEnd: end, items };
}
