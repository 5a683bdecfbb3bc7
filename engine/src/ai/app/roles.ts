/**
 * Mapping a template's roles ("the price", "the card") onto a user's columns by name similarity
 * and type. A role lists the names it usually goes by, most typical first; a column scores by its
 * best match (exact name, shared name words, edit distance). When two columns score alike the
 * mapping is ambiguous: the best is used and the output asks, naming the candidates.
 */
import { editDistance } from '../../types/names';
import type { NlColumn, NlSource } from '../nl/catalog';
import { isNumeric } from '../nl/mentions';
import { nameWords } from '../nl/tokens';

export type RoleType = 'key' | 'numeric' | 'text' | 'time';

export interface Role {
  name: string;
  type: RoleType;
  /** Names the role goes by, most typical first. */
  names: readonly string[];
  optional?: boolean;
}

export interface RoleMapping {
  columns: Record<string, string>;
  /** Sum of the mapped roles' scores (for choosing a source and a template). */
  score: number;
  /** Roles with two near-equal candidates: the question to ask. */
  questions: string[];
  /** Required roles without any candidate. */
  missing: string[];
}

const MIN_SCORE = 0.45;
const AMBIGUITY = 0.05;

function fits(column: NlColumn, type: RoleType): boolean {
  if (type === 'time') return column.eventTime === true;
  if (column.eventTime) return false;
  if (type === 'numeric') return isNumeric(column);
  if (type === 'text') return column.type === 'string';
  return column.type === 'string' || column.type === 'integer';
}

/** How well `column` matches one of the role's names, 0…1 (earlier names weigh slightly more). */
export function similarity(column: string, role: Role): number {
  const words = nameWords(column);
  const joined = words.join('');
  let best = 0;
  role.names.forEach((name, rank) => {
    const target = nameWords(name);
    const t = target.join('');
    let s = 0;
    if (joined === t) s = 1;
    else if (target.every((w) => words.includes(w))) s = 0.85; // "px" in last_px, "amount" in amount_usd
    else if (words.every((w) => target.includes(w))) s = 0.8; // a shorter name: "card" for card_id
    else {
      const shared = target.filter((w) => words.includes(w)).length;
      const overlap = shared / Math.max(words.filter((w) => !['id', 'ms', 'num', 'no'].includes(w)).length, target.length, 1);
      const distance = 1 - editDistance(joined, t) / Math.max(joined.length, t.length);
      s = Math.max(overlap * 0.9, distance * 0.8);
    }
    best = Math.max(best, s * (1 - rank * 0.01));
  });
  return best;
}

/** Maps every role onto a distinct column of `source`; `overrides` (role → column) win. */
export function mapRoles(source: NlSource, roles: readonly Role[], overrides: Readonly<Record<string, string>> = {}): RoleMapping {
  const mapping: RoleMapping = { columns: {}, score: 0, questions: [], missing: [] };
  const taken = new Set<string>();
  for (const role of roles) {
    const forced = overrides[role.name];
    if (forced && source.columns.some((c) => c.name === forced)) {
      mapping.columns[role.name] = forced;
      taken.add(forced);
      mapping.score += 1;
      continue;
    }
    const ranked = source.columns
      .filter((c) => !taken.has(c.name) && fits(c, role.type))
      .map((c) => ({ column: c.name, score: role.type === 'time' ? 1 : similarity(c.name, role) }))
      .filter((c) => c.score >= MIN_SCORE)
      .sort((a, b) => b.score - a.score);
    if (ranked.length === 0) {
      if (!role.optional) mapping.missing.push(role.name);
      continue;
    }
    const [best, second] = ranked;
    mapping.columns[role.name] = best.column;
    taken.add(best.column);
    mapping.score += best.score;
    if (second && best.score - second.score <= AMBIGUITY) {
      const candidates = ranked.filter((c) => best.score - c.score <= AMBIGUITY).map((c) => c.column);
      mapping.questions.push(`${role.name}: used ${best.column}; candidates ${candidates.join(', ')} — add "${role.name}=<column>" to the request to choose`);
    }
  }
  return mapping;
}
