import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Xoshiro128 } from '../random/xoshiro128.js';
import { BYTES_PER_ENTRY, EMPTY } from './conntrack-entries.js';
import { ConntrackTable } from './conntrack-table.js';
import { CT_CONFIRMED, CT_NAT_CLASH } from './ct-status.js';
import { GROWTH_MODES } from './test-growth-modes.js';
import { hashTuple, reciprocalScale } from './tuple-hash.js';

const SRCS = [0x0a_f4_01_02, 0x0a_f4_01_03, 0x0a_f4_01_04];
const DSTS = [0x5d_b8_d8_22, 0xc6_33_64_07];
const INDEXED = 0x0a_00_00_0a;
const NOT_INDEXED = 0x0a_00_00_0b;
const PORTS = [1000, 1001, 2000];
const DPORT = 80;

interface Tuple {
  readonly src: number;
  readonly dst: number;
  readonly ports: number;
  readonly proto: number;
}

interface ModelEntry {
  readonly orig: Tuple;
  readonly reply: Tuple;
  readonly replyOnly: boolean;
  exp: number;
}

type Op =
  | {
      readonly op: 'new';
      readonly src: number;
      readonly sport: number;
      readonly dst: number;
      readonly proto: number;
      /** -1: no SNAT (reply to the source itself); else index into [INDEXED, NOT_INDEXED]. */
      readonly nat: number;
      readonly natPort: number;
      readonly ttl: number;
      /** When only the ORIGINAL clashes: insert the REPLY alone (5.6+ UDP) instead of dropping. */
      readonly replyOnly: boolean;
    }
  | { readonly op: 'release'; readonly pick: number }
  | { readonly op: 'refresh'; readonly pick: number; readonly ttl: number }
  | { readonly op: 'advance'; readonly dt: number; readonly gc: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('new' as const),
      src: fc.constantFrom(...SRCS),
      sport: fc.constantFrom(...PORTS),
      dst: fc.constantFrom(...DSTS),
      proto: fc.constantFrom(6, 17),
      nat: fc.integer({ min: -1, max: 1 }),
      natPort: fc.constantFrom(...PORTS),
      ttl: fc.oneof(fc.integer({ min: 1, max: 6 }), fc.constant(Number.POSITIVE_INFINITY)),
      replyOnly: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('release' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('refresh' as const),
      pick: fc.nat(),
      ttl: fc.integer({ min: 1, max: 6 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('advance' as const),
      dt: fc.integer({ min: 0, max: 3 }),
      gc: fc.boolean(),
    }),
  },
);

const key = (t: Tuple): string => `${t.src}:${t.dst}:${t.ports}:${t.proto}`;
const find = (table: ConntrackTable, t: Tuple, now: number): number =>
  table.find(t.src, t.dst, t.ports, t.proto, now);

