import type { Workload } from '../scenario/scenario.js';
import { NS_PER_S } from '../time/sim-time.js';
import { startLookup } from './dns-client.js';
import {
  EV_WAKE,
  type HostModel,
  THR_CONTAINER,
  THR_CPU,
  THR_ENDLESS,
  THR_REMAINING,
  THR_WORDS,
  THR_WORKLOAD,
} from './host-model.js';
import { startConnection } from './tcp-client.js';

/**
 * Creates the dialer threads of every workload and schedules their first wake-up. Threads are spread over
 * the CPUs round-robin (each sends on its own CPU, like veth transmit from the sending task), unless the
 * container is pinned to one (`Container.cpu`).
 */
export function scheduleWorkloads(m: HostModel): void {
  const rng = m.ns.rng;
  let next = 0;
  const spawn = (wi: number, container: number, remaining: number, start: number): void => {
    const thr = m.threads.alloc();
    if ((thr + 1) * THR_WORDS > m.thr.length) {
      const grown = new Int32Array(m.thr.length * 2);
      grown.set(m.thr);
      m.thr = grown;
    }
    const b = thr * THR_WORDS;
    m.thr[b + THR_WORKLOAD] = wi;
    m.thr[b + THR_CONTAINER] = container;
    m.thr[b + THR_REMAINING] = remaining === Number.POSITIVE_INFINITY ? THR_ENDLESS : remaining;
    const pinned = m.scenario.containers[container]!.cpu;
    m.thr[b + THR_CPU] = pinned !== undefined && pinned < m.scenario.cpus ? pinned : next++ % m.scenario.cpus;
    m.queue.push(start, EV_WAKE, thr);
  };
  m.scenario.workloads.forEach((w, wi) => {
    for (const c of w.containers) {
      switch (w.type) {
        case 'burst':
          for (let j = 0; j < w.connections; j++) spawn(wi, c, w.repeat, w.startNs + spread(m, w.spreadNs));
          break;
        case 'periodic':
          for (let g = 0; g < w.threads; g++) spawn(wi, c, w.count, w.startNs + spread(m, w.spreadNs));
          break;
        case 'poisson':
          spawn(
            wi,
            c,
            Number.POSITIVE_INFINITY,
            w.startNs + Math.round(rng.exponential(NS_PER_S / w.ratePerS)),
          );
          break;
        case 'same-port':
          spawn(wi, c, w.repeat, w.startNs + spread(m, w.spreadNs));
          break;
        case 'dns':
          spawn(wi, c, w.lookups, w.startNs + spread(m, w.spreadNs));
          break;
        default:
          assertNever(w);
      }
    }
  });
}

function spread(m: HostModel, spreadNs: number): number {
  return spreadNs > 0 ? m.ns.rng.int(0, spreadNs) : 0;
}

/** A thread wakes: it dials (or resolves) once and sleeps until its next turn. */
export function onWake(m: HostModel, thr: number, now: number): void {
  const b = thr * THR_WORDS;
  const w = m.scenario.workloads[m.thr[b + THR_WORKLOAD]!]!;
  const c = m.thr[b + THR_CONTAINER]!;
  const cpu = m.thr[b + THR_CPU]!;
  if (w.type === 'poisson' && now >= w.startNs + w.durationNs) return;
  if (w.type === 'dns') startLookup(m, c, cpu, now);
  else startConnection(m, c, w.destination, w.holdNs, w.type === 'same-port' ? w.port : -1, cpu, -1, now);
  const left = m.thr[b + THR_REMAINING]!;
  const remaining = left === THR_ENDLESS ? THR_ENDLESS : left - 1;
  m.thr[b + THR_REMAINING] = remaining;
  if (remaining !== THR_ENDLESS && remaining <= 0) {
    m.threads.release(thr);
    return;
  }
  m.queue.push(now + nextGap(m, w), EV_WAKE, thr);
}

function nextGap(m: HostModel, w: Workload): number {
  if (w.type === 'poisson') return Math.max(1, Math.round(m.ns.rng.exponential(NS_PER_S / w.ratePerS)));
  return Math.max(1, w.intervalNs);
}

function assertNever(x: never): never {
  throw new Error(`unexpected workload ${JSON.stringify(x)}`);
}
