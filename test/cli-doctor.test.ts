import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/run.js';
import { isReadOnlyCommand } from '../src/platform/snapshot/read-only-commands.js';
import { createNodeSnapshotPort } from '../src/platform/snapshot/snapshot-port.js';
import { createFakeSnapshotHost, type FakeHostOptions } from '../src/platform/snapshot/test-snapshot-host.js';
import { FIXTURES } from './fixtures/fixture-files.js';
import { fakeIo } from './support/fake-io.js';

/** The CLI with the real file reading and a fake machine behind live collection. */
async function doctor(args: readonly string[], host: FakeHostOptions = {}) {
  const f = fakeIo();
  const fake = createFakeSnapshotHost(host);
  const code = await run(args, f.io, { snapshot: createNodeSnapshotPort(fake) });
  return { code, out: f.out(), err: f.err(), ran: fake.ran };
}

const fixture = (name: string) => join(FIXTURES, name);
const STATS = (drop: number) =>
  `cpu=0   \tfound=0 invalid=0 insert=0 insert_failed=${drop} drop=${drop} early_drop=0 error=0 search_restart=0 clash_resolve=0 chaintoolong=0 \n`;

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'portclash-cli-doctor-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('portclash doctor --from', () => {
  it('puts a pasted conntrack -L dump in the JSON facts: counts and SNAT port use per destination', async () => {
    const r = await doctor(['doctor', '--from', fixture('conntrack-list/snat-mixed.txt'), '--json']);
    expect(r.err).toBe('');
    const [table] = JSON.parse(r.out).facts.conntrackTables;
    // 3 TCP/UDP entries + 1 ICMP; two TCP entries SNAT'ed to 192.168.1.10, one of them to another port.
    expect(table).toMatchObject({
      entries: 3,
      others: 1,
      skipped: 0,
      issues: 0,
      snatEntries: 2,
      portsMoved: 1,
    });
    expect(table.top[0]).toMatchObject({
      natAddress: '192.168.1.10',
      proto: 'tcp',
      destination: '93.184.216.34:443',
    });
    expect(table.top[0].ports).toBe(2);
  });

  it('reads one pasted uname -r and explains the rover kernel', async () => {
    const r = await doctor(['doctor', '--from', fixture('uname-r/rhel-7.txt')]);
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    expect(r.out.replaceAll(FIXTURES, 'F')).toMatchInlineSnapshot(`
      "portclash doctor: F/uname-r/rhel-7.txt (1 file)

      Verdict: LIKELY AFFECTED: kernel 3.10.0-1160.el7.x86_64 allocates SNAT ports from the shared port rover

      Findings (1, worst first):

      1. [high] kernel 3.10.0-1160.el7.x86_64 allocates SNAT ports from the shared port rover
         rule: kernel-port-rover
         evidence: F/uname-r/rhel-7.txt:1  3.10.0-1160.el7.x86_64  (uname -r)
         why: When a connection cannot keep its source port, this kernel continues from one global,
              unlocked rover: concurrent connections on different CPUs compute the same port and all but
              one lose their first packet at confirm. Fixed in 5.0 and backported to 4.9.300, 4.14.265 and
              4.19.228 (6ed5943f8735). Also: UDP clashes are never resolved (before 4.7): parallel DNS
              queries lose one of them. Rules with --random-fully avoid the rover on this kernel. (RHEL
              kernel: upstream 3.10.0 behaviour assumed; Red Hat backports are not modelled, give explicit
              flags if known)
         change: - upgrade the kernel to 5.0 or later: the port rover was replaced by a random offset with a bounded search

      Not in the input:
        nat-rules: no iptables-save, iptables -S/-L or nft ruleset in the input
        iptables-legacy: no iptables-legacy-save in the input
        iptables-nft: no iptables-nft-save in the input
        conntrack-stats: no \`conntrack -S\` or /proc/net/stat/nf_conntrack in the input
        sysctls: no netfilter sysctls in the input
        addresses: no \`ip -j addr\` in the input
        resolv-conf: no resolv.conf in the input
        cni-config: no CNI configuration in the input
      "
    `);
  });

  it('combines several --from and prints JSON with the documented schema', async () => {
    const r = await doctor([
      'doctor',
      '--from',
      fixture('iptables-save/docker-ubuntu-18.04-legacy.txt'),
      '--from',
      fixture('uname-r/amazon-linux-2.txt'),
      '--from',
      fixture('conntrack-stats/kernel-4.15-clashes-no-drops.txt'),
      '--vpc-cidr',
      '10.0.0.0/16',
      '--json',
    ]);
    const json = JSON.parse(r.out);
    expect(json.schema).toBe('portclash.doctor/v1');
    expect(json.exitCode).toBe(r.code);
    expect(r.code).toBe(1);
    // Medium exposure, and counters that show only resolved clashes: not enough to say either way.
    expect(json.verdict.level).toBe('inconclusive');
    expect(json.findings.map((f: { id: string }) => f.id)).toEqual([
      'snat-not-fully-random',
      'snat-to-internal-network',
      'conntrack-insert-failed',
    ]);
    const internal = json.findings[1];
    expect(internal.owner).toEqual({ id: 'docker', label: 'Docker', rewritesItsRules: true });
    expect(internal.evidence[0]).toMatchObject({
      line: 10,
      text: '-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE',
    });
    expect(internal.fix[0]).toMatchObject({ kind: 'insert-return', destination: '10.0.0.0/16' });
    expect(json.facts.kernel.natOffset).toBe('prng');
    expect(json.facts.vpcCidrs).toEqual([{ cidr: '10.0.0.0/16', from: 'option' }]);
  });

  it('reads a directory of captures and reports truncated files with file and line', async () => {
    const dir = join(tmp, 'pasted');
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir);
    await writeFile(join(dir, 'a.txt'), await readFile(fixture('iptables-save/truncated.txt'), 'utf8'));
    await writeFile(join(dir, 'b.txt'), '4.4.0-142-generic\n');
    const r = await doctor(['doctor', '--from', dir]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Verdict: LIKELY AFFECTED');
    expect(r.out).toMatch(new RegExp(`${dir}/a\\.txt:11:\\d+: missing-commit: `));
    expect(r.out).toContain('[high] Docker MASQUERADE rule without --random-fully on a port-rover kernel');
  });

  it.each([
    [
      ['doctor', '--from', '/nonexistent/host.tar.gz'],
      /cannot read \/nonexistent\/host\.tar\.gz: no such file or directory/,
    ],
    [['doctor', '--vpc-cidr', '10.0.0.0/33'], /--vpc-cidr.*expected an IPv4 CIDR/],
    [['doctor', '--from', 'x', '--interval', '5'], /--interval and --all-netns are for live collection/],
    [['doctor', '--from', 'x', '--conntrack-table'], /--conntrack-table is for live collection/],
    [['doctor', '--interval', 'soon'], /--interval.*expected an integer/],
    [['snapshot'], /required option '-o, --output <path>'/],
  ])('%j: one clear message, exit 3 (doctor) or 2 (snapshot), no stack', async (args, message) => {
    const r = await doctor(args);
    expect(r.code).toBe(args[0] === 'doctor' ? 3 : 2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.out).toBe('');
  });

  it('rejects a single file in no known format, naming it and its line', async () => {
    const path = join(tmp, 'notes.txt');
    await writeFile(path, 'we restarted the pods and it went away\n');
    const r = await doctor(['doctor', '--from', path]);
    expect(r.code).toBe(3);
    expect(r.err).toContain(`${path}:1: not a capture portclash knows`);
  });

  it('says so when the build has no snapshot port', async () => {
    const f = fakeIo();
    expect(await run(['doctor'], f.io)).toBe(3);
    expect(f.err()).toContain('doctor is not available');
  });
});

