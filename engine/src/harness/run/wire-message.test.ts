import { jsonCodec } from '../../connectors/topics/message-codec';
import { TopicStore, type TopicMessage } from '../../connectors/topics/topic-store';
import type { StreamRecord } from '../../types/record';
import { Scaled, SqlDate, Timestamp, type Value } from '../../types/values/types';
import { formatDiagnostic } from '../generator/diagnostics';
import { createGenerator } from '../generator/generator';
import { parseSchema } from '../generator/load-schema';
import { encodeWireJson } from '../generator/wire';
import { publishRecords } from './wire-message';

/**
 * The in-process value of a published record must be indistinguishable from its text: the same
 * bytes when read, and the same decoded fields as JSON-decoding those bytes (harness §3.3, §5.2).
 */
function published(fields: Record<string, Value>): { inProcess: TopicMessage; asText: TopicMessage } {
  const store = new TopicStore(() => 0);
  const record: StreamRecord = { fields, timestamp: 5, eventTime: null, offset: 0, partition: 0, key: null, headers: null };
  publishRecords(store, 'in', [record]);
  const [inProcess] = store.messages('in');
  const [asText] = store.produce('text', [{ value: encodeWireJson(fields) }]);
  return { inProcess, asText };
}

const EVERY_TYPE = `name: every
fields:
  - {name: s, type: string, nullable: true}
  - {name: i, type: integer, constraints: {range: {min: -1000, max: 1000}}}
  - {name: f, type: float, constraints: {range: {min: -5, max: 5}}}
  - {name: d2, type: decimal(2), constraints: {range: {min: -50, max: 50}}}
  - {name: d0, type: {decimal: {precision: 0}}, constraints: {range: {min: 0, max: 9}}}
  - {name: b, type: boolean}
  - {name: ts, type: timestamp}
  - {name: day, type: date}
  - {name: id, type: uuid}
  - {name: maybe, type: decimal(3), nullable: true}
`;

describe('published input records in their in-process form', () => {
  test('decode to exactly what their wire JSON decodes to, for every generated type and nulls', () => {
    const { schema, diagnostics } = parseSchema(EVERY_TYPE, 'every.yaml');
    if (!schema) throw new Error(diagnostics.map(formatDiagnostic).join('\n'));
    const { generator } = createGenerator(schema, { records: 300, seed: 3, nullProbability: 0.3 });
    const rows = generator!.nextFields();
    expect(rows.some((r) => r.maybe === null) && rows.some((r) => r.maybe instanceof Scaled)).toBe(true);
    for (const fields of rows) {
      const { inProcess, asText } = published(fields);
      expect(inProcess.value).toBe(asText.value);
      expect(jsonCodec.decode(inProcess)).toStrictEqual(jsonCodec.decode(asText));
    }
  });

  test('hand-picked values: decimal digits become numbers, instants and dates wire text', () => {
    const { inProcess } = published({ px: new Scaled(12340, 2), neg: new Scaled(-5, 2), at: new Timestamp(Date.UTC(2025, 0, 1, 9, 30)), day: new SqlDate(Date.UTC(2025, 0, 2)), n: null });
    expect(inProcess.value).toBe('{"px":123.40,"neg":-0.05,"at":"2025-01-01T09:30:00.000","day":"2025-01-02","n":null}');
    expect(jsonCodec.decode(inProcess)).toStrictEqual({ px: 123.4, neg: -0.05, at: '2025-01-01T09:30:00.000', day: '2025-01-02', n: null });
  });

  test('decimals of every scale decode to the double their digits spell', () => {
    const unscaled = [1, -1, 7, 12340, -987654321, 2 ** 53 - 1, -(2 ** 53 - 1), 3 ** 30];
    for (let scale = 0; scale <= 24; scale++) {
      for (const u of unscaled) {
        const { inProcess, asText } = published({ d: new Scaled(u, scale), zero: new Scaled(0, scale), big: new Scaled(BigInt(u) * 10n ** 5n, scale) });
        expect(jsonCodec.decode(inProcess)).toStrictEqual(jsonCodec.decode(asText));
      }
    }
  });

  test.each<[string, Value]>([
    ['negative zero', -0],
    ['NaN', NaN],
    ['a big integer', 2n ** 64n],
    ['a map', new Map<string, Value>([['k', new Scaled(150, 1)]])],
    ['an array', [1, 'a', null]],
  ])('%s decodes as its text does', (_, v) => {
    const { inProcess, asText } = published({ v, other: 'x' });
    expect(inProcess.value).toBe(asText.value);
    expect(jsonCodec.decode(inProcess)).toStrictEqual(jsonCodec.decode(asText));
  });
});
