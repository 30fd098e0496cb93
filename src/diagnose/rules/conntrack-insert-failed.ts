import type { Change } from '../change.js';
import { defineRule } from '../define-rule.js';
import type { Severity } from '../finding.js';
import { insertFailedMeaning } from '../insert-failed-meaning.js';
import { describeReading, readCounter } from '../read-counter.js';

const COLLECT_TWICE: Change = {
  kind: 'collect',
  argv: ['portclash', 'snapshot', '--interval', '10', '-o', 'host.tar.gz'],
  why: 'two samples tell whether it still grows',
};

export const conntrackInsertFailed = defineRule({
  id: 'conntrack-insert-failed',
  severity: 'critical',
  summary: 'conntrack insert_failed is not 0, read with the meaning it has on this kernel',
  messages: {
    loss: {
      title: 'conntrack insert_failed {how}',
      explanation:
        'On this kernel (5.10 or later) insert_failed counts only clashes at conntrack confirm that could not be resolved: each one dropped a packet (a TCP SYN waits 1 s, a DNS query 5 s), and drop ({drop}) counts the same packets. Clashes that were resolved are counted as clash_resolve ({clashResolve}).{chainNote}',
    },
    lossWithoutDrop: {
      title: 'conntrack insert_failed {how}: dropped packets on a kernel that does not count them as drop',
      explanation:
        'Before 4.7 a clash at conntrack confirm drops the packet and counts insert_failed but not drop: each one is a lost packet.',
    },
    includesResolved: {
      title: 'conntrack insert_failed {how}, {drop} of them dropped',
      explanation:
        'Between 4.7 and 5.9 insert_failed also counts UDP clashes that were resolved by merging the entries, which lose nothing; drop counts the ones that lost a packet. Clashes happen here: the SNAT race is running.',
    },
    resolvedOnly: {
      title: 'conntrack insert_failed {how}, but drop is 0: clashes resolved, no packet lost',
      explanation:
        'Between 4.7 and 5.9 insert_failed also counts UDP clashes that were resolved by merging the entries. With drop at 0 no packet was lost to them; it still shows the race window is hit (there is a misconception that insert_failed means loss).',
    },
    unknownEra: {
      title: 'conntrack insert_failed {how}',
      explanation:
        'Before 5.10 insert_failed also counts resolved clashes (no loss); from 5.10 each one is a dropped packet. Capture `uname -r` to tell which applies.',
    },
  },
  check(facts, { finding }) {
    return facts.conntrack.flatMap((series) => {
      const r = readCounter(series, 'insert_failed');
      if (r.value === 0) return [];
      const drop = readCounter(series, 'drop');
      const growing = r.mode === 'growth';
      const data = {
        how: describeReading(r, series),
        drop: drop.value,
        clashResolve: readCounter(series, 'clash_resolve').value,
        chainNote: chainNote(readCounter(series, 'chaintoolong').value),
      };
      const meaning = insertFailedMeaning(facts, series);
      const changes = growing ? [] : [COLLECT_TWICE];
      const base = { data, evidence: r.evidence, changes, basis: 'counters' as const };
      const severity = (loss: Severity, totals: Severity): Severity => (growing ? loss : totals);
      switch (meaning) {
        case 'loss':
          return [finding({ ...base, messageId: 'loss', severity: severity('critical', 'high') })];
        case 'loss-drop-not-counted':
          return [finding({ ...base, messageId: 'lossWithoutDrop', severity: severity('critical', 'high') })];
        case 'includes-resolved':
          return drop.value === 0
            ? [finding({ ...base, messageId: 'resolvedOnly', severity: 'low' })]
            : [finding({ ...base, messageId: 'includesResolved', severity: 'medium' })];
        case 'unknown':
          return [finding({ ...base, messageId: 'unknownEra', severity: 'medium' })];
        default: {
          const never: never = meaning;
          return never;
        }
      }
    });
  },
});

function chainNote(chaintoolong: number): string {
  return chaintoolong === 0
    ? ''
    : ` Of them, ${chaintoolong} are chaintoolong: a hash chain too long (a bucket flood), not the SNAT race.`;
}
