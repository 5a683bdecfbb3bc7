/**
 * The words the offline NL engine understands, kept apart from the parsing logic: aggregate
 * words, comparison phrases, time units, domain synonyms for columns and sources, and the filler
 * words that carry no meaning of their own (so everything else can be reported as unmapped).
 */

export type AggregateFn = 'AVG' | 'SUM' | 'MIN' | 'MAX' | 'COUNT';

/** Normalised (stemmed) word or phrase → aggregate function. Longest phrases are tried first. */
export const AGGREGATE_WORDS: ReadonlyArray<[string, AggregateFn]> = [
  ['how many', 'COUNT'],
  ['number of', 'COUNT'],
  ['count of', 'COUNT'],
  ['count', 'COUNT'],
  ['average', 'AVG'],
  ['avg', 'AVG'],
  ['mean', 'AVG'],
  ['total', 'SUM'],
  ['sum of', 'SUM'],
  ['sum', 'SUM'],
  ['maximum', 'MAX'],
  ['max', 'MAX'],
  ['highest', 'MAX'],
  ['largest', 'MAX'],
  ['biggest', 'MAX'],
  ['peak', 'MAX'],
  ['longest', 'MAX'],
  ['greatest', 'MAX'],
  ['minimum', 'MIN'],
  ['min', 'MIN'],
  ['lowest', 'MIN'],
  ['smallest', 'MIN'],
  ['shortest', 'MIN'],
];

/** Nouns that mean "the sum of the money column". */
export const MONEY_NOUNS = new Set(['revenue', 'sale', 'turnover', 'spend', 'spent', 'gmv', 'value', 'worth', 'amount']);
/** Name parts of a money column, most specific first. */
export const MONEY_COLUMN_PARTS = ['total', 'amount', 'revenue', 'value', 'price'];

export const DISTINCT_WORDS = new Set(['distinct', 'unique', 'different']);
/** Words introducing a grouping column. */
export const GROUP_MARKERS = ['for each', 'for every', 'in each', 'grouped by', 'group by', 'broken down by', 'split by', 'per', 'by', 'each', 'every', 'across'];
/** Words that make an aggregate a row window ("moving average"). */
export const ROLLING_WORDS = new Set(['moving', 'rolling', 'running', 'trailing']);

export type CompareOp = '>' | '>=' | '<' | '<=' | '=' | '<>';

/** Comparison phrases (normalised) → operator, longest first. */
export const COMPARISONS: ReadonlyArray<[string, CompareOp]> = [
  ['greater than or equal to', '>='],
  ['less than or equal to', '<='],
  ['no less than', '>='],
  ['no more than', '<='],
  ['no fewer than', '>='],
  ['not more than', '<='],
  ['at least', '>='],
  ['at most', '<='],
  ['or more', '>='],
  ['or less', '<='],
  ['greater than', '>'],
  ['more than', '>'],
  ['higher than', '>'],
  ['larger than', '>'],
  ['bigger than', '>'],
  ['over', '>'],
  ['above', '>'],
  ['exceed', '>'],
  ['exceeding', '>'],
  ['less than', '<'],
  ['fewer than', '<'],
  ['lower than', '<'],
  ['smaller than', '<'],
  ['below', '<'],
  ['under', '<'],
  ['equal to', '='],
  ['equal', '='],
  ['not equal to', '<>'],
  ['>=', '>='],
  ['<=', '<='],
  ['>', '>'],
  ['<', '<'],
  ['=', '='],
];

/** Time unit words (normalised) → SQL INTERVAL unit. */
export const TIME_UNITS: Readonly<Record<string, 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY'>> = {
  s: 'SECOND',
  sec: 'SECOND',
  second: 'SECOND',
  m: 'MINUTE',
  min: 'MINUTE',
  minute: 'MINUTE',
  h: 'HOUR',
  hr: 'HOUR',
  hour: 'HOUR',
  d: 'DAY',
  day: 'DAY',
};

/** "hourly" and friends: one unit. */
export const PERIOD_ADVERBS: Readonly<Record<string, 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY'>> = {
  secondly: 'SECOND',
  minutely: 'MINUTE',
  hourly: 'HOUR',
  daily: 'DAY',
};

export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  sixty: 60,
};

/**
 * Column-name word → words a user may say instead. Used only when the request word is not itself
 * a column of the source ("volume" → quantity when there is no volume column).
 */
export const COLUMN_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  quantity: ['qty', 'volume', 'size', 'unit', 'amount'],
  volume: ['quantity', 'qty', 'size'],
  qty: ['quantity', 'volume', 'size', 'unit'],
  price: ['cost', 'rate', 'quote'],
  temperature: ['temp', 'heat'],
  humidity: ['moisture'],
  pressure: ['barometric'],
  battery: ['charge', 'power'],
  signal: ['rssi', 'reception', 'connectivity'],
  duration: ['length', 'time spent', 'dwell', 'latency'],
  latency: ['duration', 'response time', 'delay'],
  user: ['visitor', 'member', 'person', 'people'],
  customer: ['client', 'buyer', 'shopper'],
  symbol: ['ticker', 'stock', 'instrument', 'security'],
  exchange: ['venue', 'market'],
  trader: ['account', 'desk'],
  location: ['site', 'place', 'area', 'zone', 'building', 'room'],
  device: ['platform'],
  page: ['url', 'path', 'screen'],
  action: ['event type', 'activity', 'event'],
  status: ['state', 'condition'],
  category: ['type', 'kind', 'department', 'segment'],
  amount: ['value', 'spend', 'sum', 'total'],
  card: ['card number', 'pan'],
  merchant: ['shop', 'store', 'vendor'],
  service: ['app', 'application', 'component'],
  endpoint: ['route', 'url', 'path'],
  level: ['severity'],
};

/** Source-name word → nouns that name its records ("ticks" are market data). */
export const SOURCE_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  market: ['tick', 'trade', 'quote', 'stock', 'trading', 'price'],
  trade: ['tick', 'trade', 'fill', 'execution'],
  sensor: ['reading', 'measurement', 'iot', 'device', 'telemetry'],
  reading: ['sensor', 'measurement'],
  order: ['order', 'purchase'],
  activity: ['event', 'action', 'visit', 'session', 'clickstream', 'interaction'],
  user: ['user', 'visitor'],
  transaction: ['payment', 'purchase', 'transfer', 'charge'],
  product: ['item', 'sku', 'catalog'],
  log: ['request', 'error', 'log'],
  request: ['call', 'request'],
};

/** Words with no meaning of their own in a request. */
export const FILLER = new Set(
  `a an the of for with and or to in on at from by per each every all any some show me give list find get display what which who whose that those these this is are was were be been being it its their there
  where when how do does did have has had i we you my our please want need would like can could should just only also as into than then
  value values record records row rows data event events stream streams table tables result results number amount entry entries
  placed made happened occurred traded produced recorded seen taken observed coming going using joined join along together plus including include
  percent percentage pct % , . : ; ( ) ? ! ' " - everything anything current currently latest recent over within during time`
    .split(/\s+/)
    .filter(Boolean),
);

/** Plural/singular folding used for every word and name: "readings" → "reading", "categories" → "category". */
export function stem(word: string): string {
  const w = word.toLowerCase();
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/(ss|us|is|ous)$/.test(w)) return w;
  if (/(sses|xes|ches|shes)$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s')) return w.slice(0, -1);
  return w;
}
