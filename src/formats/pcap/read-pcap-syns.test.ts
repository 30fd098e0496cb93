import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIpv4 } from '../../core/net/ipv4.js';
import { readPcapSyns } from './read-pcap-syns.js';

// A real capture: `tcpdump -i docker0 --time-stamp-precision=nano -w` in a lab run's node namespace, 6 rounds of
// the built-in same-port race; round 5 clashed and its loser retransmitted ~1 s later (same ISN).
const FIXTURE = new Uint8Array(
  readFileSync(new URL('../../../test/lab-captures/lab-same-port-syns.pcap', import.meta.url)),
);

/** The same capture rewritten as tcpdump would write it with microsecond stamps and/or in big-endian order. */
function rewrite(bytes: Uint8Array, o: { micro: boolean; big: boolean }): Uint8Array {
  const src = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Uint8Array(bytes);
  const dst = new DataView(out.buffer);
  dst.setUint32(0, o.micro ? 0xa1b2c3d4 : 0xa1b23c4d, !o.big);
  dst.setUint16(4, src.getUint16(4, true), !o.big);
  dst.setUint16(6, src.getUint16(6, true), !o.big);
  for (const at of [8, 12, 16, 20]) dst.setUint32(at, src.getUint32(at, true), !o.big);
  for (let at = 24; at + 16 <= bytes.length; ) {
    const caplen = src.getUint32(at + 8, true);
    dst.setUint32(at, src.getUint32(at, true), !o.big);
    const frac = src.getUint32(at + 4, true);
    dst.setUint32(at + 4, o.micro ? Math.floor(frac / 1000) : frac, !o.big);
    dst.setUint32(at + 8, caplen, !o.big);
    dst.setUint32(at + 12, src.getUint32(at + 12, true), !o.big);
    at += 16 + caplen;
  }
  return out;
}

describe('readPcapSyns', () => {
  it('reads the SYNs of a real capture: addresses, ports, ISN, nanosecond time', () => {
    const r = readPcapSyns(FIXTURE);
    expect(r.issues).toEqual([]);
    expect(r.records).toBe(13);
    expect(r.value).toHaveLength(13);
    const first = r.value[0]!;
    expect([first.sec, first.nsec]).toEqual([1795673123, 813656848]);
    expect([formatIpv4(first.src), first.sport, formatIpv4(first.dst), first.dport, first.seq]).toEqual([
      '198.18.0.2',
      40000,
      '198.19.0.2',
      5061,
      1153019333,
    ]);
    // Round 5's two SYNs reached the node 151 ns apart and clashed; the loser's retransmission repeats its ISN.
    const [a, b] = [r.value[8]!, r.value[9]!];
    expect(b.nsec - a.nsec).toBe(151);
    const retry = r.value[12]!;
    expect([formatIpv4(retry.src), retry.sport, retry.seq]).toEqual(['198.18.0.3', 40004, a.seq]);
    expect(retry.sec - a.sec).toBe(1);
  });

  it.each([
    { micro: true, big: false },
    { micro: false, big: true },
    { micro: true, big: true },
  ])('reads the same SYNs from a %j capture', (o) => {
    const want = readPcapSyns(FIXTURE).value.map((s) => ({
      ...s,
      nsec: o.micro ? Math.floor(s.nsec / 1000) * 1000 : s.nsec,
    }));
    const r = readPcapSyns(rewrite(FIXTURE, o));
    expect(r.issues).toEqual([]);
    expect(r.value).toEqual(want);
  });

  it('refuses what is not pcap, naming why', () => {
    const text = new TextEncoder().encode(
      '1795673123.813656848 IP 198.18.0.2.40000 > 198.19.0.2.5061: Flags [S]\n',
    );
    expect(readPcapSyns(text).issues).toEqual([
      { code: 'not-pcap', offset: 0, message: 'not a pcap file (bad magic number; pcapng is not read)' },
    ]);
    const nflog = new Uint8Array(FIXTURE.slice(0, 24));
    new DataView(nflog.buffer).setUint32(20, 239, true);
    expect(readPcapSyns(nflog).issues[0]?.code).toBe('unsupported-link');
  });

  it('reads a cut capture as far as it goes and says where it was cut', () => {
    const whole = readPcapSyns(FIXTURE).value;
    const view = new DataView(FIXTURE.buffer, FIXTURE.byteOffset);
    const boundaries = new Set([24]);
    for (let at = 24; at < FIXTURE.length; at += 16 + view.getUint32(at + 8, true)) boundaries.add(at);
    for (let cut = 0; cut < FIXTURE.length; cut++) {
      const r = readPcapSyns(FIXTURE.subarray(0, cut));
      expect(whole.slice(0, r.value.length)).toEqual(r.value);
      expect(r.issues.some((i) => i.code === 'truncated')).toBe(!boundaries.has(cut));
    }
  });

  it('survives mutated captures without throwing (seeded)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(FIXTURE.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }),
        (edits) => {
          const bytes = new Uint8Array(FIXTURE);
          for (const [at, v] of edits) bytes[at] = v;
          const r = readPcapSyns(bytes);
          expect(r.value.length).toBeLessThanOrEqual(r.records);
        },
      ),
      { seed: 42, numRuns: 3000 },
    );
  });
});
