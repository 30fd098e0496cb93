import type { LabMeasurement } from '../../core/lab/lab-measurement.js';
import { RULE_BACKEND_TOOLS } from '../../core/lab/rule-backend.js';
import type { LabSummary } from '../../core/lab/summarize-lab-run.js';
import { CLASH_COLUMNS, formatMs } from '../../report/render-simulate-table.js';
import { renderTextTable } from '../../report/render-text-table.js';

/** The lab's result table: the same columns as `simulate`'s, measured on the real kernel. */
export function renderLabTable(rules: string, s: LabSummary): string {
  const columns = [
    ...CLASH_COLUMNS,
    { header: 'failed', align: 'right' },
    { header: 'connect p50/p99/max ms', align: 'right' },
  ] as const;
  const t = s.conntrack.total;
  const c = s.tcp.connectMs;
  return renderTextTable(columns, [
    [
      'this machine',
      rules,
      String(s.tcp.attempted),
      String(t.insert_failed),
      String(t.drop),
      String(t.clash_resolve),
      String(s.tcp.synsLost),
      String(s.tcp.delayed1s),
      String(s.tcp.failed + s.tcp.unfinished),
      `${formatMs(c.p50)} / ${formatMs(c.p99)} / ${formatMs(c.max)}`,
    ],
  ]);
}

/** Per-CPU deltas, port-choice facts, the rules and the address map, in plain lines. */
export function renderLabDetails(m: LabMeasurement, s: LabSummary): string {
  const cpuLine = s.conntrack.perCpu
    .map(
      (d, cpu) =>
        `cpu${cpu} insert_failed +${d.insert_failed} drop +${d.drop} found +${d.found}${s.dns ? ` clash_resolve +${d.clash_resolve}` : ''}`,
    )
    .join(' · ');
  const n = s.nat;
  const ports =
    n.snatted === 0
      ? `ports: none of ${n.flows} listed flows was SNAT'ed`
      : `ports: ${n.keptPort} of ${n.snatted} SNAT'ed flows kept the container's source port, ${n.searched} got another; host ports ${n.portMin}–${n.portMax}`;
  const errors = Object.entries(s.tcp.errors).map(([code, count]) => `${code} ×${count}`);
  return [
    `per CPU (node namespace, after − before): ${cpuLine}`,
    ports,
    ...(errors.length > 0 ? [`connect errors: ${errors.join(', ')}`] : []),
    ...(s.dns ? [renderDnsLine(s.dns)] : []),
    `workers: ${describeWorkers(m)}; connects issued up to ${formatMs(s.tcp.maxLateMs)} ms late; load took ${(m.loadMs / 1000).toFixed(1)} s`,
    `rules (${m.ruleBackend}, read back with ${RULE_BACKEND_TOOLS[m.ruleBackend].save}):`,
    ...m.rulesReadBack.map((r) => `  ${r}`),
    `addresses (scenario → lab): ${m.addressMap
      .filter((e) => e.role !== 'rule-cidr' && e.role !== 'internal-cidr')
      .map((e) => `${e.name ?? e.role} ${e.original}→${e.mapped}`)
      .join(', ')}`,
  ].join('\n');
}

function renderDnsLine(d: NonNullable<LabSummary['dns']>): string {
  const l = d.lookupMs;
  return `dns: ${d.lookups} lookups (A+AAAA on one socket), ${d.completed} answered, ${d.retried} retried after the 5 s timeout, ${d.delayed5s} took ≥ 5 s, ${d.failed} failed; lookup p50/p99/max ${formatMs(l.p50)} / ${formatMs(l.p99)} / ${formatMs(l.max)} ms`;
}

function describeWorkers(m: LabMeasurement): string {
  const cpus = [...new Set(m.containers.flatMap((c) => (c.cpu === null ? [] : [c.cpu])))];
  if (m.containers.length <= 4)
    return m.containers.map((c) => `${c.name}${c.cpu === null ? '' : ` on cpu${c.cpu}`}`).join(', ');
  return `${m.containers.length}, ${cpus.length > 0 ? `pinned in turn to cpus ${cpus.join(',')}` : 'not pinned'}`;
}
