/**
 * What a planned statement's result looks like to the display (kernel spec §3.4–§3.5): the
 * engine's `describeResult` in the display's vocabulary (type names of §3.4, `keys` of the
 * result metadata). Never looks inside the plan.
 */
import { describeResult, type PlannedStatement, type ResultWindow } from '@velostream/engine';
import type { DisplayMode, EmitKind, ResultColumn, ResultKeys, WindowKeys } from '../display/types';
import { displayType } from '../display/values';

export interface ResultShape {
  columns: ResultColumn[];
  keys: ResultKeys;
  mode: DisplayMode;
  emit: EmitKind;
  /** A LIMIT bounds the result, whatever its sources. */
  limited: boolean;
  sources: string[];
  sinks: string[];
}

export function resultShape(planned: PlannedStatement): ResultShape {
  const result = describeResult(planned);
  return {
    columns: result.columns.map((c) => ({ name: c.name, type: displayType(c.type), role: c.role })),
    keys: { group: result.groupKeys, window: result.window && windowKeys(result.window) },
    mode: result.mode,
    emit: result.emit,
    limited: result.limited,
    sources: result.sources,
    sinks: result.sinks,
  };
}

function windowKeys(window: ResultWindow): WindowKeys {
  switch (window.kind) {
    case 'tumbling':
      return { kind: 'tumbling', size_ms: window.sizeMs };
    case 'sliding':
      return { kind: 'sliding', size_ms: window.sizeMs, slide_ms: window.slideMs };
    case 'session':
      return { kind: 'session', gap_ms: window.gapMs };
  }
}
