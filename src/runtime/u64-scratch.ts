/**
 * Shared 8-byte scratch for uint64 <-> bigint without per-call BigInt
 * arithmetic: a BigUint64Array store/load converts natively, and the bytes
 * are then copied in network order. Measured ~7x faster than shift/mask.
 */
export const scratch64 = new BigUint64Array(1);
export const scratch8 = new Uint8Array(scratch64.buffer);

/**
 * XOR with a big-endian byte index (0 = most significant) gives the scratch
 * index holding that byte on this platform: 7 on little-endian, 0 on big-endian.
 */
export const BYTE_SWAP: number = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 7 : 0;
