import { mkdtemp, rm } from 'node:fs/promises';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/run.js';
import { parseSnapshotManifest } from '../src/formats/snapshot/parse-snapshot-manifest.js';
import { createNodeSnapshotHost } from '../src/platform/snapshot/node-snapshot-host.js';
import { isReadOnlyCommand } from '../src/platform/snapshot/read-only-commands.js';
import type { SnapshotHost } from '../src/platform/snapshot/snapshot-host.js';
import { createNodeSnapshotPort } from '../src/platform/snapshot/snapshot-port.js';
import { fakeIo } from './support/fake-io.js';

/** The real machine, with every command it is asked to run recorded. */
function recordingHost(): SnapshotHost & { readonly ran: string[][] } {
  const real = createNodeSnapshotHost();
  const ran: string[][] = [];
  return {
    ...real,
    ran,
    run: (argv, options) => {
      ran.push([...argv]);
      return real.run(argv, options);
    },
    stream: (argv, options, onChunk) => {
      ran.push([...argv]);
      return real.stream(argv, options, onChunk);
    },
  };
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'portclash-real-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

// Read-only: it lists rules and reads counters of this machine, and writes only into a temporary directory.
describe.skipIf(process.platform !== 'linux')('snapshot and doctor on this machine (read-only)', () => {
  it('snapshots this machine, records every command in the manifest, and doctor reads it back', async () => {
    const host = recordingHost();
    const port = createNodeSnapshotPort(host);
    const out = join(tmp, 'host.tar.gz');
    const s = fakeIo();
    expect(
      await run(['snapshot', '-o', out, '--interval', '1', '--conntrack-table'], s.io, { snapshot: port }),
    ).toBe(0);
    expect(s.out()).toContain(`wrote ${out} (archive,`);
    expect(host.ran.length).toBeGreaterThan(10);
    expect(host.ran.filter((argv) => !isReadOnlyCommand(argv))).toEqual([]);

    const set = await port.read(out);
    const manifest = parseSnapshotManifest(set.files.find((f) => f.name === 'manifest.json')?.text ?? '');
    expect(manifest.issues).toEqual([]);
    const entries = manifest.value?.entries ?? [];
    expect(entries.map((e) => e.argv)).toEqual(host.ran);
    expect(entries.find((e) => e.kind === 'uname-r')).toMatchObject({ exitStatus: 0, file: 'uname-r.txt' });
    for (const e of entries) {
      if (e.file !== undefined) expect(set.files.map((f) => f.name)).toContain(e.file);
      else expect(e.error !== undefined || e.exitStatus !== 0).toBe(true);
    }
    expect(
      entries
        .filter((e) => e.kind === 'proc-net-stat-nf-conntrack' || e.kind === 'conntrack-stats')
        .map((e) => e.sample),
    ).toContain(1);

    const d = fakeIo();
    const code = await run(['doctor', '--from', out, '--json'], d.io, { snapshot: port });
    const json = JSON.parse(d.out());
    expect(json.exitCode).toBe(code);
    expect([0, 1, 2]).toContain(code);
    expect(json.facts.kernel.release).toBe(release());
    expect(json.inputs.filter((i: { by: string }) => i.by === 'manifest').length).toBeGreaterThan(0);
    for (const i of json.issues) expect(i.line).toBeGreaterThanOrEqual(1);
  });

  it('runs live and prints a verdict', async () => {
    const host = recordingHost();
    const d = fakeIo();
    const code = await run(['doctor', '--conntrack-table'], d.io, { snapshot: createNodeSnapshotPort(host) });
    expect([0, 1, 2]).toContain(code);
    expect(d.out()).toMatch(/^Verdict: (AFFECTED|LIKELY AFFECTED|NOT AFFECTED|INCONCLUSIVE): /m);
    expect(host.ran.filter((argv) => !isReadOnlyCommand(argv))).toEqual([]);
    expect(host.ran).toContainEqual(['conntrack', '-L']);
  });
});
