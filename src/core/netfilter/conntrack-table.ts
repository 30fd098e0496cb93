import { CT_BYSOURCE, CT_CONFIRMED, CT_NAT_CLASH } from './ct-status.js';
import { hashTuple } from './tuple-hash.js';

const INITIAL_CAPACITY = 1024;
const EMPTY = -1;
/** Marks a free entry slot in `status`. */
const FREE = 255;

/**
 * The conntrack entries of one network namespace plus the confirmed hash (`nf_conntrack_hash`) and the
 * NAT bysource hash. Entries live in parallel typed arrays (struct of arrays) indexed by entry id; the
 * confirmed hash is an open-addressing table whose slots hold `id * 2 + dir` (dir 0 = ORIGINAL, 1 = REPLY),
 * so both tuples of every confirmed entry are found by one lookup, as in the kernel. Unconfirmed entries are
 * allocated here but not in the hash: other CPUs cannot see them.
 */
export class ConntrackTable {
  capacity = 0;
  /** Entries allocated (confirmed or not), as nf_conntrack_count. */
  count = 0;
  oSrc = new Uint32Array(0);
  oDst = new Uint32Array(0);
  /** ORIGINAL ports packed as sport << 16 | dport. */
  oPorts = new Uint32Array(0);
  rSrc = new Uint32Array(0);
  rDst = new Uint32Array(0);
  rPorts = new Uint32Array(0);
  proto = new Uint8Array(0);
  status = new Uint8Array(0);
  /** When the reply was first seen (TCP: ESTABLISHED from here); Infinity until then. */
  tReply = new Float64Array(0);
  /** When the TCP entry enters TIME_WAIT; Infinity while open. */
  tTimeWait = new Float64Array(0);
  /** Absolute expiry; the entry is invisible from this moment (nf_ct_is_expired). */
  tExpire = new Float64Array(0);
  /** Client's initial sequence number (td_end of the ORIGINAL direction), for 6.5+ TIME_WAIT eviction. */
  isn = new Uint32Array(0);
  /** Next entry in the bysource chain, or in the free list for free entries. */
  private bsNext = new Int32Array(0);
  private freeHead = EMPTY;
  private top = 0;

  private slots = new Int32Array(0);
  private slotMask = 0;
  private slotsUsed = 0;

  /** NAT bysource hash: open addressing over chain heads, keyed by the head's ORIGINAL (src, sport, proto). */
  private bsSlots = new Int32Array(0);
  private bsMask = 0;
  private bsUsed = 0;
  /** Expiry heap: (tExpire, id), may hold stale pairs after a refresh; checked when popped. */
  private expTime = new Float64Array(1024);
  private expId = new Int32Array(1024);
  private expSize = 0;
  /**
   * NAT port index: for each indexed NAT address, per (peer, peer port, proto), a 65536-bit set of the NAT
   * ports whose REPLY tuple (peer:pport → natIp:port) is in the confirmed hash. Lets the ≤4.x linear search
   * skip runs of used ports exactly as many probes as the kernel makes, without a hash lookup each.
   */
  private readonly natIndex = new Map<number, Map<number, Uint32Array>>();

  constructor(initialCapacity = INITIAL_CAPACITY) {
    this.grow(Math.max(16, initialCapacity));
    this.resizeSlots(Math.max(64, nextPow2(initialCapacity * 4)));
    this.resizeBySource(Math.max(64, nextPow2(initialCapacity * 2)));
  }

  /** Allocates an unconfirmed entry with the given ORIGINAL tuple; REPLY starts as its inverse. */
  alloc(src: number, dst: number, sport: number, dport: number, proto: number): number {
    let id = this.freeHead;
    if (id !== EMPTY) {
      this.freeHead = this.bsNext[id]!;
    } else {
      // +25 %: at a million entries the slack of a larger step would cost more than the extra copies.
      if (this.top === this.capacity) this.grow(Math.ceil(this.capacity * 1.25));
      id = this.top++;
    }
    this.count++;
    this.oSrc[id] = src;
    this.oDst[id] = dst;
    this.oPorts[id] = ((sport << 16) | dport) >>> 0;
    this.rSrc[id] = dst;
    this.rDst[id] = src;
    this.rPorts[id] = ((dport << 16) | sport) >>> 0;
    this.proto[id] = proto;
    this.status[id] = 0;
    this.tReply[id] = Number.POSITIVE_INFINITY;
    this.tTimeWait[id] = Number.POSITIVE_INFINITY;
    this.tExpire[id] = Number.POSITIVE_INFINITY;
    this.isn[id] = 0;
    this.bsNext[id] = EMPTY;
    return id;
  }

