import { describe, it } from 'vitest';
import { expectMatchesFixture, fixtureCases } from '../../../test/fixtures/fixture-files.js';
import { summarizeNatChains } from '../../../test/fixtures/summarize-nat-chains.js';
import type { IptablesIssue, IptablesNotice } from './iptables-issue.js';
import type { IptablesSaveDoc } from './iptables-save-doc.js';
import { natChainsFromListing } from './nat-chains-from-listing.js';
import { natChainsFromSave } from './nat-chains-from-save.js';
import { parseIptablesList } from './parse-iptables-list.js';
import { parseIptablesListRules } from './parse-iptables-list-rules.js';
import { parseIptablesSave } from './parse-iptables-save.js';

/** Codes and positions, never wording. */
const positions = (list: readonly (IptablesIssue | IptablesNotice)[]) =>
  list.map((i) => [i.code, i.line, i.column]);

function summarizeDoc(doc: IptablesSaveDoc) {
  return {
    backend: doc.backend,
    tables: doc.tables.map((t) => ({
      name: t.name,
      header: t.header && [t.header.program, t.header.version, t.header.variant ?? null],
      committed: t.committed,
      chains: t.chains.map(
        (c) =>
          `${c.name} ${c.policy ?? '-'}${c.counters ? ` [${c.counters.packets}:${c.counters.bytes}]` : ''}`,
      ),
      rules: t.rules.length,
    })),
  };
}

describe('iptables-save fixtures', () => {
  it.each(fixtureCases('iptables-save'))('$name', (fixture) => {
    const { value, issues } = parseIptablesSave(fixture.text);
    expectMatchesFixture(fixture, {
      ...summarizeDoc(value),
      nat: summarizeNatChains(natChainsFromSave(value)),
      issues: positions(issues),
      notices: positions(value.notices),
    });
  });
});

describe('iptables -S fixtures', () => {
  it.each(fixtureCases('iptables-rules'))('$name', (fixture) => {
    const { value, issues } = parseIptablesListRules(fixture.text, { table: 'nat' });
    expectMatchesFixture(fixture, {
      ...summarizeDoc(value),
      nat: summarizeNatChains(natChainsFromSave(value, 'iptables-rules')),
      issues: positions(issues),
      notices: positions(value.notices),
    });
  });
});

describe('iptables -L fixtures', () => {
  it.each(fixtureCases('iptables-list'))('$name', (fixture) => {
    const { value, issues } = parseIptablesList(fixture.text);
    expectMatchesFixture(fixture, {
      nat: summarizeNatChains(natChainsFromListing(value)),
      issues: positions(issues),
      notices: positions(value.notices),
    });
  });
});
