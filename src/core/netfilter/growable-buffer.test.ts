import { afterEach, describe, expect, it, vi } from 'vitest';
import { GrowableBuffer } from './growable-buffer.js';
import { GROWTH_MODES } from './test-growth-modes.js';

const MIB = 1 << 20;
const kind = (b: ArrayBufferLike): string => Object.prototype.toString.call(b);

/** Grows from 1 KiB to past 8 MiB by an eighth at a time, filling each new part; returns the last buffer. */
function growAndFill(g: GrowableBuffer): { buffer: ArrayBufferLike; bytes: number; lost: number } {
  let bytes = 1024;
  let filled = 0;
  let buffer = g.grow(bytes);
  let lost = 0;
  while (bytes < 8 * MIB) {
    bytes = Math.ceil(bytes * 1.125);
    buffer = g.grow(bytes);
    const view = new Uint8Array(buffer, 0, bytes);
    for (let i = 0; i < filled; i++) if (view[i] !== (i * 31) % 251) lost++;
    for (let i = filled; i < bytes; i++) view[i] = (i * 31) % 251;
    filled = bytes;
  }
  return { buffer, bytes, lost };
}

describe('GrowableBuffer', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  describe.each(GROWTH_MODES)('growing $name', (mode) => {
    it('keeps every byte written so far across many grows', () => {
      mode.install(vi.stubGlobal);
      expect(growAndFill(new GrowableBuffer()).lost).toBe(0);
    });
  });

  it('grows a memory in place past 1 MiB, committing at most a 64 KiB page more than asked', () => {
    const stats = GROWTH_MODES[0]!.install(vi.stubGlobal);
    const g = new GrowableBuffer();
    expect(kind(g.grow(MIB - 1))).toBe('[object ArrayBuffer]');
    const { buffer, bytes } = growAndFill(g);
    expect(kind(buffer)).toBe('[object SharedArrayBuffer]');
    expect(stats.created).toBe(1);
    expect(stats.grown).toBeGreaterThan(10);
    expect(buffer.byteLength - bytes).toBeGreaterThanOrEqual(0);
    expect(buffer.byteLength - bytes).toBeLessThan(65536);
  });

  it('leaves the views of an older buffer valid (a shared buffer is never detached)', () => {
    GROWTH_MODES[0]!.install(vi.stubGlobal);
    const g = new GrowableBuffer();
    const old = new Uint32Array(g.grow(2 * MIB));
    old[7] = 42;
    const grown = new Uint32Array(g.grow(4 * MIB));
    expect(old.length).toBe((2 * MIB) / 4);
    expect(old[7]).toBe(42);
    expect(grown[7]).toBe(42);
  });

  it('copies into an ArrayBuffer where there is no WebAssembly', () => {
    GROWTH_MODES[1]!.install(vi.stubGlobal);
    const { buffer, bytes, lost } = growAndFill(new GrowableBuffer());
    expect(lost).toBe(0);
    expect(kind(buffer)).toBe('[object ArrayBuffer]');
    expect(buffer.byteLength).toBe(bytes);
  });

  it('asks for a memory only once when the platform refuses one (each refusal costs V8 ~30 ms)', () => {
    let asked = 0;
    class RefusingMemory {
      constructor() {
        asked++;
        throw new RangeError('WebAssembly.Memory(): could not allocate memory');
      }
    }
    vi.stubGlobal('WebAssembly', { Memory: RefusingMemory });
    const results = [new GrowableBuffer(), new GrowableBuffer(), new GrowableBuffer()].map(growAndFill);
    expect(results.map((r) => r.lost)).toEqual([0, 0, 0]);
    expect(results.map((r) => kind(r.buffer))).toEqual(Array(3).fill('[object ArrayBuffer]'));
    expect(asked).toBe(1);
  });

  it('copies from the first refused grow on, without trying another memory', () => {
    const stats = GROWTH_MODES[2]!.install(vi.stubGlobal);
    const { buffer, lost } = growAndFill(new GrowableBuffer());
    expect(lost).toBe(0);
    expect(kind(buffer)).toBe('[object ArrayBuffer]');
    expect(stats).toEqual({ created: 1, grown: 3, refused: 1 });
  });
});
