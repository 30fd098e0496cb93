import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConntrackEntries } from './conntrack-entries.js';
import { GROWTH_MODES } from './test-growth-modes.js';

/** Enough entries that every array (the 4-byte ISNs last) passes 1 MiB, where it moves into a memory. */
const N = 270_000;
const NAT = 0x0a00000a;

/** Entry number `i`: ORIGINAL tuple, protocol, NAT port, status bits, ISN and times, all distinct per entry. */
function entryOf(i: number) {
  return {
    src: 0x0a000000 + i,
    dst: 0x5db80000 + (i % 999),
    sport: 1024 + (i % 60000),
    dport: 443 + (i % 7),
    proto: i % 3 === 0 ? 17 : 6,
    natPort: i % 65536,
    status: i % 7,
    isn: (i * 2654435761) >>> 0,
    tReply: i * 3,
    tTimeWait: i * 5 + 0.5,
    tExpire: 1e12 + i,
  };
}

/** What the getters must return for entry number `i`. */
function expected(i: number): number[] {
  const x = entryOf(i);
  const ports = ((x.sport << 16) | x.dport) >>> 0;
  const replyPorts = ((x.dport << 16) | x.natPort) >>> 0;
  return [
    x.src,
    x.dst,
    ports,
    x.dst,
    NAT,
    replyPorts,
    x.proto,
    x.status,
    x.isn,
    x.tReply,
    x.tTimeWait,
    x.tExpire,
  ];
}

function read(e: ConntrackEntries, id: number): number[] {
  return [
    e.oSrc(id),
    e.oDst(id),
    e.oPorts(id),
    e.rSrc(id),
    e.rDst(id),
    e.rPorts(id),
    e.proto(id),
    e.status(id),
    e.isn(id),
    e.tReply(id),
    e.tTimeWait(id),
    e.tExpire(id),
  ];
}

describe.each(GROWTH_MODES)('ConntrackEntries growing $name', (mode) => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('keeps every field of every entry across many resizes', () => {
    const stats = mode.install(vi.stubGlobal);
    const e = new ConntrackEntries(16);
    const ids: number[] = [];
    for (let i = 0; i < N; i++) {
      const x = entryOf(i);
      const id = e.alloc(x.src, x.dst, x.sport, x.dport, x.proto);
      ids.push(id);
      e.setReplyDestination(id, NAT, x.natPort);
      e.addStatus(id, x.status);
      e.setIsn(id, x.isn);
      e.setTReply(id, x.tReply);
      e.setTTimeWait(id, x.tTimeWait);
      e.setTExpire(id, x.tExpire);
    }
    expect(ids.every((id, i) => id === i)).toBe(true);
    const wrong: number[] = [];
    for (let i = 0; i < N; i++) {
      const got = read(e, i);
      if (expected(i).some((want, k) => got[k] !== want)) wrong.push(i);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(e.count).toBe(N);
    if (mode === GROWTH_MODES[0]) expect(stats.grown).toBeGreaterThan(0);
    if (mode === GROWTH_MODES[2]) expect(stats.refused).toBeGreaterThan(0);
  });
});
