/**
 * "Build me an app": a request ("fraud detection on my transactions: flag cards with more than 5
 * purchases a minute and alert on it") → a template chosen by its words, mapped onto the user's
 * own stream by column similarity and type → a multi-statement application with Kafka WITH
 * properties and annotations, its velo-test spec, the source schema file and a notebook. The app
 * is validated against the catalog; ambiguous role mappings are reported as questions.
 */
import type { Schema } from '../../harness/generator/schema';
import type { Diagnostic } from '../../sql/diagnostics';
import { stringify } from 'yaml';
import type { NlCatalog, NlSource } from '../nl/catalog';
import { stem, TIME_UNITS } from '../nl/lexicon';
import type { Interval } from '../nl/query-model';
import { checkSql } from '../nl/validate-sql';
import type { AppChoice } from './claude-app';
import { mapRoles, type RoleMapping } from './roles';
import { appNotebook, statementText } from './notebook';
import { schemaToYaml } from './schema-yaml';
import { TEMPLATES, type AppStatement, type AppTemplate } from './templates';

export interface GeneratedApp {
  name: string;
  template: { id: string; title: string };
  source: string;
  /** Role → column. */
  mapping: Record<string, string>;
  /** Ambiguous mappings, each naming its candidates. */
  questions: string[];
  explanation: string;
  sql: string;
  specYaml: string;
  /** File name → schema YAML (`<source>.schema.yaml`). */
  schemaFiles: Record<string, string>;
  notebook: Record<string, unknown>;
  valid: boolean;
  diagnostics: Diagnostic[];
}

export type AppOutcome = { ok: true; app: GeneratedApp } | { ok: false; error: string };

const DEFAULT_WINDOW: Interval = { n: 1, unit: 'MINUTE' };
const DEFAULT_GAP: Interval = { n: 30, unit: 'SECOND' };
const RECORDS = 1000;

