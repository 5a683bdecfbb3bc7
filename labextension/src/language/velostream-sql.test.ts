import { StringStream } from '@codemirror/language';
import { velostreamParser, type VelostreamState } from './velostream-sql';

/** [text, style] pairs of each line of `source`, as CodeMirror's stream parser produces them. */
function tokens(source: string): [string, string | null][][] {
  const state: VelostreamState = velostreamParser.startState!(2);
  return source.split('\n').map((line) => {
    const out: [string, string | null][] = [];
    if (line === '') velostreamParser.blankLine?.(state, 2);
    const stream = new StringStream(line, 2, 2);
    while (!stream.eol()) {
      const style = velostreamParser.token(stream, state);
      if (stream.current().trim()) out.push([stream.current(), style]);
      stream.start = stream.pos;
    }
    return out;
  });
}

describe('Velostream SQL tokens', () => {
  it('marks keywords, functions, types, numbers, strings and parameters', () => {
    const [line] = tokens("SELECT COUNT(*) AS n, CAST(x AS DECIMAL) FROM t WHERE s = 'it''s' AND p > ${min_p} LIMIT 10;");
    const style = (text: string) => line.find(([t]) => t === text)?.[1];
    expect(style('SELECT')).toBe('keyword');
    expect(style('COUNT')).toBe('variableName.standard');
    expect(style('DECIMAL')).toBe('typeName');
    expect(style("'it''s'")).toBe('string');
    expect(style('${min_p}')).toBe('variableName.special');
    expect(style('10')).toBe('number');
    expect(style('t')).toBe('variableName');
  });

  it('highlights annotations inside comments and keeps other comments plain', () => {
    const [annotation, comment] = tokens('-- @viz: line y=avg_price\n-- just a note');
    expect(annotation).toEqual([
      ['-- @viz:', 'meta'],
      [' line y=avg_price', 'string.special'],
    ]);
    expect(comment).toEqual([['-- just a note', 'comment']]);
  });

  it('recognises a cell magic on the first line and line magics between statements only', () => {
    const lines = tokens("%%sql --for 3s\nSELECT 1;\n%stop all\nSELECT 'a\n%not a magic';");
    expect(lines[0]).toEqual([
      ['%%sql', 'meta'],
      ['--for', 'propertyName'],
      ['3s', 'string.special'],
    ]);
    expect(lines[2][0]).toEqual(['%stop', 'meta']);
    expect(lines[4]).toEqual([
      ["%not a magic'", 'string'],
      [';', 'punctuation'],
    ]);
  });

  it('carries block comments across lines', () => {
    const lines = tokens('/* @test\nassertions: [] */ SELECT');
    expect(lines[1]).toEqual([
      ['assertions: [] */', 'comment'],
      ['SELECT', 'keyword'],
    ]);
  });
});
