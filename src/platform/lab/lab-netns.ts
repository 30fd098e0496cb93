import { kill } from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { isLabNetns } from '../../core/lab/lab-netns-name.js';
import { runChecked, runCommand } from './run-command.js';

/** Names from `ip netns list` (lines such as `portclash-k3v9q2-node (id: 3)`). */
export async function listNetns(): Promise<string[]> {
  const out = await runChecked(['ip', 'netns', 'list']);
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((name) => name !== '');
}

/** Pids of the processes inside a namespace. */
export async function netnsPids(netns: string): Promise<number[]> {
  const r = await runCommand(['ip', 'netns', 'pids', netns]);
  if (r.rc !== 0) return [];
  return r.stdout
    .split(/\s+/)
    .filter((w) => /^\d+$/.test(w))
    .map(Number);
}

/**
 * Kills the processes inside the given lab namespaces (SIGKILL, by pid) and deletes the namespaces; the
 * veth pairs, bridges, addresses, routes and rules inside go with them. Names without the lab prefix are
 * refused: this never deletes anybody else's namespace.
 */
export async function removeLabNetns(names: readonly string[]): Promise<{ netns: string[]; pids: number[] }> {
  const removed: string[] = [];
  const killed: number[] = [];
  for (const netns of names) {
    if (!isLabNetns(netns)) throw new Error(`refusing to delete ${netns}: not a lab namespace`);
    const pids = await netnsPids(netns);
    for (const pid of pids) {
      try {
        kill(pid, 'SIGKILL');
        killed.push(pid);
      } catch {
        // Already gone.
      }
    }
    for (let i = 0; i < 20 && pids.length > 0 && (await netnsPids(netns)).length > 0; i++) await sleep(50);
    const r = await runCommand(['ip', 'netns', 'delete', netns]);
    if (r.rc === 0) removed.push(netns);
    else if (!/No such file/.test(r.stderr)) throw new Error(`ip netns delete ${netns}: ${r.stderr.trim()}`);
  }
  return { netns: removed, pids: killed };
}

/** `portclash lab cleanup`: every namespace whose name starts with the lab prefix. */
export async function removeAllLabNetns(): Promise<{ netns: string[]; pids: number[] }> {
  return removeLabNetns((await listNetns()).filter(isLabNetns));
}
