import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { synRetransmitSchedule } from '../../src/core/clients/syn-retransmit-schedule.js';
import { kernelProfileFromRelease } from '../../src/core/kernel/kernel-profile-from-release.js';
import type { LabMeasurement } from '../../src/core/lab/lab-measurement.js';
import { isLabNetns } from '../../src/core/lab/lab-netns-name.js';
import { type LabSummary, summarizeLabRun } from '../../src/core/lab/summarize-lab-run.js';
import type { Scenario } from '../../src/core/scenario/scenario.js';
import { NS_PER_S } from '../../src/core/time/sim-time.js';
import { parseScenarioText } from '../../src/formats/scenario/parse-scenario-text.js';
import type { LabRunRequest } from '../../src/platform/lab/lab-port.js';
import { createNodeLab } from '../../src/platform/lab/node-lab.js';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const bin = join(root, 'bin', 'portclash.js');
/** The worker/server program must be compiled: `npm test` builds first (pretest). */
export const processScript = join(root, 'dist', 'platform', 'lab', 'lab-process.js');

/**
 * Why the real-kernel tests cannot run here, or undefined when they can: they need root (namespaces, veth,
 * nat rules), `ip netns` and the compiled lab process. Printed once per file when they are skipped.
 */
export function labSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root (CI runs them as root)';
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'pipe' });
  } catch {
    return '`ip netns` does not work here';
  }
  if (!existsSync(processScript)) return `${processScript} missing: run npm run build`;
  return undefined;
}

export function announceSkip(file: string, reason: string | undefined): void {
  if (reason !== undefined) console.log(`${file}: real-kernel lab tests skipped: ${reason}`);
}

export const cpus = availableParallelism();

export const lab = createNodeLab({ processScript });

export function scenarioOf(text: string): Scenario {
  const parsed = parseScenarioText(text, 'test.yaml');
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join('; '));
  return parsed.scenario;
}

export function requestFor(scenario: Scenario, overrides: Partial<LabRunRequest> = {}): LabRunRequest {
  return {
    scenario,
    seed: 1,
    ruleBackend: 'iptables-nft',
    pinning: 'spread',
    limits: { maxConnections: 5000, maxDurationNs: 30 * NS_PER_S },
    settleMs: 3000,
    keep: false,
    ...overrides,
  };
}

export function labNamespaces(): string[] {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter(isLabNetns);
}

/** The summary the CLI would print, with this machine's SYN schedule. */
export function summarize(m: LabMeasurement): LabSummary {
  const p = kernelProfileFromRelease(release());
  if (!p.ok) throw new Error(p.error);
  return summarizeLabRun(m, synRetransmitSchedule(p.profile, 6, 4));
}
