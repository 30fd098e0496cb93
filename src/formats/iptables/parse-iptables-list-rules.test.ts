import { describe, expect, it } from 'vitest';
import { natChainsFromSave } from './nat-chains-from-save.js';
import { parseIptablesListRules } from './parse-iptables-list-rules.js';

describe('parseIptablesListRules', () => {
  it('reads -P, -N and -A lines into one table', () => {
    const { value, issues } = parseIptablesListRules(
      '-P POSTROUTING ACCEPT\n-N KUBE-POSTROUTING\n-A POSTROUTING -j KUBE-POSTROUTING\n-A KUBE-POSTROUTING -j MASQUERADE --random-fully\n',
      { table: 'nat' },
    );
    expect(issues).toEqual([]);
    const table = value.tables[0];
    expect(table?.name).toBe('nat');
    expect(table?.chains.map((c) => [c.name, c.policy ?? '-', c.builtin])).toEqual([
      ['POSTROUTING', 'ACCEPT', true],
      ['KUBE-POSTROUTING', '-', false],
    ]);
    expect(table?.rules.map((r) => r.chain)).toEqual(['POSTROUTING', 'KUBE-POSTROUTING']);
  });

  it('keeps -v counters on policies and rules', () => {
    const { value } = parseIptablesListRules(
      '-P POSTROUTING ACCEPT -c 10 20\n-A POSTROUTING -c 3 4 -j MASQUERADE\n',
    );
    expect(value.tables[0]?.chains[0]?.counters).toEqual({ packets: 10, bytes: 20 });
    expect(value.tables[0]?.rules[0]?.counters).toEqual({ packets: 3, bytes: 4 });
  });

  it('reads a fragment of -A lines and gives POSTROUTING its hook', () => {
    const { value, issues } = parseIptablesListRules('-A POSTROUTING -s 10.244.0.0/16 -j MASQUERADE\n');
    expect(issues).toEqual([]);
    expect(natChainsFromSave(value, 'iptables-rules')?.chains).toMatchObject([
      { name: 'POSTROUTING', hook: 'postrouting', rules: [{ target: { type: 'masquerade' } }] },
    ]);
  });

  it('takes the -S warning line as the nft backend and skips the command line', () => {
    const { value, issues } = parseIptablesListRules(
      '$ sudo iptables -t nat -S\n# Warning: iptables-legacy tables present, use iptables-legacy to see them\n-P INPUT ACCEPT\n',
    );
    expect(issues).toEqual([]);
    expect(value.backend).toBe('nft');
    expect(value.notices.map((n) => [n.code, n.line])).toEqual([['legacy-tables-present', 2]]);
  });

  it.each([
    ['hello\n', [['unexpected-line', 1, 1]]],
    ['-P POSTROUTING\n', [['missing-argument', 1, 1]]],
    ['-N\n', [['missing-argument', 1, 1]]],
    ['-D POSTROUTING 1\n', [['unsupported-command', 1, 1]]],
    ['-N X\n-N X\n', [['duplicate-chain', 2, 4]]],
    ['-P X ACCEPT\n', [['bad-policy', 1, 4]]],
    ['-A POSTROUTING -s 10.0.0.300 -j RETURN\n', [['bad-address', 1, 19]]],
    ['', [['empty-input', 1, 1]]],
  ])('reports issues in %j', (text, expected) => {
    expect(parseIptablesListRules(text).issues.map((i) => [i.code, i.line, i.column])).toEqual(expected);
  });
});