describe('portclash doctor (live) and snapshot, on a fake machine', () => {
  const machine: FakeHostOptions = {
    outputs: {
      'uname -r': '5.15.0-91-generic\n',
      'conntrack -S': (now) => STATS(now > 2000 ? 40 : 10),
      'iptables-nft-save': readFileSync(
        fixture('iptables-save/docker-debian-11-alternatives-nft.txt'),
        'utf8',
      ),
    },
    missing: ['iptables-legacy-save', 'nft'],
  };

  it('collects read-only into memory and finds the race happening now: exit 2', async () => {
    const r = await doctor(['doctor', '--interval', '5'], machine);
    expect(r.code).toBe(2);
    // 5.15: insert_failed and drop count the same lost packets: one finding names them.
    expect(r.out).toContain('Verdict: AFFECTED: conntrack insert_failed grew by 30 in 5 s (6/s) on CPU 0');
    expect(r.out).toContain('evidence: stats/conntrack-S.1.txt:1  cpu=0 insert_failed=10 → 40 (+30)');
    expect(r.out).not.toContain('conntrack dropped packets');
    expect(r.ran.filter((argv) => !isReadOnlyCommand(argv))).toEqual([]);
  });

  it('writes a snapshot the doctor reads back', async () => {
    const out = join(tmp, 'host.tar.gz');
    const s = await doctor(['snapshot', '-o', out, '--interval', '5'], machine);
    expect(s.code).toBe(0);
    expect(s.out).toContain(`wrote ${out} (archive,`);
    expect(s.out).toContain('iptables-legacy-save: not installed');
    expect(s.ran.filter((argv) => !isReadOnlyCommand(argv))).toEqual([]);
    const d = await doctor(['doctor', '--from', out, '--json']);
    const json = JSON.parse(d.out);
    expect(d.code).toBe(2);
    expect(json.inputs.find((i: { file: string }) => i.file === `${out}:uname-r.txt`)).toMatchObject({
      by: 'manifest',
    });
    expect(json.missing.find((m: { fact: string }) => m.fact === 'iptables-legacy')?.reason).toBe(
      '`iptables-legacy-save`: not installed',
    );
    expect(json.facts.conntrack[0].growth.seconds).toBeGreaterThanOrEqual(5);
  });

  it('reads the conntrack table live as it streams; a snapshot writes it whole; both digest the same', async () => {
    const table = Array.from(
      { length: 3000 },
      (_, i) =>
        `tcp      6 117 TIME_WAIT src=172.17.0.${2 + (i % 50)} dst=93.184.216.34 sport=${40000 + i} dport=443 src=93.184.216.34 dst=192.0.2.1 sport=443 dport=${1024 + i} [ASSURED] mark=0 use=1\n`,
    ).join('');
    const withTable: FakeHostOptions = {
      ...machine,
      outputs: { ...machine.outputs, 'conntrack -L': table },
      chunkBytes: 4093,
    };
    const live = await doctor(['doctor', '--conntrack-table', '--json'], withTable);
    expect(live.ran.filter((argv) => !isReadOnlyCommand(argv))).toEqual([]);
    expect(live.ran).toContainEqual(['conntrack', '-L']);
    const liveTable = JSON.parse(live.out).facts.conntrackTables[0];
    expect(liveTable).toMatchObject({
      file: 'conntrack-L.txt',
      entries: 3000,
      snatEntries: 3000,
      timeWait: 3000,
    });

    const out = join(tmp, 'with-table.tar.gz');
    const s = await doctor(['snapshot', '-o', out, '--conntrack-table'], withTable);
    expect(s.code).toBe(0);
    const fromSnapshot = await doctor(['doctor', '--from', out, '--json']);
    const { file: _, ...read } = JSON.parse(fromSnapshot.out).facts.conntrackTables[0];
    const { file: __, ...streamed } = liveTable;
    expect(read).toEqual(streamed);
  });
});
