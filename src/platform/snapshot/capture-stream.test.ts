import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { digestConntrackList } from '../../formats/conntrack/digest-conntrack-list.js';
import { createCaptureStream, STREAM_FROM_BYTES } from './capture-stream.js';
import { readCapturePath } from './read-capture-path.js';

const line = (i: number) =>
  `tcp      6 117 TIME_WAIT src=10.244.${(i >> 8) & 255}.${i & 255} dst=93.184.216.34 sport=40000 dport=443 src=93.184.216.34 dst=192.0.2.1 sport=443 dport=${1024 + (i % 64000)} [ASSURED] mark=0 use=1\n`;
const big = Array.from({ length: Math.ceil(STREAM_FROM_BYTES / 150) + 1000 }, (_, i) => line(i)).join('');
const dir = await mkdtemp(join(tmpdir(), 'portclash-stream-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a big conntrack -L capture', () => {
  it('is digested while it streams from disk, keeping only its head', async () => {
    const path = join(dir, 'conntrack-L.txt');
    await writeFile(path, big);
    const set = await readCapturePath(path);
    const file = set.files[0];
    expect(file?.text.length).toBeLessThanOrEqual(64 * 1024);
    expect(file?.conntrackList).toEqual(digestConntrackList(big));
  });

  it('is digested the same whatever the chunk boundaries (UTF-8 split included)', () => {
    const text = `${big.slice(0, 70_000)}tcp      6 1 é\n${big.slice(70_000, 200_000)}`;
    const bytes = Buffer.from(text);
    const s = createCaptureStream('x');
    for (let at = 0; at < bytes.length; at += 4093) s.push(bytes.subarray(at, at + 4093));
    expect(s.end().conntrackList).toEqual(digestConntrackList(text));
  });

  it('other big files are held whole, as before', async () => {
    const path = join(dir, 'sysctl.txt');
    const text = 'net.netfilter.nf_conntrack_max = 262144\n'.repeat(STREAM_FROM_BYTES / 40 + 10);
    await writeFile(path, text);
    const set = await readCapturePath(dir);
    const sysctl = set.files.find((f) => f.name === 'sysctl.txt');
    expect(sysctl?.text).toBe(text);
    expect(sysctl?.conntrackList).toBeUndefined();
  });
});
