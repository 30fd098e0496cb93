import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ipv4 } from '../net/ipv4.js';
import { type NatRange, natRangeOf, nullBindingRange } from './nat-range.js';
import { type NatFlags, NO_NAT_FLAGS, type PortRange } from './nat-rule.js';
import { portClass } from './nf-nat-l4proto-unique-tuple.js';
import { addConfirmed, ip, makeNetns, natNew, profileOf } from './test-netns.js';

const HOST = ip('10.0.0.1');
const DST = ip('93.184.216.34');
const DST2 = ip('198.51.100.7');
const C1 = ip('172.17.0.2');
const C2 = ip('172.17.0.3');
const C3 = ip('172.17.0.4');

const ERAS = [
  { release: '4.4.0-142-generic', era: 'rover' },
  { release: '4.19.228', era: 'PRNG backport, bounded search' },
  { release: '5.15.0-91-generic', era: 'PRNG' },
  { release: '6.8.0-1014-aws', era: 'PRNG + TIME_WAIT eviction' },
] as const;

function masquerade(release: string, flags: Partial<NatFlags> = {}, toPorts?: PortRange): NatRange {
  const target = toPorts
    ? { type: 'masquerade' as const, toPorts, flags: { ...NO_NAT_FLAGS, ...flags } }
    : { type: 'masquerade' as const, flags: { ...NO_NAT_FLAGS, ...flags } };
  return natRangeOf(target, HOST, profileOf(release).randomFully);
}

/** A confirmed flow from another container that holds HOST:natPort towards dst:dport. */
function occupy(ns: ReturnType<typeof makeNetns>, natPort: number, dst = DST, dport = 80, proto = 6): number {
  return addConfirmed(ns, {
    src: C3,
    sport: 7000 + (natPort % 1000),
    dst,
    dport,
    natIp: HOST,
    natPort,
    proto,
  });
}

function replyTaken(
  ns: ReturnType<typeof makeNetns>,
  natIp: number,
  port: number,
  dst = DST,
  dport = 80,
): boolean {
  return ns.table.find(dst, natIp, ((dport << 16) | port) >>> 0, 6, ns.now) >= 0;
}

