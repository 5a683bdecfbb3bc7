/**
 * When a suggestion counts as what the user would have typed (evaluation, `npm run eval:assist`):
 * the same text up to whitespace, or — both inserted cells being valid — the
 * same statements once parsed and formatted by the engine's formatter.
 */
import { parse } from '../../sql';
import { format } from '../../sql/formatter';
import type { NlCatalog } from '../nl/catalog';
import { cellErrors, sqlOfCell } from './insertion';

export function sameInsertion(prefix: string, got: string, expected: string, suffix: string, catalog: NlCatalog): boolean {
  const normal = (t: string) => t.replace(/\s+/g, ' ').trim();
  if (normal(got) === normal(expected)) return true;
  const a = prefix + got + suffix;
  const b = prefix + expected + suffix;
  if (cellErrors(a, catalog) !== 0 || cellErrors(b, catalog) !== 0) return false;
  return format(parse(sqlOfCell(a) ?? '')) === format(parse(sqlOfCell(b) ?? ''));
}
