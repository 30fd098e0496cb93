import { describe, expect, it } from 'vitest';
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
