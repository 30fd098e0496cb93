import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_SCHEMA } from '../../formats/snapshot/snapshot-manifest.js';
import { readCapturePath } from './read-capture-path.js';
import type { Snapshot } from './snapshot.js';
import { SnapshotError } from './snapshot-error.js';
import { writeSnapshot } from './write-snapshot.js';

const snapshot: Snapshot = {
  manifest: {
    schema: SNAPSHOT_SCHEMA,
    tool: 'portclash test',
    options: { allNetns: false, conntrackTable: false },
    entries: [{ kind: 'uname-r', file: 'uname-r.txt', argv: ['uname', '-r'], exitStatus: 0, stderr: '' }],
  },
  files: [
    { name: 'uname-r.txt', text: '6.8.0-1014-aws\n' },
    { name: 'stats/conntrack-S.0.txt', text: 'cpu=0 found=1\n' },
  ],
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'portclash-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeSnapshot and readCapturePath', () => {
  it.each([['host.tar.gz'], ['host.tgz'], ['host.tar'], ['host-dir']])('round-trips %s', async (name) => {
    const out = join(dir, name);
    const written = await writeSnapshot(snapshot, out);
    expect(written.files).toBe(3);
    const set = await readCapturePath(out);
    expect(set.kind).toBe(name.includes('.tar') || name.endsWith('.tgz') ? 'archive' : 'directory');
    expect(set.files.map((f) => f.name).sort()).toEqual([
      'manifest.json',
      'stats/conntrack-S.0.txt',
      'uname-r.txt',
    ]);
    expect(set.files.find((f) => f.name === 'uname-r.txt')?.text).toBe('6.8.0-1014-aws\n');
  });

  it('reads one pasted file as a file', async () => {
    const path = join(dir, 'paste.txt');
    await writeFile(path, 'cpu=0 found=1\n');
    expect(await readCapturePath(path)).toEqual({
      origin: path,
      kind: 'file',
      files: [{ name: path, text: 'cpu=0 found=1\n' }],
    });
  });

  it.each([
    ['a missing path', 'nope/host.tar.gz', /no such file or directory/],
    ['a corrupt archive', 'corrupt.tar.gz', /not a readable archive/],
  ])('rejects %s with a SnapshotError naming it', async (_, name, message) => {
    const path = join(dir, name);
    if (name === 'corrupt.tar.gz') await writeFile(path, Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]));
    const error = await readCapturePath(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnapshotError);
    expect((error as SnapshotError).message).toMatch(message);
    expect((error as SnapshotError).path).toBe(path);
  });

  it.each([['spooled.tar.gz'], ['spooled-dir']])(
    'moves a spooled dump into %s and removes its temporary directory',
    async (name) => {
      const spool = await mkdtemp(join(dir, 'spool-'));
      const dump =
        'tcp      6 117 TIME_WAIT src=10.244.1.5 dst=93.184.216.34 sport=40000 dport=443 src=93.184.216.34 dst=192.0.2.1 sport=443 dport=1025 [ASSURED] mark=0 use=1\n';
      await writeFile(join(spool, 'conntrack-L.txt'), dump);
      const spooled = {
        dir: spool,
        files: [{ name: 'conntrack-L.txt', path: join(spool, 'conntrack-L.txt') }],
      };
      const out = join(dir, name);
      expect((await writeSnapshot({ ...snapshot, spooled }, out)).files).toBe(4);
      const set = await readCapturePath(out);
      expect(set.files.find((f) => f.name === 'conntrack-L.txt')?.text).toBe(dump);
      await expect(stat(spool)).rejects.toThrow(/ENOENT/);
    },
  );

  it.each([['broken.tar.gz'], ['broken-dir']])(
    'leaves nothing half-written in %s when a file cannot be written, and removes the spool',
    async (name) => {
      const spool = await mkdtemp(join(dir, 'spool-'));
      // The spooled file is gone: moving it fails after the other files were written.
      const spooled = { dir: spool, files: [{ name: 'conntrack-L.txt', path: join(spool, 'missing.txt') }] };
      const parent = await mkdtemp(join(dir, 'parent-'));
      const error = await writeSnapshot({ ...snapshot, spooled }, join(parent, name)).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SnapshotError);
      expect(await readdir(parent)).toEqual([]);
      await expect(stat(spool)).rejects.toThrow(/ENOENT/);
    },
  );

  it('refuses to write into a directory that is not empty', async () => {
    const out = join(dir, 'full');
    await writeSnapshot(snapshot, out);
    await expect(writeSnapshot(snapshot, out)).rejects.toThrow(/exists and is not empty/);
  });
});
