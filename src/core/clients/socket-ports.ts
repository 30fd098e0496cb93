const EMPTY = -1;

/**
 * The sockets of one container's network namespace, as far as port choice cares: which (port, destination)
 * pairs are taken by a live or TIME_WAIT socket, which ports a bind() holds, which UDP ports are open.
 * The (port, destination) → busy-until map is an open-addressing table on typed arrays whose expired
 * entries are reused in place (they act as tombstones), so a lookup reads one or two cache lines.
 */
export class SocketPorts {
  readonly bound = new Set<number>();
  readonly udpOpen = new Set<number>();
  private keys = new Int32Array(256).fill(EMPTY);
  private until = new Float64Array(256);
  private used = 0;

  isFree(port: number, dest: number, now: number): boolean {
    const key = port * 4096 + dest;
    const mask = this.keys.length - 1;
    for (let i = hashKey(key) & mask; ; i = (i + 1) & mask) {
      const k = this.keys[i]!;
      if (k === EMPTY) return true;
      if (k === key) return this.until[i]! <= now;
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
    const mask = this.keys.length - 1;
    let reuse = -1;
    let i = hashKey(key) & mask;
    for (; ; i = (i + 1) & mask) {
      const k = this.keys[i]!;
      if (k === EMPTY) break;
      if (k === key) {
        if (!force && this.until[i]! > now) return false;
        this.until[i] = until;
        return true;
      }
      if (reuse < 0 && this.until[i]! <= now) reuse = i;
    }
    const slot = reuse >= 0 ? reuse : i;
    this.keys[slot] = key;
    this.until[slot] = until;
    if (reuse < 0 && ++this.used * 10 > this.keys.length * 7) this.rebuild(now);
    return true;
  }

  /** Doubles the table when the live sockets need it, dropping expired entries either way. */
  private rebuild(now: number): void {
    const keys = this.keys;
    const until = this.until;
    let live = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== EMPTY && until[i]! > now) live++;
    let size = keys.length;
    while (live * 10 > size * 4) size *= 2;
    this.keys = new Int32Array(size).fill(EMPTY);
    this.until = new Float64Array(size);
    this.used = 0;
    const mask = size - 1;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === EMPTY || until[i]! <= now) continue;
      let j = hashKey(keys[i]!) & mask;
      while (this.keys[j] !== EMPTY) j = (j + 1) & mask;
      this.keys[j] = keys[i]!;
      this.until[j] = until[i]!;
      this.used++;
    }
  }
}

/** murmur3's finaliser: port*4096+dest keys are highly structured and need a full avalanche. */
function hashKey(key: number): number {
  let h = Math.imul(key ^ (key >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
