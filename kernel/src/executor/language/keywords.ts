/**
 * The dialect's keywords for completion and inspection, with one line of usage for the ones a
 * user asks about most. (The engine's lexer owns tokenizing; this is presentation only.)
 */
export const KEYWORDS: readonly string[] = [
  'SELECT', 'FROM', 'WHERE', 'GROUP', 'BY', 'HAVING', 'ORDER', 'LIMIT', 'EMIT', 'CHANGES', 'FINAL',
  'WINDOW', 'TUMBLING', 'SLIDING', 'SESSION', 'HOPPING', 'JOIN', 'LEFT', 'RIGHT', 'FULL', 'OUTER',
  'INNER', 'ON', 'AS', 'WITH', 'CREATE', 'STREAM', 'TABLE', 'INSERT', 'INTO', 'DISTINCT', 'UNION',
  'ALL', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'AND', 'OR', 'NOT', 'IN', 'IS', 'NULL', 'LIKE',
  'BETWEEN', 'EXISTS', 'INTERVAL', 'OVER', 'PARTITION', 'ROWS', 'RANGE', 'PRECEDING', 'FOLLOWING',
  'CURRENT', 'ROW', 'UNBOUNDED', 'BUFFER', 'TRUE', 'FALSE', 'CAST', 'PRIMARY', 'KEY', 'SHOW', 'LIST',
  'DESCRIBE', 'START', 'STOP', 'PAUSE', 'RESUME', 'JOB', 'DEPLOY', 'ROLLBACK', 'SET', 'ASC', 'DESC',
  'WITHIN', 'STREAMS', 'TABLES', 'JOBS', 'FUNCTIONS',
];

const USAGE: Record<string, string> = {
  SELECT: 'SELECT items FROM source [WHERE …] [GROUP BY …] [WINDOW …] [HAVING …] [ORDER BY …] [LIMIT n] [EMIT CHANGES|FINAL] [WITH (…)]',
  FROM: 'FROM source [alias] — a stream, table, file or topic named in the catalog or configured in WITH',
  WHERE: 'WHERE condition — keeps the records for which the condition is TRUE',
  GROUP: 'GROUP BY expr, … — one aggregate row per key; combine with WINDOW for time buckets',
  WINDOW: 'WINDOW TUMBLING([time_col,] 1m) | SLIDING([time_col,] 10m, 1m) | SESSION([time_col,] 30s)',
  TUMBLING: 'TUMBLING([time_col,] size) — fixed, non-overlapping windows',
  SLIDING: 'SLIDING([time_col,] size, advance) — overlapping windows',
  SESSION: 'SESSION([time_col,] gap) — per-key windows that close after a quiet gap',
  EMIT: 'EMIT CHANGES (every update) | EMIT FINAL (once a window closes)',
  JOIN: '[LEFT|RIGHT|FULL] JOIN other ON a.k = b.k [WITHIN INTERVAL …] — stream–table lookup or stream–stream interval join',
  WITH: "WITH ('src.type' = 'file_source', 'src.path' = 'data.csv', 'src.format' = 'csv') — connector properties",
  CREATE: 'CREATE STREAM|TABLE name AS SELECT … — a job whose output later cells can read',
  LIMIT: 'LIMIT n — stop after n output records',
  SET: "SET name = value; — a notebook parameter used as ${name} (kernel syntax)",
  OVER: 'f(…) OVER (PARTITION BY … ORDER BY … ROWS BETWEEN …) or OVER (ROWS WINDOW BUFFER n ROWS …)',
};

export function keywordHelp(word: string): { plain: string; markdown: string } | undefined {
  const key = word.toUpperCase();
  const usage = USAGE[key];
  if (!usage) return KEYWORDS.includes(key) ? { plain: `${key} (keyword)`, markdown: `\`${key}\` (keyword)` } : undefined;
  return { plain: `${key}\n\n${usage}`, markdown: `**${key}**\n\n\`${usage}\`` };
}
