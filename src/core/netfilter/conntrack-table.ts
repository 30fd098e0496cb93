import { BySourceHash } from './bysource-hash.js';
import {
  BYTES_PER_ENTRY,
  ConntrackEntries,
  EMPTY,
  REC_LINK,
  REC_ORIG,
  REC_PROTO_STATUS,
  REC_REPLY,
  REC_WORDS,
} from './conntrack-entries.js';
import { CT_BYSOURCE, CT_CONFIRMED, CT_NAT_CLASH } from './ct-status.js';
import { ExpiryHeap } from './expiry-heap.js';
import { hashTuple, reciprocalScale } from './tuple-hash.js';

const INITIAL_CAPACITY = 1024;
/** The slot bits a fingerprint may use: all but the sign bit. */
const FP_BITS = 0x7fffffff;
/** Entry ids get at least this many bits in the hash slots; more as the entries grow (at most 29). */
const MIN_ID_BITS = 16;

/**
 * The conntrack entries of one network namespace plus the confirmed hash (`nf_conntrack_hash`) and the
 * NAT bysource hash. The confirmed hash is a linear-probing table (power-of-two size) whose slots hold
 * `id * 2 + dir` (dir 0 = ORIGINAL, 1 = REPLY), so both tuples of every confirmed entry are found by one
 * lookup, as in the kernel. Unconfirmed entries are allocated here but not in the hash: other CPUs cannot see
 * them.
 *
 * A slot is one int32: `id * 2 + dir` in the low `idBits + 1` bits, then (while ids leave room: up to 2^19
 * entries) a 4-bit distance from the slot's home, then the top bits of the tuple's hash as a fingerprint, so a
 * probe rarely reads an entry record that does not match. A deletion's backward shift takes each later slot's
 * home from its distance (15 = "15 or more") and reads the entry record only past that or without the field,
 * as a resize does.
 */
export class ConntrackTable extends ConntrackEntries {
  /** Bits of an entry id in the slots; `vShift = idBits + 1` bits hold `id * 2 + dir`. */
  private idBits: number;
  private vShift: number;
  /** Largest distance the slots can hold (15, or 0 without the field); it means "this far or more". */
  private dMax: number;
  /**
   * Slot bit p holds hash bit p - fpShift for fpShift ≤ p < 31 (only widenIds leaves fpShift above vShift + the
   * distance bits); bit 31 stays clear, so no slot can read as EMPTY (-1).
   */
  private fpShift: number;
  private slots = new Int32Array(0);
  private slotMask = 0;
  /** A tuple's home slot is the top bits of its hash: `hash >>> homeShift` (32 - log2 of the slot count). */
  private homeShift = 32;
  /** `nf_conntrack_buckets`: the kernel's bucket count, for early_drop (`nodesInBucket`). */
  private kernelBuckets = 1;
  /** Nodes per kernel bucket (saturating at 65535), or null when no era needs them. */
  private chainLengths: Uint16Array | null = null;
  private chainHighWater = 0;
  private slotsUsed = 0;

  private readonly bySource: BySourceHash;
  /** The bysource slot `firstBySource` found for an entry, reused by `linkBySource` while still valid. */
  private bsCacheId = EMPTY;
  private bsCacheSlot = 0;
  private bsCacheHash = 0;
  private bsCacheVersion = 0;
  /** Expiry queue: (tExpire, id), may hold stale pairs after a refresh; checked when popped. */
  private readonly expiry = new ExpiryHeap();
  /**
   * NAT port index: for each indexed NAT address, per (peer, peer port, proto), a 65536-bit set of the NAT
   * ports whose REPLY tuple (peer:pport → natIp:port) is in the confirmed hash. Lets the ≤4.x linear search
   * skip runs of used ports exactly as many probes as the kernel makes, without a hash lookup each.
   */
  private readonly natIndex = new Map<number, Map<number, Uint32Array>>();
  /** Values of the cache lines `warm*` loaded; kept only so the loads are not optimised away. */
  private warmSink = 0;

