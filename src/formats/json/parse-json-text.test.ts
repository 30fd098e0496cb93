import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonText } from './parse-json-text.js';

describe('parseJsonText', () => {
  it('reads what JSON.stringify writes, compact or indented', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        const parsed = parseJsonText(text);
        expect(parsed.issues).toEqual([]);
        expect(parsed.value).toEqual(JSON.parse(text));
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it('never throws on a cut or mangled document and keeps what it read', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), fc.string({ maxLength: 3 }), (value, cut, junk) => {
        const text = JSON.stringify(value, null, 1);
        const at = cut % (text.length + 1);
        const parsed = parseJsonText(text.slice(0, at) + junk);
        if (junk === '' && at === text.length) expect(parsed.issues).toEqual([]);
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it('gives positions of objects', () => {
    const parsed = parseJsonText('[\n  {"a": 1},\n  {"b": [2]}\n]');
    const value = parsed.value as object[];
    expect(value.map((v) => parsed.positionOf(v))).toEqual([
      { line: 2, column: 3 },
      { line: 3, column: 3 },
    ]);
  });

  it.each([
    ['{"a":[1,2,{"b":nu', 'truncated-json', 1, 18, { a: [1, 2, {}] }],
    ['{"nftables":[{"table":{"a":1}},', 'truncated-json', 1, 32, { nftables: [{ table: { a: 1 } }] }],
    ['"abc', 'truncated-json', 1, 5, undefined],
    ['[1 2]', 'bad-json', 1, 4, [1]],
    ['{"a" 1}', 'bad-json', 1, 6, {}],
    ['[1,]', 'bad-json', 1, 4, [1]],
    ['{} x', 'bad-json', 1, 4, {}],
    ['', 'bad-json', 1, 1, undefined],
  ])('%j', (text, code, line, column, value) => {
    const parsed = parseJsonText(text);
    expect(parsed.issues.map((i) => [i.code, i.line, i.column])).toEqual([[code, line, column]]);
    expect(parsed.value).toEqual(value);
  });

  it('keeps a "__proto__" key as data', () => {
    const value = parseJsonText('{"__proto__": {"x": 1}}').value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('marks the objects a truncated text stops inside', () => {
    const parsed = parseJsonText('[{"a": 1}, {"b": 2');
    const [done, cut] = parsed.value as object[];
    expect([parsed.isComplete(done as object), parsed.isComplete(cut as object)]).toEqual([true, false]);
  });
});
