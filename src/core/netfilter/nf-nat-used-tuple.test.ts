import { describe, expect, it } from 'vitest';
import type { Ipv4 } from '../net/ipv4.js';
import { CT_SRC_NAT } from './ct-status.js';
import { natRangeOf } from './nat-range.js';
import { NO_NAT_FLAGS } from './nat-rule.js';
import { nfNatUsedTuple, nfNatUsedTupleHarder } from './nf-nat-used-tuple.js';
import { addConfirmed, ip, makeNetns, natNew, profileOf } from './test-netns.js';

const HOST = ip('10.0.0.1');
const DST = ip('93.184.216.34');
const C1 = ip('172.17.0.2');
const NOW = 500_000_000_000;
const OLD_ISN = 1_000;
const NEW_ISN = 2_000;
const VICTIM_PORT = 2010;
/** 32 ports: the single round of the bounded search is all "last 32 attempts". */
const TO_PORTS = { min: 2000, max: 2031 };

type Ns = ReturnType<typeof makeNetns>;

interface Victim {
  proto?: number;
  tTimeWait?: number;
  srcNat?: boolean;
  isn?: number;
  /** Hold the port through the entry's ORIGINAL tuple (an inbound flow DST:80 → HOST:port). */
  original?: boolean;
}

/** Every port of TO_PORTS towards DST:80 held by an open, SNAT'ed flow; VICTIM_PORT by the given one. */
function fullTable(release: string, victim: Victim): { ns: Ns; victim: number } {
  const ns = makeNetns(profileOf(release));
  ns.now = NOW;
  const proto = victim.proto ?? 6;
  let id = -1;
  for (let port = TO_PORTS.min; port <= TO_PORTS.max; port++) {
    const src = (ip('172.18.0.0') + port) as Ipv4;
    const ct =
      port === VICTIM_PORT && victim.original
        ? addConfirmed(ns, { src: DST, sport: 80, dst: HOST, dport: port, natIp: DST, natPort: 80, proto })
        : addConfirmed(ns, { src, sport: 9999, dst: DST, dport: 80, natIp: HOST, natPort: port, proto });
    const t = ns.table;
    t.setIsn(ct, OLD_ISN);
    if (port === VICTIM_PORT) {
      id = ct;
      t.setTTimeWait(ct, victim.tTimeWait ?? NOW - 1_000_000_000);
      t.setIsn(ct, victim.isn ?? OLD_ISN);
      if (victim.srcNat === false) t.clearStatus(ct, CT_SRC_NAT);
      else t.addStatus(ct, CT_SRC_NAT);
    }
  }
  return { ns, victim: id };
}

function connect(ns: Ns, proto = 6, isn = NEW_ISN) {
  const range = natRangeOf({ type: 'masquerade', toPorts: TO_PORTS, flags: NO_NAT_FLAGS }, HOST, true);
  return natNew(ns, range, { src: C1, sport: 40000, dst: DST, dport: 80, proto, isn });
}

describe('nf_nat_used_tuple_harder (6.5+): TIME_WAIT eviction in the last 32 probes', () => {
  it('evicts a SNAT TIME_WAIT entry whose sequence number was passed, and takes its port', () => {
    const { ns, victim } = fullTable('6.8.0-1014-aws', {});
    const count = ns.table.count;
    const { choice } = connect(ns);
    expect(choice.port).toBe(VICTIM_PORT);
    expect(ns.table.isLive(victim)).toBe(false);
    expect(ns.table.count).toBe(count); // one evicted, one (unconfirmed) allocated
  });

  it.each<{ case: string; release: string; victim: Victim; isn?: number; proto?: number }>([
    { case: 'on 6.4 (before the eviction)', release: '6.4.0', victim: {} },
    { case: 'UDP', release: '6.8.0-1014-aws', victim: { proto: 17 }, proto: 17 },
    { case: 'not yet in TIME_WAIT', release: '6.8.0-1014-aws', victim: { tTimeWait: NOW + 1 } },
    { case: 'open connection', release: '6.8.0-1014-aws', victim: { tTimeWait: Number.POSITIVE_INFINITY } },
    { case: 'without SRC_NAT (host-local flow)', release: '6.8.0-1014-aws', victim: { srcNat: false } },
    { case: 'sequence number equal', release: '6.8.0-1014-aws', victim: { isn: NEW_ISN } },
    { case: 'sequence number behind', release: '6.8.0-1014-aws', victim: { isn: NEW_ISN + 1 } },
    { case: 'hit on its ORIGINAL tuple', release: '6.8.0-1014-aws', victim: { original: true } },
  ])('does not evict: $case', ({ release, victim: v, proto }) => {
    const { ns, victim } = fullTable(release, v);
    const count = ns.table.count;
    const { choice } = connect(ns, proto ?? 6);
    expect(ns.table.isLive(victim)).toBe(true);
    expect(ns.table.count).toBe(count + 1);
    // Nothing free: the search gives up with a used port (→ clash at confirm).
    expect(choice.step).toBe('searched');
    expect(
      ns.table.find(DST, HOST, ((80 << 16) | choice.port) >>> 0, proto ?? 6, ns.now),
    ).toBeGreaterThanOrEqual(0);
  });

  it('evicts at TIME_WAIT start exactly (tTimeWait == now)', () => {
    const { ns, victim } = fullTable('6.8.0-1014-aws', { tTimeWait: NOW });
    expect(connect(ns).choice.port).toBe(VICTIM_PORT);
    expect(ns.table.isLive(victim)).toBe(false);
  });

  it('compares sequence numbers as s32 (an ISN that wrapped past 2^32 has advanced)', () => {
    const { ns, victim } = fullTable('6.8.0-1014-aws', { isn: 0xfffffff0 });
    expect(connect(ns, 6, 5).choice.port).toBe(VICTIM_PORT);
    expect(ns.table.isLive(victim)).toBe(false);
  });

  it('applies only when 32 or fewer attempts are left in the round', () => {
    for (const [attemptsLeft, used] of [
      [128, true],
      [33, true],
      [32, false],
      [1, false],
    ] as const) {
      const { ns, victim } = fullTable('6.8.0-1014-aws', {});
      const ct = ns.table.alloc(C1, DST, 40000, 80, 6);
      ns.table.setIsn(ct, NEW_ISN);
      expect(nfNatUsedTupleHarder(ns, ct, HOST, VICTIM_PORT, DST, 80, 6, attemptsLeft)).toBe(used);
      expect(ns.table.isLive(victim)).toBe(used);
    }
  });

  it('the ordinary check treats a TIME_WAIT entry as used (120 s)', () => {
    const { ns, victim } = fullTable('6.8.0-1014-aws', {});
    const ct = ns.table.alloc(C1, DST, 40000, 80, 6);
    ns.table.setIsn(ct, NEW_ISN);
    expect(nfNatUsedTuple(ns, ct, HOST, VICTIM_PORT, DST, 80, 6)).toBe(true);
    expect(ns.table.isLive(victim)).toBe(true);
  });
});
