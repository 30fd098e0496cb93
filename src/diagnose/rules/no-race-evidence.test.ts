import { statsS, twoSampleManifest } from '../../../test/diagnose/captures.js';
import { runRuleTests } from '../../../test/diagnose/rule-tester.js';
import { noRaceEvidence } from './no-race-evidence.js';

runRuleTests(noRaceEvidence, {
  valid: [
    { name: 'no counters: no evidence either way', captures: { 'uname-r.txt': '6.8.0-1014-aws\n' } },
    { name: 'drops', captures: { 'conntrack-S.txt': statsS({ drop: 1, insert_failed: 1 }) } },
    {
      name: 'growing insert_failed',
      captures: {
        'manifest.json': twoSampleManifest(10),
        'stats.0.txt': statsS({ insert_failed: 1 }),
        'stats.1.txt': statsS({ insert_failed: 2 }),
      },
    },
  ],
  invalid: [
    {
      name: 'all zero since boot',
      captures: { 'conntrack-S.txt': statsS({ found: 100, clash_resolve: 2 }) },
      findings: [
        {
          messageId: 'noClash',
          severity: 'info',
          at: 'conntrack-S.txt:1',
          changes: ['check', 'check', 'check', 'check'],
        },
      ],
    },
    {
      name: 'old drops that did not grow',
      captures: {
        'manifest.json': twoSampleManifest(10),
        'stats.0.txt': statsS({ insert_failed: 5, drop: 5 }),
        'stats.1.txt': statsS({ insert_failed: 5, drop: 5 }),
      },
      findings: [{ messageId: 'noClash' }],
    },
  ],
});
