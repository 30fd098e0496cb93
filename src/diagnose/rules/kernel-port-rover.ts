import type { KernelProfile } from '../../core/kernel/kernel-profile.js';
import { defineRule } from '../define-rule.js';
import { roverFixRelease } from '../rover-fix-release.js';

/** The UDP clash handling of each era, for the DNS note (kernel-nat.md §2.3). */
const UDP_NOTE: Readonly<Record<KernelProfile['udpClash'], string>> = {
  none: 'UDP clashes are never resolved (before 4.7): parallel DNS queries lose one of them',
  'merge-unnated':
    'UDP clashes are resolved only for un-NATed flows (4.7–4.18): SNAT/DNAT parallel DNS queries still lose one',
  'merge-identical':
    'UDP clashes are resolved only when both entries are identical (4.19–5.5): queries DNAT-ed to two different DNS backends still lose one',
  'insert-clash': 'UDP clashes are resolved (5.6+)',
};

export const kernelPortRover = defineRule({
  id: 'kernel-port-rover',
  severity: 'high',
  summary:
    'the kernel still allocates SNAT ports from the shared, racy port rover (before 5.0 / the Feb 2022 backports)',
  messages: {
    rover: {
      title: 'kernel {release} allocates SNAT ports from the shared port rover',
      explanation:
        'When a connection cannot keep its source port, this kernel continues from one global, unlocked rover: concurrent connections on different CPUs compute the same port and all but one lose their first packet at confirm. Fixed in 5.0 and backported to 4.9.300, 4.14.265 and 4.19.228 (6ed5943f8735). Also: {udp}. Rules with --random-fully avoid the rover on this kernel.{assumption}',
    },
  },
  check(facts, { finding }) {
    const kernel = facts.kernel;
    if (kernel?.profile.natOffset !== 'rover') return [];
    const hasSnat = facts.nat.length > 0;
    return [
      finding({
        messageId: 'rover',
        // Without rules the exposure is unknown; with rules, snat-not-fully-random says which rule races.
        severity: hasSnat ? 'medium' : 'high',
        data: {
          release: kernel.release,
          udp: UDP_NOTE[kernel.profile.udpClash],
          assumption: kernel.assumption ? ` (${kernel.assumption})` : '',
        },
        evidence: [kernel.evidence],
        changes: [
          {
            kind: 'upgrade-kernel',
            atLeast: roverFixRelease(kernel.profile.version),
            why: 'the port rover was replaced by a random offset with a bounded search',
          },
        ],
      }),
    ];
  },
});
