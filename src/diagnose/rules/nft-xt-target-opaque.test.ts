import { DOCKER_SAVE } from '../../../test/diagnose/captures.js';
import { runRuleTests } from '../../../test/diagnose/rule-tester.js';
import { nftXtTargetOpaque } from './nft-xt-target-opaque.js';

const XT = `# Warning: table ip nat is managed by iptables-nft, do not touch!
table ip nat {
\tchain POSTROUTING {
\t\ttype nat hook postrouting priority srcnat; policy accept;
\t\tip saddr 172.17.0.0/16 oifname != "docker0" counter packets 0 bytes 0 xt target "MASQUERADE"
\t}
}
`;
const NFT_SAVE = DOCKER_SAVE.replace('iptables-save v1.8.9', 'iptables-nft-save v1.8.9 (nf_tables)');

runRuleTests(nftXtTargetOpaque, {
  valid: [
    { name: 'iptables-save only', captures: { 'iptables-save.txt': DOCKER_SAVE } },
    {
      name: 'the xt rule is also in iptables-nft-save',
      captures: { 'nft.txt': XT, 'iptables-nft-save.txt': NFT_SAVE },
    },
  ],
  invalid: [
    {
      name: 'nft list ruleset with an iptables-nft MASQUERADE',
      captures: { 'nft.txt': XT },
      findings: [{ messageId: 'opaque', severity: 'medium', at: 'nft.txt:5', changes: ['collect'] }],
    },
  ],
});
