/**
 * Below this size an array is copied to grow: that is cheap, and it spares small tables a memory's address-space
 * reservation (10 GiB in V8, whatever the maximum; address space only, nothing is committed).
 */
const MIN_MEMORY_BYTES = 1 << 20;
const WASM_PAGE = 65536;
/** The most a wasm32 memory holds (4 GiB); a shared memory must declare its maximum. */
const MAX_PAGES = 65536;

/** The part of the WebAssembly JS API used here (the core is compiled without the DOM types that declare it). */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}
export type WasmMemoryConstructor = new (descriptor: {
  initial: number;
  maximum: number;
  shared: boolean;
}) => WasmMemory;

/** The `WebAssembly.Memory` constructor that refused a memory once; not asked again. */
let refusingMemory: WasmMemoryConstructor | undefined;

/**
 * Backing store of a typed array that grows without copying: a shared `WebAssembly.Memory` (used only as
 * memory; no wasm code runs) grows in place inside its address-space reservation, and only the new pages are
 * faulted in. Its views are plain typed arrays, as fast as any, which a view of a resizable `ArrayBuffer`
 * (even a fixed-length one) is not in V8 11: its elements kind must allow for the buffer shrinking. Shared,
 * because growing an unshared memory detaches its old buffer, and the first detached buffer in a V8 isolate
 * turns off an optimisation for good: every typed array access checks for detachment from then on (1.5x
 * slower random access). A shared buffer is never detached: views of an older buffer stay valid, at their length.
 *
 * Where there is no WebAssembly, no shared memory (a browser may require cross-origin isolation for it; Chrome
 * does not), no address space for one, or it is full (4 GiB), the array is copied into a bigger `ArrayBuffer`.
 */
export class GrowableBuffer {
  private buffer: ArrayBufferLike = new ArrayBuffer(0);
  private memory: WasmMemory | undefined;
  /** Set once a memory could not be had or grown: the array is copied from then on. */
  private copying = false;

  /**
   * Makes the buffer at least `bytes` long, keeping its contents, and returns it. A memory's buffer is rounded
   * up to 64 KiB pages; the pages past `bytes` are never touched, so they take no memory until a later view
   * covers them.
   */
  grow(bytes: number): ArrayBufferLike {
    if (bytes <= this.buffer.byteLength) return this.buffer;
    if (bytes >= MIN_MEMORY_BYTES && !this.copying) {
      const buffer = this.growInPlace(bytes);
      if (buffer) {
        this.buffer = buffer;
        return buffer;
      }
      this.copying = true;
      this.memory = undefined;
    }
    return this.copyInto(new ArrayBuffer(bytes));
  }

  /** Grows the memory, or creates it and copies the array in (once); undefined if neither can be done. */
  private growInPlace(bytes: number): ArrayBufferLike | undefined {
    const pages = Math.ceil(bytes / WASM_PAGE);
    try {
      if (this.memory) {
        this.memory.grow(pages - this.buffer.byteLength / WASM_PAGE);
        return this.memory.buffer;
      }
      const Memory = (globalThis as { WebAssembly?: { Memory?: WasmMemoryConstructor } }).WebAssembly?.Memory;
      if (!Memory || Memory === refusingMemory) return undefined;
      let memory: WasmMemory;
      try {
        memory = new Memory({ initial: pages, maximum: MAX_PAGES, shared: true });
      } catch {
        // No address space (`ulimit -v`) or no shared memory here: it will not work for the next buffer either,
        // and each refusal costs V8 some 30 ms of collections before it gives up. Ask once (per module
        // instance: a worker thread asks again).
        refusingMemory = Memory;
        return undefined;
      }
      new Uint8Array(memory.buffer).set(new Uint8Array(this.buffer));
      this.memory = memory;
      return memory.buffer;
    } catch {
      // RangeError from grow(): the memory is full (4 GiB) or its reservation cannot be committed.
      return undefined;
    }
  }

  private copyInto(buffer: ArrayBuffer): ArrayBuffer {
    new Uint8Array(buffer).set(new Uint8Array(this.buffer));
    this.buffer = buffer;
    return buffer;
  }
}