describe.each(ERAS)('getUniqueTuple on $release ($era)', ({ release }) => {
  const profile = profileOf(release);
  const masq = masquerade(release);

  it('keeps a free original port under plain MASQUERADE (step 3)', () => {
    const ns = makeNetns(profile);
    const { choice } = natNew(ns, masq, { src: C1, sport: 40000, dst: DST, dport: 80 });
    expect(choice).toEqual({ ip: HOST, port: 40000, step: 'kept-port' });
  });

  it('keeps the port when it is used only towards another destination (ports are per destination)', () => {
    const ns = makeNetns(profile);
    occupy(ns, 40000, DST2, 443);
    const { choice } = natNew(ns, masq, { src: C1, sport: 40000, dst: DST, dport: 80 });
    expect(choice).toEqual({ ip: HOST, port: 40000, step: 'kept-port' });
  });

  it('searches (step 4) for a free port when the original one is used towards the same destination', () => {
    const ns = makeNetns(profile);
    occupy(ns, 40000);
    const { choice } = natNew(ns, masq, { src: C1, sport: 40000, dst: DST, dport: 80 });
    expect(choice.step).toBe('searched');
    expect(choice.ip).toBe(HOST);
    expect(choice.port).not.toBe(40000);
    expect(choice.port).toBeGreaterThanOrEqual(1024);
    expect(replyTaken(ns, HOST, choice.port)).toBe(false);
    expect(ns.stats[0]!.found).toBeGreaterThanOrEqual(1);
  });

  it('reuses the mapping of a confirmed flow from the same source ip:port (bysource, step 1)', () => {
    const ns = makeNetns(profile);
    addConfirmed(ns, { src: C1, sport: 40000, dst: DST2, dport: 443, natIp: HOST, natPort: 50000 });
    const { choice } = natNew(ns, masq, { src: C1, sport: 40000, dst: DST, dport: 80 });
    expect(choice).toEqual({ ip: HOST, port: 50000, step: 'bysource' });
  });

  it('reuses the mapping of an unconfirmed flow that was already NATed and linked (bysource)', () => {
    const ns = makeNetns(profile);
    occupy(ns, 40000, DST2, 443);
    const first = natNew(ns, masq, { src: C1, sport: 40000, dst: DST2, dport: 443 });
    expect(first.choice.step).toBe('searched');
    expect(ns.table.isConfirmed(first.ct)).toBe(false);
    const { choice } = natNew(ns, masq, { src: C1, sport: 40000, dst: DST, dport: 80 });
    expect(choice).toEqual({ ip: HOST, port: first.choice.port, step: 'bysource' });
  });

  it('does not reuse a bysource mapping that is taken towards the new destination', () => {
    const ns = makeNetns(profile);
    addConfirmed(ns, { src: C1, sport: 40000, dst: DST2, dport: 443, natIp: HOST, natPort: 50000 });
    occupy(ns, 50000);
    const { choice } = natNew(ns, masq, { src: C1, sport: 40000, dst: DST, dport: 80 });
    expect(choice).toEqual({ ip: HOST, port: 40000, step: 'kept-port' });
  });

  it('tries only the newest in-range bysource mapping: when it is taken, older ones are not tried', () => {
    const ns = makeNetns(profile);
    addConfirmed(ns, { src: C1, sport: 40000, dst: DST2, dport: 443, natIp: HOST, natPort: 50000 });
    addConfirmed(ns, { src: C1, sport: 40000, dst: DST2, dport: 8443, natIp: HOST, natPort: 50001 });
    occupy(ns, 50001);
    const { choice } = natNew(ns, masq, { src: C1, sport: 40000, dst: DST, dport: 80 });
    expect(choice).toEqual({ ip: HOST, port: 40000, step: 'kept-port' });
  });

  it('ignores a bysource entry of the other protocol (same_src compares protonum)', () => {
    const ns = makeNetns(profile);
    addConfirmed(ns, { src: C1, sport: 40000, dst: DST2, dport: 53, natIp: HOST, natPort: 50000, proto: 17 });
    const { choice } = natNew(ns, masq, { src: C1, sport: 40000, dst: DST, dport: 80 });
    expect(choice).toEqual({ ip: HOST, port: 40000, step: 'kept-port' });
  });

  it('--random-fully never keeps the original port or a bysource mapping', () => {
    const rf = masquerade(release, { randomFully: true });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 1, max: 65535 }),
        (seed, sport) => {
          const ns = makeNetns(profile, seed);
          addConfirmed(ns, { src: C1, sport, dst: DST2, dport: 443, natIp: HOST, natPort: 50000 });
          const { choice } = natNew(ns, rf, { src: C1, sport, dst: DST, dport: 80 });
          const cls = portClass(sport);
          expect(choice.step).toBe('searched');
          expect(choice.port).toBeGreaterThanOrEqual(cls.min);
          expect(choice.port).toBeLessThan(cls.min + cls.size);
        },
      ),
      { numRuns: 200 },
    );
    let kept = 0;
    for (let seed = 1; seed <= 2000; seed++) {
      const ns = makeNetns(profile, seed);
      if (natNew(ns, rf, { src: C1, sport: 40000, dst: DST, dport: 80 }).choice.port === 40000) kept++;
    }
    expect(kept).toBeLessThanOrEqual(2);
  });

  it('--random keeps nothing either (steps 1 and 3 are skipped)', () => {
    const random = masquerade(release, { random: true });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 1024, max: 65535 }),
        (seed, sport) => {
          const ns = makeNetns(profile, seed);
          addConfirmed(ns, { src: C1, sport, dst: DST2, dport: 443, natIp: HOST, natPort: 50000 });
          const { choice } = natNew(ns, random, { src: C1, sport, dst: DST, dport: 80 });
          expect(choice.step).toBe('searched');
          expect(choice.port).not.toBe(50000);
        },
      ),
      { numRuns: 100 },
    );
  });

  it.each([
    { sport: 1, min: 1, max: 511 },
    { sport: 100, min: 1, max: 511 },
    { sport: 511, min: 1, max: 511 },
    { sport: 512, min: 600, max: 1023 },
    { sport: 700, min: 600, max: 1023 },
    { sport: 1023, min: 600, max: 1023 },
    { sport: 1024, min: 1024, max: 65535 },
    { sport: 65535, min: 1024, max: 65535 },
  ])('searches source port $sport in the class $min..$max', ({ sport, min, max }) => {
    for (let seed = 1; seed <= 30; seed++) {
      const ns = makeNetns(profile, seed);
      occupy(ns, sport);
      const { choice } = natNew(ns, masq, { src: C1, sport, dst: DST, dport: 80 });
      expect(choice.step).toBe('searched');
      expect(choice.port).toBeGreaterThanOrEqual(min);
      expect(choice.port).toBeLessThanOrEqual(max);
      expect(choice.port).not.toBe(sport);
    }
  });

  it.each([
    { case: 'source port outside the range', ports: { min: 2000, max: 2099 }, sport: 40000, used: false },
    { case: 'free source port inside the range', ports: { min: 2000, max: 2099 }, sport: 2050, used: false },
    { case: 'used source port inside the range', ports: { min: 2000, max: 2099 }, sport: 2050, used: true },
    { case: 'single-port range, port used', ports: { min: 3000, max: 3000 }, sport: 3000, used: true },
    { case: 'single-port range, other port', ports: { min: 3000, max: 3000 }, sport: 40000, used: false },
  ])('--to-ports: $case', ({ ports, sport, used }) => {
    const range = masquerade(release, {}, ports);
    for (let seed = 1; seed <= 20; seed++) {
      const ns = makeNetns(profile, seed);
      if (used) occupy(ns, sport);
      const { choice } = natNew(ns, range, { src: C1, sport, dst: DST, dport: 80 });
      expect(choice.port).toBeGreaterThanOrEqual(ports.min);
      expect(choice.port).toBeLessThanOrEqual(ports.max);
      const inRange = sport >= ports.min && sport <= ports.max;
      // Step 3 with --to-ports: kept if in range and (min == max or free) — a single-port range is kept
      // even when used, which clashes at confirm.
      const keep = inRange && (ports.min === ports.max || !used);
      expect(choice.step).toBe(keep ? 'kept-port' : 'searched');
      if (keep) expect(choice.port).toBe(sport);
      if (used && !keep) expect(choice.port).not.toBe(sport);
    }
  });

  describe('SNAT to an address range', () => {
    const snat = (persistent = false): NatRange =>
      natRangeOf(
        {
          type: 'snat',
          toSource: { minIp: ip('10.0.0.1'), maxIp: ip('10.0.0.4') },
          flags: { ...NO_NAT_FLAGS, persistent },
        },
        HOST,
        profile.randomFully,
      );

    it('picks an address inside the range, the same one for the same (source, destination)', () => {
      const ns = makeNetns(profile);
      const seen = new Set<number>();
      for (let i = 0; i < 64; i++) {
        const src = (C1 + i) as Ipv4;
        const a = natNew(ns, snat(), { src, sport: 40000, dst: DST, dport: 80 }).choice;
        const b = natNew(ns, snat(), { src, sport: 40001, dst: DST, dport: 80 }).choice;
        expect(a.ip).toBeGreaterThanOrEqual(ip('10.0.0.1'));
        expect(a.ip).toBeLessThanOrEqual(ip('10.0.0.4'));
        expect(b.ip).toBe(a.ip);
        seen.add(a.ip);
      }
      expect(seen.size).toBe(4);
    });

    it('--persistent keeps the address of a source for every destination', () => {
      const ns = makeNetns(profile);
      const plain = new Set<number>();
      const persistent = new Set<number>();
      for (let i = 0; i < 32; i++) {
        const dst = (DST2 + i) as Ipv4;
        plain.add(natNew(ns, snat(), { src: C1, sport: 40000 + i, dst, dport: 80 }).choice.ip);
        persistent.add(natNew(ns, snat(true), { src: C1, sport: 41000 + i, dst, dport: 80 }).choice.ip);
      }
      expect(persistent.size).toBe(1);
      expect(plain.size).toBeGreaterThan(1);
    });

    it('keeps the whole tuple of a source already inside the range (step 1)', () => {
      const ns = makeNetns(profile);
      const { choice } = natNew(ns, snat(), { src: ip('10.0.0.3'), sport: 40000, dst: DST, dport: 80 });
      expect(choice).toEqual({ ip: ip('10.0.0.3'), port: 40000, step: 'kept' });
    });
  });

  describe('null binding (no NAT rule matched)', () => {
    it('keeps the tuple', () => {
      const ns = makeNetns(profile);
      const { choice } = natNew(ns, nullBindingRange(C1), { src: C1, sport: 40000, dst: DST, dport: 80 });
      expect(choice).toEqual({ ip: C1, port: 40000, step: 'kept' });
    });

    it('still moves the port when the reply tuple is taken (an inbound flow DST:80 → C1:40000)', () => {
      const ns = makeNetns(profile);
      addConfirmed(ns, { src: DST, sport: 80, dst: C1, dport: 40000, natIp: DST, natPort: 80 });
      const { choice } = natNew(ns, nullBindingRange(C1), { src: C1, sport: 40000, dst: DST, dport: 80 });
      expect(choice.ip).toBe(C1);
      expect(choice.step).toBe('searched');
      expect(choice.port).not.toBe(40000);
    });
  });
});

