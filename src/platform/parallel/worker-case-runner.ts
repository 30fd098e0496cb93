import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { runCases, summariseCase } from '../../core/sim/run-cases.js';
import type { SimResult } from '../../core/sim/sim-result.js';
import type { CaseRunner } from './case-runner.js';
import type { SimulateJob } from './simulate-worker.js';

/**
 * A CaseRunner over worker threads (one per CPU, at most `maxWorkers`), for the compiled CLI. A worker costs
 * its start-up and its own JIT warm-up (≈ 0.1–0.2 s), so fewer than `minJobs` runs stay in this thread: the
 * built-in comparison's eight runs take 0.6–0.7 s in-process against 0.8–0.9 s on two workers (2 vCPUs).
 * Jobs are handed out in order; outcomes are assembled in case × seed order, so the output does not depend on
 * scheduling.
 */
export function createWorkerCaseRunner(maxWorkers = availableParallelism(), minJobs = 24): CaseRunner {
  return async (cases, seeds, options = {}) => {
    if (cases.length * seeds.length < minJobs || maxWorkers < 2) return runCases(cases, seeds, options);
    const jobs: SimulateJob[] = cases.flatMap((c, ci) =>
      seeds.map((seed, si) => ({
        index: ci * seeds.length + si,
        scenario: c.scenario,
        seed,
        conntrackList: options.conntrackList === true,
      })),
    );
    const results: SimResult[] = new Array(jobs.length);
    const count = Math.max(1, Math.min(maxWorkers, jobs.length));
    const url = new URL('./simulate-worker.js', import.meta.url);
    let next = 0;
    let done = 0;
    const workers = Array.from({ length: count }, () => new Worker(url));
    try {
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve, reject) => {
              const feed = (): void => {
                const job = jobs[next++];
                if (job) worker.postMessage(job);
                else resolve();
              };
              worker.on('message', (msg: { index: number; result: SimResult }) => {
                results[msg.index] = msg.result;
                options.onRunDone?.(++done, jobs.length);
                feed();
              });
              worker.on('error', reject);
              feed();
            }),
        ),
      );
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
    return cases.map((c, ci) => summariseCase(c, results.slice(ci * seeds.length, (ci + 1) * seeds.length)));
  };
}
