import fc from "fast-check";
import { v4, v5, v7 } from "uuid";
import { describe, expect, it } from "vitest";
import { sha1, UUID_URL_NAMESPACE, uuidV4, uuidV5, uuidV7 } from "../../src/core/uuid-make.js";
import { CORRELATION_ID_NAMESPACE } from "../../src/correlation/ids.js";
import { EVENT_ID_NAMESPACE } from "../../src/events/schema/event.js";
import { OTEL_ID_NAMESPACE } from "../../src/interop/otel/ids.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const utf8 = (text: string) => new TextEncoder().encode(text);

describe("sha1 (the fallback where node:crypto is absent)", () => {
  it("gives the FIPS 180-2 Appendix A examples and the empty string's digest", () => {
    expect(hex(sha1(utf8("abc")))).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
    expect(hex(sha1(utf8("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")))).toBe(
      "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
    );
    expect(hex(sha1(utf8("a".repeat(1_000_000))))).toBe("34aa973cd4c4daa4f61eeb2bdbad27316534016f");
    expect(hex(sha1(new Uint8Array()))).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709");
  });

  it("equals node:crypto's on arbitrary bytes (every padding length)", async () => {
    const { createHash } = await import("node:crypto");
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        expect(hex(sha1(data))).toBe(createHash("sha1").update(data).digest("hex"));
      }),
      { seed: 9562, numRuns: 300 },
    );
  });
});

describe("uuidV5 (RFC 9562 §5.5)", () => {
  it("gives RFC 9562 Appendix A.4's example", () => {
    expect(uuidV5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe(
      "2ed6657d-e927-568b-95e1-2665a8aea6a2",
    );
    expect(UUID_URL_NAMESPACE).toBe(v5.URL);
  });

  it("equals the uuid package's v5 on any name", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), fc.uuid(), (name, namespace) => {
        expect(uuidV5(name, namespace)).toBe(v5(name, namespace));
      }),
      { seed: 9562, numRuns: 300 },
    );
  });

  it("gives the library's namespaces: the v5 UUIDs of their names in the URL namespace", () => {
    expect(EVENT_ID_NAMESPACE).toBe(v5("llm-analytics-hub/event-id", v5.URL));
    expect(CORRELATION_ID_NAMESPACE).toBe(v5("llm-analytics-hub/correlation", v5.URL));
    expect(OTEL_ID_NAMESPACE).toBe(v5("llm-analytics-hub/otel", v5.URL));
  });

  it("refuses a namespace that is not a UUID", () => {
    expect(() => uuidV5("x", "not-a-uuid")).toThrow(/uuidV5: namespace "not-a-uuid" is not a UUID/);
  });
});

describe("uuidV7 and uuidV4 (RFC 9562 §5.7, §5.4)", () => {
  it("equal the uuid package's v7({msecs, random}) and v4({random})", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 48 - 1 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        (msecs, random) => {
          expect(uuidV7({ msecs, random })).toBe(v7({ msecs, random }));
          expect(uuidV4(random)).toBe(v4({ random }));
        },
      ),
      { seed: 9562, numRuns: 300 },
    );
  });

  it("put the milliseconds first, then version 7 and the RFC variant (RFC 9562 Appendix A.6's timestamp)", () => {
    const id = uuidV7({ msecs: 0x017f22e279b0 });
    expect(id).toMatch(/^017f22e2-79b0-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidV4()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(() => uuidV7({ msecs: 0, random: new Uint8Array(8) })).toThrow(/uuidV7: random must hold at least 16 bytes/);
  });
});
