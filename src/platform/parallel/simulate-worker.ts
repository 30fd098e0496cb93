// Worker-thread entry: simulates the runs it is sent. Owns nothing but its message port.
import { parentPort } from 'node:worker_threads';
import type { Scenario } from '../../core/scenario/scenario.js';
import { simulate } from '../../core/sim/simulate.js';

export interface SimulateJob {
  readonly index: number;
  readonly scenario: Scenario;
  readonly seed: number;
  readonly conntrackList: boolean;
}

parentPort?.on('message', (job: SimulateJob) => {
  const result = simulate(job.scenario, job.seed, job.conntrackList ? { conntrackList: true } : {});
  parentPort?.postMessage({ index: job.index, result });
});
