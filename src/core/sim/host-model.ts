import { type ConnectPortGlobals, INET_TABLE_PERTURB_SIZE } from '../clients/connect-port.js';
import { SocketPorts } from '../clients/socket-ports.js';
import { type SynSchedule, synRetransmitSchedule } from '../clients/syn-retransmit-schedule.js';
import { EventQueue } from '../engine/event-queue.js';
import { ConntrackTable } from '../netfilter/conntrack-table.js';
import { emptyCounters } from '../netfilter/counters.js';
import type { NatChoice } from '../netfilter/get-unique-tuple.js';
import { type NatRange, natRangeOf } from '../netfilter/nat-range.js';
import type { Netns } from '../netfilter/netns.js';
import { Xoshiro128 } from '../random/xoshiro128.js';
import type { Scenario } from '../scenario/scenario.js';
import { Metrics } from './metrics.js';

export const EV_WAKE = 1;
export const EV_SEND = 2;
export const EV_PRE = 3;
export const EV_NAT = 4;
export const EV_CONFIRM = 5;
export const EV_SYN_TIMER = 6;
export const EV_DNS_TIMER = 7;
export const EV_DNS_ANSWER = 8;

export const THR_WORDS = 4;
export const THR_WORKLOAD = 0;
export const THR_CONTAINER = 1;
export const THR_REMAINING = 2;
export const THR_CPU = 3;
/** `remaining` of a thread that dials until its workload ends (Poisson). */
export const THR_ENDLESS = -2147483648;

export const PKT_SYN = 0;
export const PKT_DNS_A = 1;
export const PKT_DNS_AAAA = 2;

/** A pool of integer ids with a free list; the state of each id lives in the owner's parallel arrays. */
export class IdPool {
  private readonly free: number[] = [];
  private next = 0;
  alloc(): number {
    return this.free.pop() ?? this.next++;
  }
  release(id: number): void {
    this.free.push(id);
  }
}

/**
 * The whole emulated host: kernel state (one netns that does the SNAT), the containers' sockets, the
 * clients in flight and the event queue. Plain mutable arrays indexed by ids: this is the hot path.
 */
export class HostModel {
  readonly ns: Netns;
  readonly queue = new EventQueue();
  readonly metrics: Metrics;
  readonly cpuFree: Float64Array;
  /** Per NAT rule: its range, or null for RETURN/ACCEPT (no NAT, null binding). */
  readonly ruleRanges: readonly (NatRange | null)[];
  readonly sockets: readonly SocketPorts[];
  readonly connectGlobals: ConnectPortGlobals;
  readonly syn: SynSchedule;
  readonly choice: NatChoice = { ip: 0, port: 0, step: 'kept' };
  readonly confirmResult = { mergedInto: -1 };
  /** Runs PREROUTING for a packet and hands the outcome to its client; set by the event loop. */
  dispatchPre: (pkt: number, now: number) => void = () => {};

  /** Packets in flight between SEND and CONFIRM. */
  readonly packets = new IdPool();
  readonly pktKind: number[] = [];
  readonly pktOwner: number[] = [];
  readonly pktProto: number[] = [];
  readonly pktCt: number[] = [];
  readonly pktCpu: number[] = [];
  readonly pktContainer: number[] = [];
  readonly pktSport: number[] = [];
  readonly pktDest: number[] = [];
  /** When the packet was handed to the CPU. */
  readonly pktSent: number[] = [];
  /** The packet's extra processing time (uniform in [0, jitterNs]): its CPU is busy longer and it reaches NAT later. */
  readonly pktJitter: number[] = [];

  /** TCP connections (SYN_SENT until answered or given up). */
  readonly conns = new IdPool();
  readonly connContainer: number[] = [];
  readonly connDest: number[] = [];
  readonly connSport: number[] = [];
  readonly connFirstSyn: number[] = [];
  readonly connAttempt: number[] = [];
  readonly connHold: number[] = [];
  readonly connCpu: number[] = [];
  /** The application bind()s its port (same-port workloads): connect() does not choose one. */
  readonly connFixedPort: boolean[] = [];
  /** DNS lookup that owns this connection (use-vc), or -1. */
  readonly connLookup: number[] = [];

  /** DNS lookups. */
  readonly lkContainer: number[] = [];
  readonly lkStart: number[] = [];
  readonly lkPort: number[] = [];
  readonly lkAnswered: number[] = [];
  readonly lkSent: number[] = [];
  readonly lkAttempt: number[] = [];
  readonly lkFallback: number[] = [];
  readonly lkTimerAt: number[] = [];
  readonly lkCpu: number[] = [];
  readonly lkDone: boolean[] = [];
  /** Lookup ids are never reused, so late answers and stale timers can always be recognised. */
  lookupCount = 0;

  /** Workload threads (dialers). */
  readonly threads = new IdPool();
  /**
   * Per thread [workload, container, remaining, cpu] (THR_* offsets): a wake-up picks a random thread among
   * thousands, so its state sits in one 16-byte record rather than four arrays (four cache misses). Integers,
   * so they index arrays without conversions; an endless thread counts THR_ENDLESS (counts are validated integers, 1 to 10^6).
   */
  thr = new Int32Array(THR_WORDS * 64);

  constructor(
    readonly scenario: Scenario,
    seed: number,
  ) {
    const rng = new Xoshiro128(seed);
    this.ns = {
      table: new ConntrackTable(16_384),
      profile: scenario.kernel,
      rng,
      stats: Array.from({ length: scenario.cpus }, emptyCounters),
      rover: new Uint16Array(2),
      secret: rng.u32(),
      now: 0,
      cpu: 0,
    };
    this.ns.table.setKernelBuckets(
      scenario.sysctl.nf_conntrack_buckets,
      scenario.kernel.chainLimit !== 'none',
    );
    this.metrics = new Metrics(scenario.destinations.length);
    this.cpuFree = new Float64Array(scenario.cpus);
    const out = scenario.host.addresses[0]!;
    this.ruleRanges = scenario.nat.map((r) =>
      r.target.type === 'masquerade' || r.target.type === 'snat'
        ? natRangeOf(r.target, out, scenario.kernel.randomFully)
        : null,
    );
    // Only the unbounded ≤4.x search walks long runs of ports; the index would be dead weight elsewhere.
    for (const range of scenario.kernel.boundedSearch ? [] : this.ruleRanges) {
      if (!range) continue;
      for (let a = range.minIp; a <= range.maxIp && a - range.minIp < 4096; a++)
        this.ns.table.indexNatAddress(a);
    }
    this.sockets = scenario.containers.map(() => new SocketPorts());
    this.connectGlobals = {
      hint: rng.u32(),
      tablePerturb: new Uint32Array(INET_TABLE_PERTURB_SIZE),
      secret: rng.u32(),
    };
    this.syn = synRetransmitSchedule(
      scenario.kernel,
      scenario.sysctl.tcp_syn_retries,
      scenario.sysctl.tcp_syn_linear_timeouts,
    );
  }
}