describe('getUniqueTuple: a confirmed flow with our very ORIGINAL tuple (UDP retransmit, DNS A/AAAA)', () => {
  // 5.0 (4e35c1cb9460): nf_conntrack_tuple_taken skips an entry with the same ORIGINAL, so the second packet
  // gets the same mapping; before, the mapping counts as taken and the flow is moved to another port.
  it.each([
    { release: '4.4.0-142-generic', samePort: false },
    { release: '4.19.228', samePort: false },
    { release: '5.15.0-91-generic', samePort: true },
    { release: '6.8.0-1014-aws', samePort: true },
  ])('$release: same mapping = $samePort', ({ release, samePort }) => {
    const ns = makeNetns(profileOf(release));
    addConfirmed(ns, { src: C1, sport: 40000, dst: DST, dport: 53, natIp: HOST, natPort: 40000, proto: 17 });
    const { choice } = natNew(ns, masquerade(release), {
      src: C1,
      sport: 40000,
      dst: DST,
      dport: 53,
      proto: 17,
    });
    expect(choice.port === 40000).toBe(samePort);
    if (samePort) expect(choice.step).toBe('bysource');
    else expect(choice.step).toBe('searched');
  });
});

describe('getUniqueTuple on old kernels', () => {
  it('has no --random-fully: natRangeOf drops the flag and the port is kept', () => {
    const release = '3.10.0-1160.el7.x86_64';
    const ns = makeNetns(profileOf(release));
    const { choice } = natNew(ns, masquerade(release, { randomFully: true }), {
      src: C1,
      sport: 40000,
      dst: DST,
      dport: 80,
    });
    expect(choice).toEqual({ ip: HOST, port: 40000, step: 'kept-port' });
  });

  it('two containers with the same source port keep it both while neither is confirmed', () => {
    const ns = makeNetns(profileOf('4.4.0-142-generic'));
    const a = natNew(ns, masquerade('4.4.0-142-generic'), { src: C1, sport: 40000, dst: DST, dport: 80 });
    const b = natNew(ns, masquerade('4.4.0-142-generic'), { src: C2, sport: 40000, dst: DST, dport: 80 });
    expect([a.choice.port, b.choice.port]).toEqual([40000, 40000]);
  });
});

