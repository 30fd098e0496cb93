/**
 * The sockets of one container's network namespace, as far as port choice cares: which (port, destination)
 * pairs are taken by a live or TIME_WAIT socket, which ports a bind() holds, which UDP ports are open.
 */
export class SocketPorts {
  /** key = port * 4096 + destination index → busy until (ns; Infinity while open). */
  private readonly busy = new Map<number, number>();
  readonly bound = new Set<number>();
  readonly udpOpen = new Set<number>();
  private sweepAt = 4096;

  isFree(port: number, dest: number, now: number): boolean {
    const until = this.busy.get(port * 4096 + dest);
    return until === undefined || until <= now;
  }

  hold(port: number, dest: number, until: number, now: number): void {
    this.busy.set(port * 4096 + dest, until);
    if (this.busy.size > this.sweepAt) this.sweep(now);
  }

  /** Drops expired entries so the map stays the size of the live sockets. */
  private sweep(now: number): void {
    for (const [key, until] of this.busy) if (until <= now) this.busy.delete(key);
    this.sweepAt = Math.max(4096, this.busy.size * 2);
  }
}
