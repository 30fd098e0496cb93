import { EMPTY, REC_PROTO_STATUS, REC_WORDS } from './conntrack-entries.js';
import { hashTuple } from './tuple-hash.js';

/**
 * The NAT bysource hash (nf_nat_bysource): open addressing over chain heads, keyed by the head's ORIGINAL
 * (src, sport, proto); the chains run through the entries' link words. A slot is one int32: the head's id in
 * the low `idBits` bits and a fingerprint of the key's hash above, so a probe past other keys' chains reads
 * no entry record (most connections find no chain at all).
 *
 * Where a chain sits never changes what the lookups return (a key finds its own chain; a chain's order is
 * link order), so the table may have any size: it grows by half at 80 % load.
 */
export class BySourceHash {
  private slots: Int32Array;
  private used = 0;
  private idMask: number;
  /** Bumped by every change, so a remembered slot is known to be still valid. */
  version = 0;
  /** The key hash of the last `slotOf`, for `place`. */
  lastHash = 0;

  constructor(
    size: number,
    private idBits: number,
  ) {
    this.slots = new Int32Array(size).fill(EMPTY);
    this.idMask = (1 << idBits) - 1;
  }

  /** The slot holding the chain for (src, sport, proto), or the empty slot where it would go. */
  slotOf(rec: Uint32Array, src: number, sport: number, proto: number): number {
    const slots = this.slots;
    const size = slots.length;
    const h = hashTuple(src, sport, 0x5bd1, proto);
    this.lastHash = h;
    const shift = this.idBits;
    const fp = (h & (0x7fffffff >>> shift)) << shift;
    const idMask = this.idMask;
    let i = home(h, size);
    for (;;) {
      const s = slots[i]!;
      if (s === EMPTY) return i;
      if ((s & ~idMask) === fp) {
        const b = (s & idMask) * REC_WORDS;
        if (rec[b] === src && rec[b + 2]! >>> 16 === sport && (rec[b + REC_PROTO_STATUS]! & 0xff) === proto)
          return i;
      }
      if (++i === size) i = 0;
    }
  }

  /**
   * Reads the slot where `slotOf(src, sport, proto)` starts probing, so that a later lookup finds the line in
   * cache; returns the slot's value (callers only keep it so the load is not optimised away).
   */
  touch(src: number, sport: number, proto: number): number {
    return this.slots[home(hashTuple(src, sport, 0x5bd1, proto), this.slots.length)]!;
  }

  /** The chain head in slot `i`, or -1. */
  head(i: number): number {
    const s = this.slots[i]!;
    return s === EMPTY ? EMPTY : s & this.idMask;
  }

  /** Starts a chain with `id` in the empty slot `i` that `slotOf` returned for hash `h`; may grow the table. */
  place(rec: Uint32Array, i: number, id: number, h: number): void {
    const shift = this.idBits;
    this.slots[i] = ((h & (0x7fffffff >>> shift)) << shift) | id;
    this.version++;
    if (++this.used * 10 > this.slots.length * 8) this.resize(rec, Math.ceil(this.slots.length * 1.5));
  }

  /** Replaces the head of the chain in slot `i` (same key, so the same fingerprint). */
  replace(i: number, id: number): void {
    this.slots[i] = (this.slots[i]! & ~this.idMask) | id;
    this.version++;
  }

  /** Empties slot `i` by backward shift (no tombstones). */
  remove(rec: Uint32Array, start: number): void {
    const slots = this.slots;
    const size = slots.length;
    let i = start;
    let j = start;
    for (;;) {
      if (++j === size) j = 0;
      const w = slots[j]!;
      if (w === EMPTY) break;
      const k = this.homeOf(rec, w & this.idMask, size);
      const between = i <= j ? i < k && k <= j : i < k || k <= j;
      if (between) continue;
      slots[i] = w;
      i = j;
    }
    slots[i] = EMPTY;
    this.used--;
    this.version++;
  }

  /** Entry ids now need `idBits` bits: the fingerprints give up their low bits (no rehash). */
  widenIds(idBits: number): void {
    const slots = this.slots;
    const fpMask = 0x7fffffff >>> idBits;
    const oldBits = this.idBits;
    const oldMask = this.idMask;
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i]!;
      // EMPTY is the only negative slot: `s >> 31` keeps it all ones, without a branch.
      slots[i] = (((s >>> oldBits) & fpMask) << idBits) | (s & oldMask) | (s >> 31);
    }
    this.idBits = idBits;
    this.idMask = (1 << idBits) - 1;
    this.version++;
  }

  byteSize(): number {
    return this.slots.byteLength;
  }

  private homeOf(rec: Uint32Array, id: number, size: number): number {
    const b = id * REC_WORDS;
    return home(hashTuple(rec[b]!, rec[b + 2]! >>> 16, 0x5bd1, rec[b + REC_PROTO_STATUS]! & 0xff), size);
  }

  /**
   * Rebuilds at `size` slots. Heads are collected in a bit set and re-placed in id order: the entry records
   * are read as one sequential pass instead of one random access per chain.
   */
  private resize(rec: Uint32Array, size: number): void {
    const old = this.slots;
    const heads = new Uint32Array(Math.ceil(rec.length / REC_WORDS / 32));
    for (const s of old) if (s !== EMPTY) heads[(s & this.idMask) >>> 5]! |= 1 << (s & 31);
    const slots = new Int32Array(size).fill(EMPTY);
    const shift = this.idBits;
    const fpMask = 0x7fffffff >>> shift;
    for (let w = 0; w < heads.length; w++) {
      for (let bits = heads[w]!; bits !== 0; bits &= bits - 1) {
        const id = w * 32 + (31 - Math.clz32(bits & -bits));
        const b = id * REC_WORDS;
        const h = hashTuple(rec[b]!, rec[b + 2]! >>> 16, 0x5bd1, rec[b + REC_PROTO_STATUS]! & 0xff);
        let i = home(h, size);
        while (slots[i] !== EMPTY) if (++i === size) i = 0;
        slots[i] = ((h & fpMask) << shift) | id;
      }
    }
    this.slots = slots;
    this.version++;
  }
}

/** Maps a 32-bit hash onto [0, size) by its top 26 bits (exact in doubles while size < 2^27). */
function home(h: number, size: number): number {
  return Math.floor(((h >>> 6) * size) / 67108864);
}