/** `choice` (Claude's, or the user's) fixes the template, the stream and role columns. */
export function generateApp(request: string, catalog: NlCatalog, schemas: ReadonlyMap<string, Schema>, name?: string, choice?: AppChoice): AppOutcome {
  const words = new Set((request.toLowerCase().match(/[a-z]+/g) ?? []).map(stem));
  const overrides = { ...Object.fromEntries([...request.matchAll(/\b([a-z_]+)=([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => [m[1], m[2]])), ...choice?.mapping };
  const streams = catalog.sources.filter((s) => s.kind === 'stream' && schemas.has(s.name) && (!choice || s.name === choice.source));
  if (streams.length === 0) return { ok: false, error: 'no stream with a schema to build an app on: define one with %%schema, --schemas or --sample' };
  const named = streams.filter((s) => s.name.split('_').some((w) => words.has(stem(w))));
  const candidates: { template: AppTemplate; source: NlSource; mapping: RoleMapping; rank: number }[] = [];
  for (const template of TEMPLATES.filter((t) => !choice || t.id === choice.template)) {
    const keywordHits = template.keywords.filter((k) => words.has(stem(k))).length;
    for (const source of streams) {
      const mapping = mapRoles(source, template.roles, overrides);
      if (mapping.missing.length > 0) continue;
      const fit = mapping.score / template.roles.length;
      candidates.push({ template, source, mapping, rank: keywordHits * 2 + fit + (named.includes(source) ? 1 : 0) });
    }
  }
  candidates.sort((a, b) => b.rank - a.rank);
  const best = candidates[0];
  if (!best) return { ok: false, error: `no template fits the streams ${streams.map((s) => s.name).join(', ')}: ${TEMPLATES.map((t) => `${t.title} needs ${t.roles.filter((r) => !r.optional).map((r) => r.name).join(', ')}`).join('; ')}` };
  const { template, source, mapping } = best;
  const col = { time: '_event_time', ...mapping.columns };
  const gap = gapOf(request);
  // The gap's words are not a window size ("with a 2 minute inactivity gap").
  const rest = gap ? request.replace(gap.text, ' ') : request;
  const params = { source, col, window: windowOf(rest) ?? DEFAULT_WINDOW, gap: gap?.interval ?? DEFAULT_GAP, threshold: thresholdOf(rest) };
  const statements = template.build(params);
  const appName = name ?? `${template.id}_${source.name}`.replace(/[^A-Za-z0-9_]/g, '_');
  const sql = appSql(appName, template, request, statements);
  const check = checkSql(sql, catalog);
  const explanation = [
    `- template: ${template.title} (${template.id}) on stream ${source.name}${choice ? ' (chosen by Claude)' : ''}`,
    `- columns: ${Object.entries(col).map(([role, c]) => `${role} → ${c}`).join(', ')}`,
    ...statements.map((s) => `- ${s.name}: ${s.purpose}`),
    ...mapping.questions.map((q) => `- ambiguous: ${q}`),
  ].join('\n');
  const schemaYaml = schemaToYaml(schemas.get(source.name)!);
  return {
    ok: true,
    app: {
      name: appName,
      template: { id: template.id, title: template.title },
      source: source.name,
      mapping: col,
      questions: mapping.questions,
      explanation,
      sql,
      specYaml: specYaml(appName, template, source.name, statements, params.window),
      schemaFiles: { [`${source.name}.schema.yaml`]: schemaYaml },
      notebook: appNotebook({ name: appName, title: template.title, request, source: source.name, schemaYaml, statements, explanation }),
      valid: check.valid,
      diagnostics: check.diagnostics,
    },
  };
}

function appSql(name: string, template: AppTemplate, request: string, statements: AppStatement[]): string {
  const header = [`-- SQL Application: ${name}`, '-- Version: 1.0.0', `-- Description: ${template.title}, generated from: ${request.replace(/\s+/g, ' ').trim()}`, ''];
  const body = statements.map((s) => {
    const input = s.reads[0];
    const props = [`'${input}.type' = 'kafka_source'`, `'${input}.topic' = '${input}'`, `'${s.name}.type' = 'kafka_sink'`, `'${s.name}.topic' = '${s.name}'`];
    return `-- ${s.purpose}\n${statementText(s)}\nWITH (${props.join(', ')});\n`;
  });
  return [...header, ...body].join('\n');
}

function specYaml(name: string, template: AppTemplate, source: string, statements: AppStatement[], window: Interval): string {
  const windowMs = window.n * { SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 }[window.unit];
  const queries = statements.map((s) => ({
    name: s.name,
    description: s.purpose,
    inputs: s.reads.map((r) =>
      r === source ? { source, schema: source, records: RECORDS, time_simulation: { start_time: `-${Math.max(10, 20 * windowMs / 60_000)}m`, end_time: 'now', sequential: true } } : { source: r, from_previous: r },
    ),
    assertions: s.assertions,
  }));
  return `# Generated by velo from a prompt (${template.title} template)\n${stringify({ application: name, description: `${template.title} on ${source}`, default_timeout_ms: 30000, queries }, { lineWidth: 0 })}`;
}

const UNIT = '(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?)';

function interval(n: string | undefined, unit: string): Interval {
  return { n: n ? Number(n) : 1, unit: TIME_UNITS[stem(unit.toLowerCase())] ?? TIME_UNITS[unit.toLowerCase().replace(/s$/, '')] };
}

function windowOf(request: string): Interval | null {
  const m = new RegExp(`\\b(?:every|per|each|a|an|in|within|over)\\s+(?:(\\d+)\\s*-?\\s*)?${UNIT}\\b`, 'i').exec(request) ?? new RegExp(`\\b(\\d+)\\s*-?\\s*${UNIT}\\s+windows?\\b`, 'i').exec(request);
  if (m) return interval(m[1], m[2]);
  if (/\bhourly\b/i.test(request)) return { n: 1, unit: 'HOUR' };
  if (/\bdaily\b/i.test(request)) return { n: 1, unit: 'DAY' };
  return null;
}

function gapOf(request: string): { interval: Interval; text: string } | null {
  const m = new RegExp(`\\b(\\d+)\\s*-?\\s*${UNIT}\\s+(?:of\\s+)?(?:inactivity|idle|gap|timeout)`, 'i').exec(request) ?? new RegExp(`\\bgap\\s+of\\s+(\\d+)\\s*${UNIT}`, 'i').exec(request);
  return m ? { interval: interval(m[1], m[2]), text: m[0] } : null;
}

function thresholdOf(request: string): number | null {
  const m = /\b(?:more than|over|above|exceeds?|exceeding|greater than|at least|beyond)\s+(\d+(?:\.\d+)?)/i.exec(request);
  return m ? Number(m[1]) : null;
}
