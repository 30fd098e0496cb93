import { defineRule } from '../define-rule.js';
import type { Evidence } from '../evidence.js';
import type { Facts } from '../facts.js';
import { readCounter } from '../read-counter.js';

const MAX = 'net.netfilter.nf_conntrack_max';
const COUNT = 'net.netfilter.nf_conntrack_count';

export const conntrackTableFull = defineRule({
  id: 'conntrack-table-full',
  severity: 'high',
  summary: 'the conntrack table is near nf_conntrack_max, or early_drop shows it was full',
  messages: {
    nearFull: {
      title: 'conntrack table {percent}% full ({count} of {max} entries)',
      explanation:
        'At nf_conntrack_max new connections first evict unassured entries (early_drop), then are dropped ("nf_conntrack: table full, dropping packet"). Those drops look like the SNAT race in the drop counter but are not; raise nf_conntrack_max (and nf_conntrack_buckets) or shorten timeouts.',
    },
    earlyDrop: {
      title: 'the conntrack table was full: early_drop {earlyDrop}',
      explanation:
        'early_drop counts entries evicted because the table reached nf_conntrack_max; when nothing could be evicted the packet was dropped. This is table exhaustion, a different problem from the SNAT race, with the same symptom (lost SYNs and DNS queries).',
    },
  },
  check(facts, { finding }) {
    const out = [];
    const fill = tableFill(facts);
    if (fill && fill.count / fill.max >= 0.75) {
      const percent = Math.round((fill.count / fill.max) * 100);
      out.push(
        finding({
          messageId: 'nearFull',
          severity: percent >= 90 ? 'high' : 'medium',
          data: { percent, count: fill.count, max: fill.max },
          evidence: fill.evidence,
          changes: [{ kind: 'sysctl', key: MAX, value: String(fill.max * 2), current: String(fill.max) }],
        }),
      );
    }
    for (const series of facts.conntrack) {
      const r = readCounter(series, 'early_drop');
      if (r.value === 0) continue;
      out.push(
        finding({
          messageId: 'earlyDrop',
          severity: r.mode === 'growth' ? 'high' : 'medium',
          data: { earlyDrop: r.value },
          evidence: r.evidence,
          basis: 'counters',
          changes: fill
            ? [{ kind: 'sysctl', key: MAX, value: String(fill.max * 2), current: String(fill.max) }]
            : [],
        }),
      );
    }
    return out;
  },
});

/** count/max from the sysctls, else the entries column of /proc/net/stat/nf_conntrack with the max sysctl. */
function tableFill(facts: Facts): { count: number; max: number; evidence: Evidence[] } | undefined {
  const max = facts.sysctls[MAX];
  const maxValue = Number(max?.value);
  if (!max || !Number.isFinite(maxValue) || maxValue <= 0) return undefined;
  const count = facts.sysctls[COUNT];
  if (count && Number.isFinite(Number(count.value)))
    return { count: Number(count.value), max: maxValue, evidence: [count.evidence, max.evidence] };
  const sample = facts.conntrack.find((s) => s.netns === '')?.samples.at(-1);
  if (sample?.entries === undefined) return undefined;
  return {
    count: sample.entries,
    max: maxValue,
    evidence: [
      { file: sample.file, line: sample.lines[0] ?? 1, text: `entries ${sample.entries}` },
      max.evidence,
    ],
  };
}
