import { EMPTY, REC_PROTO_STATUS, REC_WORDS } from './conntrack-entries.js';
import { hashTuple } from './tuple-hash.js';

/**
 * The NAT bysource hash (nf_nat_bysource): open addressing over chain heads, keyed by the head's ORIGINAL
 * (src, sport, proto); the chains run through the entries' link words. A slot is one int32: the head's id in
 * the low `idBits` bits and a fingerprint of the key's hash above, so a probe past other keys' chains reads
 * no entry record (most connections find no chain at all).
 *
 * Where a chain sits never changes what the lookups return (a key finds its own chain; a chain's order is
 * link order), so the table may have any size: it grows by half at 80 % load. A removed chain leaves a
 * tombstone rather than shifting its cluster back: a backward shift must know the home of every slot after
 * it, that is read each head's record (a random miss per slot, about ten per removal at 80 % load: a seventh
 * of a steady-state run). Tombstones are reused by inserts and cleared by a rebuild at the same size once
 * they and the chains fill 90 % of the slots; sizes (and `byteSize`) follow the live chains only, as before.
 */
export class BySourceHash {
  private slots: Int32Array;
  /** Live chains (heads). */
  private used = 0;
  /** Slots holding TOMB. */
  private tombs = 0;
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

  /** The slot holding the chain for (src, sport, proto), or the free slot (first tombstone, else empty) where it would go. */
  slotOf(rec: Uint32Array, src: number, sport: number, proto: number): number {
    const slots = this.slots;
    const size = slots.length;
    const h = hashTuple(src, sport, 0x5bd1, proto);
    this.lastHash = h;
    const shift = this.idBits;
    const fp = (h & (0x7fffffff >>> shift)) << shift;
    const idMask = this.idMask;
    let i = home(h, size);
    let free = -1;
    // Rebuilds keep an empty slot, so a probe ends; the bound turns a broken invariant into an error, not a hang.
    for (let n = 0; n < size; n++) {
      const s = slots[i]!;
      if (s === EMPTY) return free >= 0 ? free : i;
      if (s === TOMB) {
        if (free < 0) free = i;
      } else if ((s & ~idMask) === fp) {
        const b = (s & idMask) * REC_WORDS;
        if (rec[b] === src && rec[b + 2]! >>> 16 === sport && (rec[b + REC_PROTO_STATUS]! & 0xff) === proto)
          return i;
      }
      if (++i === size) i = 0;
    }
    throw new Error('bysource hash: no empty slot');
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
    return s < 0 ? EMPTY : s & this.idMask;
  }

  /** Starts a chain with `id` in the free slot `i` that `slotOf` returned for hash `h`; may grow the table. */
  place(rec: Uint32Array, i: number, id: number, h: number): void {
    const shift = this.idBits;
    if (this.slots[i] === TOMB) this.tombs--;
    this.slots[i] = ((h & (0x7fffffff >>> shift)) << shift) | id;
    this.version++;
    const size = this.slots.length;
    if (++this.used * 10 > size * 8) this.resize(rec, Math.ceil(size * 1.5));
    else if ((this.used + this.tombs) * 10 > size * 9) this.resize(rec, size);
  }

  /** Replaces the head of the chain in slot `i` (same key, so the same fingerprint). */
  replace(i: number, id: number): void {
    this.slots[i] = (this.slots[i]! & ~this.idMask) | id;
    this.version++;
  }

  /** Ends the chain in slot `i`: a tombstone; a rebuild at the same size when free slots run short. */
  remove(rec: Uint32Array, i: number): void {
    this.slots[i] = TOMB;
    this.used--;
    this.version++;
    if ((this.used + ++this.tombs) * 10 > this.slots.length * 9) this.resize(rec, this.slots.length);
  }

  /** Entry ids now need `idBits` bits: the fingerprints give up their low bits (no rehash). */
  widenIds(idBits: number): void {
    const slots = this.slots;
    const fpMask = 0x7fffffff >>> idBits;
    const oldBits = this.idBits;
    const oldMask = this.idMask;
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i]!;
      // EMPTY and TOMB are the only negative slots: `neg` keeps them as they are, without a branch.
      const neg = s >> 31;
      slots[i] = (((((s >>> oldBits) & fpMask) << idBits) | (s & oldMask)) & ~neg) | (s & neg);
    }
    this.idBits = idBits;
    this.idMask = (1 << idBits) - 1;
    this.version++;
  }

  byteSize(): number {
    return this.slots.byteLength;
  }

  /**
   * Rebuilds at `size` slots (the same size clears the tombstones). Heads are collected in a bit set and
   * re-placed in id order: the entry records are read as one sequential pass instead of one random access per
   * chain.
   */
  private resize(rec: Uint32Array, size: number): void {
    const old = this.slots;
    const heads = new Uint32Array(Math.ceil(rec.length / REC_WORDS / 32));
    for (const s of old) if (s >= 0) heads[(s & this.idMask) >>> 5]! |= 1 << (s & 31);
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
    this.tombs = 0;
    this.version++;
  }
}

/** A removed chain's slot: probes go on past it, inserts may take it. Slots holding a head are never negative. */
const TOMB = -2;

/** Maps a 32-bit hash onto [0, size) by its top 26 bits (exact in doubles while size < 2^27). */
function home(h: number, size: number): number {
  return Math.floor(((h >>> 6) * size) / 67108864);
}
