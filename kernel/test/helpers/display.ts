/** Builders shared by the display tests. */
import type { StreamRecord, Value } from '@velostream/engine';
import type { ResultColumn, ResultMeta } from '../../src/display/types';
import { NO_CHART } from '../../src/display/viz';

export const col = (name: string, type: string, role: ResultColumn['role'] = 'value'): ResultColumn => ({
  name,
  type,
  role,
});

export function meta(overrides: Partial<ResultMeta> = {}): ResultMeta {
  return {
    displayId: 'vs-12345678-1',
    queryId: 'q1',
    job: null,
    statement: 'SELECT * FROM t',
    statementIndex: 0,
    status: 'running',
    mode: 'append',
    emit: 'default',
    bounded: true,
    columns: [],
    keys: { group: [], window: null },
    viz: NO_CHART,
    sources: ['t'],
    sinks: [],
    error: null,
    end: null,
    ...overrides,
  };
}

export function record(fields: Record<string, Value>, key: Value = null): StreamRecord {
  return { fields, timestamp: 0, eventTime: null, offset: 0, partition: 0, key, headers: null };
}

/** The SVG of the chart image in a text/html rendering, or null. */
export function chartSvg(html: string): string | null {
  const src = /<img class="velostream-chart" src="data:image\/svg\+xml;base64,([^"]+)"/.exec(html);
  return src ? Buffer.from(src[1], 'base64').toString('utf8') : null;
}
