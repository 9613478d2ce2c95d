import { Buffer } from "node:buffer";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url } from "../../src/api/cursor.js";
import { createCursorPaginationLinks, decodeCursor, encodeCursor, PaginationLinks } from "../../src/api/index.js";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("base64url (RFC 4648 §5, no padding)", () => {
  it("matches the RFC 4648 §10 test vectors, padding removed", () => {
    const vectors: [string, string][] = [
      ["", ""],
      ["f", "Zg"],
      ["fo", "Zm8"],
      ["foo", "Zm9v"],
      ["foob", "Zm9vYg"],
      ["fooba", "Zm9vYmE"],
      ["foobar", "Zm9vYmFy"],
    ];
    for (const [plain, encoded] of vectors) {
      expect(toBase64Url(bytes(plain))).toBe(encoded);
      expect(new TextDecoder().decode(fromBase64Url("test", encoded))).toBe(plain);
    }
  });

  it("uses - and _ where base64 uses + and / (RFC 4648 §5 table)", () => {
    // 0xfb 0xff 0xbf is "+/+/" in base64 (§4 alphabet: 62 '+', 63 '/').
    expect(toBase64Url(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe("-_-_");
  });

  it("agrees with Node's Buffer base64url on any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (data) => {
        const ours = toBase64Url(data);
        expect(ours).toBe(Buffer.from(data).toString("base64url"));
        expect([...fromBase64Url("test", ours)]).toEqual([...data]);
      }),
    );
  });

  it("rejects padding, foreign characters, a dangling character and nonzero pad bits", () => {
    expect(() => fromBase64Url("f", "Zg==")).toThrow('"=" at 2 is not a base64url character');
    expect(() => fromBase64Url("f", "Zm9v+")).toThrow("5 characters cannot be base64url");
    expect(() => fromBase64Url("f", "Zm+v")).toThrow('"+" at 2');
    // "Zg" is the only spelling of "f": "Zh" sets a bit that the 8-bit output cannot hold.
    expect(() => fromBase64Url("f", "Zh")).toThrow("nonzero padding bits");
  });
});

describe("encodeCursor / decodeCursor", () => {
  it("round-trips any direction and JSON key, and an edge cursor without a key", () => {
    fc.assert(
      fc.property(fc.constantFrom("after" as const, "before" as const), fc.jsonValue(), (direction, key) => {
        // fc.jsonValue can give -0, which JSON writes as 0.
        const normalized = JSON.parse(JSON.stringify(key));
        expect(decodeCursor(encodeCursor({ direction, key: normalized }))).toEqual({ direction, key: normalized });
      }),
    );
    expect(decodeCursor(encodeCursor({ direction: "before" }))).toEqual({ direction: "before" });
    expect(decodeCursor(encodeCursor({ direction: "after", key: null }))).toEqual({ direction: "after", key: null });
  });

  it("is URL-safe without escaping", () => {
    const cursor = encodeCursor({ direction: "after", key: ["2025-06-03T14:22:05Z", "ÿ?/+"] });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("rejects what it did not write", () => {
    const wrap = (json: string) => toBase64Url(bytes(json));
    expect(() => decodeCursor(wrap("[1]"))).toThrow("decodeCursor: the cursor does not hold a cursor object");
    expect(() => decodeCursor(wrap('{"dir":"after","page":2}'))).toThrow('unexpected cursor member "page"');
    expect(() => decodeCursor(wrap('{"dir":"sideways"}'))).toThrow('must be "after" or "before"');
    expect(() => decodeCursor(wrap("{"))).toThrow("does not hold UTF-8 JSON");
    expect(() => decodeCursor(toBase64Url(new Uint8Array([0xff, 0xfe])))).toThrow("does not hold UTF-8 JSON");
    expect(() => encodeCursor({ direction: "after", key: Number.NaN })).toThrow(
      "encodeCursor: key must be a JSON value",
    );
  });
});

describe("createCursorPaginationLinks", () => {
  const base = "https://api.example.com/v1/events?source_module=llm-sentinel";
  const cursorOf = (url: string | null | undefined) => {
    const value = new URL(url ?? "").searchParams.get("cursor");
    return value === null ? undefined : decodeCursor(value);
  };

  it("links the first page without a cursor and the others by position", () => {
    const current = { direction: "after" as const, key: ["2025-06-03T14:00:00Z", "e-10"] };
    const links = createCursorPaginationLinks(`${base}&cursor=${encodeCursor(current)}`, {
      perPage: 2,
      cursor: current,
      firstKey: ["2025-06-03T14:00:01Z", "e-11"],
      lastKey: ["2025-06-03T14:00:02Z", "e-12"],
      hasNext: true,
      hasPrevious: true,
    });
    expect(PaginationLinks.parse(links)).toEqual(links);
    expect(links.first).toBe(`${base}&per_page=2`);
    expect(cursorOf(links.first)).toBeUndefined();
    expect(cursorOf(links.last)).toEqual({ direction: "before" });
    expect(cursorOf(links.next)).toEqual({ direction: "after", key: ["2025-06-03T14:00:02Z", "e-12"] });
    expect(cursorOf(links.prev)).toEqual({ direction: "before", key: ["2025-06-03T14:00:01Z", "e-11"] });
    expect(cursorOf(links.self_link)).toEqual(current);
    expect(new URL(links.self_link).searchParams.get("source_module")).toBe("llm-sentinel");
  });

  it("leaves out next and prev at the ends", () => {
    const links = createCursorPaginationLinks(base, { perPage: 50, hasNext: false, hasPrevious: false });
    expect(links.next).toBeUndefined();
    expect(links.prev).toBeUndefined();
    expect(links.self_link).toBe(links.first);
  });

  it("needs the keys it links from, and a per_page within the maximum", () => {
    expect(() => createCursorPaginationLinks(base, { perPage: 50, hasNext: true, hasPrevious: false })).toThrow(
      "createCursorPaginationLinks: hasNext needs lastKey",
    );
    expect(() => createCursorPaginationLinks(base, { perPage: 50, hasNext: false, hasPrevious: true })).toThrow(
      "hasPrevious needs firstKey",
    );
    expect(() => createCursorPaginationLinks(base, { perPage: 0, hasNext: false, hasPrevious: false })).toThrow(
      "perPage must be an integer within [1, 1000]",
    );
  });

  it("can carry the cursor in another parameter", () => {
    const links = createCursorPaginationLinks(
      "/v1/events",
      { perPage: 10, lastKey: 5, hasNext: true, hasPrevious: false },
      { param: "after" },
    );
    expect(links.next).toBe(`/v1/events?after=${encodeCursor({ direction: "after", key: 5 })}&per_page=10`);
  });
});
