/**
 * Mixes a 5-tuple (two addresses, packed ports, protocol number) into 32 bits. Plays the role of the kernel's
 * keyed jhash over the tuple; only its spread matters to the emulator (the open-addressing table).
 */
export function hashTuple(src: number, dst: number, ports: number, proto: number): number {
  // murmur3_32 over the four words: structured keys (sequential addresses and ports) need a full avalanche,
  // or linear probing degenerates into long clusters.
  let h = 0x9747b28c ^ proto;
  h = mix(h, src);
  h = mix(h, dst);
  h = mix(h, ports);
  h ^= 16;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function mix(h: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
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

/** `reciprocal_scale(value, range)`: (value * range) >> 32 for a u32 value and range, computed without rounding. */
export function reciprocalScale(value: number, range: number): number {
  // Below 2^21 the product stays under 2^53: one exact multiplication.
  if (range <= 0x200000) return Math.floor((value * range) / 4294967296);
  const high = (value >>> 16) * range;
  const low = (value & 0xffff) * range;
  const highTop = Math.floor(high / 65536);
  return highTop + Math.floor(((high - highTop * 65536) * 65536 + low) / 4294967296);
}
