import {
  KERNEL_5_4,
  KERNEL_5_15,
  statsS,
  statsS49,
  twoSampleManifest,
} from '../../../test/diagnose/captures.js';
import { runRuleTests } from '../../../test/diagnose/rule-tester.js';
import { conntrackInsertFailed } from './conntrack-insert-failed.js';

runRuleTests(conntrackInsertFailed, {
  valid: [
    { name: 'insert_failed 0', captures: { 'conntrack-S.txt': statsS({ found: 9, clash_resolve: 4 }) } },
    {
      name: 'two samples, no growth',
      captures: {
        'manifest.json': twoSampleManifest(10),
        'stats.0.txt': statsS({ insert_failed: 7, drop: 7 }),
        'stats.1.txt': statsS({ insert_failed: 7, drop: 7 }),
      },
    },
    { name: 'no counters at all', captures: { 'uname-r.txt': KERNEL_5_15 } },
  ],
  invalid: [
    {
      name: '5.15: growing insert_failed is packet loss',
      captures: {
        'uname-r.txt': KERNEL_5_15,
        'manifest.json': twoSampleManifest(10),
        'stats.0.txt': statsS({ insert_failed: 7, drop: 7 }),
        'stats.1.txt': statsS({ insert_failed: 9, drop: 9 }, { insert_failed: 40, drop: 40 }),
      },
      findings: [{ messageId: 'loss', severity: 'critical', at: 'stats.1.txt:1', changes: [] }],
    },
    {
      name: '5.15 columns without uname: totals since boot, with a caution',
      captures: { 'conntrack-S.txt': statsS({}, { insert_failed: 2, drop: 2 }) },
      findings: [{ messageId: 'loss', severity: 'high', at: 'conntrack-S.txt:2', changes: ['collect'] }],
    },
    {
      name: '4.9–5.9 with drop 0: resolved clashes only',
      captures: { 'uname-r.txt': KERNEL_5_4, 'conntrack-S.txt': statsS49({ insert_failed: 30 }) },
      findings: [{ messageId: 'resolvedOnly', severity: 'low' }],
    },
    {
      name: '4.9–5.9 with drops',
      captures: { 'conntrack-S.txt': statsS49({ insert_failed: 30, drop: 4 }) },
      findings: [{ messageId: 'includesResolved', severity: 'medium' }],
    },
    {
      name: '4.4 (drop not counted for clashes)',
      captures: { 'uname-r.txt': '4.4.0-142-generic\n', 'conntrack-S.txt': statsS49({ insert_failed: 30 }) },
      findings: [{ messageId: 'lossWithoutDrop', severity: 'high' }],
    },
    {
      name: 'unknown columns, unknown kernel',
      captures: { 'conntrack-S.txt': 'cpu=0 found=1 insert_failed=5 drop=0\n' },
      findings: [{ messageId: 'unknownEra', severity: 'medium', at: 'conntrack-S.txt:1' }],
    },
  ],
});
