/**
 * The array an encode returns. By default its ArrayBuffer holds exactly this
 * output and nothing else: no pool or slab is shared between results, so
 * `result.buffer` never shows another message's bytes (`slab: true` trades
 * that for speed, below).
 *
 * From UNINITIALIZED_FROM bytes on, where Node's Buffer exists, the memory
 * comes from `Buffer.allocUnsafeSlow` (not pooled, not zero-filled) and is
 * returned as a plain Uint8Array view: the write pass overwrites every byte
 * (makeCodec checks that it ended exactly at the end), so nothing stale is
 * ever visible, and zero-filling first would be wasted work. Below that, a
 * plain `new Uint8Array(n)` is faster: zeroing a few KiB is cheap, and the
 * Buffer path (its subclass constructor, the zero-fill toggle, the extra
 * view) costs ~100 ns more. Measured on Node 20, allocation plus a copy into
 * every byte: allocUnsafeSlow was 10-28% slower at 124 B-4 KiB, even at
 * 8 KiB, 4-16% faster at 64 KiB (bench/analysis.md).
 */

const UNINITIALIZED_FROM = 8192;

interface UnsafeAllocator {
  allocUnsafeSlow(n: number): Uint8Array;
}

const NodeBuffer: UnsafeAllocator | null = (() => {
  const B = (globalThis as { Buffer?: { allocUnsafeSlow?: unknown } }).Buffer;
  return B !== undefined && typeof B.allocUnsafeSlow === "function" ? (B as UnsafeAllocator) : null;
})();

/** `n` bytes for the write pass to fill completely; uninitialised where that is faster. */
export function allocOutput(n: number): Uint8Array {
  if (n >= UNINITIALIZED_FROM && NodeBuffer !== null) {
    const b = NodeBuffer.allocUnsafeSlow(n);
    return new Uint8Array(b.buffer, b.byteOffset, n);
  }
  return new Uint8Array(n);
}

/**
 * The `slab: true` encode option: outputs carved one after another from a
 * shared 8 KiB slab (as Node's Buffer pool and cbor-x do), so a small
 * message costs no ArrayBuffer of its own. The price: `result.buffer` is the
 * slab, holding other messages' bytes, kept alive by any result carved from
 * it, and detached for all of them if one transfers it (README, "Output
 * memory"). A slab starts zero-filled, so it never shows memory that was
 * not one of these outputs; outputs over half a slab get their own
 * ArrayBuffer as by default.
 */
const SLAB_SIZE = 8192;
let slab = new Uint8Array(0);
let slabPos = 0;

export function slabOutput(n: number): Uint8Array {
  if (n > SLAB_SIZE >>> 1) return allocOutput(n);
  // a slab someone transferred (postMessage) is detached: its byteLength reads 0
  if (slab.byteLength === 0 || slabPos + n > slab.byteLength) {
    slab = new Uint8Array(SLAB_SIZE);
    slabPos = 0;
  }
  const out = new Uint8Array(slab.buffer, slabPos, n);
  slabPos += n;
  return out;
}

/** A copy of `b[s..s+n)` for `copy: true` decodes: uninitialised memory, then every byte set, where that is faster. */
export function copyRange(b: Uint8Array, s: number, n: number): Uint8Array {
  if (n < UNINITIALIZED_FROM) return b.slice(s, s + n);
  const out = allocOutput(n);
  out.set(b.subarray(s, s + n));
  return out;
}

/**
 * A view of `n` bytes at `at` of the input's ArrayBuffer (the default decode:
 * byte strings share the input's memory). Readers keep the input's buffer
 * and byteOffset, since reading them per view (both are getters) made a
 * view cost twice as much; the constructor is cheaper than `subarray`,
 * which looks up the species constructor every time.
 */
export function viewRange(buffer: ArrayBufferLike, at: number, n: number): Uint8Array {
  return new Uint8Array(buffer, at, n);
}