  constructor(initialCapacity = INITIAL_CAPACITY) {
    super(initialCapacity);
    this.idBits = idBitsFor(this.capacity);
    this.vShift = this.idBits + 1;
    this.dMax = distanceMaxFor(this.vShift);
    this.fpShift = this.vShift + distanceBits(this.dMax);
    this.resizeSlots(Math.max(64, nextPow2(initialCapacity * 4)));
    this.bySource = new BySourceHash(Math.max(64, nextPow2(initialCapacity * 2)), this.idBits);
  }

  /** Frees an entry: out of the hash and the bysource list, back to the free list. */
  release(id: number): void {
    if (this.isFree(id)) return;
    const st = this.status(id);
    if (st & CT_CONFIRMED) {
      if (!(st & CT_NAT_CLASH)) this.removeSlot(id * 2);
      this.removeSlot(id * 2 + 1);
      this.indexReply(id, false);
    }
    this.unlinkBySource(id);
    this.freeEntry(id);
    if (id === this.bsCacheId) this.bsCacheId = EMPTY;
  }

  /** Inserts both tuples into the confirmed hash (`__nf_conntrack_hash_insert`). */
  insertConfirmed(id: number): void {
    this.addStatus(id, CT_CONFIRMED);
    this.insertSlot(id * 2);
    this.insertSlot(id * 2 + 1);
    this.indexReply(id, true);
    this.schedule(id);
  }

  /** 5.6+ clash resolution: only the REPLY tuple goes into the hash. */
  insertReplyOnly(id: number): void {
    this.addStatus(id, CT_CONFIRMED | CT_NAT_CLASH);
    this.insertSlot(id * 2 + 1);
    this.indexReply(id, true);
    this.schedule(id);
  }

  /** Files an entry's (new) expiry; call after setting tExpire. */
  schedule(id: number): void {
    const time = this.tExpire(id);
    if (time !== Number.POSITIVE_INFINITY) this.expiry.push(time, id);
  }

  /**
   * Finds a tuple in the confirmed hash: returns `id * 2 + dir`, or -1. Expired entries are collected on the
   * way and never match (nf_ct_is_expired + nf_ct_gc_expired in the lookup).
   */
  find(src: number, dst: number, ports: number, proto: number, now: number): number {
    const mask = this.slotMask;
    const h = hashTuple(src, dst, ports, proto);
    const vMask = (1 << this.vShift) - 1;
    const fpMask = -1 << this.fpShift;
    const fp = (h << this.fpShift) & FP_BITS;
    const slots = this.slots;
    let i = h >>> this.homeShift;
    for (;;) {
      const s = slots[i]!;
      if (s === EMPTY) return EMPTY;
      if ((s & fpMask) === fp) {
        const v = s & vMask;
        const rec = this.rec;
        const id = v >> 1;
        const b = id * REC_WORDS;
        const t = b + ((v & 1) === 0 ? REC_ORIG : REC_REPLY);
        if (
          rec[t] === src &&
          rec[t + 1] === dst &&
          rec[t + 2] === ports &&
          (rec[b + REC_PROTO_STATUS]! & 0xff) === proto
        ) {
          if (this.tExpire(id) <= now) {
            this.release(id);
            return this.find(src, dst, ports, proto, now);
          }
          return v;
        }
      }
      i = (i + 1) & mask;
    }
  }

  /**
   * Frees every entry whose timeout has passed (the gc worker, but exact: an expired entry is invisible to
   * the kernel's lookups anyway, nf_ct_is_expired). Call before reading the table at `now`.
   */
  expire(now: number): void {
    const q = this.expiry;
    while (q.size > 0 && q.peekTime() <= now) {
      const id = q.peekId();
      q.pop();
      if (!this.isFree(id) && this.tExpire(id) <= now) this.release(id);
      this.warmExpiries();
    }
  }

  /**
   * Loads the cache lines a later `find` of this tuple and a `firstBySource` of its source will read, so their
   * misses overlap with each other and with the work in between instead of stalling one after another.
   * Reads only: nothing observable changes. `bySource` false skips the bysource slot.
   */
  warm(src: number, dst: number, ports: number, proto: number, bySource: boolean): void {
    let sink = this.slots[hashTuple(src, dst, ports, proto) >>> this.homeShift]!;
    if (bySource) sink ^= this.bySource.touch(src, ports >>> 16, proto);
    this.warmSink ^= sink;
  }

