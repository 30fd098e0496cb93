import type { WasmMemoryConstructor } from './growable-buffer.js';

// Test-only helpers: the ways a GrowableBuffer can grow, selected by stubbing the WebAssembly global. Not used by
// the emulator. The tests pass vitest's `vi.stubGlobal` (the core does not import vitest).

const RealMemory = (globalThis as unknown as { WebAssembly: { Memory: WasmMemoryConstructor } }).WebAssembly
  .Memory;

export interface GrowthStats {
  /** Memories created, grown, and refusing to grow. */
  created: number;
  grown: number;
  refused: number;
}

type StubGlobal = (name: string, value: unknown) => unknown;

export interface GrowthMode {
  readonly name: string;
  /** Stubs the WebAssembly global for this mode (`vi.stubGlobal`; undo with `vi.unstubAllGlobals()`). */
  install(stubGlobal: StubGlobal): GrowthStats;
}

/** A shared memory that counts, and refuses to grow after `maxGrows` grows as a full 4 GiB memory would. */
function stubMemory(stubGlobal: StubGlobal, maxGrows: number): GrowthStats {
  const stats: GrowthStats = { created: 0, grown: 0, refused: 0 };
  class CountingMemory extends RealMemory {
    private grows = 0;
    constructor(descriptor: ConstructorParameters<WasmMemoryConstructor>[0]) {
      super(descriptor);
      stats.created++;
    }
    override grow(pages: number): number {
      if (this.grows === maxGrows) {
        stats.refused++;
        throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
      }
      this.grows++;
      stats.grown++;
      return super.grow(pages);
    }
  }
  stubGlobal('WebAssembly', { Memory: CountingMemory });
  return stats;
}

export const GROWTH_MODES: readonly GrowthMode[] = [
  {
    name: 'in place (shared WebAssembly.Memory)',
    install: (stub) => stubMemory(stub, Number.POSITIVE_INFINITY),
  },
  {
    name: 'by copying (no WebAssembly)',
    install: (stub) => {
      stub('WebAssembly', undefined);
      return { created: 0, grown: 0, refused: 0 };
    },
  },
  { name: 'in place, then by copying (the memory stops growing)', install: (stub) => stubMemory(stub, 3) },
];
