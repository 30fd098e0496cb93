import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureCases } from '../../../test/fixtures/fixture-files.js';
import { mutatedText } from '../../../test/fixtures/mutated-text.js';
import { natChainsFromNft } from './nat-chains-from-nft.js';
import { parseNftJson } from './parse-nft-json.js';
import { parseNftRuleset } from './parse-nft-ruleset.js';

const texts = ['nft-text', 'nft-json'].flatMap((f) => fixtureCases(f).map((c) => c.text));
const positive = (i: { line: number; column: number }) => i.line >= 1 && i.column >= 1;

describe('nft parsers on broken input', () => {
  it('never throw, report positions inside the text, and still convert what they read', () => {
    fc.assert(
      fc.property(mutatedText(texts), (text) => {
        const nft = parseNftRuleset(text);
        const json = parseNftJson(text);
        for (const i of [...nft.issues, ...json.issues, ...nft.value.notices, ...json.value.notices])
          expect(positive(i)).toBe(true);
        natChainsFromNft(nft.value);
        natChainsFromNft(json.value, 'nft-json');
      }),
      { seed: 2024, numRuns: 1500 },
    );
  });
});
