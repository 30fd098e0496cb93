import { describe, expect, it } from 'vitest';
import { estimate } from './confidence.js';

describe('estimate', () => {
  it('gives the t-based 95 % interval', () => {
    const e = estimate([1, 2, 3, 4, 5]);
    expect(e.mean).toBe(3);
    // sd = 1.5811, t(4) = 2.776 → half width 1.963
    expect(e.high - e.mean).toBeCloseTo(1.963, 3);
    expect(e.low).toBeCloseTo(1.037, 3);
  });

  it('is a point for one run and empty for none', () => {
    expect(estimate([0.25])).toEqual({ mean: 0.25, low: 0.25, high: 0.25, runs: 1 });
    expect(estimate([]).runs).toBe(0);
  });

  it('never goes below zero', () => {
    expect(estimate([0, 0, 0, 1]).low).toBe(0);
  });
});
