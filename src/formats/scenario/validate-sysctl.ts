import type { KernelProfile } from '../../core/kernel/kernel-profile.js';
import type { Sysctls } from '../../core/scenario/scenario.js';
import { type Fields, type NumberRange, readNumber, readObject } from './field-readers.js';
import type { IssueCollector, Path } from './issue-collector.js';
import { SYSCTL_DEFAULTS } from './scenario-defaults.js';

const INT_MAX = 2147483647;
/** The emulator keeps 2 bytes per bucket where chains are counted: 2^26 buckets (128 MB) at most. */
export const MAX_CONNTRACK_BUCKETS = 1 << 26;
const SECONDS: NumberRange = { min: 1, max: INT_MAX, integer: true };
/** Kernel limits (proc_dointvec_minmax ranges); the compiler checks every sysctl is here. */
const RANGES: { readonly [K in keyof Sysctls]: NumberRange } = {
  nf_conntrack_max: { min: 1, max: INT_MAX, integer: true },
  nf_conntrack_buckets: { min: 1, max: MAX_CONNTRACK_BUCKETS, integer: true },
  nf_conntrack_tcp_timeout_syn_sent: SECONDS,
  nf_conntrack_tcp_timeout_established: SECONDS,
  nf_conntrack_tcp_timeout_fin_wait: SECONDS,
  nf_conntrack_tcp_timeout_time_wait: SECONDS,
  nf_conntrack_udp_timeout: SECONDS,
  nf_conntrack_udp_timeout_stream: SECONDS,
  tcp_syn_retries: { min: 1, max: 127, integer: true },
  tcp_syn_linear_timeouts: { min: 0, max: 127, integer: true },
};

/** `sysctl: { nf_conntrack_max: 262144, ... }`; the UDP stream timeout defaults to the kernel's. */
export function validateSysctl(
  c: IssueCollector,
  raw: unknown,
  path: Path,
  kernel: KernelProfile | undefined,
): Sysctls {
  const obj: Fields =
    raw === undefined || raw === null ? {} : (readObject(c, raw, path, Object.keys(RANGES)) ?? {});
  const defaults: Sysctls = {
    ...SYSCTL_DEFAULTS,
    nf_conntrack_udp_timeout_stream: kernel?.udpStreamTimeoutS ?? 120,
    nf_conntrack_buckets: kernel?.defaultConntrackBuckets ?? SYSCTL_DEFAULTS.nf_conntrack_buckets,
  };
  const read = (key: keyof Sysctls): number => readNumber(c, obj, key, path, RANGES[key], defaults[key]);
  return {
    nf_conntrack_max: read('nf_conntrack_max'),
    nf_conntrack_buckets: read('nf_conntrack_buckets'),
    nf_conntrack_tcp_timeout_syn_sent: read('nf_conntrack_tcp_timeout_syn_sent'),
    nf_conntrack_tcp_timeout_established: read('nf_conntrack_tcp_timeout_established'),
    nf_conntrack_tcp_timeout_fin_wait: read('nf_conntrack_tcp_timeout_fin_wait'),
    nf_conntrack_tcp_timeout_time_wait: read('nf_conntrack_tcp_timeout_time_wait'),
    nf_conntrack_udp_timeout: read('nf_conntrack_udp_timeout'),
    nf_conntrack_udp_timeout_stream: read('nf_conntrack_udp_timeout_stream'),
    tcp_syn_retries: read('tcp_syn_retries'),
    tcp_syn_linear_timeouts: read('tcp_syn_linear_timeouts'),
  };
}
