import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './latency-histogram.js';

describe('LatencyHistogram', () => {
  it('quantiles are within 0.8 % of the exact order statistic', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 200_000_000_000 }), { minLength: 1, maxLength: 400 }),
        fc.constantFrom(0.5, 0.9, 0.99, 1),
        (values, q) => {
          const h = new LatencyHistogram();
          for (const v of values) h.record(v);
          const sorted = [...values].sort((a, b) => a - b);
          const exact = sorted[Math.max(1, Math.ceil(q * values.length)) - 1]!;
          const got = h.quantile(q);
          expect(got).toBeGreaterThanOrEqual(exact);
          expect(got).toBeLessThanOrEqual(exact * 1.008 + 1);
        },
      ),
    );
  });

  it('keeps exact count, min and max', () => {
    const h = new LatencyHistogram();
    for (const v of [5, 1_000_000_000, 3]) h.record(v);
    expect([h.count, h.min, h.max, h.quantile(1)]).toEqual([3, 3, 1_000_000_000, 1_000_000_000]);
  });
});
