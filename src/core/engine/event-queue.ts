/**
 * A binary min-heap of events ordered by (time, sequence number): ties pop in push order, so a run is
 * deterministic and FIFO among simultaneous events. Payload is an event kind and one integer argument,
 * stored in parallel typed arrays (no objects on the hot path).
 */
export class EventQueue {
  private time = new Float64Array(1024);
  private seq = new Float64Array(1024);
  private kind = new Uint8Array(1024);
  private arg = new Int32Array(1024);
  private n = 0;
  private nextSeq = 0;

  get size(): number {
    return this.n;
  }

  push(time: number, kind: number, arg: number): void {
    if (this.n === this.time.length) this.grow();
    const s = this.nextSeq++;
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = this.time[parent]!;
      if (pt < time || (pt === time && this.seq[parent]! < s)) break;
      this.move(parent, i);
      i = parent;
    }
    this.time[i] = time;
    this.seq[i] = s;
    this.kind[i] = kind;
    this.arg[i] = arg;
  }

  /** Time of the next event; only valid when size > 0. */
  peekTime(): number {
    return this.time[0]!;
  }

  peekKind(): number {
    return this.kind[0]!;
  }

  peekArg(): number {
    return this.arg[0]!;
  }

  /** Removes the next event (read it with peek* first). */
  pop(): void {
    const last = --this.n;
    if (last === 0) return;
    const t = this.time[last]!;
    const s = this.seq[last]!;
    const k = this.kind[last]!;
    const a = this.arg[last]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      const right = child + 1;
      if (
        right < last &&
        (this.time[right]! < this.time[child]! ||
          (this.time[right] === this.time[child] && this.seq[right]! < this.seq[child]!))
      ) {
        child = right;
      }
      const ct = this.time[child]!;
      if (t < ct || (t === ct && s < this.seq[child]!)) break;
      this.move(child, i);
      i = child;
    }
    this.time[i] = t;
    this.seq[i] = s;
    this.kind[i] = k;
    this.arg[i] = a;
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from]!;
    this.seq[to] = this.seq[from]!;
    this.kind[to] = this.kind[from]!;
    this.arg[to] = this.arg[from]!;
  }

  private grow(): void {
    const size = this.time.length * 2;
    const t = new Float64Array(size);
    t.set(this.time);
    this.time = t;
    const s = new Float64Array(size);
    s.set(this.seq);
    this.seq = s;
    const k = new Uint8Array(size);
    k.set(this.kind);
    this.kind = k;
    const a = new Int32Array(size);
    a.set(this.arg);
    this.arg = a;
  }
}