/** Runs the ops against the table and a Map model, checking after every step. */
function runOps(ops: readonly Op[]): void {
  const table = new ConntrackTable(16);
  table.indexNatAddress(INDEXED);
  const model = new Map<number, ModelEntry>();
  let now = 0;
  const visible = (): [number, ModelEntry][] => [...model].filter(([, e]) => e.exp > now);

  for (const op of ops) {
    switch (op.op) {
      case 'new': {
        const id = table.alloc(op.src, op.dst, op.sport, DPORT, op.proto);
        // A reused id belonged to an entry that expired (or was released): never to a visible one.
        const stale = model.get(id);
        if (stale) expect(stale.exp).toBeLessThanOrEqual(now);
        model.delete(id);
        const natIp = op.nat < 0 ? op.src : [INDEXED, NOT_INDEXED][op.nat]!;
        const natPort = op.nat < 0 ? op.sport : op.natPort;
        table.setReplyDestination(id, natIp, natPort);
        const orig = { src: op.src, dst: op.dst, ports: ((op.sport << 16) | DPORT) >>> 0, proto: op.proto };
        const reply = { src: op.dst, dst: natIp, ports: ((DPORT << 16) | natPort) >>> 0, proto: op.proto };
        // As __nf_conntrack_confirm: insert only when neither tuple is in the confirmed hash.
        const origHit = find(table, orig, now);
        const replyHit = find(table, reply, now);
        table.setTExpire(id, now + op.ttl);
        if (origHit < 0 && replyHit < 0) {
          table.insertConfirmed(id);
          model.set(id, { orig, reply, replyOnly: false, exp: now + op.ttl });
        } else if (origHit >= 0 && replyHit < 0 && op.replyOnly) {
          table.insertReplyOnly(id);
          model.set(id, { orig, reply, replyOnly: true, exp: now + op.ttl });
        } else {
          table.release(id);
        }
        break;
      }
      case 'release': {
        const live = visible();
        if (live.length === 0) break;
        const [id] = live[op.pick % live.length]!;
        table.release(id);
        model.delete(id);
        break;
      }
      case 'refresh': {
        const live = visible();
        if (live.length === 0) break;
        const [id, e] = live[op.pick % live.length]!;
        e.exp = now + op.ttl;
        table.setTExpire(id, e.exp);
        table.schedule(id);
        break;
      }
      case 'advance':
        now += op.dt;
        if (op.gc) table.expire(now);
        break;
    }
    check(table, model, now, false);
  }
  check(table, model, now, true);
}

/** One `expect` per property (vitest's expect is the slow part of thousands of steps). */
function check(table: ConntrackTable, model: Map<number, ModelEntry>, now: number, full: boolean): void {
  // find returns exactly the visible confirmed entries, the ORIGINAL node for ORIGINAL tuples.
  const expected = new Map<string, number>();
  for (const [id, e] of model) {
    if (e.exp <= now) continue;
    if (!e.replyOnly) expected.set(key(e.orig), id * 2);
    expected.set(key(e.reply), id * 2 + 1);
  }
  const tuples = [...model.values()].flatMap((e) => [e.orig, e.reply]);
  expect(tuples.map((t) => find(table, t, now))).toEqual(tuples.map((t) => expected.get(key(t)) ?? -1));

  // From tExpire on an entry is invisible; the gc frees it.
  table.expire(now);
  const expired = [...model].filter(([, e]) => e.exp <= now).map(([id]) => id);
  expect(expired.filter((id) => table.isLive(id))).toEqual([]);
  for (const id of expired) model.delete(id);
  const confirmed = [...table.ids()].filter((id) => table.isConfirmed(id));
  expect(confirmed).toEqual([...model.keys()].sort((a, b) => a - b));
  expect(table.count).toBe(model.size);

  // No two confirmed entries share a hashed tuple, in either direction.
  const hashed = confirmed.flatMap((id) =>
    table.status(id) & CT_NAT_CLASH
      ? [key(tupleOf(table, id, 1))]
      : [key(tupleOf(table, id, 0)), key(tupleOf(table, id, 1))],
  );
  expect(new Set(hashed).size).toBe(hashed.length);

  // NAT port index = REPLY ports of the confirmed entries whose REPLY goes to the indexed address.
  const got: string[] = [];
  const want: string[] = [];
  for (const peer of DSTS) {
    for (const proto of [6, 17]) {
      const bits = table.natPortBits(INDEXED, peer, DPORT, proto);
      const ports = new Set(
        [...model.values()]
          .filter((e) => e.reply.dst === INDEXED && e.reply.src === peer && e.reply.proto === proto)
          .map((e) => e.reply.ports & 0xffff),
      );
      for (const port of PORTS) {
        const set = bits !== undefined && (bits[port >>> 5]! & (1 << (port & 31))) !== 0;
        got.push(`${peer}/${proto}/${port}:${set}`);
        want.push(`${peer}/${proto}/${port}:${ports.has(port)}`);
      }
      if (bits && full) {
        got.push(`${peer}/${proto} count ${countBits(bits)}`);
        want.push(`${peer}/${proto} count ${ports.size}`);
      }
      if (table.natPortBits(NOT_INDEXED, peer, DPORT, proto) !== undefined) got.push('NOT_INDEXED has bits');
    }
  }
  expect(got).toEqual(want);
}

