import type { Counters } from './iptables-save-doc.js';

const COUNTERS = /^\[(\d{1,20}):(\d{1,20})\]$/;

/** `[packets:bytes]` as iptables-save prints chain and rule counters; undefined if it is not exactly that. */
export function parseCounters(text: string): Counters | undefined {
  const m = COUNTERS.exec(text);
  return m ? { packets: Number(m[1]), bytes: Number(m[2]) } : undefined;
}
