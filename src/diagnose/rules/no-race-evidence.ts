import type { Change } from '../change.js';
import { defineRule } from '../define-rule.js';
import { readCounter } from '../read-counter.js';

const ELSEWHERE: readonly Change[] = [
  {
    kind: 'check',
    what: 'DNS: ndots:5 and long search lists multiply queries; CoreDNS load and its upstream',
  },
  {
    kind: 'check',
    what: 'ARP/neighbour table overflow (net.ipv4.neigh.default.gc_thresh*), "neighbour table overflow" in dmesg',
  },
  {
    kind: 'check',
    what: 'cloud conntrack limits: EC2 conntrack_allowance_exceeded (ethtool -S on the ENA interface)',
  },
  { kind: 'check', what: 'SNAT port exhaustion: many connections to one destination (conntrack -L)' },
];

export const noRaceEvidence = defineRule({
  id: 'no-race-evidence',
  severity: 'info',
  summary: 'conntrack counted no clash and no drop: delays have another cause',
  messages: {
    noClash: {
      title: 'no conntrack clash: insert_failed and drop {how}',
      explanation:
        'The counters that the SNAT port race moves (insert_failed, drop) did not count anything{resolved}. If connections stall for 1 s or lookups for 5 s, this is not the race; look at DNS search paths, ARP tables, cloud conntrack limits and port exhaustion.',
    },
  },
  check(facts, { finding }) {
    if (facts.conntrack.length === 0) return [];
    const readings = facts.conntrack.map((series) => ({
      insertFailed: readCounter(series, 'insert_failed'),
      drop: readCounter(series, 'drop'),
      resolved: readCounter(series, 'clash_resolve').value,
      series,
    }));
    if (readings.some((r) => r.insertFailed.value > 0 || r.drop.value > 0)) return [];
    const growth = readings.every((r) => r.insertFailed.mode === 'growth');
    const resolved = readings.reduce((n, r) => n + r.resolved, 0);
    const first = readings[0]!.series.samples.at(-1)!;
    return [
      finding({
        messageId: 'noClash',
        basis: 'counters',
        data: {
          how: growth ? 'did not grow between the two samples' : 'are 0 since boot',
          resolved: resolved > 0 ? ` (${resolved} clashes were resolved without loss: clash_resolve)` : '',
        },
        evidence: [
          { file: first.file, line: first.lines[0] ?? 1, text: 'insert_failed=0 drop=0 on every CPU' },
        ],
        changes: ELSEWHERE,
      }),
    ];
  },
});
