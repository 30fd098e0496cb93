import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureCases } from '../../../test/fixtures/fixture-files.js';
import { mutatedText } from '../../../test/fixtures/mutated-text.js';
import { natChainsFromListing } from './nat-chains-from-listing.js';
import { natChainsFromSave } from './nat-chains-from-save.js';
import { parseIptablesList } from './parse-iptables-list.js';
import { parseIptablesListRules } from './parse-iptables-list-rules.js';
import { parseIptablesSave } from './parse-iptables-save.js';
import { renderIptablesSave } from './render-iptables-save.js';

const texts = ['iptables-save', 'iptables-rules', 'iptables-list'].flatMap((f) =>
  fixtureCases(f).map((c) => c.text),
);
const positive = (i: { line: number; column: number }) => i.line >= 1 && i.column >= 1;

describe('iptables parsers on broken input', () => {
  it('never throw, report positions inside the text, and still convert what they read', () => {
    fc.assert(
      fc.property(mutatedText(texts), (text) => {
        const save = parseIptablesSave(text);
        const rules = parseIptablesListRules(text);
        const list = parseIptablesList(text);
        for (const i of [...save.issues, ...rules.issues, ...list.issues]) expect(positive(i)).toBe(true);
        natChainsFromSave(save.value);
        natChainsFromSave(rules.value, 'iptables-rules');
        natChainsFromListing(list.value);
        expect(parseIptablesSave(renderIptablesSave(save.value)).value.tables.length).toBe(
          save.value.tables.length,
        );
      }),
      { seed: 2024, numRuns: 1500 },
    );
  });
});
