import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ipv4 } from '../net/ipv4.js';
import { Xoshiro128 } from '../random/xoshiro128.js';
import { type NatRange, natRangeOf } from './nat-range.js';
import { type NatFlags, NO_NAT_FLAGS, type PortRange } from './nat-rule.js';
import { nfConntrackConfirm, VERDICT_ACCEPT, VERDICT_DROP } from './nf-conntrack-confirm.js';
import { nfNatL4protoUniqueTuple } from './nf-nat-l4proto-unique-tuple.js';
import { addConfirmed, ip, makeNetns, natNew, profileOf } from './test-netns.js';

const HOST = ip('10.0.0.1');
const DST = ip('93.184.216.34');
const C1 = ip('172.17.0.2');
const C2 = ip('172.17.0.3');
const ROVER_ERA = '4.4.0-142-generic';
const PRNG_ERAS = ['4.19.228', '5.15.0-91-generic', '6.8.0-1014-aws'] as const;

type Ns = ReturnType<typeof makeNetns>;

function masquerade(release: string, flags: Partial<NatFlags> = {}, toPorts?: PortRange): NatRange {
  const f = { ...NO_NAT_FLAGS, ...flags };
  const target = toPorts
    ? { type: 'masquerade' as const, toPorts, flags: f }
    : { type: 'masquerade' as const, flags: f };
  return natRangeOf(target, HOST, profileOf(release).randomFully);
}

/** NAT port `port` towards DST:dport is held by a confirmed flow (a distinct ORIGINAL per port). */
function occupy(ns: Ns, port: number, proto = 6, dport = 80): number {
  const src = (ip('172.18.0.0') + port) as Ipv4;
  return addConfirmed(ns, { src, sport: 9999, dst: DST, dport, natIp: HOST, natPort: port, proto });
}

function foundTotal(ns: Ns): number {
  return ns.stats.reduce((sum, c) => sum + c.found, 0);
}

/** Step 4 alone for a fresh unconfirmed flow C1:40000 → DST:80. */
function search(ns: Ns, range: NatRange, proto = 6): { port: number; found: number } {
  const ct = ns.table.alloc(C1, DST, 40000, 80, proto);
  const before = foundTotal(ns);
  const port = nfNatL4protoUniqueTuple(ns, ct, range, HOST, 40000, DST, 80, proto);
  return { port, found: foundTotal(ns) - before };
}

