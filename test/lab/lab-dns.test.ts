import { release } from 'node:os';
import { describe, expect, it } from 'vitest';
import { kernelProfileFromRelease } from '../../src/core/kernel/kernel-profile-from-release.js';
import { announceSkip, lab, labSkipReason, requestFor, scenarioOf, summarize } from './lab-test-support.js';

/** nf_ct_resolve_clash_harder (6a757c07e51f) is in 5.6+: A/AAAA clashing on different backends are accepted. */
function dnsSkipReason(): string | undefined {
  const p = kernelProfileFromRelease(release());
  if (!p.ok) return `cannot read the kernel release ${release()}`;
  const { major, minor } = p.profile.version;
  return major > 5 || (major === 5 && minor >= 6) ? undefined : `kernel ${release()} is older than 5.6`;
}

const skip = labSkipReason() ?? dnsSkipReason();
announceSkip('test/lab/lab-dns.test.ts', skip);

// kube-dns behind kube-proxy: two backends, pod-to-pod traffic not SNAT'ed, glibc sending A and AAAA together.
const scenario = scenarioOf(`
name: dns-two-backends
kernel: 6.8.0
cpus: 2
host: { addresses: [10.0.1.40], bridge: { name: cni0, subnet: 10.244.1.0/24 } }
internalCidrs: [10.0.0.0/16, 10.244.0.0/16, 10.96.0.0/12]
nat:
  - -A POSTROUTING -s 10.244.0.0/16 -d 10.244.0.0/16 -j RETURN
  - -A POSTROUTING -s 10.244.0.0/16 ! -d 224.0.0.0/4 -j MASQUERADE
destinations:
  - { name: kube-dns, address: 10.96.0.10, port: 53, proto: udp, backends: [10.244.2.5:53, 10.244.3.7:53] }
containers:
  count: 2
  resolver: { libc: glibc, timeout: 5, attempts: 2, nameserver: kube-dns }
workloads:
  - { type: dns, lookups: 40, intervalMs: 10, spreadMs: 1 }
`);

describe.skipIf(skip !== undefined).each(['iptables-nft', 'nft'] as const)(
  'the real kernel, %s rules: A and AAAA in parallel through a DNAT to 2 backends',
  (ruleBackend) => {
    it('answers every lookup without the 5 s timeout; nothing dropped at confirm', async () => {
      const { measurement } = await lab.run(requestFor(scenario, { ruleBackend, settleMs: 500 }));
      const s = summarize(measurement);
      expect(s.dns?.lookups).toBe(80);
      expect(s.dns?.completed).toBe(80);
      expect(s.dns?.retried).toBe(0);
      expect(s.dns?.delayed5s).toBe(0);
      // ≥ 5.6: a clash of A and AAAA is merged or inserted REPLY-only (clash_resolve), never dropped.
      expect(s.conntrack.total.insert_failed).toBe(0);
      expect(s.conntrack.total.drop).toBe(0);
      expect(s.conntrack.total.clash_resolve).toBeGreaterThanOrEqual(0);
      // Both backends served: the DNAT spread the flows.
      const backends = new Set(
        measurement.conntrackList.filter((e) => e.proto === 'udp').map((e) => e.reply.src),
      );
      expect(backends.size).toBe(2);
    });
  },
);
