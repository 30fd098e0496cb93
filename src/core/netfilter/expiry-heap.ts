import { GrowableBuffer } from './growable-buffer.js';

/**
 * The conntrack expiry queue: a binary min-heap of (time, entry id) pairs. A refreshed entry leaves its old
 * pair behind (stale); the table checks the entry's current expiry when a pair comes out. Entries are filed
 * in roughly increasing time, so most pushes stop at once.
 */
export class ExpiryHeap {
  private readonly timeBuffer = new GrowableBuffer();
  private readonly idBuffer = new GrowableBuffer();
  private time: Float64Array = new Float64Array(0);
  private id: Int32Array = new Int32Array(0);
  size = 0;

  constructor() {
    this.resize(1024);
  }

  push(time: number, id: number): void {
    // Grow by a quarter (in place where it can, see GrowableBuffer): a live table's memory is mostly these
    // arrays and the entries'.
    if (this.size === this.time.length) this.resize(Math.ceil(this.size * 1.25));
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.time[parent]! <= time) break;
      this.time[i] = this.time[parent]!;
      this.id[i] = this.id[parent]!;
      i = parent;
    }
    this.time[i] = time;
    this.id[i] = id;
  }

  /** Time of the earliest pair; only valid when size > 0. */
  peekTime(): number {
    return this.time[0]!;
  }

  peekId(): number {
    return this.id[0]!;
  }

  /** The id of the second earliest pair (the earlier child of the root), or -1. */
  peekNextId(): number {
    if (this.size < 3) return this.size === 2 ? this.id[1]! : -1;
    return this.time[2]! < this.time[1]! ? this.id[2]! : this.id[1]!;
  }

  pop(): void {
    const last = --this.size;
    if (last === 0) return;
    const time = this.time[last]!;
    const id = this.id[last]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && this.time[child + 1]! < this.time[child]!) child++;
      if (time <= this.time[child]!) break;
      this.time[i] = this.time[child]!;
      this.id[i] = this.id[child]!;
      i = child;
    }
    this.time[i] = time;
    this.id[i] = id;
  }

  byteSize(): number {
    return this.time.byteLength + this.id.byteLength;
  }

  private resize(size: number): void {
    this.time = new Float64Array(this.timeBuffer.grow(size * 8), 0, size);
    this.id = new Int32Array(this.idBuffer.grow(size * 4), 0, size);
  }
}
