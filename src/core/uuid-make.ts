/*
 * The UUIDs the library makes: name-based v5 (content-derived event, correlation and OTel ids)
 * and time-ordered v7 (new events), RFC 9562 §5.5 and §5.7, plus v4 from given random bytes
 * (§5.4). Written here rather than imported from the `uuid` package, whose entry loads every
 * version's module: that was a sixth of what importing the events domain cost (docs/performance.md).
 * The bytes are the `uuid` package's for the same inputs (test/core/uuid-make.test.ts checks
 * them against it and against RFC 9562's examples).
 */

/** The RFC 9562 URL namespace (6ba7b811-9dad-11d1-80b4-00c04fd430c8). */
export const UUID_URL_NAMESPACE = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";

type NodeCrypto = typeof import("node:crypto");
let nodeCrypto: NodeCrypto | null | undefined;

/** Node's crypto module where there is one, loaded at the first v5 UUID (not at import), else null. */
function nodeCryptoModule(): NodeCrypto | null {
  nodeCrypto ??=
    ((globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.(
      "node:crypto",
    ) as NodeCrypto | undefined) ?? null;
  return nodeCrypto;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function format(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out += "-";
    out += HEX[bytes[i] as number];
  }
  return out;
}

function uuidBytes(uuid: string): Uint8Array {
  const hex = uuid.replaceAll("-", "");
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new RangeError(`uuidV5: namespace ${JSON.stringify(uuid)} is not a UUID`);
  return Uint8Array.from({ length: 16 }, (_, i) => Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16));
}

const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));

/** SHA-1 (FIPS 180-4 §6.1) of `data`: the fallback where Node's is not available. O(length). */
export function sha1(data: Uint8Array): Uint8Array {
  const bitLength = data.length * 8;
  const padded = new Uint8Array((((data.length + 8) >> 6) + 1) << 6);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 2 ** 32));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  const w = new Uint32Array(80);
  for (let block = 0; block < padded.length; block += 64) {
    for (let t = 0; t < 16; t++) w[t] = view.getUint32(block + 4 * t);
    for (let t = 16; t < 80; t++)
      w[t] = rotl((w[t - 3] as number) ^ (w[t - 8] as number) ^ (w[t - 14] as number) ^ (w[t - 16] as number), 1);
    let [a, b, c, d, e] = h as [number, number, number, number, number];
    for (let t = 0; t < 80; t++) {
      const f = t < 20 ? (b & c) | (~b & d) : t < 40 ? b ^ c ^ d : t < 60 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d;
      const k = t < 20 ? 0x5a827999 : t < 40 ? 0x6ed9eba1 : t < 60 ? 0x8f1bbcdc : 0xca62c1d6;
      const next = (rotl(a, 5) + f + e + k + (w[t] as number)) >>> 0;
      e = d;
      d = c;
      c = rotl(b, 30) >>> 0;
      b = a;
      a = next;
    }
    h[0] = ((h[0] as number) + a) >>> 0;
    h[1] = ((h[1] as number) + b) >>> 0;
    h[2] = ((h[2] as number) + c) >>> 0;
    h[3] = ((h[3] as number) + d) >>> 0;
    h[4] = ((h[4] as number) + e) >>> 0;
  }
  const out = new Uint8Array(20);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 5; i++) outView.setUint32(4 * i, h[i] as number);
  return out;
}

const namespaces = new Map<string, Uint8Array>();

/**
 * The name-based v5 UUID of `name` (UTF-8) in `namespace` (RFC 9562 §5.5: SHA-1 of the
 * namespace's bytes then the name's, version 5 and the RFC variant set). O(length of the name).
 */
export function uuidV5(name: string, namespace: string): string {
  let ns = namespaces.get(namespace);
  if (ns === undefined) {
    ns = uuidBytes(namespace);
    namespaces.set(namespace, ns);
  }
  let hash: Uint8Array;
  const node = nodeCryptoModule();
  if (node !== null) {
    hash = node.createHash("sha1").update(ns).update(name, "utf8").digest();
  } else {
    const text = new TextEncoder().encode(name);
    const data = new Uint8Array(16 + text.length);
    data.set(ns);
    data.set(text, 16);
    hash = sha1(data);
  }
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  return format(bytes);
}

function randomBytes(given: Uint8Array | undefined, caller: string): Uint8Array {
  if (given === undefined) return globalThis.crypto.getRandomValues(new Uint8Array(16));
  if (given.length < 16) throw new RangeError(`${caller}: random must hold at least 16 bytes (got ${given.length})`);
  return given;
}

/**
 * A time-ordered v7 UUID (RFC 9562 §5.7): the 48-bit Unix milliseconds `msecs`, then 74 bits
 * from `random` (16 bytes; the platform's CSPRNG when omitted), laid out as the `uuid` package's
 * `v7({msecs, random})` lays them (a 31-bit counter seeded from bytes 6–9, then bytes 10–15).
 */
export function uuidV7(options: { readonly msecs: number; readonly random?: Uint8Array | undefined }): string {
  const rnds = randomBytes(options.random, "uuidV7");
  const { msecs } = options;
  const seq =
    (((rnds[6] as number) & 0x7f) << 24) |
    ((rnds[7] as number) << 16) |
    ((rnds[8] as number) << 8) |
    (rnds[9] as number);
  const b = new Uint8Array(16);
  b[0] = (msecs / 0x10000000000) & 0xff;
  b[1] = (msecs / 0x100000000) & 0xff;
  b[2] = (msecs / 0x1000000) & 0xff;
  b[3] = (msecs / 0x10000) & 0xff;
  b[4] = (msecs / 0x100) & 0xff;
  b[5] = msecs & 0xff;
  b[6] = 0x70 | ((seq >>> 28) & 0x0f);
  b[7] = (seq >>> 20) & 0xff;
  b[8] = 0x80 | ((seq >>> 14) & 0x3f);
  b[9] = (seq >>> 6) & 0xff;
  b[10] = ((seq << 2) & 0xff) | ((rnds[10] as number) & 0x03);
  for (let i = 11; i < 16; i++) b[i] = rnds[i] as number;
  return format(b);
}

/** A random v4 UUID (RFC 9562 §5.4) from `random` (16 bytes; the platform's CSPRNG when omitted). */
export function uuidV4(random?: Uint8Array): string {
  const b = Uint8Array.from(randomBytes(random, "uuidV4").subarray(0, 16));
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  return format(b);
}
