/**
 * `<obj>.config_file` YAML (dialect spec §12.2, harness spec §3.2).
 *
 * A config file is a YAML mapping, optionally `extends: other.yaml` (relative to the file that
 * says so; chains allowed, a missing target is a warning, a cycle an error). Nested mappings are
 * flattened to dotted keys (`topic: {name: x}` → `topic.name`) so they read exactly like the
 * `<obj>.`-prefixed keys of a WITH clause. Every scalar is read as text (YAML failsafe schema),
 * so `1.0` stays `1.0` and `086` stays `086`; `${VAR:default}` is substituted in values.
 * Each flattened value remembers the directory of the file that defined it, because relative
 * paths in a config file resolve against that file's directory.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { issueDiagnostic, substituteEnv, type Env } from './env';
import type { PropertyDiagnostic, PropertyValue } from './types';

/** A parsed config tree: strings, lists and string-keyed mappings. */
export type ConfigNode = string | ConfigNode[] | { [key: string]: ConfigNode };

export interface LoadedConfig {
  /** Flattened keys of the whole `extends` chain; the extending file wins. */
  entries: Map<string, PropertyValue>;
  /** The deep-merged tree (for structured sections such as `schema.fields` and `table`). */
  tree: { [key: string]: ConfigNode };
  /** Files read, most derived first. */
  files: string[];
  diagnostics: PropertyDiagnostic[];
}

export type ReadText = (file: string) => string;

const readUtf8: ReadText = (file) => fs.readFileSync(file, 'utf8');

/**
 * Loads `file` and its `extends` chain. Never throws: an unreadable or invalid top-level file
 * yields an error diagnostic and empty entries.
 */
export function loadConfigFile(file: string, env: Env, object: string, read: ReadText = readUtf8): LoadedConfig {
  const diagnostics: PropertyDiagnostic[] = [];
  const chain: { file: string; tree: { [key: string]: ConfigNode } }[] = [];
  const seen = new Set<string>();
  let current: string | null = path.resolve(file);
  let isRoot = true;

  while (current !== null) {
    if (seen.has(current)) {
      diagnostics.push({
        severity: 'error',
        code: 'VV353',
        object,
        file: current,
        message: `config file '${current}' extends itself (cycle)`,
        hint: 'remove the extends: line that closes the cycle',
      });
      break;
    }
    seen.add(current);
    const parsed = readTree(current, read);
    if (!parsed.ok) {
      diagnostics.push({
        severity: isRoot ? 'error' : 'warning',
        code: isRoot ? 'VV353' : 'VW550',
        object,
        file: current,
        message: isRoot ? `${object}.config_file: ${parsed.message}` : `extends target ${parsed.message}`,
        hint: isRoot ? 'check the path; it is relative to the SQL file' : 'the extending file is used without it',
      });
      break;
    }
    chain.push({ file: current, tree: parsed.tree });
    const parent = parsed.tree.extends;
    current = typeof parent === 'string' && parent !== '' ? path.resolve(path.dirname(current), parent) : null;
    isRoot = false;
  }

  const entries = new Map<string, PropertyValue>();
  let tree: { [key: string]: ConfigNode } = {};
  // Base first, so every extending file overrides what it extends.
  for (const link of [...chain].reverse()) {
    const substituted = substituteTree(link.tree, env, object, link.file, diagnostics) as { [key: string]: ConfigNode };
    delete substituted.extends;
    flatten(substituted, '', { file: link.file, dir: path.dirname(link.file) }, entries);
    tree = deepMerge(tree, substituted);
  }
  return { entries, tree, files: chain.map((c) => c.file), diagnostics };
}

type ParsedTree = { ok: true; tree: { [key: string]: ConfigNode } } | { ok: false; message: string };

function readTree(file: string, read: ReadText): ParsedTree {
  let text: string;
  try {
    text = read(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, message: `'${file}' ${code === 'ENOENT' ? 'not found' : 'cannot be read'}` };
  }
  try {
    const doc: unknown = parseYaml(text, { schema: 'failsafe' });
    if (doc === null || doc === undefined || doc === '') return { ok: true, tree: {} };
    if (typeof doc !== 'object' || Array.isArray(doc)) return { ok: false, message: `'${file}' is not a YAML mapping` };
    return { ok: true, tree: doc as { [key: string]: ConfigNode } };
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? `:${e.linePos[0].line}` : '';
    return { ok: false, message: `'${file}${where}' is not valid YAML: ${(e as Error).message.split('\n')[0]}` };
  }
}

function substituteTree(
  node: ConfigNode,
  env: Env,
  object: string,
  file: string,
  diagnostics: PropertyDiagnostic[],
): ConfigNode {
  if (typeof node === 'string') {
    const { value, issues } = substituteEnv(node, env);
    for (const issue of issues) diagnostics.push({ ...issueDiagnostic(issue), object, file });
    return value;
  }
  if (Array.isArray(node)) return node.map((n) => substituteTree(n, env, object, file, diagnostics));
  const out: { [key: string]: ConfigNode } = {};
  for (const [k, v] of Object.entries(node)) out[k] = substituteTree(v, env, object, file, diagnostics);
  return out;
}

/** An empty scalar (`schema:` followed only by comments) sets nothing. */
const isEmpty = (node: ConfigNode | undefined): boolean => node === undefined || node === '';

function flatten(node: ConfigNode, prefix: string, origin: PropertyValue['origin'], out: Map<string, PropertyValue>): void {
  if (typeof node === 'string') {
    if (prefix !== '' && !isEmpty(node)) out.set(prefix, { value: node, origin });
    return;
  }
  if (Array.isArray(node)) {
    // Lists (schema fields, consumer names) stay structured in the tree; the flat view keeps JSON.
    out.set(prefix, { value: JSON.stringify(node), origin });
    return;
  }
  for (const [key, child] of Object.entries(node)) flatten(child, prefix === '' ? key : `${prefix}.${key}`, origin, out);
}

function deepMerge(base: { [key: string]: ConfigNode }, over: { [key: string]: ConfigNode }): { [key: string]: ConfigNode } {
  const out: { [key: string]: ConfigNode } = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (isEmpty(value)) continue;
    const prior = out[key];
    out[key] = isMapping(prior) && isMapping(value) ? deepMerge(prior, value) : value;
  }
  return out;
}

const isMapping = (n: ConfigNode | undefined): n is { [key: string]: ConfigNode } =>
  typeof n === 'object' && n !== null && !Array.isArray(n);