function tupleOf(t: ConntrackTable, id: number, dir: 0 | 1): Tuple {
  return dir === 0
    ? { src: t.oSrc(id), dst: t.oDst(id), ports: t.oPorts(id), proto: t.proto(id) }
    : { src: t.rSrc(id), dst: t.rDst(id), ports: t.rPorts(id), proto: t.proto(id) };
}

function countBits(bits: Uint32Array): number {
  let n = 0;
  for (let w of bits) {
    while (w !== 0) {
      w &= w - 1;
      n++;
    }
  }
  return n;
}

describe('ConntrackTable', () => {
  it('matches a Map model under random alloc/confirm/release/expire (unique tuples, find, NAT index)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 10, maxLength: 100, size: 'max' }), (ops) => runOps(ops)),
      { numRuns: 150 },
    );
  });

  it('finds every entry after growing past its initial capacity, and after half are released', () => {
    const table = new ConntrackTable(16);
    const ids: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const id = table.alloc(0x0a000000 + i, 0x5db8d822, 1024 + (i % 60000), 443, 6);
      table.insertConfirmed(id);
      ids.push(id);
    }
    expect(table.count).toBe(5000);
    ids.forEach((id, i) => {
      if (i % 2 === 0) table.release(id);
    });
    ids.forEach((id, i) => {
      const src = 0x0a000000 + i;
      const ports = (((1024 + (i % 60000)) << 16) | 443) >>> 0;
      const want = i % 2 === 0 ? -1 : id * 2;
      expect(table.find(src, 0x5db8d822, ports, 6, 0)).toBe(want);
      const reply = ((443 << 16) | (1024 + (i % 60000))) >>> 0;
      expect(table.find(0x5db8d822, src, reply, 6, 0)).toBe(i % 2 === 0 ? -1 : id * 2 + 1);
    });
    expect(table.count).toBe(2500);
  });

  it('keeps an unconfirmed entry out of the hash', () => {
    const table = new ConntrackTable();
    const id = table.alloc(1, 2, 1000, 80, 6);
    expect(table.isLive(id)).toBe(true);
    expect(table.isConfirmed(id)).toBe(false);
    expect(table.find(1, 2, ((1000 << 16) | 80) >>> 0, 6, 0)).toBe(-1);
    expect(table.find(2, 1, ((80 << 16) | 1000) >>> 0, 6, 0)).toBe(-1);
  });

  it('makes an entry invisible exactly from tExpire on, even without the gc', () => {
    const table = new ConntrackTable();
    const id = table.alloc(1, 2, 1000, 80, 6);
    table.setTExpire(id, 100);
    table.insertConfirmed(id);
    const ports = ((1000 << 16) | 80) >>> 0;
    expect(table.find(1, 2, ports, 6, 99)).toBe(id * 2);
    expect(table.find(1, 2, ports, 6, 100)).toBe(-1);
    expect(table.isLive(id)).toBe(false);
    expect(table.count).toBe(0);
  });

  it('bysource chains list entries with the same pre-NAT source, newest first, and unlink on release', () => {
    const table = new ConntrackTable();
    const a = table.alloc(1, 2, 1000, 80, 6);
    const b = table.alloc(1, 3, 1000, 443, 6);
    const c = table.alloc(1, 3, 1000, 443, 17);
    const d = table.alloc(1, 3, 1001, 443, 6);
    for (const id of [a, b, c, d]) table.linkBySource(id);
    expect(chainOf(table, a)).toEqual([b, a]);
    expect(chainOf(table, c)).toEqual([c]);
    expect(chainOf(table, d)).toEqual([d]);
    table.release(b);
    expect(chainOf(table, a)).toEqual([a]);
    table.release(a);
    expect(chainOf(table, c)).toEqual([c]);
    expect(chainOf(table, d)).toEqual([d]);
    const e = table.alloc(1, 9, 1000, 80, 6);
    expect(chainOf(table, e)).toEqual([]);
  });

  it('bysource chains match a model under random link/release over many sources (resize, deletion)', () => {
    const op = fc.oneof(
      { weight: 3, arbitrary: fc.record({ link: fc.constant(true), key: fc.integer({ min: 0, max: 149 }) }) },
      { weight: 2, arbitrary: fc.record({ link: fc.constant(false), pick: fc.nat() }) },
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 100, maxLength: 300 }), (ops) => {
        const table = new ConntrackTable(16);
        /** Linked entries per key, oldest first. */
        const model = new Map<number, number[]>();
        const live: number[] = [];
        for (const o of ops) {
          if ('key' in o) {
            const src = 0x0a000000 + (o.key % 50);
            const sport = 30000 + Math.floor(o.key / 50);
            const id = table.alloc(src, 0x5db8d822, sport, 443, o.key % 2 === 0 ? 6 : 17);
            table.linkBySource(id);
            const k = src * 1e6 + sport * 10 + (o.key % 2);
            model.set(k, [...(model.get(k) ?? []), id]);
            live.push(id);
          } else if (live.length > 0) {
            const id = live.splice(o.pick % live.length, 1)[0]!;
            table.release(id);
            for (const [k, ids] of model)
              model.set(
                k,
                ids.filter((x) => x !== id),
              );
          }
        }
        for (const ids of model.values()) {
          for (const id of ids) expect(chainOf(table, id)).toEqual([...ids].reverse());
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('ConntrackTable slot distances', () => {
  /** Tuple number `n` (distinct for every n): ORIGINAL source, destination and packed ports. */
  const tupleOf = (n: number) => ({
    src: 0x0a000000 + (n % 5003),
    dst: 0x5db80000 + Math.floor(n / 5003),
    sport: 30000 + (n % 7),
  });
  const findTuple = (table: ConntrackTable, n: number): number => {
    const t = tupleOf(n);
    return table.find(t.src, t.dst, ((t.sport << 16) | 443) >>> 0, 6, 0);
  };
  /** Confirms a new entry for tuple number `n`. */
  const insert = (table: ConntrackTable, n: number): number => {
    const t = tupleOf(n);
    const id = table.alloc(t.src, t.dst, t.sport, 443, 6);
    table.setReplyDestination(id, NAT_IP, 1024 + (n % 60000));
    table.insertConfirmed(id);
    return id;
  };
  const lost = (table: ConntrackTable, live: Map<number, number>, gone: number[]): string[] => [
    ...[...live].filter(([n, id]) => findTuple(table, n) !== id * 2).map(([n]) => `entry ${n} not found`),
    ...gone.filter((n) => findTuple(table, n) >= 0).map((n) => `released entry ${n} still found`),
  ];

  it('stay exact under churn at up to 70 % load, long runs (distance 15 = "or more") included', () => {
    const table = new ConntrackTable(16);
    const rng = new Xoshiro128(5);
    const live = new Map<number, number>();
    const gone: number[] = [];
    let next = 0;
    // 180 000 entries: 360 000 tuples fill 2^19 slots to 69 %, just under the resize.
    while (next < 180_000) live.set(next, insert(table, next++));
    const keys = [...live.keys()];
    for (let round = 0; round < 40_000; round++) {
      const k = rng.int(0, keys.length - 1);
      const n = keys[k]!;
      table.release(live.get(n)!);
      live.delete(n);
      if (gone.length < 2000) gone.push(n);
      keys[k] = next;
      live.set(next, insert(table, next++));
      if (round % 10_000 === 0) expect(table.slotErrors().slice(0, 5)).toEqual([]);
    }
    expect(table.slotErrors().slice(0, 5)).toEqual([]);
    expect(lost(table, live, gone).slice(0, 5)).toEqual([]);
  });

  it('are dropped when ids outgrow them (past 2^19 entries), and lookups and deletions still work', () => {
    const table = new ConntrackTable(16);
    const live = new Map<number, number>();
    const gone: number[] = [];
    for (let n = 0; n < 600_000; n++) live.set(n, insert(table, n));
    expect(table.slotErrors().slice(0, 5)).toEqual([]);
    for (let n = 0; n < 600_000; n += 2) {
      table.release(live.get(n)!);
      live.delete(n);
      if (gone.length < 2000) gone.push(n);
    }
    expect(table.slotErrors().slice(0, 5)).toEqual([]);
    expect(lost(table, live, gone).slice(0, 5)).toEqual([]);
  });
});

describe('ConntrackTable bysource churn', () => {
  it('keeps every chain under 20 000 link/release cycles at a steady 75 % load (tombstones, rebuilds at one size)', () => {
    const table = new ConntrackTable(16);
    const rng = new Xoshiro128(11);
    const keyOf = (n: number) => ({ src: 0x0a000000 + (n % 97), sport: 20000 + Math.floor(n / 97) });
    const live = new Map<number, number>(); // key number → entry id
    let next = 0;
    const link = (): void => {
      const k = keyOf(next);
      const id = table.alloc(k.src, 0x5db8d822, k.sport, 443, 6);
      table.linkBySource(id);
      live.set(next++, id);
    };
    // 48 chains in the first table's 64 slots: the table never grows (it would at 52), so every removal leaves a
    // tombstone and only same-size rebuilds can clear them.
    for (let i = 0; i < 48; i++) link();
    const bytes = table.byteSize();
    const gone: number[] = [];
    for (let cycle = 0; cycle < 20_000; cycle++) {
      const keys = [...live.keys()];
      const victim = keys[rng.int(0, keys.length - 1)]!;
      table.release(live.get(victim)!);
      live.delete(victim);
      if (gone.length < 500) gone.push(victim);
      link();
    }
    expect(table.byteSize()).toBe(bytes);
    const wrong = [...live].filter(([, id]) => chainOf(table, id).join() !== `${id}`);
    expect(wrong).toEqual([]);
    // A removed key finds no chain: a fresh entry with its source starts alone.
    const stale = gone.filter((n) => {
      const k = keyOf(n);
      const probe = table.alloc(k.src, 0x5db8d822, k.sport, 443, 6);
      const found = table.firstBySource(probe);
      table.release(probe);
      return found !== EMPTY;
    });
    expect(stale).toEqual([]);
  });
});

describe.each(GROWTH_MODES)('ConntrackTable growing its arrays $name', (mode) => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  // 270 000 entries: every array of the entries and of the expiry heap passes 1 MiB, where it moves into a memory.
  it('finds every entry, its bysource chain and its expiry after growing past 1 MiB per array', () => {
    mode.install(vi.stubGlobal);
    const n = 270_000;
    const table = new ConntrackTable(16);
    const tuple = (i: number) => ({
      src: 0x0a000000 + i,
      dst: 0x5db80000 + (i % 251),
      sport: 1024 + (i % 60000),
    });
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = tuple(i);
      const id = table.alloc(t.src, t.dst, t.sport, 443, 6);
      table.setReplyDestination(id, NAT_IP, 20000 + (i % 40000));
      table.linkBySource(id);
      // A permutation of 0..n-1: the expiry heap gets every order of times.
      table.setTExpire(id, 1000 + ((i * 7919) % n));
      table.insertConfirmed(id);
      ids.push(id);
    }
    const wrong = ids.filter((id, i) => {
      const t = tuple(i);
      const reply = ((443 << 16) | (20000 + (i % 40000))) >>> 0;
      return (
        table.find(t.src, t.dst, ((t.sport << 16) | 443) >>> 0, 6, 0) !== id * 2 ||
        table.find(t.dst, NAT_IP, reply, 6, 0) !== id * 2 + 1 ||
        chainOf(table, id).join() !== `${id}`
      );
    });
    expect(wrong.slice(0, 10)).toEqual([]);
    table.expire(1000 + n / 2 - 1);
    expect(table.count).toBe(n / 2);
    const expiredWrong = ids.filter((id, i) => table.isLive(id) !== (i * 7919) % n >= n / 2);
    expect(expiredWrong.slice(0, 10)).toEqual([]);
  });

  it('byteSize counts the entry arrays as grown, not their reservation', () => {
    mode.install(vi.stubGlobal);
    const table = new ConntrackTable(16);
    const n = 100_000;
    for (let i = 0; i < n; i++) table.alloc(0x0a000000 + i, 0x5db8d822, 1024, 443, 6);
    let capacity = 16;
    while (capacity < n) capacity = Math.ceil(capacity * 1.125);
    // Unconfirmed entries: the hashes and the expiry heap keep their first sizes (64 + 64 slots, 1024 pairs).
    expect(table.byteSize()).toBe(capacity * BYTES_PER_ENTRY + 64 * 4 + 64 * 4 + 1024 * 12);
  });
});

const NAT_IP = 0x0a00000a;

function chainOf(table: ConntrackTable, id: number): number[] {
  const out: number[] = [];
  for (let e = table.firstBySource(id); e >= 0; e = table.nextBySource(e)) {
    out.push(e);
    if (out.length > 1000) throw new Error('bysource chain loops');
  }
  return out;
}

describe('ConntrackTable kernel buckets', () => {
  it('reciprocalScale is (value * range) >> 32 exactly', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.integer({ min: 1, max: 0xffffffff }), (value, range) => {
        expect(reciprocalScale(value, range)).toBe(Number((BigInt(value) * BigInt(range)) >> 32n));
      }),
      { numRuns: 2000 },
    );
  });

  /** Every node (`id * 2 + dir`) of the table by bucket, from the records: the chains a kernel would have. */
  const chains = (table: ConntrackTable, buckets: number): Map<number, number[]> => {
    const out = new Map<number, number[]>();
    const add = (v: number, src: number, dst: number, ports: number, proto: number) => {
      const b = reciprocalScale(hashTuple(src, dst, ports, proto), buckets);
      out.set(b, [...(out.get(b) ?? []), v]);
    };
    for (const id of table.ids()) {
      const st = table.status(id);
      if (!(st & CT_CONFIRMED)) continue;
      const proto = table.proto(id);
      if (!(st & CT_NAT_CLASH)) add(id * 2, table.oSrc(id), table.oDst(id), table.oPorts(id), proto);
      add(id * 2 + 1, table.rSrc(id), table.rDst(id), table.rPorts(id), proto);
    }
    return out;
  };

  it.each([1, 7, 1000, 65_536, 262_144, 3_000_017])(
    'nodesInBucket lists exactly the nodes a bucket holds, with %i buckets, as the table grows and shrinks',
    (buckets) => {
      const table = new ConntrackTable(16);
      table.setKernelBuckets(buckets, true);
      const rng = new Xoshiro128(buckets);
      const ids: number[] = [];
      const check = () => {
        const expected = chains(table, buckets);
        // Every non-empty bucket, plus as many random ones (mostly empty when buckets outnumber nodes).
        const probe = [...expected.keys(), ...Array.from({ length: 200 }, () => rng.int(0, buckets - 1))];
        for (const b of probe) {
          const nodes = (expected.get(b) ?? []).sort((x, y) => x - y);
          expect(table.nodesInBucket(b)).toEqual(nodes);
          expect(table.chainLength(b)).toBe(nodes.length);
        }
      };
      for (let n = 0; n < 6000; n++) {
        const id = table.alloc(0x0a000000 + (n % 997), 0x5db80000 + (n % 13), 30000 + (n % 11), 443, 6);
        table.setReplyDestination(id, NAT_IP, 1024 + n);
        if (n % 5 === 0) table.insertReplyOnly(id);
        else table.insertConfirmed(id);
        ids.push(id);
        if (n === 40 || n === 3000) check();
      }
      check();
      for (let k = 0; k < ids.length; k += 3) table.release(ids[k]!);
      check();
    },
  );
});
