import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from '../random/xoshiro128.js';
import type { CounterName } from './counters.js';
import { CT_NAT_CLASH } from './ct-status.js';
import { natRangeOf, nullBindingRange } from './nat-range.js';
import { NO_NAT_FLAGS } from './nat-rule.js';
import {
  CHAIN_LIMITS,
  type ConfirmVerdict,
  nfConntrackConfirm,
  VERDICT_ACCEPT,
  VERDICT_CLASH_INSERT,
  VERDICT_DROP,
  VERDICT_MERGE,
} from './nf-conntrack-confirm.js';
import { addConfirmed, ip, makeNetns, natNew, profileOf } from './test-netns.js';

const HOST = ip('10.0.0.1');
const DST = ip('93.184.216.34');
const C1 = ip('172.17.0.2');
const C2 = ip('172.17.0.3');
const SVC = ip('10.96.0.10');
const BACKEND_A = ip('10.244.2.5');
const BACKEND_B = ip('10.244.3.7');
const NS_PER_S = 1_000_000_000;

type Ns = ReturnType<typeof makeNetns>;
const VERDICTS = {
  ACCEPT: VERDICT_ACCEPT,
  MERGE: VERDICT_MERGE,
  CLASH_INSERT: VERDICT_CLASH_INSERT,
  DROP: VERDICT_DROP,
} as const;

interface ClashCase {
  readonly release: string;
  readonly verdict: keyof typeof VERDICTS;
  readonly counters: Partial<Record<CounterName, number>>;
}
const WATCHED: readonly CounterName[] = ['insert', 'insert_failed', 'drop', 'clash_resolve'];

/** The counters that moved, per CPU, e.g. `[{ insert: 1 }, { insert_failed: 1 }]`. */
function moved(ns: Ns): Partial<Record<CounterName, number>>[] {
  return ns.stats.map((c) => Object.fromEntries(WATCHED.filter((k) => c[k] !== 0).map((k) => [k, c[k]])));
}

const masq = natRangeOf({ type: 'masquerade', flags: NO_NAT_FLAGS }, HOST, true);

function confirmOn(ns: Ns, cpu: number, ct: number): { verdict: ConfirmVerdict; mergedInto: number } {
  ns.cpu = cpu;
  const result = { mergedInto: -1 };
  const verdict = nfConntrackConfirm(ns, ct, result);
  return { verdict, mergedInto: result.mergedInto };
}

interface Flow {
  readonly src: number;
  readonly sport: number;
  readonly proto: number;
  /** Sent to SVC:53 and DNAT'ed to this backend (pod to pod: no SNAT, a null binding); else to DST:80. */
  readonly backend?: number;
}

/** NAT of one new flow on `cpu`, as PREROUTING + POSTROUTING would do it. */
function natOn(ns: Ns, cpu: number, f: Flow): number {
  ns.cpu = cpu;
  if (f.backend === undefined)
    return natNew(ns, masq, { src: f.src, sport: f.sport, dst: DST, dport: 80, proto: f.proto }).ct;
  const dnat = { ip: f.backend, port: 53 };
  return natNew(ns, nullBindingRange(f.src), {
    src: f.src,
    sport: f.sport,
    dst: SVC,
    dport: 53,
    proto: f.proto,
    dnat,
  }).ct;
}

/** Two flows NATed on CPU 0 and CPU 1 before either confirms (the race window), then confirmed in order. */
function race(release: string, first: Flow, second: Flow) {
  const ns = makeNetns(profileOf(release));
  const a = natOn(ns, 0, first);
  const b = natOn(ns, 1, second);
  const ra = confirmOn(ns, 0, a);
  const rb = confirmOn(ns, 1, b);
  return { ns, a, b, ra, rb };
}

const TCP_SAME_PORT = [
  { src: C1, sport: 40000, proto: 6 },
  { src: C2, sport: 40000, proto: 6 },
] as const;

