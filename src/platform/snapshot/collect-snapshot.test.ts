import { readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { digestConntrackList } from '../../formats/conntrack/digest-conntrack-list.js';
import { parseSnapshotManifest } from '../../formats/snapshot/parse-snapshot-manifest.js';
import { renderSnapshotManifest } from '../../formats/snapshot/render-snapshot-manifest.js';
import { collectSnapshot } from './collect-snapshot.js';
import { isReadOnlyCommand } from './read-only-commands.js';
import { createFakeSnapshotHost } from './test-snapshot-host.js';

const STATS = (n: number) =>
  `cpu=0   \tfound=0 invalid=0 insert=0 insert_failed=${n} drop=${n} early_drop=0 error=0 search_restart=0 clash_resolve=0 chaintoolong=0 \n`;

describe('collectSnapshot', () => {
  it('runs only read-only commands, every one recorded with its argv and exit status', async () => {
    const host = createFakeSnapshotHost({
      outputs: {
        'uname -r': '6.8.0-1014-aws\n',
        'ip -j netns list': '[{"name":"blue","id":0},{"name":"bad name"}]',
        'iptables-nft-save': '*nat\nCOMMIT\n',
      },
      directories: { '/etc/cni/net.d': ['10-flannel.conflist', '.hidden.conf', 'README'] },
    });
    const snapshot = await collectSnapshot(host, {
      tool: 'portclash test',
      intervalS: 10,
      allNetns: true,
      conntrackTable: true,
    });
    expect(host.ran.filter((argv) => !isReadOnlyCommand(argv))).toEqual([]);
    // The table is streamed (the same allow-list check), everything else run.
    expect(host.streamed).toEqual([['conntrack', '-L']]);
    expect(snapshot.manifest.entries.map((e) => e.argv.join(' '))).toEqual(host.ran.map((a) => a.join(' ')));
    expect(host.ran).toContainEqual(['ip', 'netns', 'exec', 'blue', 'conntrack', '-S']);
    expect(host.ran).toContainEqual(['cat', '/etc/cni/net.d/10-flannel.conflist']);
    expect(host.ran.flat()).not.toContain('bad name');
    expect(host.ran.filter((a) => a.join(' ') === 'conntrack -S')).toHaveLength(2);
    expect(snapshot.manifest.options).toEqual({ intervalS: 10, allNetns: true, conntrackTable: true });
  });

  it('takes the second sample the interval after the first, and records when', async () => {
    const host = createFakeSnapshotHost({ outputs: { 'conntrack -S': (now) => STATS(now > 5000 ? 9 : 2) } });
    const snapshot = await collectSnapshot(host, { tool: 't', intervalS: 10 });
    const samples = snapshot.manifest.entries.filter((e) => e.kind === 'conntrack-stats');
    expect(samples.map((e) => [e.sample, e.file])).toEqual([
      [0, 'stats/conntrack-S.0.txt'],
      [1, 'stats/conntrack-S.1.txt'],
    ]);
    expect((samples[1]?.atMs ?? 0) - (samples[0]?.atMs ?? 0)).toBeGreaterThanOrEqual(10_000);
    expect(snapshot.files.find((f) => f.name === 'stats/conntrack-S.1.txt')?.text).toContain('drop=9');
  });

  it('records missing tools and failures instead of failing, and writes no file for them', async () => {
    const host = createFakeSnapshotHost({
      missing: ['conntrack', 'nft', 'iptables-legacy-save'],
      failures: {
        'cat /etc/resolv.conf': {
          exitStatus: 1,
          stderr: 'cat: /etc/resolv.conf: No such file or directory\n',
        },
      },
      outputs: { 'uname -r': '5.15.0-91-generic\n' },
    });
    const snapshot = await collectSnapshot(host, { tool: 't' });
    const byArgv = (s: string) => snapshot.manifest.entries.find((e) => e.argv.join(' ') === s);
    expect(byArgv('conntrack -S')).toMatchObject({ exitStatus: null, error: 'not installed' });
    expect(byArgv('conntrack -S')?.file).toBeUndefined();
    expect(byArgv('cat /etc/resolv.conf')).toMatchObject({
      exitStatus: 1,
      stderr: 'cat: /etc/resolv.conf: No such file or directory',
    });
    // An empty listing that succeeded says "no rules in this backend": kept.
    expect(byArgv('iptables-nft-save')?.file).toBe('iptables/iptables-nft-save.txt');
    expect(snapshot.files.map((f) => f.name)).not.toContain('resolv.conf');
    const parsed = parseSnapshotManifest(renderSnapshotManifest(snapshot.manifest));
    expect(parsed.issues).toEqual([]);
  });
});

/** A dump of `lines` entries with CRLF line ends and a non-ASCII character, so chunks split lines and characters. */
const dump = (lines: number) =>
  `${Array.from(
    { length: lines },
    (_, i) =>
      `tcp      6 117 TIME_WAIT src=10.244.${(i >> 8) & 255}.${i & 255} dst=93.184.216.34 sport=40000 dport=443 src=93.184.216.34 dst=192.0.2.1 sport=443 dport=${1024 + (i % 60000)} [ASSURED] mark=0 use=1${i === 7 ? ' é' : ''}\r\n`,
  ).join('')}conntrack v1.4.7 (conntrack-tools): ${lines} flow entries have been shown.\n`;
const tableEntry = (snapshot: Awaited<ReturnType<typeof collectSnapshot>>) =>
  snapshot.manifest.entries.find((e) => e.kind === 'conntrack-list');

describe('collectSnapshot: the conntrack table, streamed', () => {
  it('digests the dump as it arrives: the same digest as the text read whole, only its head kept', async () => {
    const text = dump(2000);
    const host = createFakeSnapshotHost({ outputs: { 'conntrack -L': text }, chunkBytes: 997 });
    const snapshot = await collectSnapshot(host, { tool: 't', conntrackTable: true });
    const file = snapshot.files.find((f) => f.name === 'conntrack-L.txt');
    expect(file?.conntrackList).toEqual(digestConntrackList(text));
    expect(file?.conntrackList?.totals).toMatchObject({ entries: 2000, issues: 0 });
    expect(file?.text.length).toBeLessThanOrEqual(64 * 1024);
    expect(text.startsWith(file?.text ?? 'x')).toBe(true);
    expect(tableEntry(snapshot)).toMatchObject({ file: 'conntrack-L.txt', exitStatus: 0 });
    expect(host.streamed).toEqual([['conntrack', '-L']]);
  });

  it.each([
    ['times out before any output', { afterBytes: 0, error: 'timed out after 120 s' }, undefined],
    ['is cut by its output limit', { afterBytes: 0, error: 'output over 1073741824 bytes (cut)' }, undefined],
    [
      'times out half-way: what came is kept',
      { afterBytes: 50_000, error: 'timed out after 120 s' },
      'conntrack-L.txt',
    ],
  ])('records a stream that %s in the manifest like other failures', async (_, failure, file) => {
    const text = dump(2000);
    const host = createFakeSnapshotHost({
      outputs: { 'conntrack -L': text },
      streamFailures: { 'conntrack -L': failure },
    });
    const snapshot = await collectSnapshot(host, { tool: 't', conntrackTable: true });
    expect(tableEntry(snapshot)).toEqual({
      kind: 'conntrack-list',
      ...(file && { file }),
      argv: ['conntrack', '-L'],
      exitStatus: null,
      stderr: '',
      error: failure.error,
      atMs: expect.any(Number),
    });
    const captured = snapshot.files.find((f) => f.name === 'conntrack-L.txt');
    const came = new TextDecoder().decode(new TextEncoder().encode(text).subarray(0, failure.afterBytes));
    if (file) expect(captured?.conntrackList).toEqual(digestConntrackList(came));
    else expect(captured).toBeUndefined();
    expect(parseSnapshotManifest(renderSnapshotManifest(snapshot.manifest)).issues).toEqual([]);
  });

  it('records a failing or missing conntrack as run does', async () => {
    const failing = createFakeSnapshotHost({
      failures: {
        'conntrack -L': {
          exitStatus: 1,
          stderr: 'conntrack v1.4.7 (conntrack-tools): Operation not permitted\n',
        },
      },
    });
    const failed = await collectSnapshot(failing, { tool: 't', conntrackTable: true });
    expect(tableEntry(failed)).toMatchObject({
      exitStatus: 1,
      stderr: expect.stringContaining('not permitted'),
    });
    expect(tableEntry(failed)?.file).toBeUndefined();
    const missing = await collectSnapshot(createFakeSnapshotHost({ missing: ['conntrack'] }), {
      tool: 't',
      conntrackTable: true,
    });
    expect(tableEntry(missing)).toMatchObject({ exitStatus: null, error: 'not installed' });
  });

  it('spools the dump into a temporary file for a snapshot, byte for byte, never into memory', async () => {
    const text = dump(2000);
    const host = createFakeSnapshotHost({ outputs: { 'conntrack -L': text }, chunkBytes: 997 });
    const snapshot = await collectSnapshot(host, {
      tool: 't',
      conntrackTable: true,
      conntrackTableTo: 'file',
    });
    expect(snapshot.files.map((f) => f.name)).not.toContain('conntrack-L.txt');
    const spooled = snapshot.spooled?.files[0];
    expect(spooled?.name).toBe('conntrack-L.txt');
    expect(await readFile(spooled?.path ?? '', 'utf8')).toBe(text);
    await rm(snapshot.spooled?.dir ?? '', { recursive: true });
  });

  it('spools nothing when the stream fails before any output, and leaves no temporary file', async () => {
    const before = (await readdir(tmpdir())).filter((n) => n.startsWith('portclash-spool-'));
    const host = createFakeSnapshotHost({
      outputs: { 'conntrack -L': dump(10) },
      streamFailures: { 'conntrack -L': { afterBytes: 0, error: 'timed out after 120 s' } },
    });
    const snapshot = await collectSnapshot(host, {
      tool: 't',
      conntrackTable: true,
      conntrackTableTo: 'file',
    });
    expect(snapshot.spooled).toBeUndefined();
    expect((await readdir(tmpdir())).filter((n) => n.startsWith('portclash-spool-'))).toEqual(before);
    expect(tableEntry(snapshot)).toMatchObject({ exitStatus: null, error: 'timed out after 120 s' });
  });
});
