import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'portclash.js');

// The compiled CLI (npm test builds it first: see "pretest").
describe('bin/portclash.js', () => {
  it('runs a scenario and exits 0', () => {
    const out = execFileSync(
      process.execPath,
      [bin, 'simulate', '--scenario', 'examples/scenarios/eks-no-snat.yaml'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(out).toMatch(/as in the scenario\s+\d+\s+0\s+0\s+0\s+0\s+0/);
  });

  it('reports bad input with exit code 2 and no stack trace', () => {
    const r = spawnSync(process.execPath, [bin, 'simulate', '--kernel', 'x.y'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^portclash: --kernel: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints its version', () => {
    expect(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim()).toMatch(
      /^\d+\.\d+\.\d+$/,
    );
  });
});