  /**
   * A release touches five random lines of large arrays (the record, the times, both hash slots, the bysource
   * slot); met one after the other they are five stalls. The expiry queue knows which entries go next: after
   * each release this loads the slots of the next one (its record was loaded by the previous call) and the
   * record of the one after it, so these misses overlap with each other. Reads only.
   */
  private warmExpiries(): void {
    const q = this.expiry;
    if (q.size === 0) return;
    const rec = this.rec;
    const b = q.peekId() * REC_WORDS;
    const proto = rec[b + REC_PROTO_STATUS]! & 0xff;
    const shift = this.homeShift;
    const slots = this.slots;
    let sink = slots[hashTuple(rec[b]!, rec[b + 1]!, rec[b + 2]!, proto) >>> shift]!;
    sink ^= slots[hashTuple(rec[b + REC_REPLY]!, rec[b + 4]!, rec[b + 5]!, proto) >>> shift]!;
    sink ^= this.bySource.touch(rec[b]!, rec[b + 2]! >>> 16, proto);
    const afterNext = q.peekNextId();
    if (afterNext >= 0) sink ^= rec[afterNext * REC_WORDS]! ^ this.tExpire(afterNext);
    this.warmSink ^= sink;
  }

  /** Declares a NAT source address whose REPLY tuples are indexed by port (host addresses, SNAT pools). */
  indexNatAddress(ip: number): void {
    if (!this.natIndex.has(ip)) this.natIndex.set(ip, new Map());
  }

  /** The used-port bit set for REPLY tuples (peer:peerPort → natIp:*), or undefined if not indexed. */
  natPortBits(natIp: number, peer: number, peerPort: number, proto: number): Uint32Array | undefined {
    return this.natIndex.get(natIp)?.get(natSubKey(peer, peerPort, proto));
  }

  /** Adds an entry to the NAT bysource hash under its pre-NAT source (nf_nat_setup_info does this). */
  linkBySource(id: number): void {
    if (this.status(id) & CT_BYSOURCE) return;
    const bs = this.bySource;
    let i = this.bsCacheSlot;
    let h = this.bsCacheHash;
    // get_unique_tuple() has just looked this source up: skip the second probe unless the hash changed since.
    if (id !== this.bsCacheId || bs.version !== this.bsCacheVersion) {
      i = bs.slotOf(this.rec, this.oSrc(id), this.oPorts(id) >>> 16, this.proto(id));
      h = bs.lastHash;
    }
    const head = bs.head(i);
    this.rec[id * REC_WORDS + REC_LINK] = head;
    this.addStatus(id, CT_BYSOURCE);
    if (head === EMPTY) bs.place(this.rec, i, id, h);
    else bs.replace(i, id);
  }

  /**
   * First entry (newest first, like hlist_add_head_rcu) whose pre-NAT source ip:port and protocol equal
   * those of `id` (same_src()), or -1. `id` itself may be returned; callers skip it.
   */
  firstBySource(id: number): number {
    const bs = this.bySource;
    const i = bs.slotOf(this.rec, this.oSrc(id), this.oPorts(id) >>> 16, this.proto(id));
    this.bsCacheId = id;
    this.bsCacheSlot = i;
    this.bsCacheHash = bs.lastHash;
    this.bsCacheVersion = bs.version;
    return bs.head(i);
  }

  nextBySource(id: number): number {
    return this.rec[id * REC_WORDS + REC_LINK]! | 0;
  }

  /**
   * The kernel's hash table size (`nf_conntrack_buckets`): which bucket chain each tuple's node is on. With
   * `countChains` the table also keeps every chain's length (`chainLength`), for eras that refuse to insert
   * into long chains. Set before the first entry.
   */
  setKernelBuckets(buckets: number, countChains: boolean): void {
    if (!Number.isInteger(buckets) || buckets < 1 || buckets > 0xffffffff)
      throw new Error(`conntrack table: ${buckets} buckets`);
    if (this.slotsUsed > 0) throw new Error('conntrack table: buckets set after entries were inserted');
    this.kernelBuckets = buckets;
    this.chainLengths = countChains ? new Uint16Array(buckets) : null;
  }

