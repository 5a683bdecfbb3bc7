/**
 * The function catalogue: every function of dialect spec §11 and §10.3, looked up by name or
 * alias, case-insensitively. The validator reads the metadata, the runtime calls the
 * implementations, the kernel shows signatures and docs.
 */
import { coreAggregates } from './aggregates';
import { collectionFunctions } from './collections';
import { conditionalFunctions } from './conditional';
import { datetimeFunctions } from './datetime';
import { headerFunctions } from './headers';
import { jsonFunctions } from './json';
import { mathFunctions } from './math';
import { statisticalAggregates } from './statistics';
import { stringFunctions } from './string';
import type { CatalogueFunction } from './types';
import { windowFunctions } from './window';

const ALL: readonly CatalogueFunction[] = [
  ...coreAggregates,
  ...statisticalAggregates,
  ...windowFunctions,
  ...mathFunctions,
  ...stringFunctions,
  ...datetimeFunctions,
  ...conditionalFunctions,
  ...jsonFunctions,
  ...collectionFunctions,
  ...headerFunctions,
];

const BY_NAME = new Map<string, CatalogueFunction>();
for (const f of ALL) {
  for (const name of [f.name, ...f.aliases]) {
    if (BY_NAME.has(name)) throw new Error(`function ${name} is catalogued twice`);
    BY_NAME.set(name, f);
  }
}

/** The function called `name` (canonical name or alias, any case), or undefined. */
export function lookupFunction(name: string): CatalogueFunction | undefined {
  return BY_NAME.get(name.toUpperCase());
}

/** Every catalogued function once (aliases are in each entry's `aliases`). */
export function allFunctions(): readonly CatalogueFunction[] {
  return ALL;
}
