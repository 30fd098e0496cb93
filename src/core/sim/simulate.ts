import { COUNTER_NAMES, type CpuCounters, emptyCounters } from '../netfilter/counters.js';
import { VERDICT_DROP } from '../netfilter/nf-conntrack-confirm.js';
import type { Scenario } from '../scenario/scenario.js';
import { NS_PER_MS } from '../time/sim-time.js';
import { onConfirm, onNat, onPre, onSend, PRE_NEW } from './datapath.js';
import { onAnswer, onDnsTimer, onQueryConfirm, onQueryPre } from './dns-client.js';
import { listFinalEntries } from './final-entries.js';
import {
  EV_CONFIRM,
  EV_DNS_ANSWER,
  EV_DNS_TIMER,
  EV_NAT,
  EV_PRE,
  EV_SEND,
  EV_SYN_TIMER,
  EV_WAKE,
  HostModel,
  PKT_SYN,
} from './host-model.js';
import type { LatencyHistogram } from './latency-histogram.js';
import type { LatencySummary, SimResult } from './sim-result.js';
import { onSynConfirm, onSynPre, onSynTimer } from './tcp-client.js';
import { onWake, scheduleWorkloads } from './workloads.js';

export interface SimulateOptions {
  /** Include the final conntrack table in the result. */
  readonly conntrackList?: boolean;
  /** Called every ~2^16 events with the simulated time reached, ns (for progress bars). */
  readonly onProgress?: (simulatedNs: number, endNs: number) => void;
}

/** Runs a scenario to completion: a pure function of (scenario, seed). */
export function simulate(scenario: Scenario, seed: number, options: SimulateOptions = {}): SimResult {
  const m = new HostModel(scenario, seed);
  m.dispatchPre = (pkt, t) => pre(m, pkt, t);
  scheduleWorkloads(m);
  const q = m.queue;
  const end = scenario.maxSimTimeNs;
  let now = 0;
  let events = 0;
  while (q.size > 0) {
    if (q.peekTime() > end) break;
    const kind = q.take();
    const arg = q.takenArg;
    now = q.takenTime;
    events++;
    m.ns.table.expire(now);
    if ((events & 0xffff) === 0) options.onProgress?.(now, end);
    switch (kind) {
      case EV_WAKE:
        onWake(m, arg, now);
        break;
      case EV_SEND:
        if (onSend(m, arg, now)) pre(m, arg, now);
        break;
      case EV_PRE:
        pre(m, arg, now);
        break;
      case EV_NAT:
        onNat(m, arg, now);
        break;
      case EV_CONFIRM: {
        const verdict = onConfirm(m, arg, now);
        if (m.pktKind[arg] === PKT_SYN) onSynConfirm(m, arg, verdict !== VERDICT_DROP, now);
        else onQueryConfirm(m, arg, verdict, now);
        m.packets.release(arg);
        break;
      }
      case EV_SYN_TIMER:
        onSynTimer(m, arg, now);
        break;
      case EV_DNS_TIMER:
        onDnsTimer(m, arg, now);
        break;
      case EV_DNS_ANSWER:
        onAnswer(m, arg, now);
        break;
    }
  }
  m.metrics.events = events;
  return buildResult(m, seed, now, options.conntrackList === true);
}

function pre(m: HostModel, pkt: number, now: number): void {
  const outcome = onPre(m, pkt, now);
  if (outcome === PRE_NEW) return;
  if (m.pktKind[pkt] === PKT_SYN) onSynPre(m, pkt, outcome, now);
  else onQueryPre(m, pkt, outcome, now);
  m.packets.release(pkt);
}

function buildResult(m: HostModel, seed: number, now: number, withList: boolean): SimResult {
  const sc = m.scenario;
  const mt = m.metrics;
  const total = emptyCounters();
  for (const c of m.ns.stats) for (const name of COUNTER_NAMES) total[name] += c[name];
  const result: SimResult = {
    scenario: sc.name,
    kernel: sc.kernel.release,
    seed,
    simulatedMs: round3(now / NS_PER_MS),
    events: mt.events,
    tcp: {
      attempted: mt.tcpAttempted,
      completed: mt.tcpCompleted,
      failed: mt.tcpFailed,
      unfinished: mt.tcpAttempted - mt.tcpCompleted - mt.tcpFailed,
      noLocalPort: mt.tcpNoLocalPort,
      synsSent: mt.synsSent,
      synsLost: mt.synsLost,
      synsLostTableFull: mt.synsLostTableFull,
      delayed1s: mt.connectsDelayed1s,
      connectMs: summarise(mt.connect),
    },
    dns: {
      lookups: mt.dnsLookups,
      completed: mt.dnsCompleted,
      failed: mt.dnsFailed,
      unfinished: mt.dnsLookups - mt.dnsCompleted - mt.dnsFailed,
      queriesSent: mt.dnsQueriesSent,
      queriesLost: mt.dnsQueriesLost,
      delayed5s: mt.dnsDelayed5s,
      lookupMs: summarise(mt.dns),
    },
    nat: {
      keptPort: mt.natKeptPort,
      searched: mt.natSearched,
      portMin: mt.natPortMax > 0 ? mt.natPortMin : null,
      portMax: mt.natPortMax > 0 ? mt.natPortMax : null,
    },
    conntrack: {
      perCpu: m.ns.stats.map((c): CpuCounters => ({ ...c })),
      total,
      entries: m.ns.table.count,
      maxEntries: mt.maxEntries,
      emulatorBytes: m.ns.table.byteSize(),
    },
    destinations: sc.destinations.map((d, i) => ({
      name: d.name,
      internal: d.internal,
      ...mt.perDestination[i]!,
    })),
  };
  return withList ? { ...result, conntrackList: listFinalEntries(m, now) } : result;
}

function summarise(h: LatencyHistogram): LatencySummary {
  return {
    p50: round3(h.quantile(0.5) / NS_PER_MS),
    p99: round3(h.quantile(0.99) / NS_PER_MS),
    max: round3(h.max / NS_PER_MS),
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
