import type { KernelProfile } from '../kernel/kernel-profile.js';
import { keyedHash } from '../netfilter/tuple-hash.js';
import type { Xoshiro128 } from '../random/xoshiro128.js';
import type { SocketPorts } from './socket-ports.js';

/** State the kernel keeps globally (not per netns): the connect() hint and table_perturb. */
export interface ConnectPortGlobals {
  hint: number;
  readonly tablePerturb: Uint32Array;
  readonly secret: number;
}

/** INET_TABLE_PERTURB_SIZE (CONFIG_INET_TABLE_PERTURB_ORDER 16). */
export const INET_TABLE_PERTURB_SIZE = 1 << 16;
/** EPHEMERAL_PORT_SHUFFLE_PERIOD: the time term of port_offset (10 s, kernel-nat.md §5.1). */
const SHUFFLE_PERIOD_NS = 10_000_000_000;

/**
 * __inet_hash_connect(): the ephemeral port connect() picks in a container, per era (kernel-nat.md §5.1).
 * A port is usable when no bind() holds it and no socket (TIME_WAIT included) has the same 4-tuple, so ports
 * are shared across destinations. The chosen (port, destination) is held until `until`. Returns -1 when
 * none is free (EADDRNOTAVAIL).
 */
export function pickConnectPort(
  algo: KernelProfile['connectPortAlgo'],
  g: ConnectPortGlobals,
  ports: SocketPorts,
  low: number,
  high: number,
  saddr: number,
  daddr: number,
  dport: number,
  dest: number,
  now: number,
  until: number,
  rng: Xoshiro128,
): number {
  const bound = ports.hasBound ? ports.bound : undefined;
  if (algo === 'hint') {
    // ≤4.5: offset = hint + port_offset, consecutive ports; hint += i on success.
    const remaining = high - low + 1;
    const offset = (g.hint + keyedHash(g.secret, saddr, daddr, dport)) >>> 0; // u32 arithmetic, as the kernel's
    for (let i = 1; i <= remaining; i++) {
      const port = low + modU32((i + offset) >>> 0, remaining);
      if (!bound?.has(port) && ports.tryHold(port, dest, until, now)) {
        g.hint = (g.hint + i) >>> 0;
        return port;
      }
    }
    return -1;
  }
  // 4.6+: even/odd split — first ports of the parity of `low`, stepping by 2, then the other parity.
  let remaining = high + 1 - low;
  if (remaining > 1) remaining &= ~1;
  let offset: number;
  let index = 0;
  if (algo === 'perturb') {
    const slot = Math.floor(now / SHUFFLE_PERIOD_NS);
    const lo32 = keyedHash(g.secret, saddr, daddr, dport, slot);
    const hi32 = keyedHash(g.secret ^ 0x5bd1e995, saddr, daddr, dport, slot);
    index = lo32 & (INET_TABLE_PERTURB_SIZE - 1);
    offset = modU32((g.tablePerturb[index]! + hi32) >>> 0, remaining); // u32 sum wraps before the modulo
  } else {
    offset = modU32((g.hint + keyedHash(g.secret, saddr, daddr, dport)) >>> 0, remaining);
  }
  offset &= ~1;
  for (let parity = 0; parity < 2; parity++, offset++) {
    let port = low + offset;
    for (let i = 0; i < remaining; i += 2, port += 2) {
      if (port >= low + remaining) port -= remaining;
      if (bound?.has(port) || !ports.tryHold(port, dest, until, now)) continue;
      if (algo === 'perturb') {
        const step = Math.max(i, rng.int(0, 7) * 2); // 5.18+: random increments against port-scan tracking
        g.tablePerturb[index] = (g.tablePerturb[index]! + step + 2) >>> 0;
      } else {
        g.hint = (g.hint + i + 2) >>> 0;
      }
      return port;
    }
  }
  return -1;
}

/** udp_lib_get_port(sk, 0): a uniformly random free port of the container's range. */
export function pickUdpPort(ports: SocketPorts, low: number, high: number, rng: Xoshiro128): number {
  const remaining = high - low + 1;
  const first = rng.int(0, remaining - 1);
  for (let i = 0; i < remaining; i++) {
    const port = low + ((first + i) % remaining);
    if (!ports.udpOpen.has(port) && !ports.bound.has(port)) return port;
  }
  return -1;
}

/**
 * x % r for a u32 x and 0 < r < 2^32, exactly: x / r is at least 1/r away from the next integer and its
 * rounding error is far smaller, so the floor is exact. V8 compiles `%` on values above 2^31 to a slow
 * floating-point remainder (x87 fprem); this is a divide and a multiply.
 */
function modU32(x: number, r: number): number {
  return x - Math.floor(x / r) * r;
}
