import {
  AWS_SAVE,
  CALICO_SAVE,
  DOCKER_SAVE,
  EKS_ADDR,
  IP_MASQ_AGENT_SAVE,
  iptablesSave,
} from '../../../test/diagnose/captures.js';
import { runRuleTests } from '../../../test/diagnose/rule-tester.js';
import { snatToInternalNetwork } from './snat-to-internal-network.js';

const DOCKER_WITH_RETURN = iptablesSave('legacy', [
  '-A POSTROUTING -s 172.17.0.0/16 -d 10.0.0.0/16 -j RETURN',
  '-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE',
]);
const FLANNEL = iptablesSave(
  'nft',
  [
    '-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG',
    '-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 -m comment --comment "flanneld masq" -j RETURN',
    '-A FLANNEL-POSTRTG -s 10.244.0.0/16 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j RETURN',
    '-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully',
  ],
  ['FLANNEL-POSTRTG'],
);
const PROTO_ONLY = iptablesSave('legacy', ['-A POSTROUTING -s 10.88.0.0/16 -p tcp -j MASQUERADE']);

runRuleTests(snatToInternalNetwork, {
  valid: [
    { name: 'no internal network known', captures: { 'iptables-save.txt': DOCKER_SAVE } },
    {
      name: 'a RETURN for the VPC before the MASQUERADE',
      captures: { 'iptables-save.txt': DOCKER_WITH_RETURN },
      vpcCidrs: ['10.0.0.0/16'],
    },
    {
      name: 'AWS VPC CNI returns its VPC CIDR (read from the rules)',
      captures: { 'iptables-save.txt': AWS_SAVE },
    },
    {
      name: 'ip-masq-agent nonMasqueradeCIDRs cover 10/8',
      captures: { 'iptables-save.txt': IP_MASQ_AGENT_SAVE },
      vpcCidrs: ['10.1.0.0/16'],
    },
    {
      name: 'flannel keeps pod-to-pod traffic un-NATed',
      captures: { 'iptables-save.txt': FLANNEL },
      vpcCidrs: ['10.244.0.0/16'],
    },
  ],
  invalid: [
    {
      name: 'Docker masquerades traffic to the VPC given with --vpc-cidr',
      captures: { 'iptables-save.txt': DOCKER_SAVE },
      vpcCidrs: ['10.0.0.0/16'],
      findings: [
        {
          messageId: 'masqueraded',
          severity: 'medium',
          owner: 'docker',
          at: 'iptables-save.txt:7',
          changes: ['insert-return'],
        },
      ],
    },
    {
      name: 'the VPC inferred from eth0 (docker0 is ignored)',
      captures: { 'iptables-save.txt': DOCKER_SAVE, 'ip-addr.json': EKS_ADDR },
      findings: [{ messageId: 'masqueraded', owner: 'docker' }],
    },
    {
      name: 'ip-masq-agent without the VPC in nonMasqueradeCIDRs: its setting first',
      captures: { 'iptables-save.txt': IP_MASQ_AGENT_SAVE },
      vpcCidrs: ['192.168.0.0/16'],
      findings: [
        { messageId: 'masqueraded', owner: 'ip-masq-agent', changes: ['owner-setting', 'insert-return'] },
      ],
    },
    {
      name: 'flannel masquerades everything outside the pod network',
      captures: { 'iptables-save.txt': FLANNEL },
      vpcCidrs: ['172.31.0.0/16'],
      findings: [{ messageId: 'masqueraded', owner: 'flannel', at: 'iptables-save.txt:11' }],
    },
    {
      name: 'Calico natOutgoing: the VPC is not one of its pools',
      captures: { 'iptables-save.txt': CALICO_SAVE },
      vpcCidrs: ['172.31.0.0/16'],
      findings: [{ messageId: 'masqueraded', owner: 'calico', changes: ['owner-setting', 'insert-return'] }],
    },
    {
      name: 'a protocol match portclash cannot decide: possibly',
      captures: { 'iptables-save.txt': PROTO_ONLY },
      vpcCidrs: ['10.0.0.0/16'],
      findings: [{ messageId: 'possiblyMasqueraded', severity: 'low' }],
    },
  ],
});