  isLive(id: number): boolean {
    return id >= 0 && id < this.top && this.status[id] !== FREE;
  }

  isConfirmed(id: number): boolean {
    return (this.status[id]! & CT_CONFIRMED) !== 0 && this.status[id] !== FREE;
  }

  /** Frees an entry: out of the hash and the bysource list, back to the free list. */
  release(id: number): void {
    const st = this.status[id]!;
    if (st === FREE) return;
    if (st & CT_CONFIRMED) {
      if (!(st & CT_NAT_CLASH)) this.removeSlot(id * 2);
      this.removeSlot(id * 2 + 1);
      this.indexReply(id, false);
    }
    this.unlinkBySource(id);
    this.status[id] = FREE;
    this.bsNext[id] = this.freeHead;
    this.freeHead = id;
    this.count--;
  }

  /** Inserts both tuples into the confirmed hash (`__nf_conntrack_hash_insert`). */
  insertConfirmed(id: number): void {
    this.status[id]! |= CT_CONFIRMED;
    this.insertSlot(id * 2);
    this.insertSlot(id * 2 + 1);
    this.indexReply(id, true);
    this.schedule(id);
  }

  /** 5.6+ clash resolution: only the REPLY tuple goes into the hash. */
  insertReplyOnly(id: number): void {
    this.status[id]! |= CT_CONFIRMED | CT_NAT_CLASH;
    this.insertSlot(id * 2 + 1);
    this.indexReply(id, true);
    this.schedule(id);
  }

