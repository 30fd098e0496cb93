const EMPTY = -1;

/**
 * The sockets of one container's network namespace, as far as port choice cares: which (port, destination)
 * pairs are taken by a live or TIME_WAIT socket, which ports a bind() holds, which UDP ports are open.
 * The (port, destination) → busy-until map is an open-addressing table of [key, until] pairs in one
 * Float64Array whose expired entries are reused in place (they act as tombstones): a probe reads one cache
 * line, where separate key and time arrays cost two misses per connect() once there are many containers.
 */
export class SocketPorts {
  readonly udpOpen = new Set<number>();
  private readonly boundPorts = new Set<number>();
  /** No bind() so far: connect() skips the set without touching it. */
  hasBound = false;
  private slots = new Float64Array(2 * 256).fill(EMPTY);
  private used = 0;

  get bound(): ReadonlySet<number> {
    return this.boundPorts;
  }

  /** bind(port): connect() and UDP port choice skip it from now on. */
  bind(port: number): void {
    this.boundPorts.add(port);
    this.hasBound = true;
  }

  isFree(port: number, dest: number, now: number): boolean {
    const key = port * 4096 + dest;
    const mask = (this.slots.length >> 1) - 1;
    for (let i = hashKey(key) & mask; ; i = (i + 1) & mask) {
      const k = this.slots[2 * i]!;
      if (k === EMPTY) return true;
      if (k === key) return this.slots[2 * i + 1]! <= now;
    }
  }

  hold(port: number, dest: number, until: number, now: number): void {
    this.claim(port, dest, until, now, true);
  }

  /** Takes (port, dest) until `until` if it is free now; false (and nothing changed) if a socket holds it. */
  tryHold(port: number, dest: number, until: number, now: number): boolean {
    return this.claim(port, dest, until, now, false);
  }

  private claim(port: number, dest: number, until: number, now: number, force: boolean): boolean {
    const key = port * 4096 + dest;
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let reuse = -1;
    let i = hashKey(key) & mask;
    for (; ; i = (i + 1) & mask) {
      const k = slots[2 * i]!;
      if (k === EMPTY) break;
      if (k === key) {
        if (!force && slots[2 * i + 1]! > now) return false;
        slots[2 * i + 1] = until;
        return true;
      }
      if (reuse < 0 && slots[2 * i + 1]! <= now) reuse = i;
    }
    const slot = reuse >= 0 ? reuse : i;
    slots[2 * slot] = key;
    slots[2 * slot + 1] = until;
    if (reuse < 0 && ++this.used * 10 > (slots.length >> 1) * 7) this.rebuild(now);
    return true;
  }

  /** Doubles the table when the live sockets need it, dropping expired entries either way. */
  private rebuild(now: number): void {
    const old = this.slots;
    let live = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== EMPTY && old[i + 1]! > now) live++;
    let size = old.length >> 1;
    while (live * 10 > size * 4) size *= 2;
    const slots = new Float64Array(2 * size).fill(EMPTY);
    this.used = 0;
    const mask = size - 1;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] === EMPTY || old[i + 1]! <= now) continue;
      let j = hashKey(old[i]!) & mask;
      while (slots[2 * j] !== EMPTY) j = (j + 1) & mask;
      slots[2 * j] = old[i]!;
      slots[2 * j + 1] = old[i + 1]!;
      this.used++;
    }
    this.slots = slots;
  }
}

/** murmur3's finaliser: port*4096+dest keys are highly structured and need a full avalanche. */
function hashKey(key: number): number {
  let h = Math.imul(key ^ (key >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