describe('nfConntrackConfirm: TCP SNAT clash (two containers kept the same port)', () => {
  it.each([
    // ≤4.8 counts insert on every successful confirm; ≤4.6 drops a clash without drop++.
    { release: '3.10.0-1160.el7.x86_64', counters: [{ insert: 1 }, { insert_failed: 1 }] },
    { release: '4.4.0-142-generic', counters: [{ insert: 1 }, { insert_failed: 1 }] },
    { release: '4.14.262', counters: [{}, { insert_failed: 1, drop: 1 }] },
    { release: '4.19.228', counters: [{}, { insert_failed: 1, drop: 1 }] },
    { release: '5.4.0-150-generic', counters: [{}, { insert_failed: 1, drop: 1 }] },
    { release: '5.15.0-91-generic', counters: [{}, { insert_failed: 1, drop: 1 }] },
    { release: '6.8.0-1014-aws', counters: [{}, { insert_failed: 1, drop: 1 }] },
  ])('$release: second confirm drops; counters $counters', ({ release, counters }) => {
    const { ns, a, b, ra, rb } = race(release, ...TCP_SAME_PORT);
    expect([ra.verdict, rb.verdict]).toEqual([VERDICT_ACCEPT, VERDICT_DROP]);
    expect(moved(ns)).toEqual(counters);
    expect(ns.table.isConfirmed(a)).toBe(true);
    expect(ns.table.isLive(b)).toBe(false);
    expect(ns.table.count).toBe(1);
  });

  it('drops even identical TCP tuples (TCP has no allow_clash)', () => {
    const { ns, rb } = race('6.8.0-1014-aws', TCP_SAME_PORT[0], TCP_SAME_PORT[0]);
    expect(rb.verdict).toBe(VERDICT_DROP);
    expect(moved(ns)).toEqual([{}, { insert_failed: 1, drop: 1 }]);
  });
});

describe('nfConntrackConfirm: UDP, identical tuples (A and AAAA on one socket, same mapping)', () => {
  const pair = [
    { src: C1, sport: 40000, proto: 17 },
    { src: C1, sport: 40000, proto: 17 },
  ] as const;
  it.each<ClashCase>([
    { release: '3.10.0-1160.el7.x86_64', verdict: 'DROP', counters: { insert_failed: 1 } },
    { release: '4.4.0-142-generic', verdict: 'DROP', counters: { insert_failed: 1 } },
    // 4.7–4.18: merge only if the winner has no NAT binding; every ct passed the SNAT hook here.
    { release: '4.14.262', verdict: 'DROP', counters: { insert_failed: 1, drop: 1 } },
    // 4.19 (ed07d9a021df): identical tuples merge; before 5.10 that counts as insert_failed.
    { release: '4.19.228', verdict: 'MERGE', counters: { insert_failed: 1 } },
    { release: '5.4.0-150-generic', verdict: 'MERGE', counters: { insert_failed: 1 } },
    { release: '5.8.0', verdict: 'MERGE', counters: { insert_failed: 1 } },
    // 5.10 (bc92470413f3): clash_resolve instead.
    { release: '5.10.0-28-amd64', verdict: 'MERGE', counters: { clash_resolve: 1 } },
    { release: '6.8.0-1014-aws', verdict: 'MERGE', counters: { clash_resolve: 1 } },
  ])('$release: $verdict with $counters on the second CPU', ({ release, verdict, counters }) => {
    const { ns, a, b, rb } = race(release, ...pair);
    expect(rb.verdict).toBe(VERDICTS[verdict]);
    expect(moved(ns)[1]).toEqual(counters);
    expect(ns.table.isLive(b)).toBe(false);
    if (verdict === 'MERGE') expect(rb.mergedInto).toBe(a);
  });
});