describe('getUniqueTuple: un-NATed UDP flow whose reverse is already confirmed (simultaneous bidirectional NEW)', () => {
  const X = ip('10.0.7.7');
  const setup = (release: string) => {
    const ns = makeNetns(profileOf(release));
    // X:6000 → C1:5000 confirmed, no NAT; now C1:5000 → X:6000 leaves (null binding).
    addConfirmed(ns, { src: X, sport: 6000, dst: C1, dport: 5000, natIp: X, natPort: 6000, proto: 17 });
    return natNew(ns, nullBindingRange(C1), { src: C1, sport: 5000, dst: X, dport: 6000, proto: 17 }).choice;
  };

  it('before 6.12 the reply tuple counts as taken and the port moves', () => {
    const choice = setup('6.8.0-1014-aws');
    expect(choice.step).toBe('searched');
    expect(choice.port).not.toBe(5000);
  });

  // Kernel 6.12 (+6.6.57, d8f84a9bc7c4, kernel-nat.md §1.3 Era E): step (1) uses nf_nat_used_tuple_new(), which
  // reports the tuple free when the clashing entry is un-NATed and exactly our reverse, so the tuple is kept and
  // the clash is merged at confirm (nf_ct_match_reverse).
  it('6.12+: nf_nat_used_tuple_new keeps the tuple', () => {
    expect(setup('6.18.44')).toEqual({ ip: C1, port: 5000, step: 'kept' });
  });
});
