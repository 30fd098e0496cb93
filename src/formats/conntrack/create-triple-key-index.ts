/** Numbers 0, 1, 2, … for distinct triples of uint32 keys, in the order they were first seen. */
export interface TripleKeyIndex {
  /** The id of (a, b, c): `size()` before the call when the triple is new. */
  readonly idOf: (a: number, b: number, c: number) => number;
  readonly size: () => number;
}

/**
 * An open-addressing hash table over typed arrays: a lookup per conntrack entry without allocating, where a
 * Map of Maps keyed by numbers above 2^30 (heap numbers) costs several times more.
 */
export function createTripleKeyIndex(): TripleKeyIndex {
  let bits = 8;
  /** Slot → id + 1 (0: empty). */
  let slots = new Int32Array(1 << bits);
  /** Id → its keys, three a slot. */
  let keys = new Uint32Array(3 * 64);
  let size = 0;
  const slotOf = (a: number, b: number, c: number) =>
    Math.imul(a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(c, 0x85ebca77), 0xc2b2ae3d) >>> (32 - bits);
  const place = (id: number) => {
    const mask = (1 << bits) - 1;
    let slot = slotOf(keys[3 * id] ?? 0, keys[3 * id + 1] ?? 0, keys[3 * id + 2] ?? 0);
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = id + 1;
  };
  const grow = () => {
    if (3 * size === keys.length) {
      const grown = new Uint32Array(keys.length * 2);
      grown.set(keys);
      keys = grown;
    }
    if (2 * size >= 1 << bits) {
      bits++;
      slots = new Int32Array(1 << bits);
      for (let id = 0; id < size; id++) place(id);
    }
  };
  return {
    idOf(a, b, c) {
      const mask = (1 << bits) - 1;
      for (let slot = slotOf(a, b, c); ; slot = (slot + 1) & mask) {
        const id = (slots[slot] ?? 0) - 1;
        if (id < 0) break;
        if (keys[3 * id] === a && keys[3 * id + 1] === b && keys[3 * id + 2] === c) return id;
      }
      grow();
      const id = size++;
      keys[3 * id] = a;
      keys[3 * id + 1] = b;
      keys[3 * id + 2] = c;
      place(id);
      return id;
    },
    size: () => size,
  };
}
