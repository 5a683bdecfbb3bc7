import type { OptionSpec } from '../executor/cell/args';
import type { SqlOptions } from '../executor/context';
import type { DisplayMode } from '../display/types';
import type { Magic } from './magic';

const OPTIONS: OptionSpec[] = [
  { name: 'name', kind: 'string', value: 'N', help: 'job name' },
  { name: 'preview', kind: 'duration', value: 'D', help: 'foreground preview before an unbounded query becomes a job' },
  { name: 'for', kind: 'duration', value: 'D', help: 'run for D, then stop' },
  { name: 'limit', kind: 'integer', value: 'N', help: 'stop after N output rows' },
  { name: 'background', kind: 'flag', help: 'start a background job at once (interactive mode)' },
  { name: 'no-detach', kind: 'flag', help: 'stay in the foreground until done, interrupted or --for elapsed' },
  { name: 'mode', kind: 'string', value: 'M', choices: ['append', 'update', 'single'], help: 'display mode' },
  { name: 'rows', kind: 'integer', value: 'N', help: 'rows shown' },
  { name: 'keep', kind: 'integer', value: 'N', help: 'rows kept in the snapshot' },
  { name: 'refresh', kind: 'number', value: 'HZ', help: 'display updates per second (0 = final only)' },
  { name: 'chart', kind: 'string', value: 'K', help: 'chart kind: line, bar, area, scatter, pie, gauge, table, none' },
];

export const sqlMagic: Magic = {
  name: 'sql',
  forms: ['cell'],
  usage: '%%sql [--name N] [--preview D] [--for D] [--limit N] [--background] [--no-detach] [--mode M] [--rows N] [--keep N] [--refresh HZ] [--chart K]',
  summary: 'run the body with per-cell run and display options',
  options: OPTIONS,
  async run(call, ctx) {
    const o = call.args.options;
    const options: SqlOptions = {
      ...(o.name !== undefined ? { name: String(o.name) } : {}),
      ...(o.preview !== undefined ? { previewMs: Number(o.preview) } : {}),
      ...(o.for !== undefined ? { forMs: Number(o.for) } : {}),
      ...(o.limit !== undefined ? { limit: Number(o.limit) } : {}),
      ...(o.background && ctx.runMode === 'interactive' ? { background: true } : {}),
      ...(o['no-detach'] ? { noDetach: true } : {}),
      ...(o.mode !== undefined ? { mode: o.mode as DisplayMode } : {}),
      ...(o.rows !== undefined ? { rows: Math.max(1, Number(o.rows)) } : {}),
      ...(o.keep !== undefined ? { keepRows: Math.max(1, Number(o.keep)) } : {}),
      ...(o.refresh !== undefined ? { refresh: Number(o.refresh) } : {}),
      ...(o.chart !== undefined ? { chart: String(o.chart) } : {}),
    };
    return ctx.runSql(call.body, call.bodyStart, options);
  },
};
