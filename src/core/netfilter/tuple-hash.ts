/**
 * Mixes a 5-tuple (two addresses, packed ports, protocol number) into 32 bits. Plays the role of the kernel's
 * keyed jhash over the tuple; only its spread matters to the emulator (the open-addressing table).
 */
export function hashTuple(src: number, dst: number, ports: number, proto: number): number {
  let h = Math.imul(src ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15) ^ dst, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 13) ^ ports, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 16) ^ proto, 0x165667b1);
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * A keyed 32-bit hash of up to four words, standing in for siphash/md5 in secure_ipv4_port_ephemeral() and
 * secure_tcp_seq(): deterministic for the run's secret, uniform enough that only the structure matters.
 */
export function keyedHash(secret: number, a: number, b: number, c: number, d = 0): number {
  let h = secret ^ 0x2545f491;
  h = Math.imul(h ^ a, 0xcc9e2d51);
  h = Math.imul((h << 15) | (h >>> 17), 0x1b873593) ^ b;
  h = Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64;
  h = Math.imul(h ^ c, 0xcc9e2d51);
  h = Math.imul((h << 15) | (h >>> 17), 0x1b873593) ^ d;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
