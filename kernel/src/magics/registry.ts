/**
 * Every magic of the kernel (kernel spec §4.2), lookup by name and form, "did you mean", and the
 * vocabulary is_complete checks cells against.
 */
import { editDistance } from '@velostream/engine';
import type { MagicVocabulary } from '../executor/language/is-complete';
import { clearMagic } from './clear';
import { configMagic } from './config';
import { connectMagic, topicsMagic } from './connect';
import { deployMagic } from './deploy';
import { describeMagic } from './describe';
import { echoMagic } from './echo';
import { explainMagic } from './explain';
import { generateMagic } from './generate';
import { helpMagic } from './help';
import { jobsMagic } from './jobs';
import { lsmagicMagic } from './lsmagic';
import type { Magic, MagicForm } from './magic';
import { nlMagic } from './nl';
import { schemaMagic } from './schema';
import { sourcesMagic } from './sources';
import { sqlMagic } from './sql';
import { stopMagic } from './stop';
import { testMagic } from './test-magic';

export const MAGICS: readonly Magic[] = [
  sqlMagic,
  schemaMagic,
  testMagic,
  nlMagic,
  deployMagic,
  explainMagic,
  connectMagic,
  sourcesMagic,
  topicsMagic,
  describeMagic,
  generateMagic,
  jobsMagic,
  stopMagic,
  configMagic,
  lsmagicMagic(() => MAGICS),
  helpMagic(() => MAGICS),
  echoMagic,
  clearMagic,
];

export function findMagic(name: string, form: MagicForm): Magic | undefined {
  return MAGICS.find((m) => m.name === name && m.forms.includes(form));
}

/** Names for is_complete (§5.3). */
export const MAGIC_VOCABULARY: MagicVocabulary = {
  line: new Set(MAGICS.filter((m) => m.forms.includes('line')).map((m) => m.name)),
  cell: new Set(MAGICS.filter((m) => m.forms.includes('cell')).map((m) => m.name)),
};

export function magicNames(form: MagicForm): string[] {
  const prefix = form === 'cell' ? '%%' : '%';
  return MAGICS.filter((m) => m.forms.includes(form)).map((m) => prefix + m.name);
}

/** "unknown magic %foo. Line magics: …; cell magics: …" plus "did you mean" within edit distance 2. */
export function unknownMagicMessage(name: string, form: MagicForm): { message: string; hint?: string } {
  const prefix = form === 'cell' ? '%%' : '%';
  const candidates = MAGICS.filter((m) => m.forms.includes(form)).map((m) => m.name);
  const near = candidates.filter((c) => editDistance(c, name) <= 2);
  return {
    message: `unknown magic ${prefix}${name}. Line magics: ${magicNames('line').join(', ')}; cell magics: ${magicNames('cell').join(', ')}`,
    ...(near.length ? { hint: `did you mean ${near.map((n) => prefix + n).join(' or ')}?` } : {}),
  };
}
