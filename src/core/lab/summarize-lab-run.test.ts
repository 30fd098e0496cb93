import { describe, expect, it } from 'vitest';
import { parseIpv4 } from '../net/ipv4.js';
import { type CpuCounters, emptyCounters } from '../netfilter/counters.js';
import { NS_PER_MS, NS_PER_S } from '../time/sim-time.js';
import type { LabMeasurement } from './lab-measurement.js';
import { summarizeLabRun } from './summarize-lab-run.js';
import { labMeasurement } from './test-lab-measurement.js';

const ip = (s: string) => parseIpv4(s)!;
const counters = (o: Partial<CpuCounters>): CpuCounters => ({ ...emptyCounters(), ...o });
/** 6.5+ linear SYN back-off: retransmissions at 1, 2, 3, 4, 5 s … */
const linear = { retransmitsNs: [1, 2, 3, 4, 5].map((s) => s * NS_PER_S) };

function measurement(o: Partial<LabMeasurement>): LabMeasurement {
  return labMeasurement({
    containerAddresses: [ip('198.18.0.2')],
    serverAddresses: [ip('198.19.0.2')],
    statsBefore: [counters({}), counters({})],
    statsAfter: [counters({}), counters({})],
    ...o,
  });
}

const result = (ms: number | null, error: string | null = null) => ({
  localPort: ms === null ? null : 40000,
  connectNs: ms === null ? null : ms * NS_PER_MS,
  error,
  lateNs: 1000,
});

describe('summarizeLabRun', () => {
  it('takes per-CPU deltas modulo 2^32, as the kernel counters wrap', () => {
    const s = summarizeLabRun(
      measurement({
        statsBefore: [counters({ insert_failed: 0xffffffff, drop: 3 }), counters({ found: 1 })],
        statsAfter: [counters({ insert_failed: 1, drop: 5 }), counters({ found: 4 })],
      }),
      linear,
    );
    expect(s.conntrack.perCpu.map((c) => [c.insert_failed, c.drop, c.found])).toEqual([
      [2, 2, 0],
      [0, 0, 3],
    ]);
    expect(s.conntrack.total.insert_failed).toBe(2);
  });

  it('counts the SYN retransmissions a connect time implies, and the failures apart', () => {
    const dials = Array.from({ length: 5 }, () => ({ atNs: 0, host: 'h', port: 1, holdNs: 0, workload: 0 }));
    const s = summarizeLabRun(
      measurement({
        containers: [
          {
            name: 'a',
            netns: 'n',
            cpu: 0,
            dials,
            results: [
              result(0.5),
              result(1003),
              result(2004),
              result(null, 'ECONNREFUSED'),
              result(null, 'unfinished'),
            ],
          },
        ],
      }),
      linear,
    );
    expect(s.tcp).toMatchObject({
      attempted: 5,
      completed: 3,
      failed: 1,
      unfinished: 1,
      synsLost: 3,
      delayed1s: 2,
    });
    expect(s.tcp.errors).toEqual({ ECONNREFUSED: 1 });
    expect(s.tcp.connectMs).toEqual({ p50: 1003, p99: 2004, max: 2004 });
  });

  it.each([
    ['clash', { insert_failed: 1, drop: 1 }, '198.19.0.1', /^The SNAT race happened/],
    ['inconclusive', {}, '198.19.0.1', /^Inconclusive: 1 connections were SNAT'ed/],
    ['no-snat', {}, '198.18.0.2', /^No connection was SNAT'ed/],
  ] as const)('judges %s', (kind, after, replyDst, text) => {
    const s = summarizeLabRun(
      measurement({
        statsAfter: [counters(after), counters({})],
        conntrackList: [
          {
            proto: 'tcp',
            timeoutS: 100,
            tcpState: 'TIME_WAIT',
            orig: { src: ip('198.18.0.2'), dst: ip('198.19.0.2'), sport: 40000, dport: 80 },
            reply: { src: ip('198.19.0.2'), dst: ip(replyDst), sport: 80, dport: 40000 },
            seenReply: true,
            assured: true,
          },
        ],
      }),
      linear,
    );
    expect(s.verdict.kind).toBe(kind);
    expect(s.verdict.text).toMatch(text);
    expect(s.verdict.text).not.toMatch(/\bpass/i);
  });
});
