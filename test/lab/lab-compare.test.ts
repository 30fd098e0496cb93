import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import type { Io } from '../../src/platform/io.js';
import { announceSkip, cpus, lab, labNamespaces, labSkipReason } from './lab-test-support.js';

const skip = labSkipReason() ?? (cpus < 2 ? 'one CPU: no two SYNs can race' : undefined);
announceSkip('test/lab/lab-compare.test.ts', skip);

// `portclash lab --compare` end to end on the real kernel: two short runs of the built-in race (≈ 2 s each).
describe.skipIf(skip !== undefined)('the real kernel against the emulator (--compare)', () => {
  it('prints both sides for every fact, with facts both must share, and leaves nothing behind', async () => {
    const out: string[] = [];
    const io: Io = {
      stdout: (t) => void out.push(t),
      stderr: () => {},
      stderrIsTTY: false,
      readTextFile: async () => '',
      nowMs: () => 0,
    };
    const args = ['lab', '--compare', '--runs', '2', '--rounds', '10', '--settle-ms', '1500', '--json'];
    expect(await run(args, io, { lab })).toBe(0);
    const json = JSON.parse(out.join(''));
    expect(json.schema).toBe('portclash.lab-compare/v1');
    expect(json.runs).toHaveLength(2);
    for (const r of json.runs) {
      expect(r.lab.attempted).toBe(20);
      expect(r.emulator.attempted).toBe(20);
      // Each clash is one insert_failed and one drop, on both sides; one container per round keeps the port.
      expect(r.lab.drop).toBe(r.lab.insertFailed);
      expect(r.emulator.drop).toBe(r.emulator.insertFailed);
      expect(r.lab.ports.snatted).toBe(20);
      expect(r.emulator.ports.snatted).toBe(20);
    }
    const keys = json.rows.map((r: { key: string }) => r.key);
    expect(keys).toEqual([
      'insertFailed',
      'drop',
      'delayed1s',
      'keptPort',
      'sharedPortsNoneKept',
      'portRange',
    ]);
    for (const r of json.rows) expect(['agree', 'disagree', 'inconclusive']).toContain(r.verdict);
    expect(labNamespaces()).toEqual([]);
  });
});
