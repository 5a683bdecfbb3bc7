/**
 * --check: our result rows against DuckDB's, matched by the workload's key columns, over every
 * column either engine produces (a column only one side has is a difference).
 *
 * Exact values (integers, strings, decimals) are compared as exact decimal text: ours printed by
 * the engine (§5.4), DuckDB's DECIMAL/BIGINT as its own text, both with trailing fraction zeros
 * dropped (a SUM at scale 3 and the same SUM at scale 5 are the same number). Float columns (AVG)
 * are compared within a relative tolerance, since the two engines may round the last bit apart.
 */
'use strict';

const FLOAT_TOLERANCE = 1e-12;
const EXAMPLES = 3;

/** `12.3400` → `12.34`, `5.000` → `5`; anything that is not decimal text is left alone. */
function exactText(text) {
  if (!/^-?\d+\.\d+$/.test(text)) return text;
  const trimmed = text.replace(/0+$/, '').replace(/\.$/, '');
  return trimmed === '-0' ? '0' : trimmed;
}

function relativeDifference(a, b) {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

/**
 * @param {Record<string, unknown>[]} ours  rows with our values already as text (see ours.valueText)
 * @param {Record<string, unknown>[]} duckdb rows from DuckDB's getRowObjectsJson
 */
function compareResults(workload, ours, duckdb) {
  const floats = new Set(workload.floats);
  const keyOf = (row) => workload.checkKey.map((c) => exactText(String(row[c]))).join('|');
  const theirs = new Map();
  let duplicateKeys = 0;
  for (const row of duckdb) {
    const key = keyOf(row);
    if (theirs.has(key)) duplicateKeys++;
    theirs.set(key, row);
  }
  const examples = [];
  let differing = 0;
  let missingInDuckdb = 0;
  let maxFloatDifference = 0;
  const seen = new Set();
  for (const row of ours) {
    const key = keyOf(row);
    if (seen.has(key)) duplicateKeys++;
    seen.add(key);
    const other = theirs.get(key);
    if (!other) {
      missingInDuckdb++;
      if (examples.length < EXAMPLES) examples.push({ key, ours: row, duckdb: null });
      continue;
    }
    for (const column of new Set([...Object.keys(row), ...Object.keys(other)])) {
      let same;
      if (!(column in row) || !(column in other)) {
        same = false;
      } else if (floats.has(column)) {
        const difference = relativeDifference(Number(row[column]), Number(other[column]));
        maxFloatDifference = Math.max(maxFloatDifference, difference);
        same = difference <= FLOAT_TOLERANCE;
      } else {
        same = exactText(String(row[column])) === exactText(String(other[column]));
      }
      if (same) continue;
      differing++;
      if (examples.length < EXAMPLES) examples.push({ key, column, ours: row[column], duckdb: other[column] });
    }
  }
  const missingInOurs = [...theirs.keys()].filter((k) => !seen.has(k)).length;
  const pass = differing === 0 && missingInDuckdb === 0 && missingInOurs === 0 && duplicateKeys === 0 && ours.length === duckdb.length;
  return {
    result: pass ? 'pass' : 'fail',
    oursRows: ours.length,
    duckdbRows: duckdb.length,
    differingValues: differing,
    missingInDuckdb,
    missingInOurs,
    duplicateKeys,
    ...(floats.size > 0 ? { maxFloatRelativeDifference: maxFloatDifference } : {}),
    ...(pass ? {} : { examples }),
  };
}

module.exports = { compareResults };