describe('nfConntrackConfirm: UDP, same ORIGINAL but different DNAT backends', () => {
  const pair = [
    { src: C1, sport: 40000, proto: 17, backend: BACKEND_A },
    { src: C1, sport: 40000, proto: 17, backend: BACKEND_B },
  ] as const;
  it.each<ClashCase>([
    { release: '4.4.0-142-generic', verdict: 'DROP', counters: { insert_failed: 1 } },
    { release: '4.19.228', verdict: 'DROP', counters: { insert_failed: 1, drop: 1 } },
    { release: '5.4.0-150-generic', verdict: 'DROP', counters: { insert_failed: 1, drop: 1 } },
    // 5.6 (6a757c07e51f): the REPLY tuple is free → insert it alone; counted from 5.10 only.
    { release: '5.8.0', verdict: 'CLASH_INSERT', counters: {} },
    { release: '5.10.0-28-amd64', verdict: 'CLASH_INSERT', counters: { clash_resolve: 1 } },
    { release: '6.8.0-1014-aws', verdict: 'CLASH_INSERT', counters: { clash_resolve: 1 } },
  ])('$release: $verdict with $counters', ({ release, verdict, counters }) => {
    const { ns, rb } = race(release, ...pair);
    expect(rb.verdict).toBe(VERDICTS[verdict]);
    expect(moved(ns)[1]).toEqual(counters);
  });

  it('the REPLY-only entry is found by its REPLY tuple only, and for 1 s', () => {
    const { ns, a, b } = race('6.8.0-1014-aws', ...pair);
    const t = ns.table;
    expect(t.status(b) & CT_NAT_CLASH).toBe(CT_NAT_CLASH);
    expect(t.tExpire(b)).toBe(ns.now + NS_PER_S);
    expect(t.find(t.oSrc(b), t.oDst(b), t.oPorts(b), 17, ns.now)).toBe(a * 2);
    expect(t.find(t.rSrc(b), t.rDst(b), t.rPorts(b), 17, ns.now)).toBe(b * 2 + 1);
    expect(t.find(t.rSrc(b), t.rDst(b), t.rPorts(b), 17, ns.now + NS_PER_S)).toBe(-1);
    t.release(a);
    expect(t.find(t.oSrc(b), t.oDst(b), t.oPorts(b), 17, ns.now)).toBe(-1);
  });

  it('drops when the REPLY tuple clashes too, with an entry that does not match', () => {
    const ns = makeNetns(profileOf('6.8.0-1014-aws'));
    // Winner 1: C1:40000 → SVC:53 via BACKEND_A. Winner 2: C1:40000 → BACKEND_B:53 directly, whose REPLY
    // (BACKEND_B:53 → C1:40000) is the loser's REPLY too.
    expect(
      confirmOn(ns, 0, natOn(ns, 0, { src: C1, sport: 40000, proto: 17, backend: BACKEND_A })).verdict,
    ).toBe(VERDICT_ACCEPT);
    const loser = natOn(ns, 1, { src: C1, sport: 40000, proto: 17, backend: BACKEND_B });
    // Confirmed after the loser's NAT decision (else the null binding would have moved its port).
    addConfirmed(ns, {
      src: C1,
      sport: 40000,
      dst: BACKEND_B,
      dport: 53,
      natIp: C1,
      natPort: 40000,
      proto: 17,
    });
    expect(confirmOn(ns, 1, loser).verdict).toBe(VERDICT_DROP);
    expect(moved(ns)[1]).toEqual({ insert_failed: 1, drop: 1 });
  });
});

describe('nfConntrackConfirm: un-NATed UDP NEW packets in both directions at once', () => {
  // a4e6a1031e77 (6.12): the winner may be the loser's reverse (nf_ct_match_reverse).
  it.each<ClashCase>([
    { release: '5.15.0-91-generic', verdict: 'DROP', counters: { insert_failed: 1, drop: 1 } },
    { release: '6.8.0-1014-aws', verdict: 'DROP', counters: { insert_failed: 1, drop: 1 } },
    { release: '6.18.44', verdict: 'MERGE', counters: { clash_resolve: 1 } },
  ])('$release: $verdict with $counters', ({ release, verdict, counters }) => {
    const ns = makeNetns(profileOf(release));
    const X = ip('10.0.7.7');
    ns.cpu = 0;
    const a = natNew(ns, nullBindingRange(C1), { src: C1, sport: 5000, dst: X, dport: 6000, proto: 17 }).ct;
    ns.cpu = 1;
    const b = natNew(ns, nullBindingRange(X), { src: X, sport: 6000, dst: C1, dport: 5000, proto: 17 }).ct;
    expect(confirmOn(ns, 0, a).verdict).toBe(VERDICT_ACCEPT);
    const rb = confirmOn(ns, 1, b);
    expect(rb.verdict).toBe(VERDICTS[verdict]);
    expect(moved(ns)[1]).toEqual(counters);
    if (verdict === 'MERGE') expect(rb.mergedInto).toBe(a);
  });
});