describe('rover (≤4.x without the 2022 backports)', () => {
  const masq = masquerade(ROVER_ERA);

  it('stores the chosen offset, not offset + 1', () => {
    const ns = makeNetns(profileOf(ROVER_ERA));
    occupy(ns, 40000);
    ns.rover[0] = 5;
    expect(natNew(ns, masq, { src: C1, sport: 40000, dst: DST, dport: 80 }).choice.port).toBe(1029);
    expect(ns.rover[0]).toBe(5);
  });

  it('skips used ports and stores the offset it stopped at', () => {
    const ns = makeNetns(profileOf(ROVER_ERA));
    for (const p of [40000, 1029, 1030]) occupy(ns, p);
    ns.rover[0] = 5;
    const { choice } = natNew(ns, masq, { src: C1, sport: 40000, dst: DST, dport: 80 });
    expect(choice.port).toBe(1031);
    expect(ns.rover[0]).toBe(7);
    expect(ns.stats[0]!.found).toBe(3); // step 3 on 40000, then 1029 and 1030
  });

  it('is one rover per protocol: TCP uses and moves rover[0], UDP rover[1]', () => {
    const ns = makeNetns(profileOf(ROVER_ERA));
    occupy(ns, 40000, 6);
    occupy(ns, 40000, 17);
    ns.rover.set([5, 300]);
    const tcp = natNew(ns, masq, { src: C1, sport: 40000, dst: DST, dport: 80, proto: 6 }).choice;
    expect(tcp.port).toBe(1029);
    expect([...ns.rover]).toEqual([5, 300]);
    const udp = natNew(ns, masq, { src: C2, sport: 40000, dst: DST, dport: 80, proto: 17 }).choice;
    expect(udp.port).toBe(1324);
    ns.rover[0] = 77;
    occupy(ns, 1324, 17);
    natNew(ns, masq, { src: (C2 + 1) as Ipv4, sport: 40000, dst: DST, dport: 80, proto: 17 });
    expect([...ns.rover]).toEqual([77, 301]);
  });

  it.each([{ random: true }, { randomFully: true }])('is not read or written with %o', (flags) => {
    const ns = makeNetns(profileOf(ROVER_ERA));
    ns.rover[0] = 1234;
    natNew(ns, masquerade(ROVER_ERA, flags), { src: C1, sport: 40000, dst: DST, dport: 80 });
    expect(ns.rover[0]).toBe(1234);
  });

  it('gives two unconfirmed flows that both need step 4 the SAME port (the race), for any rover value', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 65535 }),
        fc.integer({ min: 0, max: 0xffffffff }),
        (rover, seed) => {
          const ns = makeNetns(profileOf(ROVER_ERA), seed);
          occupy(ns, 40000);
          ns.rover[0] = rover;
          const a = natNew(ns, masq, { src: C1, sport: 40000, dst: DST, dport: 80 });
          ns.cpu = 1;
          const b = natNew(ns, masq, { src: C2, sport: 40000, dst: DST, dport: 80 });
          expect(a.choice.step).toBe('searched');
          expect(b.choice.port).toBe(a.choice.port);
          ns.cpu = 0;
          expect(nfConntrackConfirm(ns, a.ct, { mergedInto: -1 })).toBe(VERDICT_ACCEPT);
          ns.cpu = 1;
          expect(nfConntrackConfirm(ns, b.ct, { mergedInto: -1 })).toBe(VERDICT_DROP);
          expect(ns.stats[1]!.insert_failed).toBe(1);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('--random (secure_port of natIp, dst, dport) also starts two containers at the same port before 5.0', () => {
    for (const release of [ROVER_ERA, '4.19.228']) {
      const ns = makeNetns(profileOf(release));
      const random = masquerade(release, { random: true });
      const a = natNew(ns, random, { src: C1, sport: 40000, dst: DST, dport: 80 }).choice;
      const b = natNew(ns, random, { src: C2, sport: 51000, dst: DST, dport: 80 }).choice;
      expect(b.port).toBe(a.port);
    }
  });
});

describe.each(PRNG_ERAS)('PRNG offset on %s', (release) => {
  it('two unconfirmed flows that both need step 4 (almost) never pick the same port', () => {
    const masq = masquerade(release);
    let same = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const ns = makeNetns(profileOf(release), seed);
      occupy(ns, 40000);
      const a = natNew(ns, masq, { src: C1, sport: 40000, dst: DST, dport: 80 }).choice;
      const b = natNew(ns, masq, { src: C2, sport: 40000, dst: DST, dport: 80 }).choice;
      expect([a.step, b.step]).toEqual(['searched', 'searched']);
      if (a.port === b.port) same++;
    }
    expect(same).toBeLessThanOrEqual(1);
  });

  it('never touches the rover', () => {
    const ns = makeNetns(profileOf(release));
    occupy(ns, 40000);
    ns.rover.set([5, 6]);
    natNew(ns, masquerade(release), { src: C1, sport: 40000, dst: DST, dport: 80 });
    expect([...ns.rover]).toEqual([5, 6]);
  });
});

