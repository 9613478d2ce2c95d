/*
 * A double's bits through 32-bit words: the high word holds the sign, the 11-bit exponent and
 * the top 20 bits of the mantissa. Used by the radix selection (select.ts) and the sketch's bin
 * keys (sketch.ts). Each module binds its own view to module-local consts
 * (`const { f64: F64, u32: U32 } = doubleWords()`), so reads in the hot loops are plain loads: an
 * imported binding went through a getter under tsx (measured when select.ts was written).
 */

/** The index of a double's high 32-bit word in a Uint32Array over it: 1 on little-endian platforms. */
export const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** A fresh one-double scratch buffer and its two 32-bit words (index with HIGH_WORD). */
export function doubleWords(): { readonly f64: Float64Array; readonly u32: Uint32Array } {
  const f64 = new Float64Array(1);
  return { f64, u32: new Uint32Array(f64.buffer) };
}
