import { defineRule } from '../define-rule.js';
import { listSnatRules } from '../list-snat-rules.js';
import { natEvidence } from '../nat-evidence.js';

export const nftXtTargetOpaque = defineRule({
  id: 'nft-xt-target-opaque',
  severity: 'medium',
  summary:
    'MASQUERADE/SNAT rules added through iptables-nft are seen only as opaque xt targets in the nft ruleset',
  messages: {
    opaque: {
      title:
        '{count} MASQUERADE/SNAT rule(s) in {file} are iptables-nft xt targets: their --random-fully is not visible',
      explanation:
        'These rules were added with iptables-nft; nft shows them as `xt target "MASQUERADE"` and cannot show their options, so whether they have --random-fully is unknown here. iptables-nft-save (or iptables-save on an nft-based system) prints them in full.',
    },
  },
  check(facts, { finding }) {
    const xt = listSnatRules(facts.nat).filter((s) => s.target === 'xt');
    const files = [...new Set(xt.map((s) => s.location.file))];
    return files.map((file) => {
      const rules = xt.filter((s) => s.location.file === file);
      return finding({
        messageId: 'opaque',
        data: { count: rules.length, file },
        evidence: rules.slice(0, 8).map(natEvidence),
        changes: [
          {
            kind: 'collect',
            argv: ['iptables-nft-save', '-t', 'nat'],
            why: 'it shows the options of rules iptables-nft added',
          },
        ],
      });
    });
  },
});
