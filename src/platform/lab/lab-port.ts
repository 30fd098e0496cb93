import type { LabMeasurement } from '../../core/lab/lab-measurement.js';
import type { LabLoadLimits } from '../../core/lab/plan-lab-load.js';
import type { RuleBackend } from '../../core/lab/rule-backend.js';
import type { Scenario } from '../../core/scenario/scenario.js';

/** How workers are placed on CPUs: one per CPU in turn (`spread`), or wherever the scheduler likes. */
export type LabPinning = 'spread' | 'none';

export interface LabRunRequest {
  readonly scenario: Scenario;
  /** Seeds the spreads and Poisson arrivals of the load plan. */
  readonly seed: number;
  readonly ruleBackend: RuleBackend;
  readonly pinning: LabPinning;
  readonly limits: LabLoadLimits;
  /** After the last scheduled connect, how long workers wait for late ones (a lost SYN costs 1 s), ms. */
  readonly settleMs: number;
  /** Leave the namespaces in place for a look (`portclash lab cleanup` removes them). */
  readonly keep: boolean;
  /**
   * Capture the containers' SYNs on the node's bridge (tcpdump, kernel timestamps) and give each dial its `synNs`;
   * skipped with a note when tcpdump is not installed.
   */
  readonly captureSyns?: boolean;
  /** Short progress messages, for a terminal. */
  readonly onProgress?: (message: string) => void;
}

export interface LabRunOutcome {
  readonly measurement: LabMeasurement;
  /** The namespaces left in place (with `keep`); empty otherwise. */
  readonly keptNamespaces: readonly string[];
}

export interface LabCleanupReport {
  readonly namespaces: readonly string[];
  /** Processes found inside them and killed. */
  readonly processes: readonly number[];
}

export interface LabMachine {
  /** `uname -r`. */
  readonly kernelRelease: string;
  readonly cpus: number;
}

/**
 * The port through which the CLI reaches the real kernel's network namespaces. `node-lab.ts` implements it;
 * `bin/portclash.js` builds the real one, CLI tests pass a fake.
 */
export interface Lab {
  readonly describeMachine: () => LabMachine;
  /** Builds the scenario's host in namespaces, runs the load, measures and removes everything again. */
  readonly run: (request: LabRunRequest) => Promise<LabRunOutcome>;
  /** Removes every namespace whose name starts with `portclash-`, and the processes inside. */
  readonly cleanup: () => Promise<LabCleanupReport>;
}

export type LabErrorKind = 'refused' | 'failed' | 'interrupted';

/**
 * Why a lab run did not happen or stopped: `refused` (not root, no namespaces, a tool missing, a scenario the
 * lab cannot build: exit 2), `failed` (a command failed on the way: exit 1), `interrupted` (SIGINT/SIGTERM,
 * after cleaning up: exit 130). The message is for the user; no stack.
 */
export class LabError extends Error {
  constructor(
    readonly kind: LabErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'LabError';
  }

  get exitCode(): number {
    return this.kind === 'refused' ? 2 : this.kind === 'failed' ? 1 : 130;
  }
}
