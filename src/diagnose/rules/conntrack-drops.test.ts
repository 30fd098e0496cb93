import { statsS, twoSampleManifest } from '../../../test/diagnose/captures.js';
import { runRuleTests } from '../../../test/diagnose/rule-tester.js';
import { conntrackDrops } from './conntrack-drops.js';

const PROC_515 = `entries  clashres found new invalid ignore delete chainlength insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart
00000a3f  00000011 00000314 00000000 00000000 00000000 00000000 00000000 00000000 00000003 00000003 00000000 00000000  00000000 00000000 00000000 00000000
00000a3f  00000000 0000000c 00000000 00000005 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000002  00000000 00000000 00000000 00000007
`;

runRuleTests(conntrackDrops, {
  valid: [
    { name: 'drop 0', captures: { 'conntrack-S.txt': statsS({ insert_failed: 0, clash_resolve: 3 }) } },
    {
      name: 'drops since boot that stopped growing',
      captures: {
        'manifest.json': twoSampleManifest(5),
        'stats.0.txt': statsS({ drop: 12 }),
        'stats.1.txt': statsS({ drop: 12 }),
      },
    },
  ],
  invalid: [
    {
      name: 'growing drops are the race losing packets now',
      captures: {
        'manifest.json': twoSampleManifest(5),
        'stats.0.txt': statsS({ drop: 12 }),
        'stats.1.txt': statsS({ drop: 20 }),
      },
      findings: [{ messageId: 'clash', severity: 'critical', at: 'stats.1.txt:1' }],
    },
    {
      name: 'one /proc sample: totals since boot',
      captures: { 'nf_conntrack.txt': PROC_515 },
      findings: [
        { messageId: 'sinceBoot', severity: 'high', at: 'nf_conntrack.txt:2', changes: ['collect'] },
      ],
    },
    {
      name: 'drops with early_drop: the table was full',
      captures: { 'conntrack-S.txt': statsS({ drop: 5, early_drop: 100 }) },
      findings: [{ messageId: 'tableFull', severity: 'high' }],
    },
  ],
});
