import { describe, expect, it } from 'vitest';
import { tokenizeRuleSpec } from './tokenize-rule-spec.js';

describe('tokenizeRuleSpec', () => {
  it.each([
    ['-A POSTROUTING  -j\tMASQUERADE', ['-A', 'POSTROUTING', '-j', 'MASQUERADE'], [1, 4, 17, 20]],
    ['--comment "kube: masq" -j X', ['--comment', 'kube: masq', '-j', 'X'], [1, 11, 24, 27]],
    ['--comment "say \\"hi\\" \\\\ ok"', ['--comment', 'say "hi" \\ ok'], [1, 11]],
    ['a\\b', ['a\\b'], [1]],
    ['x"y z"w', ['xy zw'], [1]],
    ['""', [''], [1]],
    ['   ', [], []],
  ])('%j', (text, words, columns) => {
    const { value, issues } = tokenizeRuleSpec(text);
    expect(value.map((t) => t.text)).toEqual(words);
    expect(value.map((t) => t.column)).toEqual(columns);
    expect(issues).toEqual([]);
  });

  it('marks quoted tokens so "!" and "-x" stay arguments', () => {
    const { value } = tokenizeRuleSpec('! "!" "-x" -x');
    expect(value.map((t) => t.quoted)).toEqual([false, true, true, false]);
  });

  it('reports an unterminated quote at the quote and keeps the text', () => {
    const { value, issues } = tokenizeRuleSpec('-m comment --comment "oops -j X');
    expect(value.at(-1)?.text).toBe('oops -j X');
    expect(issues.map((i) => [i.code, i.column])).toEqual([['unterminated-quote', 22]]);
  });
});
