/**
 * WITH properties of a statement (dialect spec §12) through the connector layer's own checks:
 * merging of source-level and statement lists, `${VAR}` substitution, config files, a type for
 * every FROM/JOIN source and every sink, generic `output.type`, keys the reference ignores.
 * This module only finds the source text each property diagnostic is about.
 */
import type * as A from '../ast';
import { codeInfo } from './codes';
import type { Reporter } from './context';
import type { Env, PropertyFinding, SourceProperties, ValidationRegistry } from './registry';
import { sourceName, sourceSpan } from '../walk';

export interface PropertyOptions {
  baseDir: string;
  env?: Env;
  registry: ValidationRegistry;
}

/** The objects a statement reads and writes, and every WITH list it wrote, in textual order. */
export interface StatementObjects {
  sources: A.Source[];
  sink?: A.Identifier;
  lists: A.Properties[];
}

/**
 * Checks the statement's properties and returns each named source's resolved properties.
 * A statement without any WITH list is configured by its host (a notebook session, a test
 * spec), so nothing is required of it here.
 */
export function checkProperties(objects: StatementObjects, options: PropertyOptions, reporter: Reporter): ReadonlyMap<string, SourceProperties> {
  const resolve = options.registry.resolveProperties;
  if (objects.lists.length === 0 || !resolve) return new Map();
  const lists = [...objects.lists].sort((a, b) => a.span.start.offset - b.span.start.offset);
  const named = objects.sources.filter((s): s is A.NamedSource => s.kind === 'NamedSource');
  const resolution = resolve({
    layers: lists.map((l) => l.entries.map((e) => [e.key, e.value] as const)),
    baseDir: options.baseDir,
    env: options.env,
    sources: [...new Set(named.map((s) => s.name.name))],
    sinks: objects.sink ? [objects.sink.name] : [],
  });
  const place = locator(objects, lists);
  for (const d of resolution.diagnostics) {
    reporter.report(d.code, {
      message: d.message,
      hint: d.hint,
      severity: d.severity ?? codeInfo(d.code)?.severity,
      ...place(d),
    });
  }
  return resolution.sources;
}

/** Where a property diagnostic points: the key as written, else the object's name, else the WITH. */
function locator(objects: StatementObjects, lists: A.Properties[]) {
  const entries = lists.flatMap((l) => l.entries);
  return (d: PropertyFinding): { span: A.Span; token: string } => {
    const entry = d.key === undefined ? undefined : [...entries].reverse().find((e) => e.key === d.key);
    if (entry) return { span: entry.keySpan, token: entry.key };
    const object = d.object ?? d.key?.split('.')[0];
    const source = objects.sources.find((s) => sourceName(s) === object);
    if (source) return { span: sourceSpan(source), token: sourceName(source) };
    if (objects.sink && objects.sink.name === object) return { span: objects.sink.span, token: object };
    return { span: lists[lists.length - 1].span, token: 'WITH' };
  };
}
