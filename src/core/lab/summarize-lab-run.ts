import type { SynSchedule } from '../clients/syn-retransmit-schedule.js';
import { COUNTER_NAMES, type CpuCounters, emptyCounters } from '../netfilter/counters.js';
import type { LatencySummary } from '../sim/sim-result.js';
import { NS_PER_MS, NS_PER_S } from '../time/sim-time.js';
import type { LabMeasurement } from './lab-measurement.js';

export type LabVerdictKind = 'clash' | 'inconclusive' | 'no-snat';

/** The numbers of a lab run, named as in the emulator's SimResult where they mean the same. */
export interface LabSummary {
  readonly tcp: {
    readonly attempted: number;
    readonly completed: number;
    readonly failed: number;
    readonly unfinished: number;
    /** Estimated from connect times: retransmissions that must have happened (1 s, 2 s, … per the kernel). */
    readonly synsLost: number;
    readonly delayed1s: number;
    readonly connectMs: LatencySummary;
    /** Failures by errno code. */
    readonly errors: Readonly<Record<string, number>>;
    /** The latest a worker issued a connect() against its schedule, ms: how well the start was shared. */
    readonly maxLateMs: number;
  };
  readonly conntrack: {
    /** After − before, per CPU row of the node namespace. */
    readonly perCpu: readonly CpuCounters[];
    readonly total: CpuCounters;
    readonly entries: number;
  };
  readonly nat: {
    /** Listed flows from a container to a server. */
    readonly flows: number;
    /** Of those, the SNAT'ed ones (REPLY destination is not the container). */
    readonly snatted: number;
    /** SNAT'ed flows whose host port is the container's own source port. */
    readonly keptPort: number;
    /** SNAT'ed flows that got another port. */
    readonly searched: number;
    readonly portMin: number | null;
    readonly portMax: number | null;
  };
  /** DNS lookups (A and AAAA on one UDP socket), when the run had any; named as SimResult's `dns`. */
  readonly dns?: LabDnsSummary;
  readonly verdict: { readonly kind: LabVerdictKind; readonly text: string };
}

export interface LabDnsSummary {
  readonly lookups: number;
  readonly completed: number;
  /** Every try timed out. */
  readonly failed: number;
  readonly unfinished: number;
  /** Lookups that needed a second try: glibc's 5 s timeout (a query lost). */
  readonly retried: number;
  /** Lookups that took 5 s or more (as the emulator's `delayed5s`). */
  readonly delayed5s: number;
  readonly lookupMs: LatencySummary;
}

/** Deltas, latencies, port-choice facts and a verdict from a run's raw facts. Pure. */
export function summarizeLabRun(m: LabMeasurement, syn: Pick<SynSchedule, 'retransmitsNs'>): LabSummary {
  const results = m.containers.flatMap((c) => c.results);
  const connectNs = results.flatMap((r) => (r.connectNs === null ? [] : [r.connectNs]));
  const errors: Record<string, number> = {};
  for (const r of results)
    if (r.error !== null && r.error !== 'unfinished') errors[r.error] = (errors[r.error] ?? 0) + 1;
  const unfinished = results.filter((r) => r.error === 'unfinished').length;
  const synsLost = connectNs.reduce((a, ns) => a + syn.retransmitsNs.filter((t) => t <= ns).length, 0);
  const delayed1s = connectNs.filter((ns) => ns >= NS_PER_S).length;

  const perCpu = m.statsAfter.map((after, i) => {
    const before = m.statsBefore[i] ?? emptyCounters();
    const d = emptyCounters();
    for (const name of COUNTER_NAMES) d[name] = (after[name] - before[name]) >>> 0;
    return d;
  });
  const total = emptyCounters();
  for (const row of perCpu) for (const name of COUNTER_NAMES) total[name] += row[name];

  const containers = new Set(m.containerAddresses);
  const servers = new Set(m.serverAddresses);
  const flows = m.conntrackList.filter((e) => containers.has(e.orig.src) && servers.has(e.orig.dst));
  const snatted = flows.filter((e) => e.reply.dst !== e.orig.src);
  const natPorts = snatted.map((e) => e.reply.dport);
  const keptPort = snatted.filter((e) => e.reply.dport === e.orig.sport).length;

  const attempted = results.length;
  const summary: Omit<LabSummary, 'verdict'> = {
    tcp: {
      attempted,
      completed: connectNs.length,
      failed: attempted - connectNs.length - unfinished,
      unfinished,
      synsLost,
      delayed1s,
      connectMs: latencySummary(connectNs),
      errors,
      maxLateMs: results.reduce((a, r) => Math.max(a, r.lateNs), 0) / NS_PER_MS,
    },
    conntrack: { perCpu, total, entries: m.entriesAfter },
    nat: {
      flows: flows.length,
      snatted: snatted.length,
      keptPort,
      searched: snatted.length - keptPort,
      portMin: natPorts.length > 0 ? natPorts.reduce((a, p) => Math.min(a, p)) : null,
      portMax: natPorts.length > 0 ? natPorts.reduce((a, p) => Math.max(a, p)) : null,
    },
  };
  const dns = summarizeLookups(m);
  const verdict = judge(m.kernelRelease, summary);
  return dns === undefined
    ? { ...summary, verdict }
    : { ...summary, dns, verdict: withDns(verdict, dns, total.clash_resolve) };
}

