import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decode } from "../../src/core/decode.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { eventText } from "./documents.js";

const bytes = (...b: number[]) => Uint8Array.from(b);
const utf8 = new TextEncoder();

/** One NDJSON line's bytes, read as the hub reads them: invalid UTF-8 is an error, never repaired. */
function readLine(line: Uint8Array): ReturnType<typeof decode<typeof AnalyticsEvent>> | "invalid_utf8" {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(line);
  } catch {
    return "invalid_utf8";
  }
  return decode(AnalyticsEvent, text);
}

/** An event line whose environment string holds `inner` bytes. */
function lineWith(inner: Uint8Array): Uint8Array {
  const [before, after] = eventText({ environment: '"@@"' }).split("@@") as [string, string];
  return Uint8Array.from([...utf8.encode(before), ...inner, ...utf8.encode(after)]);
}

// RFC 3629 §3 and §10: no overlong forms, no surrogates (U+D800–U+DFFF), nothing above U+10FFFF.
const INVALID: Record<string, Uint8Array> = {
  "a stray continuation byte 0x80": bytes(0x80),
  "0xFF, which never occurs": bytes(0xff),
  "an overlong '/' (C0 AF)": bytes(0xc0, 0xaf),
  "a surrogate encoded as UTF-8 (CESU, ED A0 80 = U+D800)": bytes(0xed, 0xa0, 0x80),
  "a sequence cut short (E2 82, missing the last byte of €)": bytes(0xe2, 0x82),
  "a code point above U+10FFFF (F4 90 80 80)": bytes(0xf4, 0x90, 0x80, 0x80),
  "an old 5-byte form (F8 88 80 80 80)": bytes(0xf8, 0x88, 0x80, 0x80, 0x80),
};

describe("invalid UTF-8 and lone surrogates in NDJSON", () => {
  it.each(Object.entries(INVALID))("rejects a line with %s", (_name, inner) => {
    expect(readLine(lineWith(inner))).toBe("invalid_utf8");
  });

  it("accepts valid multi-byte text, astral characters included, and keeps it exactly", () => {
    const result = readLine(lineWith(utf8.encode("é€😀𝄞")));
    expect(result !== "invalid_utf8" && result.success && result.data.environment).toBe("é€😀𝄞");
  });

  it("shows why the decoder must be fatal: the default one repairs bytes into U+FFFD silently", () => {
    const repaired = new TextDecoder().decode(lineWith(bytes(0xff)));
    const result = decode(AnalyticsEvent, repaired);
    expect(result.success && result.data.environment).toBe("\ufffd");
  });

  it("rejects lone surrogates in \\u escapes and raw in a string, accepts a proper pair", () => {
    for (const env of ['"\\ud800"', '"\\udc00"', '"\\ud800x"', '"\\ud800\\u0041"']) {
      const r = decode(AnalyticsEvent, eventText({ environment: env }));
      expect(r.success, env).toBe(false);
      expect(r.error?.issues[0]?.message, env).toMatch(/lone (leading|trailing) surrogate/);
    }
    for (const raw of ["\ud800", "\udfff", "a\ud83d"]) {
      expect(decode(AnalyticsEvent, eventText({ environment: `"${raw}"` })).success).toBe(false);
    }
    const pair = decode(AnalyticsEvent, eventText({ environment: '"\\ud83d\\ude00"' }));
    expect(pair.success && pair.data.environment).toBe("😀");
  });

  it("rejects a byte-order mark before the JSON value (it is not JSON whitespace)", () => {
    const r = readLine(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8.encode(eventText())]));
    expect(r !== "invalid_utf8" && r.success).toBe(false);
  });

  it("the CLI puts every line in exactly one of --out and --rejects, byte for byte", { timeout: 60_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), "hostile-utf8-"));
    try {
      const good = utf8.encode(`${eventText()}\n`);
      const lines = [good, ...Object.values(INVALID).map((b) => Uint8Array.from([...lineWith(b), 0x0a])), good];
      const input = join(dir, "in.ndjson");
      writeFileSync(input, Buffer.concat(lines));
      const run = spawnSync(
        process.execPath,
        [
          "--import",
          "tsx",
          "src/cli/main.ts",
          "validate",
          input,
          "--out",
          join(dir, "out"),
          "--rejects",
          join(dir, "rej"),
        ],
        { encoding: "utf8" },
      );
      expect(run.status, run.stderr).toBe(1);
      expect(readFileSync(join(dir, "out"))).toEqual(Buffer.concat([good, good]));
      expect(readFileSync(join(dir, "rej"))).toEqual(Buffer.concat(lines.slice(1, -1)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
