import { defineRule } from '../define-rule.js';
import { insertFailedMeaning } from '../insert-failed-meaning.js';
import { describeReading, readCounter } from '../read-counter.js';

export const conntrackDrops = defineRule({
  id: 'conntrack-drops',
  severity: 'critical',
  summary:
    'conntrack drop is not 0: packets lost at conntrack (clashes, or a full table); on 5.10+ drops that insert_failed accounts for are left to conntrack-insert-failed',
  messages: {
    clash: {
      title: 'conntrack dropped packets: drop {how}',
      explanation:
        'drop counts packets conntrack refused: a clash at confirm that could not be resolved (the SNAT race: the connection waits a 1 s SYN retransmission, a DNS query 5 s) or a full table. early_drop is 0, so the table was not full: these are clashes.',
    },
    tableFull: {
      title: 'conntrack dropped packets: drop {how}, and the table was full (early_drop {earlyDrop})',
      explanation:
        'drop counts packets conntrack refused; with early_drop also counting, the table reached nf_conntrack_max and some drops are "table full", not the race. See conntrack-table-full.',
    },
    sinceBoot: {
      title: 'conntrack dropped packets: drop {how}',
      explanation:
        'drop counts packets conntrack refused (a clash at confirm, or a full table). A single sample shows totals since boot: they may be old. Take two samples to see whether it still grows.',
    },
  },
  check(facts, { finding }) {
    return facts.conntrack.flatMap((series) => {
      const drop = readCounter(series, 'drop');
      if (drop.value === 0) return [];
      const earlyDrop = readCounter(series, 'early_drop').value;
      // 5.10+: every unresolved clash bumps insert_failed and drop together, and conntrack-insert-failed already
      // reports it; a second finding for the same packets would be noise. Drops beyond it have another cause.
      if (
        earlyDrop === 0 &&
        insertFailedMeaning(facts, series) === 'loss' &&
        drop.value <= readCounter(series, 'insert_failed').value
      )
        return [];
      const data = { how: describeReading(drop, series), earlyDrop };
      const base = { data, evidence: drop.evidence, basis: 'counters' as const };
      if (earlyDrop > 0) return [finding({ ...base, messageId: 'tableFull', severity: 'high' })];
      if (drop.mode === 'total')
        return [
          finding({
            ...base,
            messageId: 'sinceBoot',
            severity: 'high',
            changes: [
              {
                kind: 'collect',
                argv: ['portclash', 'snapshot', '--interval', '10', '-o', 'host.tar.gz'],
                why: 'two samples tell whether it still grows',
              },
            ],
          }),
        ];
      return [finding({ ...base, messageId: 'clash' })];
    });
  },
});
