import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import type { LabMeasurement } from '../../src/core/lab/lab-measurement.js';
import { labMeasurement } from '../../src/core/lab/test-lab-measurement.js';
import { parseIpv4 } from '../../src/core/net/ipv4.js';
import { type CpuCounters, emptyCounters } from '../../src/core/netfilter/counters.js';
import { NS_PER_MS } from '../../src/core/time/sim-time.js';
import { type Lab, LabError, type LabRunRequest } from '../../src/platform/lab/lab-port.js';
import { fakeIo as fakeIoPort } from '../support/fake-io.js';

// The CLI side of `portclash lab` against a fake Lab port: runs anywhere, no root needed.

const ip = (s: string) => parseIpv4(s)!;
const counters = (o: Partial<CpuCounters>): CpuCounters => ({ ...emptyCounters(), ...o });

function measurement(clashes: number): LabMeasurement {
  const dial = (localPort: number) => ({
    atNs: 0,
    host: '198.19.0.2',
    port: 5061,
    localPort,
    holdNs: 0,
    workload: 0,
  });
  const flow = (src: string, sport: number, natPort: number) => ({
    proto: 'tcp' as const,
    timeoutS: 119,
    tcpState: 'TIME_WAIT' as const,
    orig: { src: ip(src), dst: ip('198.19.0.2'), sport, dport: 5061 },
    reply: { src: ip('198.19.0.2'), dst: ip('198.19.0.1'), sport: 5061, dport: natPort },
    seenReply: true,
    assured: true,
  });
  return labMeasurement({
    runId: 'abc123',
    rulesApplied: ['-A POSTROUTING -s 198.18.0.0/24 ! -o docker0 -j MASQUERADE'],
    rulesReadBack: ['-A POSTROUTING -s 198.18.0.0/24 ! -o docker0 -j MASQUERADE'],
    addressMap: [{ role: 'container', name: 'app-1', original: '172.17.0.2', mapped: '198.18.0.2' }],
    containerAddresses: [ip('198.18.0.2'), ip('198.18.0.3')],
    serverAddresses: [ip('198.19.0.2')],
    statsBefore: [counters({ found: 5 }), counters({})],
    statsAfter: [counters({ found: 7, insert_failed: clashes, drop: clashes }), counters({ found: 1 })],
    entriesAfter: 4,
    conntrackList: [flow('198.18.0.2', 40000, 40000), flow('198.18.0.3', 40000, 23456)],
    containers: [
      { name: 'app-1', netns: 'portclash-abc123-c1', cpu: 0, dials: [dial(40000)], results: [ok(0.9)] },
      {
        name: 'app-2',
        netns: 'portclash-abc123-c2',
        cpu: 1,
        dials: [dial(40000)],
        results: [ok(clashes > 0 ? 1031 : 0.8)],
      },
    ],
    loadMs: 1100,
  });
}

function ok(ms: number) {
  return { localPort: 40000, connectNs: ms * NS_PER_MS, error: null, lateNs: 4000 };
}

function fakeLab(behaviour: { clashes?: number; fail?: LabError } = {}) {
  const requests: LabRunRequest[] = [];
  const lab: Lab = {
    describeMachine: () => ({ kernelRelease: '6.18.44', cpus: 2 }),
    run: async (request) => {
      requests.push(request);
      if (behaviour.fail) throw behaviour.fail;
      return { measurement: measurement(behaviour.clashes ?? 1), keptNamespaces: [] };
    },
    cleanup: async () => ({ namespaces: ['portclash-abc123-node', 'portclash-abc123-c1'], processes: [42] }),
  };
  return { lab, requests };
}

function fakeIo(files: Record<string, string> = {}) {
  return fakeIoPort(async (path) => files[path] ?? '');
}

