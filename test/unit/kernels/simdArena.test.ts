// The wasm-memory allocator: alignment, zeroed memory, ownership, growth that keeps earlier views
// valid (the memory is shared, so grow never detaches), and float64 arrays in the same memory.
import { describe, expect, it } from 'vitest';
import { WasmArena, PAGE_BYTES } from '../../../engine/kernels/simd/arena';

describe('WasmArena', () => {
  it('hands out zeroed, 64-byte aligned, non-overlapping views into its memory', () => {
    const arena = new WasmArena(PAGE_BYTES);
    const a = arena.floats('f32', 5) as Float32Array;
    const b = arena.floats('f64', 3) as Float64Array;
    const c = arena.floats('f32', 17) as Float32Array;
    for (const view of [a, b, c]) {
      expect(view.byteOffset % 64).toBe(0);
      expect(view.buffer).toBe(arena.memory.buffer);
      expect(Array.from(view).every((value) => value === 0)).toBe(true);
    }
    expect(b).toBeInstanceOf(Float64Array);
    a.fill(1);
    b.fill(2);
    c.fill(3);
    expect(Array.from(a)).toEqual([1, 1, 1, 1, 1]);
    expect(Array.from(b)).toEqual([2, 2, 2]);
    expect(a.byteOffset + a.byteLength).toBeLessThanOrEqual(b.byteOffset);
    expect(b.byteOffset + b.byteLength).toBeLessThanOrEqual(c.byteOffset);
  });

  it('grows past its initial size and earlier views keep their values and stay owned', () => {
    const arena = new WasmArena(PAGE_BYTES);
    const early = arena.floats('f32', 1000) as Float32Array;
    early.forEach((_, i) => (early[i] = i));
    const bufferBefore = arena.memory.buffer;
    const big = arena.floats('f32', 3 * PAGE_BYTES) as Float32Array; // 12 pages of floats: forces growth
    expect(arena.memory.buffer).not.toBe(bufferBefore);
    expect(arena.memory.buffer.byteLength).toBeGreaterThanOrEqual(big.byteOffset + big.byteLength);
    expect(early[999]).toBe(999);
    big[big.length - 1] = 42;
    // The early view and a fresh view over the same bytes see the same memory.
    const again = new Float32Array(arena.memory.buffer, early.byteOffset, 1000);
    again[5] = -5;
    expect(early[5]).toBe(-5);
    expect(arena.owns(early)).toBe(true);
    expect(arena.owns(big)).toBe(true);
    expect(arena.owns(early.subarray(10, 20))).toBe(true);
  });

  it('owns only float32 views into its own memory', () => {
    const arena = new WasmArena(PAGE_BYTES);
    const other = new WasmArena(PAGE_BYTES);
    expect(arena.owns(arena.floats('f32', 4))).toBe(true);
    expect(arena.owns(arena.floats('f64', 4))).toBe(false); // the kernels run float64 in the reference
    expect(arena.owns(other.floats('f32', 4))).toBe(false);
    expect(arena.owns(new Float32Array(4))).toBe(false);
  });

  it('reserves raw zeroed regions for kernel scratch', () => {
    const arena = new WasmArena(PAGE_BYTES);
    const first = arena.reserve(100);
    const second = arena.reserve(10);
    expect(first % 64).toBe(0);
    expect(second).toBeGreaterThanOrEqual(first + 100);
    expect(arena.usedBytes).toBeGreaterThanOrEqual(second + 10);
  });
});
