import { LabChild } from './lab-child.js';

/** What a run has started and created, so that `finally` and a signal can undo it. */
export class LabSession {
  readonly namespaces: string[] = [];
  readonly children: LabChild[] = [];
  /** Other processes to kill on the way out (a packet capture). */
  readonly stoppers: (() => void)[] = [];
  aborted: string | undefined;

  abort(signal: string): void {
    this.aborted ??= signal;
    this.stopChildren();
  }

  check(): void {
    if (this.aborted !== undefined) throw new Error(`interrupted by ${this.aborted}`);
  }

  stopChildren(): void {
    for (const c of this.children) c.kill();
    for (const stop of this.stoppers) stop();
  }

  start(label: string, argv: readonly string[]): LabChild {
    this.check();
    const child = new LabChild(label, argv);
    this.children.push(child);
    return child;
  }
}
