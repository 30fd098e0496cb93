/**
 * A binary min-heap of events ordered by (time, sequence number): ties pop in push order, so a run is
 * deterministic and FIFO among simultaneous events. Payload is an event kind and one integer argument,
 * stored in parallel typed arrays (no objects on the hot path).
 *
 * A one-event "fast lane" in front of the heap holds the newest event when it is earlier than everything
 * else (the packet that moves from PREROUTING to NAT to confirm a few µs later): it skips the heap's
 * O(log n) sift both ways. The order of events is exactly the same as without it.
 */
export class EventQueue {
  private hasSlot = false;
  private slotTime = 0;
  private slotSeq = 0;
  private slotKind = 0;
  private slotArg = 0;
  private time = new Float64Array(1024);
  private seq = new Float64Array(1024);
  private kind = new Uint8Array(1024);
  private arg = new Int32Array(1024);
  private n = 0;
  private nextSeq = 0;

  get size(): number {
    return this.n + (this.hasSlot ? 1 : 0);
  }

  push(time: number, kind: number, arg: number): void {
    const s = this.nextSeq++;
    if (!this.hasSlot) {
      if (this.n === 0 || time < this.time[0]!) {
        this.setSlot(time, s, kind, arg);
        return;
      }
    } else if (time < this.slotTime) {
      // The new event goes first: the old fast-lane event joins the heap with its own sequence number.
      this.heapPush(this.slotTime, this.slotSeq, this.slotKind, this.slotArg);
      this.setSlot(time, s, kind, arg);
      return;
    }
    this.heapPush(time, s, kind, arg);
  }

  private setSlot(time: number, seq: number, kind: number, arg: number): void {
    this.hasSlot = true;
    this.slotTime = time;
    this.slotSeq = seq;
    this.slotKind = kind;
    this.slotArg = arg;
  }

  /** True when the fast-lane event is the next one. */
  private slotFirst(): boolean {
    if (!this.hasSlot) return false;
    if (this.n === 0) return true;
    const t = this.time[0]!;
    return this.slotTime < t || (this.slotTime === t && this.slotSeq < this.seq[0]!);
  }

  private heapPush(time: number, s: number, kind: number, arg: number): void {
    if (this.n === this.time.length) this.grow();
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
    return this.slotFirst() ? this.slotTime : this.time[0]!;
  }

  peekKind(): number {
    return this.slotFirst() ? this.slotKind : this.kind[0]!;
  }

  peekArg(): number {
    return this.slotFirst() ? this.slotArg : this.arg[0]!;
  }

  /** Time and argument of the event `take()` returned last. */
  takenTime = 0;
  takenArg = 0;

  /** Removes the next event and returns its kind; its time and argument are in takenTime / takenArg. */
  take(): number {
    if (this.slotFirst()) {
      this.hasSlot = false;
      this.takenTime = this.slotTime;
      this.takenArg = this.slotArg;
      return this.slotKind;
    }
    const kind = this.kind[0]!;
    this.takenTime = this.time[0]!;
    this.takenArg = this.arg[0]!;
    this.pop();
    return kind;
  }

  /** Removes the next event (read it with peek* first). */
  pop(): void {
    if (this.slotFirst()) {
      this.hasSlot = false;
      return;
    }
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