  /** Files an entry's (new) expiry; call after setting tExpire. */
  schedule(id: number): void {
    const time = this.tExpire[id]!;
    if (time === Number.POSITIVE_INFINITY) return;
    if (this.expSize === this.expTime.length) {
      // Grow by a quarter, like the entries: a live table's memory is mostly these arrays.
      const size = Math.ceil(this.expSize * 1.25);
      const t = new Float64Array(size);
      t.set(this.expTime);
      this.expTime = t;
      const d = new Int32Array(size);
      d.set(this.expId);
      this.expId = d;
    }
    let i = this.expSize++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.expTime[parent]! <= time) break;
      this.expTime[i] = this.expTime[parent]!;
      this.expId[i] = this.expId[parent]!;
      i = parent;
    }
    this.expTime[i] = time;
    this.expId[i] = id;
  }

  /**
   * Finds a tuple in the confirmed hash: returns `id * 2 + dir`, or -1. Expired entries are collected on the
   * way and never match (nf_ct_is_expired + nf_ct_gc_expired in the lookup).
   */
  find(src: number, dst: number, ports: number, proto: number, now: number): number {
    const mask = this.slotMask;
    const h = hashTuple(src, dst, ports, proto) | 0;
    const slots = this.slots;
    let i = h & mask;
    for (;;) {
      const v = slots[2 * i]!;
      if (v === EMPTY) return EMPTY;
      // The stored hash filters out most non-matching slots without touching the entry arrays.
      if (slots[2 * i + 1] === h) {
        const id = v >> 1;
        const matches =
          (v & 1) === 0
            ? this.oSrc[id] === src &&
              this.oDst[id] === dst &&
              this.oPorts[id] === ports &&
              this.proto[id] === proto
            : this.rSrc[id] === src &&
              this.rDst[id] === dst &&
              this.rPorts[id] === ports &&
              this.proto[id] === proto;
        if (matches) {
          if (this.tExpire[id]! <= now) {
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
    while (this.expSize > 0 && this.expTime[0]! <= now) {
      const id = this.expId[0]!;
      this.popExpiry();
      if (this.status[id] !== FREE && this.tExpire[id]! <= now) this.release(id);
    }
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
    if (this.status[id]! & CT_BYSOURCE) return;
    const i = this.bsSlotOf(this.oSrc[id]!, this.oPorts[id]! >>> 16, this.proto[id]!);
    const head = this.bsSlots[i]!;
    this.bsNext[id] = head;
    this.bsSlots[i] = id;
    this.status[id]! |= CT_BYSOURCE;
    if (head === EMPTY && ++this.bsUsed * 10 > this.bsSlots.length * 7)
      this.resizeBySource(this.bsSlots.length * 2);
  }

  /**
   * First entry (newest first, like hlist_add_head_rcu) whose pre-NAT source ip:port and protocol equal
   * those of `id` (same_src()), or -1. `id` itself may be returned; callers skip it.
   */
  firstBySource(id: number): number {
    return this.bsSlots[this.bsSlotOf(this.oSrc[id]!, this.oPorts[id]! >>> 16, this.proto[id]!)]!;
  }

  nextBySource(id: number): number {
    return this.bsNext[id]!;
  }

  /**
   * The first confirmed entry, walking the hash from `hash`'s slot over at most `limit` entries, that `accept`
   * takes; -1 if none (early_drop's neighbourhood scan).
   */
  findNear(hash: number, limit: number, accept: (id: number) => boolean): number {
    const mask = this.slotMask;
    let seen = 0;
    for (let i = hash & mask, n = 0; n <= mask && seen < limit; i = (i + 1) & mask, n++) {
      const v = this.slots[2 * i]!;
      if (v === EMPTY || (v & 1) === 1) continue; // each entry once, by its ORIGINAL node
      seen++;
      if (accept(v >> 1)) return v >> 1;
    }
    return EMPTY;
  }

  /** Live entry ids in allocation order (for listings and tests; not a hot path). */
  *ids(): IterableIterator<number> {
    for (let id = 0; id < this.top; id++) if (this.status[id] !== FREE) yield id;
  }

  /** Bytes held by the typed arrays (entries, hash, expiry heap), for the memory benchmark. */
  byteSize(): number {
    return (
      this.capacity * BYTES_PER_ENTRY +
      this.slots.byteLength +
      this.bsSlots.byteLength +
      this.expTime.byteLength +
      this.expId.byteLength
    );
  }

  /** Chains are short (entries sharing one pre-NAT source ip:port), so a singly linked walk is enough. */
  private indexReply(id: number, used: boolean): void {
    const perPeer = this.natIndex.get(this.rDst[id]!);
    if (!perPeer) return;
    const key = natSubKey(this.rSrc[id]!, this.rPorts[id]! >>> 16, this.proto[id]!);
    let bits = perPeer.get(key);
    if (!bits) {
      if (!used) return;
      bits = new Uint32Array(2048);
      perPeer.set(key, bits);
    }
    const port = this.rPorts[id]! & 0xffff;
    if (used) bits[port >>> 5]! |= 1 << (port & 31);
    else bits[port >>> 5]! &= ~(1 << (port & 31));
  }

  private popExpiry(): void {
    const last = --this.expSize;
    if (last === 0) return;
    const time = this.expTime[last]!;
    const id = this.expId[last]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && this.expTime[child + 1]! < this.expTime[child]!) child++;
      if (time <= this.expTime[child]!) break;
      this.expTime[i] = this.expTime[child]!;
      this.expId[i] = this.expId[child]!;
      i = child;
    }
    this.expTime[i] = time;
    this.expId[i] = id;
  }

  /** Chains are short (entries sharing one pre-NAT source ip:port), so a singly linked walk is enough. */
  private unlinkBySource(id: number): void {
    if (!(this.status[id]! & CT_BYSOURCE)) return;
    const i = this.bsSlotOf(this.oSrc[id]!, this.oPorts[id]! >>> 16, this.proto[id]!);
    const next = this.bsNext[id]!;
    let cur = this.bsSlots[i]!;
    if (cur === id) {
      if (next !== EMPTY) this.bsSlots[i] = next;
      else this.removeBySourceSlot(i);
    } else {
      while (cur !== EMPTY && this.bsNext[cur] !== id) cur = this.bsNext[cur]!;
      if (cur !== EMPTY) this.bsNext[cur] = next;
    }
    this.bsNext[id] = EMPTY;
    this.status[id]! &= ~CT_BYSOURCE;
  }

  /** The slot holding the chain for (src, sport, proto), or the empty slot where it would go. */
  private bsSlotOf(src: number, sport: number, proto: number): number {
    const mask = this.bsMask;
    let i = hashTuple(src, sport, 0x5bd1, proto) & mask;
    for (;;) {
      const h = this.bsSlots[i]!;
      if (
        h === EMPTY ||
        (this.oSrc[h] === src && this.oPorts[h]! >>> 16 === sport && this.proto[h] === proto)
      )
        return i;
      i = (i + 1) & mask;
    }
  }

  private bsHome(h: number): number {
    return hashTuple(this.oSrc[h]!, this.oPorts[h]! >>> 16, 0x5bd1, this.proto[h]!) & this.bsMask;
  }

  private removeBySourceSlot(start: number): void {
    const mask = this.bsMask;
    let i = start;
    let j = start;
    for (;;) {
      j = (j + 1) & mask;
      const w = this.bsSlots[j]!;
      if (w === EMPTY) break;
      const home = this.bsHome(w);
      const between = i <= j ? i < home && home <= j : i < home || home <= j;
      if (between) continue;
      this.bsSlots[i] = w;
      i = j;
    }
    this.bsSlots[i] = EMPTY;
    this.bsUsed--;
  }

  private resizeBySource(size: number): void {
    const old = this.bsSlots;
    this.bsSlots = new Int32Array(size).fill(EMPTY);
    this.bsMask = size - 1;
    for (const h of old) {
      if (h === EMPTY) continue;
      let i = this.bsHome(h);
      while (this.bsSlots[i] !== EMPTY) i = (i + 1) & this.bsMask;
      this.bsSlots[i] = h;
    }
  }

  private slotHash(v: number): number {
    const id = v >> 1;
    return (v & 1) === 0
      ? hashTuple(this.oSrc[id]!, this.oDst[id]!, this.oPorts[id]!, this.proto[id]!)
      : hashTuple(this.rSrc[id]!, this.rDst[id]!, this.rPorts[id]!, this.proto[id]!);
  }

  /** Slots are pairs [value, hash] in one Int32Array: a probe reads one cache line. */
  private insertSlot(v: number): void {
    if ((this.slotsUsed + 1) * 10 > (this.slots.length >> 1) * 7) this.resizeSlots(this.slots.length);
    this.placeSlot(v, this.slotHash(v) | 0);
    this.slotsUsed++;
  }

  private placeSlot(v: number, h: number): void {
    const mask = this.slotMask;
    let i = h & mask;
    while (this.slots[2 * i] !== EMPTY) i = (i + 1) & mask;
    this.slots[2 * i] = v;
    this.slots[2 * i + 1] = h;
  }

  /** Backward-shift deletion keeps linear probing chains intact without tombstones. */
  private removeSlot(v: number): void {
    const mask = this.slotMask;
    const slots = this.slots;
    let i = this.slotHash(v) & mask;
    while (slots[2 * i] !== v) {
      if (slots[2 * i] === EMPTY) return;
      i = (i + 1) & mask;
    }
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const w = slots[2 * j]!;
      if (w === EMPTY) break;
      const home = slots[2 * j + 1]! & mask;
      const between = i <= j ? i < home && home <= j : i < home || home <= j;
      if (between) continue;
      slots[2 * i] = w;
      slots[2 * i + 1] = slots[2 * j + 1]!;
      i = j;
    }
    slots[2 * i] = EMPTY;
    this.slotsUsed--;
  }

  /** Resizes to `size` slots (size a power of two). */
  private resizeSlots(size: number): void {
    const old = this.slots;
    this.slots = new Int32Array(2 * size).fill(EMPTY);
    this.slotMask = size - 1;
    for (let k = 0; k < old.length; k += 2) if (old[k] !== EMPTY) this.placeSlot(old[k]!, old[k + 1]!);
  }

  private grow(capacity: number): void {
    const copy = <T extends Uint32Array | Uint8Array | Float64Array | Int32Array>(
      a: T,
      make: (n: number) => T,
    ): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    const u32 = (n: number) => new Uint32Array(n);
    const f64 = (n: number) => new Float64Array(n);
    const i32 = (n: number) => new Int32Array(n);
    this.oSrc = copy(this.oSrc, u32);
    this.oDst = copy(this.oDst, u32);
    this.oPorts = copy(this.oPorts, u32);
    this.rSrc = copy(this.rSrc, u32);
    this.rDst = copy(this.rDst, u32);
    this.rPorts = copy(this.rPorts, u32);
    this.proto = copy(this.proto, (n) => new Uint8Array(n));
    this.status = copy(this.status, (n) => new Uint8Array(n));
    this.tReply = copy(this.tReply, f64);
    this.tTimeWait = copy(this.tTimeWait, f64);
    this.tExpire = copy(this.tExpire, f64);
    this.isn = copy(this.isn, u32);
    this.bsNext = copy(this.bsNext, i32);
    this.capacity = capacity;
  }
}

/** Bytes of the per-entry typed arrays above: 6×4 tuple words, 2×1 proto/status, 3×8 times, 4 isn, 4 chain. */
const BYTES_PER_ENTRY = 24 + 2 + 24 + 4 + 4;

function natSubKey(peer: number, peerPort: number, proto: number): number {
  return (peer * 65536 + peerPort) * 2 + (proto === 17 ? 1 : 0);
}

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
