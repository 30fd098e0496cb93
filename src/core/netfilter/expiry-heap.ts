/**
 * The conntrack expiry queue: a binary min-heap of (time, entry id) pairs. A refreshed entry leaves its old
 * pair behind (stale); the table checks the entry's current expiry when a pair comes out. Entries are filed
 * in roughly increasing time, so most pushes stop at once.
 */
export class ExpiryHeap {
  private time = new Float64Array(1024);
  private id = new Int32Array(1024);
  size = 0;

  push(time: number, id: number): void {
    if (this.size === this.time.length) {
      // Grow by a quarter, like the entries: a live table's memory is mostly these arrays.
      const size = Math.ceil(this.size * 1.25);
      const t = new Float64Array(size);
      t.set(this.time);
      this.time = t;
      const d = new Int32Array(size);
      d.set(this.id);
      this.id = d;
    }
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
}
