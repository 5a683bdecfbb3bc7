import { allFunctions, lookupFunction } from './catalogue';

/** Every function named in dialect spec §11 and §10.3, with its aliases. */
const SPEC_FUNCTIONS: Record<string, string[]> = {
  // §11.1
  COUNT: [], COUNT_DISTINCT: [], APPROX_COUNT_DISTINCT: [], SUM: [], AVG: [], MIN: [], MAX: [],
  FIRST_VALUE: ['FIRST'], LAST_VALUE: ['LAST'], STRING_AGG: ['GROUP_CONCAT'], LISTAGG: ['COLLECT'], MEDIAN: [],
  DELTA: [], STDDEV: ['STDDEV_SAMP'], VARIANCE: ['VAR_SAMP'], STDDEV_POP: [], VAR_POP: [], PERCENTILE_CONT: [],
  PERCENTILE_DISC: [], CORR: [], COVAR_POP: [], COVAR_SAMP: [], REGR_SLOPE: [], REGR_INTERCEPT: [], REGR_R2: [],
  // §11.2
  ABS: [], ROUND: [], CEIL: ['CEILING'], FLOOR: [], SQRT: [], POWER: ['POW'], MOD: [], LEAST: [], GREATEST: [],
  // §11.3
  UPPER: [], LOWER: [], TRIM: [], LTRIM: [], RTRIM: [], LENGTH: ['LEN'], CONCAT: [], SUBSTRING: [], REPLACE: [],
  LEFT: [], RIGHT: [], POSITION: [], SPLIT: [], SPLIT_PART: [], JOIN: [], REGEXP: [], REGEXP_REPLACE: [], LPAD: [],
  RPAD: [],
  // §11.4
  NOW: [], CURRENT_TIMESTAMP: [], CURRENT_DATE: [], TIMESTAMP: [], EXTRACT: [], YEAR: [], MONTH: [], DAY: [],
  HOUR: [], DATE_TRUNC: [], DATE_FORMAT: [], DATEDIFF: [], UNIX_TIMESTAMP: [], FROM_UNIXTIME: [], TUMBLE_START: [],
  TUMBLE_END: [],
  // §2 X29: bounds of Flink-style GROUP BY HOP(…) / SESSION(…) windows
  HOP_START: [], HOP_END: [], SESSION_START: [], SESSION_END: [],
  // §11.5
  COALESCE: [], NULLIF: [], CAST: [], JSON_VALUE: [], JSON_EXTRACT: [], JSON_QUERY: [], JSON_EXISTS: [], ARRAY: [],
  STRUCT: [], MAP: [], ARRAY_LENGTH: [], ARRAY_CONTAINS: [], MAP_KEYS: [], MAP_VALUES: [],
  // §10.3
  HEADER: [], HAS_HEADER: [], HEADER_KEYS: [], SET_HEADER: [], REMOVE_HEADER: [],
  // §7.3 window-only
  LAG: [], LEAD: [], ROW_NUMBER: [], RANK: [], DENSE_RANK: [], NTH_VALUE: [], PERCENT_RANK: [], CUME_DIST: [], NTILE: [],
};

describe('function catalogue', () => {
  test('every spec function and alias resolves, case-insensitively, and nothing else is catalogued', () => {
    for (const [name, aliases] of Object.entries(SPEC_FUNCTIONS)) {
      expect(lookupFunction(name)?.name).toBe(name);
      expect(lookupFunction(name.toLowerCase())?.name).toBe(name);
      for (const alias of aliases) expect([alias, lookupFunction(alias)?.name]).toEqual([alias, name]);
      expect(lookupFunction(name)?.aliases.sort()).toEqual([...aliases].sort());
    }
    expect(allFunctions().map((f) => f.name).sort()).toEqual(Object.keys(SPEC_FUNCTIONS).sort());
    expect(lookupFunction('NO_SUCH_FUNCTION')).toBeUndefined();
  });

  test('extension ids mark the forms that are not portable to Velostream', () => {
    const extensions = Object.fromEntries(allFunctions().filter((f) => f.extension).map((f) => [f.name, f.extension]));
    expect(extensions).toEqual({
      LPAD: 'X15', RPAD: 'X15', DATE_TRUNC: 'X16', CURRENT_DATE: 'X16', YEAR: 'X16', MONTH: 'X16', DAY: 'X16', HOUR: 'X16',
      PERCENTILE_CONT: 'X18', PERCENTILE_DISC: 'X18',
    });
  });

  test('exactly the §7.3 functions are allowed with OVER', () => {
    const allowed = allFunctions().filter((f) => f.allowedWithOver).map((f) => f.name).sort();
    expect(allowed).toEqual(
      ['LAG', 'LEAD', 'ROW_NUMBER', 'RANK', 'DENSE_RANK', 'FIRST_VALUE', 'LAST_VALUE', 'NTH_VALUE', 'PERCENT_RANK',
        'CUME_DIST', 'NTILE', 'AVG', 'SUM', 'MIN', 'MAX', 'COUNT', 'STDDEV', 'STDDEV_POP', 'VARIANCE', 'VAR_POP'].sort(),
    );
    expect(lookupFunction('STDDEV_SAMP')?.allowedWithOver).toBe(true);
    expect(lookupFunction('VAR_SAMP')?.allowedWithOver).toBe(true);
  });

  test('kinds, arities and metadata', () => {
    expect(lookupFunction('SUM')?.kind).toBe('aggregate');
    expect(lookupFunction('LAG')?.kind).toBe('window');
    expect(lookupFunction('UPPER')?.kind).toBe('scalar');
    expect([lookupFunction('ROUND')?.minArgs, lookupFunction('ROUND')?.maxArgs]).toEqual([1, 2]);
    expect(lookupFunction('CONCAT')?.maxArgs).toBe(Infinity);
    expect(lookupFunction('COUNT')?.minArgs).toBe(0);
    for (const f of allFunctions()) {
      expect(f.signature.startsWith(f.name)).toBe(true);
      expect(f.doc.length).toBeGreaterThan(10);
    }
  });

  test('return types follow the argument types where the spec says so', () => {
    expect(lookupFunction('ROUND')?.returnType(['decimal', 'integer'])).toBe('decimal');
    expect(lookupFunction('SUM')?.returnType(['integer'])).toBe('integer');
    expect(lookupFunction('SUM')?.returnType(['float'])).toBe('float');
    expect(lookupFunction('AVG')?.returnType(['integer'])).toBe('float');
    expect(lookupFunction('COALESCE')?.returnType(['null', 'string'])).toBe('string');
    expect(lookupFunction('DATE_TRUNC')?.returnType(['string', 'timestamp'])).toBe('timestamp');
  });

  test('aggregates declare which arguments are per-row values and which are constants', () => {
    const agg = (name: string) => {
      const f = lookupFunction(name);
      return f?.kind === 'aggregate' ? [f.valueArgs, f.withinGroup] : undefined;
    };
    expect(agg('COUNT')).toEqual([1, false]);
    expect(agg('STRING_AGG')).toEqual([1, false]);
    expect(agg('CORR')).toEqual([2, false]);
    expect(agg('PERCENTILE_CONT')).toEqual([0, true]);
  });
});
