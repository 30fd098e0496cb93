import {
  DOCKER_SAVE,
  KERNEL_4_19_EARLY,
  KERNEL_5_15,
  KERNEL_ROVER,
  KUBE_DNS_SAVE,
  POD_RESOLV,
  POD_RESOLV_REOPEN,
} from '../../../test/diagnose/captures.js';
import { runRuleTests } from '../../../test/diagnose/rule-tester.js';
import { dnsParallelLookups } from './dns-parallel-lookups.js';

const HOST_RESOLV = 'nameserver 192.168.1.1\n';

runRuleTests(dnsParallelLookups, {
  valid: [
    {
      name: 'no resolv.conf',
      captures: { 'uname-r.txt': KERNEL_ROVER, 'iptables-save.txt': KUBE_DNS_SAVE(2) },
    },
    {
      name: 'single-request-reopen',
      captures: {
        'uname-r.txt': KERNEL_ROVER,
        'iptables-save.txt': KUBE_DNS_SAVE(2),
        'resolv.conf': POD_RESOLV_REOPEN,
      },
    },
    {
      name: '5.6+ resolves the clash',
      captures: {
        'uname-r.txt': KERNEL_5_15,
        'iptables-save.txt': KUBE_DNS_SAVE(2),
        'resolv.conf': POD_RESOLV,
      },
    },
    {
      name: '4.19–5.5 with one DNS backend: identical entries merge',
      captures: {
        'uname-r.txt': KERNEL_4_19_EARLY,
        'iptables-save.txt': KUBE_DNS_SAVE(1),
        'resolv.conf': POD_RESOLV,
      },
    },
    {
      name: 'a host resolver on 5.4 without NAT to it',
      captures: {
        'uname-r.txt': '5.4.0-150-generic\n',
        'iptables-save.txt': DOCKER_SAVE,
        'resolv.conf': HOST_RESOLV,
      },
    },
  ],
  invalid: [
    {
      name: 'kube-dns DNAT on 4.4',
      captures: {
        'uname-r.txt': KERNEL_ROVER,
        'iptables-save.txt': KUBE_DNS_SAVE(1),
        'resolv.conf': POD_RESOLV,
      },
      findings: [
        {
          messageId: 'dnatBeforeFix',
          severity: 'high',
          at: 'resolv.conf:2',
          changes: ['resolver-option', 'upgrade-kernel', 'check'],
        },
      ],
    },
    {
      name: '4.19 with two kube-dns backends',
      captures: {
        'uname-r.txt': KERNEL_4_19_EARLY,
        'iptables-save.txt': KUBE_DNS_SAVE(2),
        'resolv.conf': POD_RESOLV,
      },
      findings: [{ messageId: 'dnatTwoBackends', severity: 'high' }],
    },
    {
      name: 'a service-range nameserver with no rules or kernel',
      captures: { 'resolv.conf': POD_RESOLV },
      findings: [{ messageId: 'maybeDnat', severity: 'medium', changes: ['resolver-option', 'check'] }],
    },
    {
      name: 'SNAT-ed lookups before 5.0',
      captures: { 'uname-r.txt': KERNEL_ROVER, 'iptables-save.txt': DOCKER_SAVE, 'resolv.conf': HOST_RESOLV },
      findings: [{ messageId: 'snatBefore50', severity: 'medium' }],
    },
  ],
});
