import { statsS, twoSampleManifest } from '../../../test/diagnose/captures.js';
import { runRuleTests } from '../../../test/diagnose/rule-tester.js';
import { conntrackTableFull } from './conntrack-table-full.js';

const sysctl = (count: number, max = 262144) =>
  `net.netfilter.nf_conntrack_count = ${count}\nnet.netfilter.nf_conntrack_max = ${max}\n`;

runRuleTests(conntrackTableFull, {
  valid: [
    { name: 'a quarter full', captures: { 'sysctl.txt': sysctl(65536) } },
    { name: 'max without count', captures: { 'sysctl.txt': 'net.netfilter.nf_conntrack_max = 100\n' } },
    { name: 'early_drop 0', captures: { 'conntrack-S.txt': statsS({ drop: 1 }) } },
  ],
  invalid: [
    {
      name: '95% full',
      captures: { 'sysctl.txt': sysctl(249037) },
      findings: [{ messageId: 'nearFull', severity: 'high', at: 'sysctl.txt:1', changes: ['sysctl'] }],
    },
    {
      name: '80% full',
      captures: { 'sysctl.txt': sysctl(209716) },
      findings: [{ messageId: 'nearFull', severity: 'medium' }],
    },
    {
      name: 'early_drop growing between samples',
      captures: {
        'manifest.json': twoSampleManifest(10),
        'stats.0.txt': statsS({ early_drop: 1 }),
        'stats.1.txt': statsS({ early_drop: 50 }),
      },
      findings: [{ messageId: 'earlyDrop', severity: 'high', at: 'stats.1.txt:1' }],
    },
  ],
});
