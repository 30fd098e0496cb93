import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLabScenarioText } from '../../src/core/lab/default-lab-scenario.js';
import {
  announceSkip,
  bin,
  cpus,
  lab,
  labNamespaces,
  labSkipReason,
  requestFor,
  root,
  scenarioOf,
} from './lab-test-support.js';

const skip = labSkipReason();
announceSkip('test/lab/lab-cleanup.test.ts', skip);

/** What the root namespace looks like: the lab must leave all of it exactly as it was. */
function rootNamespaceState(): string {
  const run = (...argv: string[]) => execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
  return [
    run('ip', '-o', 'link', 'show').replace(/\s+link\/.*$/gm, ''),
    run('ip', '-o', 'addr', 'show'),
    run('ip', 'route', 'show', 'table', 'all'),
    run('sysctl', '-n', 'net.ipv4.ip_forward'),
    run('nft', 'list', 'ruleset'),
  ].join('\n');
}

/** Alive and not a zombie waiting for its new parent to reap it. */
function isRunning(pid: string): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

const small = () => scenarioOf(defaultLabScenarioText({ kernel: '6.8.0', cpus, rounds: 5 }));

describe.skipIf(skip !== undefined)('the real kernel: the lab leaves nothing behind', () => {
  let before = '';
  beforeAll(() => {
    before = rootNamespaceState();
  });
  afterAll(() => {
    // Whatever happened above, leave the machine clean for the next file.
    spawnSync(process.execPath, [bin, 'lab', 'cleanup'], { cwd: root });
  });

  it('removes its namespaces at the end of a run, and does not touch the root namespace', async () => {
    const { measurement } = await lab.run(requestFor(small()));
    expect(measurement.containers).toHaveLength(2);
    expect(labNamespaces().filter((n) => n.includes(measurement.runId))).toEqual([]);
    expect(rootNamespaceState()).toBe(before);
  });

  it('keeps them with keep, until cleanup removes them', async () => {
    const { measurement, keptNamespaces } = await lab.run(requestFor(small(), { keep: true }));
    expect(keptNamespaces).toHaveLength(4);
    expect(labNamespaces()).toEqual(expect.arrayContaining([...keptNamespaces]));
    const report = await lab.cleanup();
    expect(report.namespaces).toEqual(expect.arrayContaining([...keptNamespaces]));
    expect(labNamespaces().filter((n) => n.includes(measurement.runId))).toEqual([]);
  });

  it('is cleaned up by `portclash lab cleanup` after a SIGKILLed run', async () => {
    const child = spawn(process.execPath, [bin, 'lab', '--rounds', '400'], { cwd: root, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Wait until the run is under way: namespaces built and workers running in the containers.
    let names: string[] = [];
    for (let i = 0; i < 200; i++) {
      names = labNamespaces();
      const c1 = names.find((n) => n.endsWith('-c1'));
      if (c1 && execFileSync('ip', ['netns', 'pids', c1], { encoding: 'utf8' }).trim() !== '') break;
      await sleep(100);
    }
    expect(names.length).toBeGreaterThanOrEqual(4);
    child.kill('SIGKILL');
    await exited;
    expect(labNamespaces()).toEqual(expect.arrayContaining(names));
    const pids = names.flatMap((n) =>
      execFileSync('ip', ['netns', 'pids', n], { encoding: 'utf8' }).split(/\s+/).filter(Boolean),
    );

    const r = spawnSync(process.execPath, [bin, 'lab', 'cleanup'], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^removed \d+ namespaces/);
    expect(labNamespaces()).toEqual([]);
    for (let i = 0; i < 50 && pids.some(isRunning); i++) await sleep(100);
    expect(pids.filter(isRunning)).toEqual([]);
    expect(rootNamespaceState()).toBe(before);
  });
});
