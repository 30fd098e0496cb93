import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import type { LabMeasurement } from '../../src/core/lab/lab-measurement.js';
import { labMeasurement } from '../../src/core/lab/test-lab-measurement.js';
import { parseIpv4 } from '../../src/core/net/ipv4.js';
import { type CpuCounters, emptyCounters } from '../../src/core/netfilter/counters.js';
import { NS_PER_MS } from '../../src/core/time/sim-time.js';
import type { Lab, LabRunRequest } from '../../src/platform/lab/lab-port.js';
import { fakeIo } from '../support/fake-io.js';

// `portclash lab --compare` against a fake Lab port: runs anywhere, no root needed. The fake "kernel" clashes
// every round of the built-in scenario (both SYNs issued at the same instant on two CPUs), as the emulator does.

const ip = (s: string) => parseIpv4(s)!;
const counters = (o: Partial<CpuCounters>): CpuCounters => ({ ...emptyCounters(), ...o });

function measurement(req: LabRunRequest): LabMeasurement {
  const rounds = req.scenario.workloads.length;
  const dials = Array.from({ length: rounds }, (_, r) => ({
    atNs: r * 40 * NS_PER_MS,
    host: '198.19.0.2',
    port: 5061,
    localPort: 40000 + r,
    holdNs: 0,
    workload: r,
  }));
  const flow = (src: string, sport: number, natPort: number) => ({
    proto: 'tcp' as const,
    timeoutS: 119,
    tcpState: 'TIME_WAIT' as const,
    orig: { src: ip(src), dst: ip('198.19.0.2'), sport, dport: 5061 },
    reply: { src: ip('198.19.0.2'), dst: ip('198.19.0.1'), sport: 5061, dport: natPort },
    seenReply: true,
    assured: true,
  });
  const result = (ms: number) => ({ localPort: 40000, connectNs: ms * NS_PER_MS, error: null, lateNs: 0 });
  return labMeasurement({
    runId: `run${req.seed}`,
    containerAddresses: [ip('198.18.0.2'), ip('198.18.0.3')],
    serverAddresses: [ip('198.19.0.2')],
    statsBefore: [counters({}), counters({})],
    statsAfter: [counters({ insert_failed: rounds, drop: rounds }), counters({})],
    entriesAfter: 2 * rounds,
    conntrackList: dials.flatMap((d, r) => [
      flow('198.18.0.2', d.localPort, d.localPort),
      flow('198.18.0.3', d.localPort, 2000 + 600 * r),
    ]),
    containers: [
      { name: 'app-1', netns: 'c1', cpu: 0, dials, results: dials.map(() => result(0.2)) },
      { name: 'app-2', netns: 'c2', cpu: 1, dials, results: dials.map(() => result(1030)) },
    ],
    loadMs: 4000,
  });
}

function fakeLab() {
  const requests: LabRunRequest[] = [];
  const lab: Lab = {
    describeMachine: () => ({ kernelRelease: '6.18.44', cpus: 2 }),
    run: async (request) => {
      requests.push(request);
      return { measurement: measurement(request), keptNamespaces: [] };
    },
    cleanup: async () => ({ namespaces: [], processes: [] }),
  };
  return { lab, requests };
}

describe('portclash lab --compare (fake Lab port)', () => {
  it('runs the lab N times with successive seeds and prints both sides with verdicts', async () => {
    const f = fakeIo();
    const { lab, requests } = fakeLab();
    expect(
      await run(['lab', '--compare', '--runs', '3', '--rounds', '20', '--seed', '7'], f.io, { lab }),
    ).toBe(0);
    expect(requests.map((r) => r.seed)).toEqual([7, 8, 9]);
    expect(requests.every((r) => r.keep === false && r.captureSyns === true)).toBe(true);
    const text = f.out();
    expect(text).toContain('portclash lab --compare · 6.18.44 · scenario lab-same-port');
    // The fake runs carry no SYN times: the header says which clock the emulator was fed.
    expect(text).toContain("the load each lab run made (the workers' connect() times)");
    expect(text).toContain('cpuPolicy thread');
    expect(text).toMatch(/insert_failed \/ connection\s+50\.0% \[50\.0%, 50\.0%\] 60\/120\s+50\.0% .* agree/);
    expect(text).toMatch(/host ports used\s+2000–40019\s+\d+–\d+\s+agree/);
    expect(text).toMatch(/^\d agree, \d disagree, \d inconclusive/m);
    expect(f.err()).toBe('');
  });

  it("replays the kernel's SYN times when the runs captured them, and says so", async () => {
    const f = fakeIo();
    const { lab } = fakeLab();
    const timed: Lab = {
      ...lab,
      run: async (request) => {
        const { measurement: m } = await lab.run(request);
        const containers = m.containers.map((c) => ({
          ...c,
          results: c.results.map((r, k) => ({ ...r, synNs: (c.dials[k]?.atNs ?? 0) + 300_000 })),
        }));
        return { measurement: { ...m, containers }, keptNamespaces: [] };
      },
    };
    expect(await run(['lab', '--compare', '--runs', '2', '--rounds', '10'], f.io, { lab: timed })).toBe(0);
    expect(f.out()).toContain("the load each lab run made (SYN times captured on the node's bridge)");
  });

  it('prints JSON with its schema, rows and per-run facts; --raw adds the measurements', async () => {
    const f = fakeIo();
    expect(
      await run(['lab', '--compare', '--runs', '2', '--rounds', '10', '--json', '--raw'], f.io, fakeLab()),
    ).toBe(0);
    const json = JSON.parse(f.out());
    expect(json.schema).toBe('portclash.lab-compare/v1');
    expect(json.emulatorTiming.cpuPolicy).toBe('thread');
    const row = json.rows.find((r: { key: string }) => r.key === 'insertFailed');
    expect(row).toMatchObject({ unit: 'rate', verdict: 'agree', lab: { events: 20, base: 40 } });
    expect(json.runs).toHaveLength(2);
    expect(json.runs[0].lab).toMatchObject({ attempted: 20, insertFailed: 10, ports: { keptPort: 10 } });
    expect(json.runs[0].emulator.attempted).toBe(20);
    expect(json.runs[0].measurement.runId).toBe('run1');
  });

  it.each([
    [['lab', '--runs', '3'], /--runs and --raw go with --compare/],
    [['lab', '--compare', '--keep'], /not with --compare/],
    [['lab', '--compare', '--runs', '0'], /--runs/],
  ])('rejects %j with exit code 2', async (args, message) => {
    const f = fakeIo();
    expect(await run(args, f.io, fakeLab())).toBe(2);
    expect(f.err()).toMatch(message);
  });
});
