// An Allocator whose arrays are views into one WebAssembly.Memory, so the SIMD kernels run on model
// buffers in place (a kernel call passes byte offsets; nothing is copied).
//
// Growth: memory.grow detaches a non-shared memory's ArrayBuffer, which would silently empty every
// view handed out before. The arena therefore uses a *shared* memory (its buffer is a
// SharedArrayBuffer, never detached: after a grow, old views stay valid over the same bytes) with the
// wasm32 maximum of 4 GiB reserved as address space; pages are committed only as they are grown into
// and touched. The shared memory is also what lets a helper thread run kernels on the same arrays.
//
// Lifetime: a bump allocator. Models allocate their buffers once (and once per batch shape), so
// nothing is freed; the memory goes when the arena and every view into it are unreachable. Use one
// arena per training run. Past the 4 GiB maximum, arrays come from the JS heap instead (counted in
// `heapFallbacks`) and the kernels run the reference loops on them: several times slower, so the first
// time it happens `onFull` is called once (the run turns it into a warning). The memory check
// (engine/config/memory.ts) refuses configs that would not fit before they start.
import type { Allocator, DType, Floats } from '../../tensor';

export const PAGE_BYTES = 65536;
/** The wasm32 maximum; must not exceed the maximum the module declares (assembly/build.mjs). */
export const MAX_PAGES = 65536;
/** The most an arena can hold: 4 GiB. */
export const ARENA_MAX_BYTES = MAX_PAGES * PAGE_BYTES;

let limitForNewArenas = ARENA_MAX_BYTES;

/**
 * Lowers the limit of arenas created from now on, so tests reach "full" without 4 GiB; null restores
 * the wasm32 maximum. (Like a run that shares its arena with another model, not a user setting.)
 */
export function setArenaLimit(bytes: number | null): void {
  limitForNewArenas = bytes === null ? ARENA_MAX_BYTES : Math.min(bytes, ARENA_MAX_BYTES);
}
/** Cache-line alignment for every allocation (the kernels' v128 loads need only 4 bytes). */
const ALIGN = 64;
/** Bytes below this are left to the module's static data (its constant table; checked by the backend). */
const RESERVED_BYTES = 4096;

export class WasmArena implements Allocator {
  readonly memory: WebAssembly.Memory;
  /** Arrays served from the JS heap because the memory was full. */
  heapFallbacks = 0;
  /** Called once, the first time a request does not fit (an array from the heap, or a weight left unpacked). */
  onFull: ((requestedBytes: number) => void) | null = null;
  /** Bytes this arena may hand out (at most ARENA_MAX_BYTES). */
  readonly limitBytes = limitForNewArenas;
  private full = false;
  private top = RESERVED_BYTES;
  private current: ArrayBufferLike;
  /** Every buffer object the memory has had (one per grow): views made before a grow point at an older one. */
  private readonly buffers: ArrayBufferLike[] = [];

  constructor(initialBytes = 16 << 20) {
    const initial = Math.max(1, Math.ceil(initialBytes / PAGE_BYTES));
    this.memory = new WebAssembly.Memory({ initial, maximum: MAX_PAGES, shared: true });
    this.current = this.memory.buffer;
    this.buffers.push(this.current);
  }

  floats(dtype: DType, length: number): Floats {
    const width = dtype === 'f32' ? 4 : 8;
    const offset = this.reserve(length * width);
    if (offset < 0) {
      this.heapFallbacks++;
      return dtype === 'f32' ? new Float32Array(length) : new Float64Array(length);
    }
    return dtype === 'f32' ? new Float32Array(this.current, offset, length) : new Float64Array(this.current, offset, length);
  }

  /** A zeroed region of `bytes` bytes (kernel scratch, packed weights); its byte offset, or -1 when full. */
  reserve(bytes: number): number {
    const offset = Math.ceil(this.top / ALIGN) * ALIGN;
    const end = offset + bytes;
    if (end > this.limitBytes || (end > this.current.byteLength && !this.growTo(end))) {
      if (!this.full) {
        this.full = true;
        this.onFull?.(bytes);
      }
      return -1;
    }
    this.top = end;
    return offset;
  }

  /** Whether `array` is a float32 view into this arena's memory (so the SIMD kernels can run on it). */
  owns(array: Floats): boolean {
    if (!(array instanceof Float32Array)) return false;
    const buffer = array.buffer;
    return buffer === this.current || this.buffers.includes(buffer);
  }

  /** Where the first allocation starts: everything below belongs to the kernels module. */
  get firstOffset(): number {
    return RESERVED_BYTES;
  }

  get usedBytes(): number {
    return this.top;
  }

  private growTo(end: number): boolean {
    const have = this.current.byteLength / PAGE_BYTES;
    const need = Math.ceil(end / PAGE_BYTES);
    if (need > MAX_PAGES) return false;
    // Grow by at least half again, so a model's many allocations cause few grows (and few buffers).
    const pages = Math.min(MAX_PAGES, Math.max(need, Math.ceil(have * 1.5))) - have;
    try {
      this.memory.grow(pages);
    } catch {
      try {
        this.memory.grow(need - have);
      } catch {
        return false;
      }
    }
    this.current = this.memory.buffer;
    this.buffers.push(this.current);
    return true;
  }
}
