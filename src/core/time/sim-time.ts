/** Simulated time: an integer count of nanoseconds since the start of the run. */
export type SimTime = number & { readonly __brand: 'SimTime' };

export const NS_PER_US = 1_000;
export const NS_PER_MS = 1_000_000;
export const NS_PER_S = 1_000_000_000;

export function toSimTime(ns: number): SimTime {
  if (!Number.isSafeInteger(ns) || ns < 0) throw new RangeError(`not a simulated time: ${ns}`);
  return ns as SimTime;
}

export function fromMs(ms: number): SimTime {
  return toSimTime(Math.round(ms * NS_PER_MS));
}

export function fromSeconds(s: number): SimTime {
  return toSimTime(Math.round(s * NS_PER_S));
}

export function toMs(t: number): number {
  return t / NS_PER_MS;
}
