import { renderNatChainRule } from '../../formats/iptables/render-nat-chain-rule.js';
import type { RulesetBackend } from '../change.js';
import { defineRule } from '../define-rule.js';
import type { Evidence } from '../evidence.js';
import type { NatRuleset } from '../facts.js';

const hasRules = (r: NatRuleset) => r.chains.chains.some((c) => c.rules.length > 0);

export const mixedIptablesBackends = defineRule({
  id: 'mixed-iptables-backends',
  severity: 'medium',
  summary: 'nat rules live in both iptables-legacy and nf_tables (iptables-nft or nft)',
  messages: {
    both: {
      title: 'nat rules in both iptables-legacy and {other}',
      explanation:
        'The kernel runs both rule sets, legacy x_tables and nf_tables, at the same hooks; the first NAT decision wins. Components that disagree on the backend (an old image with iptables-legacy next to an nft host) leave rules behind where nobody looks: a --random-fully set in one backend does nothing for traffic the other masquerades first, and `unknown option "--random-fully"` errors come from such mixed tool chains.',
    },
    legacyUnseen: {
      title: 'iptables-nft says legacy tables exist, but no iptables-legacy-save was captured',
      explanation:
        'iptables-nft warns that iptables-legacy tables are present: rules there are invisible in this capture and may masquerade traffic without --random-fully. Capture iptables-legacy-save too.',
    },
  },
  check(facts, { finding }) {
    const legacy = facts.nat.filter((r) => r.backend === 'iptables-legacy' && hasRules(r));
    const nf = facts.nat.filter(
      (r) => (r.backend === 'iptables-nft' || r.backend === 'nftables') && hasRules(r),
    );
    if (legacy.length > 0 && nf.length > 0) {
      const other: RulesetBackend = nf.some((r) => r.backend === 'iptables-nft')
        ? 'iptables-nft'
        : 'nftables';
      return [
        finding({
          messageId: 'both',
          data: { other },
          evidence: [...legacy, ...nf].map(firstRuleEvidence),
          changes: [
            {
              kind: 'use-one-backend',
              remove: 'iptables-legacy',
              why: 'the host and current components use nf_tables; legacy rules are usually left over',
            },
          ],
        }),
      ];
    }
    const warning = facts.notices.find((n) => n.code === 'legacy-tables-present');
    if (warning && legacy.length === 0 && !facts.nat.some((r) => r.backend === 'iptables-legacy'))
      return [
        finding({
          messageId: 'legacyUnseen',
          severity: 'low',
          evidence: [{ file: warning.file, line: warning.line, text: warning.message }],
          changes: [{ kind: 'collect', argv: ['iptables-legacy-save'], why: 'it shows the legacy tables' }],
        }),
      ];
    return [];
  },
});

/** The first postrouting rule of a ruleset (else its first rule): where the two backends meet. */
function firstRuleEvidence(r: NatRuleset): Evidence {
  const chains = r.chains.chains;
  const chain =
    chains.find((c) => c.hook === 'postrouting' && c.rules.length > 0) ??
    chains.find((c) => c.rules.length > 0);
  const rule = chain?.rules[0];
  return {
    file: r.file,
    ...(rule && { line: rule.line }),
    text: rule ? renderNatChainRule(rule) : '',
    where: `${r.backend} table ${r.chains.table || 'nat'}${chain ? ` chain ${chain.name}` : ''}`,
  };
}
