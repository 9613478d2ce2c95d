/*
 * A double's bits, through one shared 8-byte view (internal). The high 32-bit word holds the
 * sign, the 11-bit exponent and the top 20 bits of the mantissa; it is word 1 on little-endian
 * platforms. The buffer is larger than V8 keeps on its heap, so the view sits at a fixed
 * address, on a cache line of its own.
 */
const BUFFER = new ArrayBuffer(256);
export const F64 = new Float64Array(BUFFER, 128, 1);
export const U32 = new Uint32Array(BUFFER, 128, 2);
export const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
export const LOW = 1 - HIGH;