function summarizeLookups(m: LabMeasurement): LabDnsSummary | undefined {
  const results = m.containers.flatMap((c) => c.lookupResults ?? []);
  if (results.length === 0) return undefined;
  const totals = results.flatMap((r) => (r.totalNs === null ? [] : [r.totalNs]));
  const unfinished = results.filter((r) => r.error === 'unfinished').length;
  return {
    lookups: results.length,
    completed: totals.length,
    failed: results.length - totals.length - unfinished,
    unfinished,
    retried: results.filter((r) => r.tries > 1).length,
    delayed5s: totals.filter((ns) => ns >= 5 * NS_PER_S).length,
    lookupMs: latencySummary(totals),
  };
}

function withDns(
  verdict: LabSummary['verdict'],
  dns: LabDnsSummary,
  clashResolve: number,
): LabSummary['verdict'] {
  const text = `DNS: ${dns.completed} of ${dns.lookups} lookups answered, ${dns.delayed5s} took 5 s or more, ${dns.failed} failed; clash_resolve +${clashResolve} (A/AAAA clashes the kernel resolved).`;
  return { kind: verdict.kind, text: `${verdict.text} ${text}` };
}

function judge(kernel: string, s: Omit<LabSummary, 'verdict'>): LabSummary['verdict'] {
  const { insert_failed, drop } = s.conntrack.total;
  const { attempted, delayed1s, synsLost } = s.tcp;
  if (insert_failed > 0) {
    const agree =
      synsLost === drop
        ? ''
        : ` (connect times suggest ${synsLost} lost SYNs against ${drop} drops: some losses have another cause)`;
    return {
      kind: 'clash',
      text: `The SNAT race happened on ${kernel}: ${insert_failed} inserts failed at conntrack confirm and ${drop} packets were dropped; ${delayed1s} of ${attempted} connects took 1 s or more${agree}.`,
    };
  }
  if (s.nat.snatted > 0)
    return {
      kind: 'inconclusive',
      text: `Inconclusive: ${s.nat.snatted} connections were SNAT'ed on ${kernel} and none clashed in this run; that is not proof that the race cannot happen.`,
    };
  return {
    kind: 'no-snat',
    text: `No connection was SNAT'ed (${attempted} connects), so none could clash at SNAT here; this says nothing about set-ups that masquerade.`,
  };
}

/** Nearest-rank percentiles, ms; zeros for an empty list. */
function latencySummary(ns: readonly number[]): LatencySummary {
  if (ns.length === 0) return { p50: 0, p99: 0, max: 0 };
  const sorted = [...ns].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: at(0.5) / NS_PER_MS, p99: at(0.99) / NS_PER_MS, max: sorted.at(-1)! / NS_PER_MS };
}