  /** Nodes on the chain of `bucket` (needs `countChains`); 65535 means "that many or more". */
  chainLength(bucket: number): number {
    return this.chainLengths?.[bucket] ?? 0;
  }

  /** No chain has ever been longer than this (needs `countChains`): confirm skips its check below it. */
  get longestChain(): number {
    return this.chainHighWater;
  }

  /** `nf_conntrack_buckets` as set by `setKernelBuckets`. */
  get kernelBucketCount(): number {
    return this.kernelBuckets;
  }

  /** `reciprocal_scale(hash, nf_conntrack_buckets)`: the kernel bucket of a tuple hash, exactly (64-bit product). */
  bucketOfHash(hash: number): number {
    return reciprocalScale(hash, this.kernelBuckets);
  }

  /**
   * The nodes (`id * 2 + dir`) on kernel bucket `bucket`'s chain, in ascending order. A tuple's home slot is the
   * top bits of its hash and a bucket is a range of hashes, so a bucket's nodes sit in one run of slots from its
   * first home: the run is scanned (one slot more on each side, for rounding) to the first empty slot past its
   * last home, and each node's bucket is checked against its record. Which slots they occupy never matters.
   */
  nodesInBucket(bucket: number): number[] {
    const buckets = this.kernelBuckets;
    const mask = this.slotMask;
    const scale = 2 ** this.homeShift;
    const first = Math.max(0, Math.floor((bucket * 4294967296) / buckets / scale) - 1);
    const last = Math.min(mask, Math.floor(((bucket + 1) * 4294967296) / buckets / scale) + 1);
    const vMask = (1 << this.vShift) - 1;
    const nodes: number[] = [];
    for (let k = 0; k <= mask; k++) {
      const s = this.slots[(first + k) & mask]!;
      if (s === EMPTY) {
        if (k >= last - first) break;
        continue;
      }
      const v = s & vMask;
      if (reciprocalScale(this.slotHash(v), buckets) === bucket) nodes.push(v);
    }
    return nodes.sort((a, b) => a - b);
  }

  /**
   * Checks every slot of the confirmed hash against its entry record (a test aid, not for the hot path): the
   * fingerprint bits, the distance from the home (or 15 for "15 or more") and the probe run from the home to the
   * slot. Returns one message per slot that disagrees.
   */
  slotErrors(): string[] {
    const errors: string[] = [];
    const mask = this.slotMask;
    const vMask = (1 << this.vShift) - 1;
    const fpMask = -1 << this.fpShift;
    for (let i = 0; i <= mask; i++) {
      const s = this.slots[i]!;
      if (s === EMPTY) continue;
      const h = this.slotHash(s & vMask);
      const home = h >>> this.homeShift;
      const distance = (i - home) & mask;
      const d = (s >>> this.vShift) & this.dMax;
      if ((s & fpMask) !== ((h << this.fpShift) & FP_BITS)) errors.push(`slot ${i}: fingerprint`);
      if (d !== Math.min(distance, this.dMax)) errors.push(`slot ${i}: distance ${d}, really ${distance}`);
      for (let k = home; k !== i; k = (k + 1) & mask) {
        if (this.slots[k] === EMPTY) {
          errors.push(`slot ${i}: empty slot ${k} between it and its home`);
          break;
        }
      }
    }
    return errors;
  }

  /**
   * Bytes held by the typed arrays (entries, hashes, expiry heap), for the memory benchmark: their views'
   * lengths, which is what gets written; the pages a memory rounds up to past them are never touched.
   */
  byteSize(): number {
    return (
      this.capacity * BYTES_PER_ENTRY +
      this.slots.byteLength +
      (this.chainLengths?.byteLength ?? 0) +
      this.bySource.byteSize() +
      this.expiry.byteSize()
    );
  }

  protected override grow(capacity: number): void {
    super.grow(capacity);
    const bits = idBitsFor(capacity);
    if (bits > this.idBits) this.widenIds(bits);
  }

