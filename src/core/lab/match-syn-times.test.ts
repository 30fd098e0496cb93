import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPcapSyns } from '../../formats/pcap/read-pcap-syns.js';
import { type Ipv4, parseIpv4 } from '../net/ipv4.js';
import { NS_PER_MS, NS_PER_S } from '../time/sim-time.js';
import type { LabContainerRun } from './lab-measurement.js';
import { matchSynTimes, type TimedSyn } from './match-syn-times.js';

const ip = (text: string) => parseIpv4(text) as Ipv4;
const C1 = ip('198.18.0.2');
const C2 = ip('198.18.0.3');

/** Two containers dialling once per round, 40 ms apart, from port base + round (or always `base`). */
function runs(rounds: number, ports: (round: number) => number): LabContainerRun[] {
  return [1, 2].map((c) => ({
    name: `app-${c}`,
    netns: `portclash-r-c${c}`,
    cpu: c - 1,
    dials: Array.from({ length: rounds }, (_, k) => ({
      atNs: k * 40 * NS_PER_MS,
      host: '198.19.0.2',
      port: 5061,
      localPort: ports(k),
      holdNs: 0,
      workload: k,
    })),
    results: Array.from({ length: rounds }, (_, k) => ({
      localPort: ports(k),
      connectNs: NS_PER_MS,
      error: null,
      lateNs: 0,
    })),
  }));
}

/** The real capture (6 rounds, test/fixtures/pcap), its clock moved so that the first SYN is at 1 ms. */
function capturedSyns(): TimedSyn[] {
  const pcap = readPcapSyns(
    new Uint8Array(
      readFileSync(new URL('../../../test/lab-captures/lab-same-port-syns.pcap', import.meta.url)),
    ),
  );
  const first = pcap.value[0]!;
  return pcap.value.map((s) => ({
    src: s.src,
    sport: s.sport,
    seq: s.seq,
    atNs: (s.sec - first.sec) * NS_PER_S + (s.nsec - first.nsec) + NS_PER_MS,
  }));
}

describe('matchSynTimes', () => {
  it("gives every dial of a real capture its first SYN's time, never a retransmission's", () => {
    const syns = capturedSyns();
    const matched = matchSynTimes(
      runs(6, (k) => 40000 + k),
      [C1, C2],
      syns,
    );
    for (const [c, address] of [C1, C2].entries())
      matched[c]!.results.forEach((r, k) => {
        const first = syns.find((s) => s.src === address && s.sport === 40000 + k);
        expect(r.synNs).toBe(first?.atNs);
      });
    // Round 5 clashed: container 2's SYN was retransmitted 1 s later; its dial keeps the first SYN, 151 ns
    // after container 1's.
    const [r1, r2] = [matched[0]!.results[4]!, matched[1]!.results[4]!];
    expect(r2.synNs! - r1.synNs!).toBe(-151);
  });

  it('leaves a dial whose SYN was not captured at null and does not shift the others', () => {
    const syns = capturedSyns().filter((s) => !(s.src === C1 && s.sport === 40002));
    const matched = matchSynTimes(
      runs(6, (k) => 40000 + k),
      [C1, C2],
      syns,
    );
    expect(matched[0]!.results.map((r) => r.synNs === null)).toEqual([
      false,
      false,
      true,
      false,
      false,
      false,
    ]);
  });

  it('matches same-port dials round by round in call order, within the window', () => {
    const syns: TimedSyn[] = [0, 1, 2].flatMap((k) => [
      { src: C1, sport: 40000, seq: 100 + k, atNs: k * 40 * NS_PER_MS + 500_000 },
      // A retransmission of round k's SYN, 1 s later: not a new connection.
      { src: C1, sport: 40000, seq: 100 + k, atNs: k * 40 * NS_PER_MS + NS_PER_S },
    ]);
    const matched = matchSynTimes(
      runs(4, () => 40000),
      [C1, C2],
      syns,
    );
    expect(matched[0]!.results.map((r) => r.synNs)).toEqual([500_000, 40_500_000, 80_500_000, null]);
    expect(matched[1]!.results.every((r) => r.synNs === null)).toBe(true);
  });

  it('leaves a dial that never got a source port at null', () => {
    const base = runs(1, () => 40000);
    const failed = base.map((run) => ({
      ...run,
      results: run.results.map((r) => ({ ...r, localPort: null })),
    }));
    const matched = matchSynTimes(failed, [C1, C2], capturedSyns());
    expect(matched.flatMap((run) => run.results.map((r) => r.synNs))).toEqual([null, null]);
  });
});
