import { CT_CONFIRMED } from './ct-status.js';
import { GrowableBuffer } from './growable-buffer.js';

export const EMPTY = -1;
/** Marks a free entry in its status byte. */
const FREE = 255;

/**
 * Words per entry record. The ORIGINAL and REPLY tuples sit at offsets 0 and 3 so a lookup picks a direction
 * by offset; 8 words (32 bytes, 32-byte aligned) never straddle a cache line, so reading an entry's tuples,
 * protocol, status and chain link is one memory access.
 */
export const REC_WORDS = 8;
export const REC_ORIG = 0;
export const REC_REPLY = 3;
/** proto | status << 8. */
export const REC_PROTO_STATUS = 6;
/** Next entry in the bysource chain, or in the free list for a free entry (u32; EMPTY reads as 0xffffffff). */
export const REC_LINK = 7;

/** Per entry, three times (ns): when the reply was first seen, when TIME_WAIT starts, the absolute expiry. */
const TIMES = 3;
const T_REPLY = 0;
const T_TIME_WAIT = 1;
const T_EXPIRE = 2;

/** Bytes per entry: the record, the three times and the initial sequence number. */
export const BYTES_PER_ENTRY = REC_WORDS * 4 + TIMES * 8 + 4;

/**
 * The conntrack entries of one network namespace, indexed by entry id: one Uint32Array record per entry
 * (tuples, protocol, status, chain link), one Float64Array of its times, and its ISN apart (read only by 6.5+
 * TIME_WAIT eviction). Array of structs rather than one array per field: allocating, matching and reading a
 * chain head touch one or two cache lines instead of a dozen. The arrays grow in place where they can
 * (`GrowableBuffer`): copying them at each step cost 10 % of a run at 1 M entries.
 */
export class ConntrackEntries {
  capacity = 0;
  /** Entries allocated (confirmed or not), as nf_conntrack_count. */
  count = 0;
  protected rec: Uint32Array = new Uint32Array(0);
  private times: Float64Array = new Float64Array(0);
  private isns: Uint32Array = new Uint32Array(0);
  private readonly recBuffer = new GrowableBuffer();
  private readonly timesBuffer = new GrowableBuffer();
  private readonly isnsBuffer = new GrowableBuffer();
  private freeHead = EMPTY;
  protected top = 0;

  constructor(initialCapacity: number) {
    this.resize(Math.max(16, initialCapacity));
  }

  /** Allocates an unconfirmed entry with the given ORIGINAL tuple; REPLY starts as its inverse. */
  alloc(src: number, dst: number, sport: number, dport: number, proto: number): number {
    let id = this.freeHead;
    if (id !== EMPTY) {
      this.freeHead = this.rec[id * REC_WORDS + REC_LINK]! | 0;
    } else {
      // +12.5 %: the slack is memory held per live entry. Growing costs no copy (GrowableBuffer), only new pages.
      if (this.top === this.capacity) this.grow(Math.ceil(this.capacity * 1.125));
      id = this.top++;
    }
    this.count++;
    const r = this.rec;
    const b = id * REC_WORDS;
    r[b] = src;
    r[b + 1] = dst;
    r[b + 2] = (sport << 16) | dport;
    r[b + 3] = dst;
    r[b + 4] = src;
    r[b + 5] = (dport << 16) | sport;
    r[b + REC_PROTO_STATUS] = proto;
    r[b + REC_LINK] = EMPTY;
    const tb = id * TIMES;
    this.times[tb + T_REPLY] = Number.POSITIVE_INFINITY;
    this.times[tb + T_TIME_WAIT] = Number.POSITIVE_INFINITY;
    this.times[tb + T_EXPIRE] = Number.POSITIVE_INFINITY;
    this.isns[id] = 0;
    return id;
  }

  isLive(id: number): boolean {
    return id >= 0 && id < this.top && this.status(id) !== FREE;
  }

  isConfirmed(id: number): boolean {
    const st = this.status(id);
    return (st & CT_CONFIRMED) !== 0 && st !== FREE;
  }

  /** Puts a released entry on the free list (the table has already unlinked it). */
  protected freeEntry(id: number): void {
    const b = id * REC_WORDS;
    this.rec[b + REC_PROTO_STATUS] = (this.rec[b + REC_PROTO_STATUS]! & 0xff) | (FREE << 8);
    this.rec[b + REC_LINK] = this.freeHead;
    this.freeHead = id;
    this.count--;
  }

