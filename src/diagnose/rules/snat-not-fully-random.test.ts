import {
  AWS_SAVE,
  DOCKER_SAVE,
  DOCKER_SAVE_FULLY,
  DOCKER_SAVE_RANDOM,
  IP_MASQ_AGENT_SAVE,
  KERNEL_3_10,
  KERNEL_4_19_EARLY,
  KERNEL_5_15,
  KERNEL_ROVER,
  statsS,
} from '../../../test/diagnose/captures.js';
import { runRuleTests } from '../../../test/diagnose/rule-tester.js';
import { snatNotFullyRandom } from './snat-not-fully-random.js';

const NFT_MASQ = `table ip nat {
\tchain postrouting {
\t\ttype nat hook postrouting priority srcnat; policy accept;
\t\tip saddr 10.88.0.0/16 oifname != "cni-podman0" masquerade
\t}
}
`;
const NFT_KUBE_PROXY = `table ip kube-proxy {
\tchain nat-postrouting {
\t\ttype nat hook postrouting priority srcnat; policy accept;
\t\tjump masquerading
\t}
\tchain masquerading {
\t\tmeta mark & 0x00004000 == 0x00000000 return
\t\tmasquerade fully-random
\t}
}
`;

runRuleTests(snatNotFullyRandom, {
  valid: [
    {
      name: 'Docker with --random-fully on a rover kernel',
      captures: { 'uname-r.txt': KERNEL_ROVER, 'iptables-save.txt': DOCKER_SAVE_FULLY },
    },
    {
      name: '--random on 5.x draws from the PRNG',
      captures: { 'uname-r.txt': KERNEL_5_15, 'iptables-save.txt': DOCKER_SAVE_RANDOM },
    },
    {
      name: 'ip-masq-agent with --random-fully',
      captures: { 'uname-r.txt': KERNEL_ROVER, 'iptables-save.txt': IP_MASQ_AGENT_SAVE },
    },
    {
      name: 'kube-proxy nftables mode: masquerade fully-random',
      captures: { 'ruleset.nft': NFT_KUBE_PROXY },
    },
    { name: 'a kernel and no rules', captures: { 'uname-r.txt': KERNEL_ROVER } },
    { name: 'only counters', captures: { 'conntrack-S.txt': statsS({ insert_failed: 4, drop: 4 }) } },
  ],
  invalid: [
    {
      name: 'Docker MASQUERADE on a 4.4 rover kernel',
      captures: { 'uname-r.txt': KERNEL_ROVER, 'iptables-save.txt': DOCKER_SAVE },
      findings: [
        {
          messageId: 'roverEra',
          severity: 'high',
          owner: 'docker',
          at: 'iptables-save.txt:7',
          changes: ['add-random-fully'],
        },
      ],
    },
    {
      name: '--random only on a rover kernel (keyed hash)',
      captures: { 'uname-r.txt': KERNEL_4_19_EARLY, 'iptables-save.txt': DOCKER_SAVE_RANDOM },
      findings: [{ messageId: 'randomHashOnly', severity: 'high' }],
    },
    {
      name: '--random only on a 4.14 backport kernel (PRNG offset, hash for --random)',
      captures: { 'uname-r.txt': '4.14.355-275.582.amzn2.x86_64\n', 'iptables-save.txt': DOCKER_SAVE_RANDOM },
      findings: [{ messageId: 'randomHashOnly', severity: 'medium' }],
    },
    {
      name: 'PRNG era without counters: low',
      captures: { 'uname-r.txt': KERNEL_5_15, 'iptables-save.txt': DOCKER_SAVE },
      findings: [{ messageId: 'prngEra', severity: 'low' }],
    },
    {
      name: 'PRNG era while insert_failed counts: medium',
      captures: {
        'uname-r.txt': KERNEL_5_15,
        'iptables-save.txt': DOCKER_SAVE,
        'conntrack-S.txt': statsS({ insert_failed: 3, drop: 3 }),
      },
      findings: [{ messageId: 'prngEraClashes', severity: 'medium' }],
    },
    {
      name: 'kernel unknown',
      captures: { 'iptables-save.txt': DOCKER_SAVE },
      findings: [{ messageId: 'unknownKernel', severity: 'medium', at: 'iptables-save.txt:7' }],
    },
    {
      name: 'a kernel without random-fully (3.10): upgrade',
      captures: { 'uname-r.txt': KERNEL_3_10, 'iptables-save.txt': DOCKER_SAVE },
      findings: [{ messageId: 'noRandomFullyInKernel', severity: 'high', changes: ['upgrade-kernel'] }],
    },
    {
      name: 'AWS VPC CNI SNAT: the owner setting first, the rule edit as a stop-gap',
      captures: { 'uname-r.txt': KERNEL_ROVER, 'iptables-save.txt': AWS_SAVE },
      findings: [
        {
          messageId: 'roverEra',
          owner: 'aws-vpc-cni',
          at: 'iptables-save.txt:10',
          changes: ['owner-setting', 'add-random-fully'],
        },
      ],
    },
    {
      name: 'native nft masquerade without fully-random',
      captures: { 'uname-r.txt': KERNEL_ROVER, 'ruleset.nft': NFT_MASQ },
      findings: [{ messageId: 'roverEra', owner: 'unknown', at: 'ruleset.nft:4' }],
    },
  ],
});
