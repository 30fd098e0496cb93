import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExpiryHeap } from './expiry-heap.js';
import { GROWTH_MODES } from './test-growth-modes.js';

describe.each(GROWTH_MODES)('ExpiryHeap growing $name', (mode) => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('pops every pair in time order after growing past 1 MiB per array', () => {
    mode.install(vi.stubGlobal);
    // 300 000 pairs: both arrays pass 1 MiB (the 4-byte ids at 262 144), where they move into a memory.
    const n = 300_000;
    const heap = new ExpiryHeap();
    for (let i = 0; i < n; i++) heap.push((i * 7919) % n, i);
    const wrong: number[] = [];
    for (let t = 0; t < n; t++) {
      // Times are a permutation of 0..n-1: pop number t is time t, pushed as pair (t * 7919^-1) mod n.
      if (heap.peekTime() !== t || (heap.peekId() * 7919) % n !== t) wrong.push(t);
      heap.pop();
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(heap.size).toBe(0);
  });
});
