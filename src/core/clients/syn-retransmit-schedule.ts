import type { KernelProfile } from '../kernel/kernel-profile.js';
import { NS_PER_MS } from '../time/sim-time.js';

export interface SynSchedule {
  /** Offsets from the first SYN at which each retransmission leaves, ns. */
  readonly retransmitsNs: readonly number[];
  /** Offset at which connect() gives up with ETIMEDOUT, ns. */
  readonly giveUpNs: number;
}

/**
 * When a client retransmits an unanswered SYN. ≤6.4: exponential from the initial RTO (1, 3, 7, 15, 31, 63 s,
 * give up at 127 s). 6.5+ (ccce324dabfe): the first `tcp_syn_linear_timeouts` backoffs are linear and add to
 * the retry count (1, 2, 3, 4, 5, 7, 11, 19, 35, 67 s, give up at 131 s).
 */
export function synRetransmitSchedule(
  profile: Pick<KernelProfile, 'synBackoff' | 'initialRtoMs'>,
  synRetries: number,
  synLinearTimeouts: number,
): SynSchedule {
  const linear = profile.synBackoff === 'linear4' ? synLinearTimeouts : 0;
  const total = synRetries + linear;
  let rto = profile.initialRtoMs * NS_PER_MS;
  let t = 0;
  const retransmitsNs: number[] = [];
  for (let k = 1; k <= total; k++) {
    t += rto;
    retransmitsNs.push(t);
    if (k > linear) rto *= 2;
  }
  return { retransmitsNs, giveUpNs: t + rto };
}
