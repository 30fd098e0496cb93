import { describe, expect, it } from 'vitest';
import {
  KERNEL_5_4,
  KERNEL_5_15,
  statsS,
  statsS49,
  twoSampleManifest,
} from '../../../test/diagnose/captures.js';
import { factsOf, runRuleTests } from '../../../test/diagnose/rule-tester.js';
import { runRules } from '../run-rules.js';
import { conntrackDrops } from './conntrack-drops.js';
import { RULES } from './index.js';

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
    {
      name: 'one /proc sample, 5.15 columns, drop = insert_failed',
      captures: { 'nf_conntrack.txt': PROC_515 },
    },
    {
      name: "5.15: drops that insert_failed accounts for are conntrack-insert-failed's finding",
      captures: {
        'uname-r.txt': KERNEL_5_15,
        'manifest.json': twoSampleManifest(5),
        'stats.0.txt': statsS({ insert_failed: 7, drop: 7 }),
        'stats.1.txt': statsS({ insert_failed: 9, drop: 9 }),
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
      name: 'one /proc sample: totals since boot, more drops than insert_failed',
      captures: {
        'nf_conntrack.txt': PROC_515.replace('00000003 00000003 00000000', '00000003 00000009 00000000'),
      },
      findings: [
        { messageId: 'sinceBoot', severity: 'high', at: 'nf_conntrack.txt:2', changes: ['collect'] },
      ],
    },
    {
      name: '5.15: drops beyond insert_failed have another cause and are reported',
      captures: {
        'uname-r.txt': KERNEL_5_15,
        'manifest.json': twoSampleManifest(5),
        'stats.0.txt': statsS({ insert_failed: 7, drop: 7 }),
        'stats.1.txt': statsS({ insert_failed: 9, drop: 30 }),
      },
      findings: [{ messageId: 'clash', severity: 'critical' }],
    },
    {
      name: '5.4: insert_failed also counts resolved clashes, so drop is the loss and is reported',
      captures: { 'uname-r.txt': KERNEL_5_4, 'conntrack-S.txt': statsS49({ insert_failed: 30, drop: 4 }) },
      findings: [{ messageId: 'sinceBoot', severity: 'high' }],
    },
    {
      name: 'drops with early_drop: the table was full',
      captures: { 'conntrack-S.txt': statsS({ drop: 5, early_drop: 100 }) },
      findings: [{ messageId: 'tableFull', severity: 'high' }],
    },
  ],
});

describe('one finding per cause', () => {
  it('5.15, growing clashes: one critical finding (conntrack-insert-failed), not two', () => {
    const facts = factsOf({
      'uname-r.txt': KERNEL_5_15,
      'manifest.json': twoSampleManifest(10),
      'stats.0.txt': statsS({ insert_failed: 7, drop: 7 }),
      'stats.1.txt': statsS({ insert_failed: 40, drop: 40 }),
    });
    const critical = runRules(facts, RULES).filter((f) => f.severity === 'critical');
    expect(critical.map((f) => f.ruleId)).toEqual(['conntrack-insert-failed']);
    expect(critical[0]?.explanation).toContain('drop (33) counts the same packets');
  });
});