  /**
   * Ids need more bits: both hashes give fingerprint bits up, in place (no rehash, same layout). The distance
   * field keeps its values while it fits and is dropped once ids leave it no room; the fingerprint never grows
   * back down here (its lower bits are not known without the records), only at the next resize.
   */
  private widenIds(bits: number): void {
    if (bits > 29) throw new Error(`conntrack table: ${this.capacity} entries exceed 2^29`);
    const oldShift = this.vShift;
    const oldMask = (1 << oldShift) - 1;
    const oldDMax = this.dMax;
    const shift = bits + 1;
    const dMax = distanceMaxFor(shift);
    const fpShift = Math.max(shift + distanceBits(dMax), this.fpShift);
    const fpMask = (-1 << fpShift) & FP_BITS;
    const keep = dMax === oldDMax ? dMax : 0;
    const slots = this.slots;
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i]!;
      // EMPTY is the only negative slot: `neg` keeps it as it is, without a branch.
      const neg = s >> 31;
      // The fingerprint's field starts higher: it keeps its low (hash) bits and loses its top ones.
      const w =
        (((s >>> this.fpShift) << fpShift) & fpMask) |
        (((s >>> oldShift) & oldDMax & keep) << shift) |
        (s & oldMask);
      slots[i] = (w & ~neg) | (s & neg);
    }
    this.idBits = bits;
    this.vShift = shift;
    this.dMax = dMax;
    this.fpShift = fpShift;
    this.bySource.widenIds(bits);
  }

  private indexReply(id: number, used: boolean): void {
    if (this.natIndex.size === 0) return;
    const perPeer = this.natIndex.get(this.rDst(id));
    if (!perPeer) return;
    const key = natSubKey(this.rSrc(id), this.rPorts(id) >>> 16, this.proto(id));
    let bits = perPeer.get(key);
    if (!bits) {
      if (!used) return;
      bits = new Uint32Array(2048);
      perPeer.set(key, bits);
    }
    const port = this.rPorts(id) & 0xffff;
    if (used) bits[port >>> 5]! |= 1 << (port & 31);
    else bits[port >>> 5]! &= ~(1 << (port & 31));
  }

  /** Chains are short (entries sharing one pre-NAT source ip:port), so a singly linked walk is enough. */
  private unlinkBySource(id: number): void {
    if (!(this.status(id) & CT_BYSOURCE)) return;
    const bs = this.bySource;
    const i = bs.slotOf(this.rec, this.oSrc(id), this.oPorts(id) >>> 16, this.proto(id));
    const next = this.nextBySource(id);
    let cur = bs.head(i);
    if (cur === id) {
      if (next !== EMPTY) bs.replace(i, next);
      else bs.remove(this.rec, i);
    } else {
      while (cur !== EMPTY && this.nextBySource(cur) !== id) cur = this.nextBySource(cur);
      if (cur !== EMPTY) this.rec[cur * REC_WORDS + REC_LINK] = next;
    }
    this.rec[id * REC_WORDS + REC_LINK] = EMPTY;
    this.clearStatus(id, CT_BYSOURCE);
  }

  /** The hash of the tuple behind slot value `v` (`id * 2 + dir`), from the entry record. */
  private slotHash(v: number): number {
    const t = (v >> 1) * REC_WORDS + ((v & 1) === 0 ? REC_ORIG : REC_REPLY);
    const rec = this.rec;
    return hashTuple(rec[t]!, rec[t + 1]!, rec[t + 2]!, this.proto(v >> 1));
  }

  private insertSlot(v: number): void {
    if ((this.slotsUsed + 1) * 10 > this.slots.length * 7) this.resizeSlots(this.slots.length * 2);
    const h = this.slotHash(v);
    this.placeSlot(((h << this.fpShift) & FP_BITS) | v, h);
    this.slotsUsed++;
    const chains = this.chainLengths;
    if (chains) {
      const b = reciprocalScale(h, this.kernelBuckets);
      const n = chains[b]!;
      if (n < 0xffff) chains[b] = n + 1;
      if (n >= this.chainHighWater) this.chainHighWater = n + 1;
    }
  }

  /** Puts slot value `s` (fingerprint and `id * 2 + dir`) at the first empty slot from its home, with its distance. */
  private placeSlot(s: number, h: number): void {
    const mask = this.slotMask;
    const home = h >>> this.homeShift;
    let i = home;
    while (this.slots[i] !== EMPTY) i = (i + 1) & mask;
    this.slots[i] = s | (Math.min((i - home) & mask, this.dMax) << this.vShift);
  }

  /** Backward-shift deletion keeps linear probing chains intact without tombstones. */
  private removeSlot(v: number): void {
    const mask = this.slotMask;
    const vMask = (1 << this.vShift) - 1;
    const slots = this.slots;
    const h = this.slotHash(v);
    let i = h >>> this.homeShift;
    for (;;) {
      const s = slots[i]!;
      if (s === EMPTY) return;
      if ((s & vMask) === v) break;
      i = (i + 1) & mask;
    }
    const chains = this.chainLengths;
    if (chains) {
      const b = reciprocalScale(h, this.kernelBuckets);
      if (chains[b]! < 0xffff) chains[b]!--;
    }
    const shift = this.vShift;
    const dMax = this.dMax;
    const dMask = ~(dMax << shift);
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const w = slots[j]!;
      if (w === EMPTY) break;
      const d = (w >>> shift) & dMax;
      const home = d < dMax ? (j - d) & mask : this.slotHash(w & vMask) >>> this.homeShift;
      const between = i <= j ? i < home && home <= j : i < home || home <= j;
      if (between) continue;
      slots[i] = (w & dMask) | (Math.min((i - home) & mask, dMax) << shift);
      i = j;
    }
    slots[i] = EMPTY;
    this.slotsUsed--;
  }

  /**
   * Resizes to `size` slots (a power of two), moving slots in their old order (no result depends on the layout
   * since early_drop works on kernel buckets; the order is kept only because it costs nothing). The tuples'
   * hashes come from one sequential pass over the records into a dense array, not from one random record read
   * per slot.
   */
  private resizeSlots(size: number): void {
    const old = this.slots;
    const vMask = (1 << this.vShift) - 1;
    const rec = this.rec;
    const hashes = new Int32Array(this.slotsUsed > 0 ? 2 * this.top : 0);
    for (let v = 0; v < hashes.length; v++) {
      const t = (v >> 1) * REC_WORDS + ((v & 1) === 0 ? REC_ORIG : REC_REPLY);
      hashes[v] = hashTuple(
        rec[t]!,
        rec[t + 1]!,
        rec[t + 2]!,
        rec[(v >> 1) * REC_WORDS + REC_PROTO_STATUS]! & 0xff,
      );
    }
    this.slots = new Int32Array(size).fill(EMPTY);
    this.slotMask = size - 1;
    this.homeShift = 32 - Math.log2(size);
    // Every hash is at hand: the fingerprint gets all the bits the ids and distances leave.
    const fpShift = this.vShift + distanceBits(this.dMax);
    this.fpShift = fpShift;
    for (let k = 0; k < old.length; k++) {
      const s = old[k]!;
      if (s === EMPTY) continue;
      const v = s & vMask;
      const h = hashes[v]!;
      this.placeSlot(((h << fpShift) & FP_BITS) | v, h);
    }
  }
}

/**
 * The distance field's largest value: 4 bits while the fingerprint keeps at least 7 (up to 2^19 entries), else
 * none. With 6 fingerprint bits the lookups' extra record reads cost more than the deletions save (0.97× on a
 * 1 M table that only grows).
 */
function distanceMaxFor(vShift: number): number {
  return 31 - vShift - 4 >= 7 ? 15 : 0;
}

function distanceBits(dMax: number): number {
  return dMax === 0 ? 0 : 4;
}

/** Bits for ids below `capacity`. */
function idBitsFor(capacity: number): number {
  let bits = MIN_ID_BITS;
  while (2 ** bits < capacity) bits++;
  return bits;
}

function natSubKey(peer: number, peerPort: number, proto: number): number {
  return (peer * 65536 + peerPort) * 2 + (proto === 17 ? 1 : 0);
}

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