describe('nfConntrackConfirm: successful confirm', () => {
  it.each([
    { release: '3.10.0-1160.el7.x86_64', insert: 1 },
    { release: '4.4.0-142-generic', insert: 1 },
    { release: '4.9.300', insert: 0 },
    { release: '5.15.0-91-generic', insert: 0 },
    { release: '6.8.0-1014-aws', insert: 0 },
  ])('$release: insert += $insert (≤4.8 only)', ({ release, insert }) => {
    const ns = makeNetns(profileOf(release));
    const { ct } = natNew(ns, masq, { src: C1, sport: 40000, dst: DST, dport: 80 });
    expect(confirmOn(ns, 1, ct).verdict).toBe(VERDICT_ACCEPT);
    expect(ns.stats[1]!.insert).toBe(insert);
    expect(ns.stats[0]!.insert).toBe(0);
    expect(ns.table.isConfirmed(ct)).toBe(true);
    const t = ns.table;
    expect(t.find(C1, DST, ((40000 << 16) | 80) >>> 0, 6, ns.now)).toBe(ct * 2);
    expect(t.find(DST, HOST, ((80 << 16) | 40000) >>> 0, 6, ns.now)).toBe(ct * 2 + 1);
  });
});

describe('nfConntrackConfirm: chain length limit (5.15+)', () => {
  /**
   * A table with one kernel bucket holding `length` nodes (REPLY-only entries, one node each), then a new entry
   * to confirm; returns the verdict, the counters and the limit the kernel drew (`max_chainlen`).
   */
  const confirmAt = (release: string, length: number, seed: number) => {
    const ns = makeNetns(profileOf(release), seed);
    ns.table.setKernelBuckets(1, true);
    for (let i = 0; i < length; i++) {
      const id = ns.table.alloc(ip('10.244.1.2'), ip('93.184.216.34'), 20_000 + i, 443, 6);
      ns.table.setReplyDestination(id, ip('10.0.0.10'), 20_000 + i);
      ns.table.insertReplyOnly(id);
    }
    expect(ns.table.chainLength(0)).toBe(length);
    // The limit the confirm will draw, from a copy of the generator in the same state.
    const probe = new Xoshiro128(seed);
    const { min, span } =
      CHAIN_LIMITS[ns.profile.chainLimit === 'random-8-31' ? 'random-8-31' : 'random-50-79'];
    const max = min + probe.int(0, span - 1);
    const ct = ns.table.alloc(ip('10.244.1.3'), ip('93.184.216.34'), 40_000, 443, 6);
    ns.table.setReplyDestination(ct, ip('10.0.0.10'), 40_000);
    const verdict = nfConntrackConfirm(ns, ct, { mergedInto: -1 });
    return { verdict, stats: ns.stats[0]!, max };
  };

  it.each([
    ['5.15.0-91-generic', 8, 31],
    ['6.8.0-51-generic', 50, 79],
  ])(
    '%s refuses exactly when the chain holds max_chainlen + 2 nodes, max_chainlen in [%i, %i]',
    (release, lo, hi) => {
      const seen = new Set<number>();
      for (let seed = 1; seed <= 60; seed++) {
        for (let length = lo; length <= hi + 3; length++) {
          const { verdict, stats, max } = confirmAt(release, length, seed);
          seen.add(max);
          expect(max).toBeGreaterThanOrEqual(lo);
          expect(max).toBeLessThanOrEqual(hi);
          const refused = length >= max + 2;
          expect(verdict).toBe(refused ? VERDICT_DROP : VERDICT_ACCEPT);
          expect([stats.chaintoolong, stats.insert_failed, stats.drop]).toEqual(
            refused ? [1, 1, 0] : [0, 0, 0],
          );
        }
      }
      expect(seen.size).toBeGreaterThan(10);
    },
  );

  it('never refuses before 5.15', () => {
    const { verdict, stats } = confirmAt('5.14.21', 200, 1);
    expect(verdict).toBe(VERDICT_ACCEPT);
    expect(stats.chaintoolong).toBe(0);
  });
});
