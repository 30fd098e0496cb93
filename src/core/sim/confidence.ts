/** A mean with its 95 % confidence interval over independent runs (Student's t). */
export interface Estimate {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  readonly runs: number;
}

/** Two-sided 97.5 % quantiles of Student's t for 1..30 degrees of freedom. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** Mean and 95 % interval of per-run values (a single run gives a zero-width interval). Rates are clamped to ≥ 0. */
export function estimate(values: readonly number[]): Estimate {
  const n = values.length;
  if (n === 0) return { mean: 0, low: 0, high: 0, runs: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, low: mean, high: mean, runs: 1 };
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  const t = T975[n - 2] ?? 1.96;
  const half = (t * Math.sqrt(variance)) / Math.sqrt(n);
  return { mean, low: Math.max(0, mean - half), high: mean + half, runs: n };
}