  protected isFree(id: number): boolean {
    return this.status(id) === FREE;
  }

  oSrc(id: number): number {
    return this.rec[id * REC_WORDS]!;
  }
  oDst(id: number): number {
    return this.rec[id * REC_WORDS + 1]!;
  }
  /** ORIGINAL ports packed as sport << 16 | dport. */
  oPorts(id: number): number {
    return this.rec[id * REC_WORDS + 2]!;
  }
  rSrc(id: number): number {
    return this.rec[id * REC_WORDS + 3]!;
  }
  rDst(id: number): number {
    return this.rec[id * REC_WORDS + 4]!;
  }
  /** REPLY ports packed as sport << 16 | dport. */
  rPorts(id: number): number {
    return this.rec[id * REC_WORDS + 5]!;
  }
  proto(id: number): number {
    return this.rec[id * REC_WORDS + REC_PROTO_STATUS]! & 0xff;
  }
  status(id: number): number {
    return this.rec[id * REC_WORDS + REC_PROTO_STATUS]! >>> 8;
  }
  /** Client's initial sequence number (td_end of the ORIGINAL direction), for 6.5+ TIME_WAIT eviction. */
  isn(id: number): number {
    return this.isns[id]!;
  }
  /** When the reply was first seen (TCP: ESTABLISHED from here); Infinity until then. */
  tReply(id: number): number {
    return this.times[id * TIMES + T_REPLY]!;
  }
  /** When the TCP entry enters TIME_WAIT; Infinity while open. */
  tTimeWait(id: number): number {
    return this.times[id * TIMES + T_TIME_WAIT]!;
  }
  /** Absolute expiry; the entry is invisible from this moment (nf_ct_is_expired). */
  tExpire(id: number): number {
    return this.times[id * TIMES + T_EXPIRE]!;
  }

  /** DNAT: the reply comes from `src:sport` (REPLY sport in the high half of `ports`). */
  setReplySource(id: number, src: number, ports: number): void {
    this.rec[id * REC_WORDS + 3] = src;
    this.rec[id * REC_WORDS + 5] = ports;
  }
  /** SNAT: the reply goes to `dst:dport` (the NAT address and port). */
  setReplyDestination(id: number, dst: number, dport: number): void {
    const b = id * REC_WORDS;
    this.rec[b + 4] = dst;
    this.rec[b + 5] = (this.rec[b + 5]! & 0xffff0000) | dport;
  }
  addStatus(id: number, bits: number): void {
    this.rec[id * REC_WORDS + REC_PROTO_STATUS]! |= bits << 8;
  }
  clearStatus(id: number, bits: number): void {
    this.rec[id * REC_WORDS + REC_PROTO_STATUS]! &= ~(bits << 8);
  }
  setIsn(id: number, isn: number): void {
    this.isns[id] = isn;
  }
  setTReply(id: number, t: number): void {
    this.times[id * TIMES + T_REPLY] = t;
  }
  setTTimeWait(id: number, t: number): void {
    this.times[id * TIMES + T_TIME_WAIT] = t;
  }
  /** Sets the expiry only; the table's `schedule` files it. */
  setTExpire(id: number, t: number): void {
    this.times[id * TIMES + T_EXPIRE] = t;
  }

  /** Live entry ids in allocation order (for listings and tests; not a hot path). */
  *ids(): IterableIterator<number> {
    for (let id = 0; id < this.top; id++) if (!this.isFree(id)) yield id;
  }

  /** Makes room for `capacity` entries; a subclass may react (its hashes encode ids in fewer bits). */
  protected grow(capacity: number): void {
    this.resize(capacity);
  }

  /** Fixed-length views over the grown buffers: `length` is the capacity (a memory rounds up to 64 KiB pages). */
  private resize(capacity: number): void {
    this.rec = new Uint32Array(this.recBuffer.grow(capacity * REC_WORDS * 4), 0, capacity * REC_WORDS);
    this.times = new Float64Array(this.timesBuffer.grow(capacity * TIMES * 8), 0, capacity * TIMES);
    this.isns = new Uint32Array(this.isnsBuffer.grow(capacity * 4), 0, capacity);
    this.capacity = capacity;
  }
}
