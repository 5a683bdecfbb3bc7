/**
 * The comparison operators of `field_values` assertions (harness spec §4.6) and their accepted
 * spellings. Both the `@assert` shorthand of the annotation grammar (here, in `sql/`) and the
 * harness's assertion catalogue read them, so they live in the lower of the two layers.
 */
export const FIELD_OPERATORS = [
  'equals',
  'not_equals',
  'greater_than',
  'less_than',
  'greater_than_or_equals',
  'less_than_or_equals',
  'contains',
  'starts_with',
  'ends_with',
  'matches',
] as const;

/** Operator spellings of §4.6 mapped to the canonical `field_values` operator. */
const OPERATOR_ALIASES: Readonly<Record<string, string>> = {
  greater_than_or_equal: 'greater_than_or_equals',
  less_than_or_equal: 'less_than_or_equals',
  eq: 'equals',
  ne: 'not_equals',
  gt: 'greater_than',
  lt: 'less_than',
  gte: 'greater_than_or_equals',
  lte: 'less_than_or_equals',
  '==': 'equals',
  '=': 'equals',
  '!=': 'not_equals',
  '<>': 'not_equals',
  '>': 'greater_than',
  '<': 'less_than',
  '>=': 'greater_than_or_equals',
  '<=': 'less_than_or_equals',
};

/** The canonical field_values operator of a spelling, or undefined. */
export function canonicalOperator(op: string): string | undefined {
  const lower = op.trim().toLowerCase();
  if ((FIELD_OPERATORS as readonly string[]).includes(lower)) return lower;
  return OPERATOR_ALIASES[lower];
}
