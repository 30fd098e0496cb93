import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeSnapshotHost } from './node-snapshot-host.js';
import type { ChunkConsumer } from './snapshot-host.js';

const host = createNodeSnapshotHost();
const limits = { timeoutMs: 10_000, maxBytes: 64 * 1024 * 1024 };
let dir: string;
let big: string;
const text = Array.from({ length: 50_000 }, (_, i) => `line ${i} é\n`).join('');
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'portclash-stream-command-'));
  big = join(dir, 'big.txt');
  await writeFile(big, text);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The chunks a stream delivers, each consumed a tick later (backpressure). */
function collect(): { readonly onChunk: ChunkConsumer; readonly text: () => string } {
  const chunks: Uint8Array[] = [];
  return {
    onChunk: (chunk) => {
      chunks.push(Uint8Array.from(chunk));
      return new Promise((resolve) => setImmediate(resolve));
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

describe.skipIf(process.platform !== 'linux')('SnapshotHost.stream on this machine (spawn)', () => {
  it('hands stdout on chunk by chunk, waiting for a slow consumer, and ends with the exit status', async () => {
    const c = collect();
    const outcome = await host.stream(['cat', big], limits, c.onChunk);
    expect(outcome).toEqual({ exitStatus: 0, stderr: '', bytes: Buffer.byteLength(text) });
    expect(c.text()).toBe(text);
  });

  it.each([
    ['a missing program', ['portclash-no-such-program'], { exitStatus: null, error: 'not installed' }],
    ['a failing command', ['sh', '-c', 'echo oops >&2; exit 3'], { exitStatus: 3, stderr: 'oops\n' }],
    ['a killed command', ['sh', '-c', 'kill -TERM $$'], { exitStatus: null, error: 'killed by SIGTERM' }],
  ])('gives the outcome run gives for %s', async (_, argv, expected) => {
    const streamed = await host.stream(argv, limits, () => undefined);
    const { stdout: _out, ...ran } = await host.run(argv, limits);
    expect(streamed).toMatchObject(expected);
    expect({ ...streamed, bytes: undefined }).toEqual({ ...ran, bytes: undefined });
  });

  it('reports a program that cannot be executed', async () => {
    const script = join(dir, 'not-executable');
    await writeFile(script, '#!/bin/sh\n');
    await chmod(script, 0o644);
    expect(await host.stream([script], limits, () => undefined)).toMatchObject({
      exitStatus: null,
      error: 'permission denied',
    });
  });

  it('kills a command that outlives its timeout', async () => {
    const started = performance.now();
    const outcome = await host.stream(['sleep', '5'], { ...limits, timeoutMs: 200 }, () => undefined);
    expect(outcome).toMatchObject({ exitStatus: null, error: 'timed out after 0.2 s', bytes: 0 });
    expect(performance.now() - started).toBeLessThan(4000);
  });

  it('cuts the output at its limit and kills the command', async () => {
    const c = collect();
    const outcome = await host.stream(['cat', big], { ...limits, maxBytes: 100_000 }, c.onChunk);
    expect(outcome).toMatchObject({
      exitStatus: null,
      error: 'output over 100000 bytes (cut)',
      bytes: 100_000,
    });
    expect(Buffer.byteLength(c.text())).toBe(100_000);
  });

  it('stops the command when the consumer fails (a full disk)', async () => {
    const outcome = await host.stream(['cat', big], limits, () => Promise.reject(new Error('no space left')));
    expect(outcome).toMatchObject({ exitStatus: null, error: 'stopped: no space left' });
  });
});
