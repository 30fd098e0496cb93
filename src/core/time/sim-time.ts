/**
 * Simulated time is an integer count of nanoseconds since the start of the run, kept as a plain number on the
 * hot path (event times, conntrack timeouts); fields that hold one end in `Ns`.
 */
export const NS_PER_US = 1_000;
export const NS_PER_MS = 1_000_000;
export const NS_PER_S = 1_000_000_000;