describe('portclash lab (fake Lab port)', () => {
  it('runs the built-in same-port race and prints the table, the facts and the verdict', async () => {
    const f = fakeIo();
    const { lab, requests } = fakeLab();
    expect(await run(['lab'], f.io, { lab })).toBe(0);
    const req = requests[0]!;
    expect(req.scenario.name).toBe('lab-same-port');
    expect(req.scenario.containers).toHaveLength(2);
    expect(req.scenario.workloads).toHaveLength(80);
    expect(req).toMatchObject({ ruleBackend: 'iptables-nft', pinning: 'spread', keep: false, seed: 1 });
    const text = f.out();
    expect(text).toMatch(
      /this machine\s+as in the scenario\s+2\s+1\s+1\s+0\s+1\s+1\s+0\s+0\.90 \/ 1031 \/ 1031/,
    );
    expect(text).toContain('cpu0 insert_failed +1 drop +1 found +2 · cpu1 insert_failed +0 drop +0 found +1');
    expect(text).toContain("1 of 2 SNAT'ed flows kept the container's source port, 1 got another");
    expect(text).toContain('-A POSTROUTING -s 198.18.0.0/24 ! -o docker0 -j MASQUERADE');
    expect(text).toContain('The SNAT race happened on 6.18.44: 1 inserts failed');
    expect(f.err()).toBe('');
  });

  it('calls a run without a clash inconclusive, never a pass', async () => {
    const f = fakeIo();
    expect(await run(['lab'], f.io, { lab: fakeLab({ clashes: 0 }).lab })).toBe(0);
    expect(f.out()).toContain("Inconclusive: 2 connections were SNAT'ed");
    expect(f.out()).not.toMatch(/\bpass/i);
  });

  it('prints JSON with its schema', async () => {
    const f = fakeIo();
    expect(await run(['lab', '--json'], f.io, { lab: fakeLab().lab })).toBe(0);
    const json = JSON.parse(f.out());
    expect(json.schema).toBe('portclash.lab/v1');
    expect(json.summary.conntrack.total.insert_failed).toBe(1);
    expect(json.summary.tcp).toMatchObject({ attempted: 2, completed: 2, synsLost: 1, delayed1s: 1 });
    expect(json.summary.nat).toMatchObject({ snatted: 2, keptPort: 1, portMin: 23456, portMax: 40000 });
    expect(json.summary.verdict.kind).toBe('clash');
  });

  it('prints the per-CPU deltas as conntrack -S with --stats', async () => {
    const f = fakeIo();
    expect(await run(['lab', '--stats'], f.io, { lab: fakeLab().lab })).toBe(0);
    expect(f.out()).toMatch(/^cpu=0 {3}\tfound=2 invalid=0 insert=0 insert_failed=1 drop=1 /m);
  });

  it('passes a scenario file, a strategy and the options through', async () => {
    const f = fakeIo({
      's.yaml': [
        'name: mine',
        'kernel: 6.8.0',
        'destinations: [ { name: api, address: 203.0.113.7, port: 443 } ]',
        'containers: { count: 3 }',
        'workloads: [ { type: burst, destination: api, connections: 2 } ]',
      ].join('\n'),
    });
    const { lab, requests } = fakeLab();
    const args = [
      'lab',
      '--scenario',
      's.yaml',
      '--strategy',
      'random-fully',
      '--backend',
      'iptables-legacy',
    ];
    expect(await run([...args, '--pin', 'none', '--keep', '--seed', '9'], f.io, { lab })).toBe(0);
    const req = requests[0]!;
    expect(req.scenario.name).toBe('mine');
    expect(req.scenario.nat.at(-1)?.target).toMatchObject({
      type: 'masquerade',
      flags: { randomFully: true },
    });
    expect(req).toMatchObject({ ruleBackend: 'iptables-legacy', pinning: 'none', keep: true, seed: 9 });
    expect(f.out()).toMatch(/this machine\s+MASQUERADE --random-fully/);
  });

  it('cleans up and says what it removed', async () => {
    const f = fakeIo();
    expect(await run(['lab', 'cleanup'], f.io, { lab: fakeLab().lab })).toBe(0);
    expect(f.out()).toBe(
      'removed 2 namespaces (portclash-abc123-node portclash-abc123-c1), killed 1 processes\n',
    );
  });

  it.each([
    [new LabError('refused', 'the lab needs root: …'), 2],
    [new LabError('failed', 'lab set-up failed: ip …'), 1],
    [new LabError('interrupted', 'interrupted by SIGINT; cleaned up'), 130],
  ])('reports %s in one line with its exit code', async (error, code) => {
    const f = fakeIo();
    expect(await run(['lab'], f.io, { lab: fakeLab({ fail: error }).lab })).toBe(code);
    expect(f.err()).toBe(`portclash: lab: ${error.message}\n`);
    expect(f.out()).toBe('');
  });

  it.each([
    [
      ['lab', '--scenario', 's.yaml', '--rounds', '5'],
      /--containers and --rounds shape the built-in scenario/,
    ],
    [['lab', '--backend', 'pf'], /argument 'pf' is invalid/],
    [['lab', '--containers', '1'], /--containers.*from 2 to 64/],
  ])('rejects %j with exit code 2', async (args, message) => {
    const f = fakeIo();
    expect(await run(args, f.io, { lab: fakeLab().lab })).toBe(2);
    expect(f.err()).toMatch(message);
    expect(f.err()).not.toMatch(/\n\s+at /);
  });

  it('says so when the build has no lab', async () => {
    const f = fakeIo();
    expect(await run(['lab'], f.io)).toBe(2);
    expect(f.err()).toMatch(/the lab is not available/);
  });
});
