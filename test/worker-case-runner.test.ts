import { describe, expect, it } from 'vitest';
import { defaultCases } from '../src/cli/commands/build-cases.js';
import { runCases } from '../src/core/sim/run-cases.js';

// The compiled worker runner (npm test builds dist first: see "pretest").
const { createWorkerCaseRunner } = (await import(
  new URL('../dist/platform/parallel/worker-case-runner.js', import.meta.url).href
)) as typeof import('../src/platform/parallel/worker-case-runner.js');

describe('createWorkerCaseRunner', () => {
  it('gives exactly the outcomes of the in-process runner, whatever worker ran what', async () => {
    const cases = defaultCases('6.8.0-51-generic').slice(0, 3);
    const seeds = [1, 2];
    const progress: number[] = [];
    const parallel = await createWorkerCaseRunner(2, 1)(cases, seeds, { onRunDone: (d) => progress.push(d) });
    const serial = runCases(cases, seeds);
    expect(JSON.stringify(parallel)).toBe(JSON.stringify(serial));
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
