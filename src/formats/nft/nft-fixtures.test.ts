import { describe, it } from 'vitest';
import { expectMatchesFixture, fixtureCases } from '../../../test/fixtures/fixture-files.js';
import { summarizeNatChains } from '../../../test/fixtures/summarize-nat-chains.js';
import { natChainsFromNft } from './nat-chains-from-nft.js';
import type { NftIssue, NftNotice } from './nft-issue.js';
import type { NftRuleset } from './nft-ruleset.js';
import { parseNftJson } from './parse-nft-json.js';
import { parseNftRuleset } from './parse-nft-ruleset.js';

const positions = (list: readonly (NftIssue | NftNotice)[]) => list.map((i) => [i.code, i.line, i.column]);

function summarize(ruleset: NftRuleset, source: 'nft-text' | 'nft-json') {
  return {
    tables: ruleset.tables.map((t) => ({
      table: `${t.family} ${t.name}`.trim(),
      managedByIptablesNft: t.managedByIptablesNft,
      chains: t.chains.map((c) =>
        [
          c.name,
          c.base && `${c.base.type}/${c.base.hook}/${c.base.priority ?? c.base.priorityText}`,
          c.base?.policy,
        ]
          .filter(Boolean)
          .join(' '),
      ),
    })),
    nat: natChainsFromNft(ruleset, source).map((nc) => ({ table: nc.table, chains: summarizeNatChains(nc) })),
  };
}

describe('nft list ruleset fixtures', () => {
  it.each(fixtureCases('nft-text'))('$name', (fixture) => {
    const { value, issues } = parseNftRuleset(fixture.text);
    expectMatchesFixture(fixture, {
      ...summarize(value, 'nft-text'),
      issues: positions(issues),
      notices: positions(value.notices),
    });
  });
});

describe('nft -j list ruleset fixtures', () => {
  it.each(fixtureCases('nft-json'))('$name', (fixture) => {
    const { value, issues } = parseNftJson(fixture.text);
    expectMatchesFixture(fixture, {
      nftVersion: value.nftVersion ?? null,
      ...summarize(value, 'nft-json'),
      issues: positions(issues),
      notices: positions(value.notices),
    });
  });
});
