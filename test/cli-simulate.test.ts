import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/run.js';
import { FileReadError } from '../src/platform/io.js';
import { fakeIo as fakeIoPort } from './support/fake-io.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The Io fake, reading files from a map or else from the repository. */
function fakeIo(files: Record<string, string> = {}) {
  return fakeIoPort(async (path) => {
    if (path in files) return files[path]!;
    try {
      return readFileSync(join(root, path), 'utf8');
    } catch {
      throw new FileReadError(path, 'no such file');
    }
  });
}

describe('portclash simulate', () => {
  it('runs a scenario file and reports the same-port clash with conntrack -S and -L output', async () => {
    const f = fakeIo();
    const code = await run(
      ['simulate', '--scenario', 'examples/scenarios/docker-same-port.yaml', '--stats', '--conntrack-list'],
      f.io,
    );
    expect(code).toBe(0);
    const text = f.out();
    expect(text).toMatch(/5\.15\.0-91-generic\s+as in the scenario\s+40\s+\d+/);
    expect(text).toContain('$ conntrack -S');
    expect(text).toMatch(/^cpu=0 {3}\tfound=\d+ invalid=0 insert=0 insert_failed=\d+ drop=\d+ /m);
    expect(text).toContain(
      'entries  clashres found new invalid ignore delete chainlength insert insert_failed',
    );
    expect(text).toMatch(
      /tcp {6}6 \d+ TIME_WAIT src=172\.17\.0\.\d dst=203\.0\.113\.10 sport=40000 dport=5061 /,
    );
    expect(text).toContain('flow entries have been shown.');
    expect(f.err()).toBe('');
  });

  it('prints byte-identical JSON for the same seed, with the documented schema', async () => {
    const a = fakeIo();
    const b = fakeIo();
    const args = [
      'simulate',
      '--scenario',
      'examples/scenarios/rover-era-periodic.yaml',
      '--json',
      '--seed',
      '7',
    ];
    expect(await run(args, a.io)).toBe(0);
    expect(await run(args, b.io)).toBe(0);
    expect(a.out()).toBe(b.out());
    const json = JSON.parse(a.out());
    expect(json.schema).toBe('portclash.simulate/v1');
    expect(json.seeds).toEqual([7]);
    const r = json.cases[0].runs[0];
    expect(r.tcp.attempted).toBe(r.tcp.completed + r.tcp.failed + r.tcp.unfinished);
    const cpus = Number(
      /^cpus: (\d+)/m.exec(
        readFileSync(join(root, 'examples/scenarios/rover-era-periodic.yaml'), 'utf8'),
      )?.[1],
    );
    expect(r.conntrack.perCpu).toHaveLength(cpus);
  });

  it('gives rates with 95% intervals over several runs', async () => {
    const f = fakeIo();
    expect(
      await run(
        ['simulate', '--scenario', 'examples/scenarios/docker-same-port.yaml', '--runs', '4', '--json'],
        f.io,
      ),
    ).toBe(0);
    const c = JSON.parse(f.out()).cases[0];
    expect(c.runs).toHaveLength(4);
    expect(c.rates.delayed1s.runs).toBe(4);
    expect(c.rates.delayed1s.low).toBeLessThanOrEqual(c.rates.delayed1s.mean);
    expect(c.rates.delayed1s.high).toBeGreaterThanOrEqual(c.rates.delayed1s.mean);
  });

  it('compares the built-in strategies on a scenario', async () => {
    const f = fakeIo();
    expect(
      await run(
        ['simulate', '--scenario', 'examples/scenarios/rover-era-periodic.yaml', '--strategies'],
        f.io,
      ),
    ).toBe(0);
    for (const label of [
      'MASQUERADE ',
      'MASQUERADE --random ',
      'MASQUERADE --random-fully',
      'no SNAT for the VPC',
    ]) {
      expect(f.out()).toContain(label);
    }
    expect(f.out().replace(/\s+/g, ' ')).toContain('Ranking of the rule sets');
  });

  it.each([
    [['simulate', '--seed', 'abc'], /--seed.*expected an integer/],
    [['simulate', '--runs', '0'], /--runs.*from 1 to 1000/],
    [['simulate', '--kernel', 'banana'], /--kernel: .*banana/],
    [['simulate', '--scenario', 'nope.yaml'], /cannot read nope\.yaml: no such file/],
    [['simulate', '--strategies'], /--strategies needs --scenario/],
    [['simulate', '--bogus'], /unknown option '--bogus'/],
  ])('rejects %j with one clear message and exit code 2', async (args, message) => {
    const f = fakeIo();
    expect(await run(args, f.io)).toBe(2);
    expect(f.err()).toMatch(message);
    expect(f.err()).not.toMatch(/\n\s+at /); // no stack trace
    expect(f.out()).toBe('');
  });

  it('names the field, file and line of a bad scenario', async () => {
    const bad = [
      'name: broken',
      'kernel: 5.15.0',
      'destinations:',
      '  - { name: api, address: 203.0.113.999, port: 443 }',
      'containers: { count: 2 }',
      'workloads:',
      '  - { type: burst, destination: api, conections: 3 }',
    ].join('\n');
    const f = fakeIo({ 'bad.yaml': bad });
    expect(await run(['simulate', '--scenario', 'bad.yaml'], f.io)).toBe(2);
    const err = f.err();
    expect(err).toMatch(/bad\.yaml:4:\d+: destinations\[0\]\.address: /);
    expect(err).toMatch(/bad\.yaml:7:\d+: workloads\[0\]\.conections: /);
    expect(err).toContain('invalid scenario (2 problems)');
  });
});