describe('bounded search (a504b703bb1d: rounds of min(range, 128), 64, 32, 16, 8)', () => {
  /** Probes until giving up: `if (attempts >= range_size || attempts < 16) return` after each round. */
  const expectedProbes = (size: number): number => (size <= 128 ? size : 128 + 64 + 32 + 16 + 8);

  const cases = [1, 8, 16, 100, 128, 129, 200, 300].flatMap((size) =>
    (['4.19.228', '5.15.0-91-generic'] as const).map((release) => ({ size, release })),
  );

  it.each(cases)(
    '$release, all $size ports used: found += probes, returns a used port',
    ({ size, release }) => {
      const toPorts = { min: 2000, max: 2000 + size - 1 };
      const ns = makeNetns(profileOf(release), 7);
      for (let p = toPorts.min; p <= toPorts.max; p++) occupy(ns, p);
      const { port, found } = search(ns, masquerade(release, {}, toPorts));
      expect(found).toBe(expectedProbes(size));
      expect(port).toBeGreaterThanOrEqual(toPorts.min);
      expect(port).toBeLessThanOrEqual(toPorts.max);
      expect(ns.table.find(DST, HOST, ((80 << 16) | port) >>> 0, 6, ns.now)).toBeGreaterThanOrEqual(0);
    },
  );

  it('6.8 UDP counts all 248 probes; TCP does not count the last 32 of each round (find_get, not tuple_taken)', () => {
    const release = '6.8.0-1014-aws';
    const toPorts = { min: 2000, max: 2299 };
    const udp = makeNetns(profileOf(release));
    for (let p = toPorts.min; p <= toPorts.max; p++) occupy(udp, p, 17);
    expect(search(udp, masquerade(release, {}, toPorts), 17).found).toBe(248);
    const tcp = makeNetns(profileOf(release));
    for (let p = toPorts.min; p <= toPorts.max; p++) occupy(tcp, p, 6);
    // Round 128: 96 counted; round 64: 32; rounds 32, 16, 8: all in the harder window.
    expect(search(tcp, masquerade(release, {}, toPorts), 6).found).toBe(96 + 32);
  });

  it('the used port it gives up with clashes at confirm (TCP: DROP, insert_failed and drop on that CPU)', () => {
    const release = '5.15.0-91-generic';
    const toPorts = { min: 2000, max: 2299 };
    const ns = makeNetns(profileOf(release), 3, 4);
    for (let p = toPorts.min; p <= toPorts.max; p++) occupy(ns, p);
    ns.cpu = 2;
    const { ct, choice } = natNew(ns, masquerade(release, {}, toPorts), {
      src: C1,
      sport: 40000,
      dst: DST,
      dport: 80,
    });
    expect(choice.step).toBe('searched');
    expect(nfConntrackConfirm(ns, ct, { mergedInto: -1 })).toBe(VERDICT_DROP);
    expect(ns.stats.map((c) => [c.insert_failed, c.drop])).toEqual([
      [0, 0],
      [0, 0],
      [1, 1],
      [0, 0],
    ]);
  });

  it('finds the single free port when it is within the probed window', () => {
    const release = '5.15.0-91-generic';
    const toPorts = { min: 2000, max: 2099 }; // 100 ports: one round covers the whole range
    for (let free = toPorts.min; free <= toPorts.max; free += 9) {
      const ns = makeNetns(profileOf(release), free);
      for (let p = toPorts.min; p <= toPorts.max; p++) if (p !== free) occupy(ns, p);
      expect(search(ns, masquerade(release, {}, toPorts)).port).toBe(free);
    }
  });
});

