/** Values below 2^LINEAR_BITS are exact; above, each power of two has HALF sub-buckets (< 0.8 % error). */
const LINEAR_BITS = 8;
const HALF = 1 << (LINEAR_BITS - 1);
const LINEAR = 1 << LINEAR_BITS;

/**
 * A log-linear histogram of non-negative integer durations (ns), HDR-style: constant memory whatever the
 * number of samples, quantiles within 0.8 %, exact count, min and max.
 */
export class LatencyHistogram {
  private readonly buckets = new Float64Array(LINEAR + 56 * HALF);
  count = 0;
  max = 0;
  min = Number.POSITIVE_INFINITY;

  record(ns: number): void {
    const v = Math.max(0, Math.round(ns));
    this.buckets[bucketOf(v)]!++;
    this.count++;
    if (v > this.max) this.max = v;
    if (v < this.min) this.min = v;
  }

  /** The q-quantile (0..1): the upper bound of its bucket, clamped to [min, max]; 0 when empty. */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i]!;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, upperBoundOf(i)));
    }
    return this.max;
  }
}

function log2Floor(v: number): number {
  if (v < 4294967296) return 31 - Math.clz32(v);
  let e = Math.floor(Math.log2(v));
  if (2 ** e > v) e--;
  else if (2 ** (e + 1) <= v) e++;
  return e;
}

function bucketOf(v: number): number {
  if (v < LINEAR) return v;
  const shift = log2Floor(v) - (LINEAR_BITS - 1); // ≥ 1; v / 2^shift lies in [HALF, 2·HALF)
  const m = v < 4294967296 ? v >>> shift : Math.floor(v / 2 ** shift);
  return LINEAR + (shift - 1) * HALF + (m - HALF);
}

function upperBoundOf(i: number): number {
  if (i < LINEAR) return i;
  const shift = Math.floor((i - LINEAR) / HALF) + 1;
  const m = ((i - LINEAR) % HALF) + HALF;
  return (m + 1) * 2 ** shift - 1;
}