describe('unbounded linear search (rover era)', () => {
  it.each([false, true])(
    'all 300 ports used: probes range_size - 1 (`++i != range_size`), returns the last, used port (NAT index %s)',
    (indexed) => {
      const ns = makeNetns(profileOf(ROVER_ERA));
      if (indexed) ns.table.indexNatAddress(HOST);
      const toPorts = { min: 2000, max: 2299 };
      for (let p = toPorts.min; p <= toPorts.max; p++) occupy(ns, p);
      ns.rover[0] = 7;
      const { port, found } = search(ns, masquerade(ROVER_ERA, {}, toPorts));
      expect(found).toBe(299);
      expect(port).toBe(2000 + ((7 + 299) % 300));
      expect(ns.rover[0]).toBe(7 + 299);
    },
  );

  it('the NAT port index makes exactly the probes of the hash lookups (same port, found and rover)', () => {
    const ranges: (PortRange | undefined)[] = [undefined, { min: 2000, max: 2299 }, { min: 1024, max: 1100 }];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 65535 }),
        fc.integer({ min: 0, max: 400 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 500 }), { maxLength: 60 }),
        fc.constantFrom(...ranges),
        (rover, block, extras, toPorts) => {
          const range = masquerade(ROVER_ERA, {}, toPorts);
          const min = toPorts?.min ?? 1024;
          const size = toPorts ? toPorts.max - toPorts.min + 1 : 64512;
          const used = new Set<number>([40000]);
          for (let k = 0; k < block; k++) used.add(min + (((rover + k) & 0xffff) % size));
          for (const k of extras) used.add(min + (((rover + k) & 0xffff) % size));
          const run = (indexed: boolean): [number, number, number] => {
            const ns = makeNetns(profileOf(ROVER_ERA));
            if (indexed) ns.table.indexNatAddress(HOST);
            for (const p of used) occupy(ns, p);
            ns.rover[0] = rover;
            const { port, found } = search(ns, range);
            return [port, found, ns.rover[0]!];
          };
          expect(run(true)).toEqual(run(false));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('u16 offset wrap (off is a u16 before `% range_size`)', () => {
  it.each([
    { rover: 0, port: 1024 },
    { rover: 64511, port: 65535 },
    { rover: 64512, port: 1024 },
    { rover: 64517, port: 1029 },
    { rover: 65535, port: 2047 },
  ])('rover $rover → port $port', ({ rover, port }) => {
    const ns = makeNetns(profileOf(ROVER_ERA));
    occupy(ns, 40000);
    ns.rover[0] = rover;
    expect(
      natNew(ns, masquerade(ROVER_ERA), { src: C1, sport: 40000, dst: DST, dport: 80 }).choice.port,
    ).toBe(port);
  });

  it.each([false, true])(
    'offset 65535 + 1 wraps to 0: after port 2047 comes 1024, not 2048 (index %s)',
    (indexed) => {
      const ns = makeNetns(profileOf(ROVER_ERA));
      if (indexed) ns.table.indexNatAddress(HOST);
      occupy(ns, 40000);
      occupy(ns, 2047);
      ns.rover[0] = 65535;
      expect(
        natNew(ns, masquerade(ROVER_ERA), { src: C1, sport: 40000, dst: DST, dport: 80 }).choice.port,
      ).toBe(1024);
      expect(ns.rover[0]).toBe(0);
    },
  );

  it('PRNG era: the bounded search wraps its offset too (65535 → 0: after 2047 comes 1024)', () => {
    const release = '5.15.0-91-generic';
    const seed = 131554; // the first u16 of this seed's stream is 65535
    expect(new Xoshiro128(seed).u16()).toBe(65535);
    const ns = makeNetns(profileOf(release), seed);
    occupy(ns, 40000);
    occupy(ns, 2047);
    const { choice } = natNew(ns, masquerade(release), { src: C1, sport: 40000, dst: DST, dport: 80 });
    expect(choice).toMatchObject({ step: 'searched', port: 1024 });
  });

  it('PRNG era: ports 1024–2047 are twice as likely a start as any other', () => {
    const release = '5.15.0-91-generic';
    const ns = makeNetns(profileOf(release), 99);
    const range = masquerade(release, { randomFully: true });
    const n = 20000;
    let low = 0;
    for (let i = 0; i < n; i++) {
      const port = search(ns, range).port;
      if (port >= 1024 && port <= 2047) low++;
    }
    // 2048 of 65536 offsets land there: 3.125 %, against 1.59 % for a uniform choice.
    expect(low / n).toBeGreaterThan(0.027);
    expect(low / n).toBeLessThan(0.036);
  });
});
