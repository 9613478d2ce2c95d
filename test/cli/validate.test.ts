import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  type RejectedRecord,
  runValidation,
  textReport,
  type ValidationOptions,
} from "../../src/cli/commands/validate.js";
import type { Input } from "../../src/cli/input.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { validateEventLines } from "../../src/fast/index.js";
import { SCHEMAS } from "../../src/json-schema/index.js";
import { FIXTURES as CONFORMANCE, CONFORMANCE_DIR, fixtureText } from "../conformance/fixtures.js";
import { FIXTURES, tempDir } from "./helpers.js";

/** An in-memory input cut into chunks of `chunk` bytes (to cross record boundaries). */
function memoryInput(bytes: Buffer, chunk = 7): Input {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  return {
    name: "mem",
    path: undefined,
    chunks: Readable.from(chunks),
    size: bytes.length,
    bytesRead: () => 0,
    gzip: () => false,
  };
}

async function validate(bytes: Buffer, options: Partial<ValidationOptions> = {}) {
  const rejected: RejectedRecord[] = [];
  const summary = await runValidation({
    input: memoryInput(bytes),
    type: "AnalyticsEvent",
    schema: AnalyticsEvent,
    strict: false,
    inputFormat: "auto",
    maxRecordBytes: 1 << 20,
    onReject: (r) => rejected.push(r),
    ...options,
  });
  return { summary, rejected };
}

/** A pretty-printed fixture on one line: raw newlines never occur inside JSON strings. */
const oneLine = (text: string): string => text.trim().replace(/\n\s*/g, "");

describe("validate agrees with the Rust hub on the conformance fixtures", () => {
  const registered = CONFORMANCE.filter((f) => Object.hasOwn(SCHEMAS, f.type));

  it.each(registered.map((f) => [f.file, f] as const))("%s", async (_file, fixture) => {
    const schema = SCHEMAS[fixture.type as keyof typeof SCHEMAS];
    const { summary } = await validate(Buffer.from(fixtureText(fixture)), { type: fixture.type, schema });
    expect(summary.records).toBe(1);
    expect(summary.invalid, fixture.why ?? "should be valid").toBe(fixture.expect === "accept" ? 0 : 1);
  });

  it("reports exactly the reject fixtures' lines when every event fixture is one NDJSON line", async () => {
    const events = CONFORMANCE.filter((f) => f.type === "AnalyticsEvent");
    const text = events.map((f) => `${oneLine(fixtureText(f))}\n`).join("");
    const { summary, rejected } = await validate(Buffer.from(text));
    const expected = events.flatMap((f, i) => (f.expect === "reject" ? [i + 1] : []));
    expect(rejected.map((r) => r.line)).toEqual(expected);
    expect(summary).toMatchObject({ layout: "ndjson", records: events.length, invalid: expected.length });
    expect(expected.length).toBe(40);
  });
});

describe("blank lines: one rule for the CLI and validateEventLines", () => {
  // JSON Lines (jsonlines.org): every line is one JSON value, and a separator after the last line
  // is as if absent; so a blank line is an error, the final terminator is not a line.
  const ok = oneLine(readFileSync(join(FIXTURES, "events.ndjson"), "utf8").split("\n")[0]!);
  it.each([
    ["", 0, []],
    ["\n", 1, [1]],
    [`${ok}\n`, 1, []],
    [`${ok}\r\n`, 1, []],
    [`${ok}\n\n`, 2, [2]],
    [`${ok}\r\n\r\n${ok}`, 3, [2]],
    [`${ok}\n \t\n${ok}\n`, 3, [2]],
    [`${ok}\n  `, 2, [2]],
    [`${ok}\n\u00a0\n`, 2, [2]],
  ])("%j: %i lines, invalid %j", async (text, lines, invalid) => {
    expect(validateEventLines(text)).toEqual({ lines, valid: lines - invalid.length, invalid });
    expect(validateEventLines(Buffer.from(text, "utf8"))).toEqual({ lines, valid: lines - invalid.length, invalid });
    const { summary, rejected } = await validate(Buffer.from(text, "utf8"), { inputFormat: "ndjson" });
    expect(summary).toMatchObject({ records: lines, invalid: invalid.length });
    expect(rejected.map((r) => r.line)).toEqual(invalid);
    // JSON white space only is a blank line; NBSP is not JSON white space, so it is bad JSON.
    const codes = rejected.map((r) => r.issues[0]?.code);
    expect(codes).toEqual(invalid.map(() => (text.includes("\u00a0") ? "invalid_json" : "blank_line")));
  });
});

describe("invalid UTF-8, a BOM and CRLF: validate and validateEventLines(bytes) report the same lines", () => {
  it("numbers the lines alike and rejects the same ones", async () => {
    const ok = oneLine(readFileSync(join(FIXTURES, "events.ndjson"), "utf8").split("\n")[0]!);
    const inString = (bytes: number[]) =>
      Buffer.concat([Buffer.from(ok.slice(0, -1)), Buffer.from(',"x":"'), Buffer.from(bytes), Buffer.from('"}')]);
    const input = Buffer.concat([
      Buffer.from(`\uFEFF${ok}\r\n`),
      Buffer.from(`${ok}\r\n`),
      inString([0xc3, 0xa9]),
      Buffer.from("\n"),
      inString([0xff]),
      Buffer.from("\r\n"),
      inString([0xe2, 0x80]),
      Buffer.from("\n"),
      Buffer.from([0x80, 0x93]),
      Buffer.from(`\n\n${ok}`),
    ]);
    const { summary, rejected } = await validate(input, { inputFormat: "ndjson" });
    const report = validateEventLines(input);
    expect(report).toEqual({ lines: 8, valid: 3, invalid: [1, 4, 5, 6, 7] });
    expect(rejected.map((r) => r.line)).toEqual(report.invalid);
    expect(summary).toMatchObject({ records: report.lines, invalid: report.invalid.length });
    expect(rejected.map((r) => r.issues[0]?.code)).toEqual([
      "invalid_json",
      "invalid_utf8",
      "invalid_utf8",
      "invalid_utf8",
      "blank_line",
    ]);
  });
});

describe("--out and --rejects", () => {
  it("partition the input byte for byte, CRLF lines, invalid UTF-8, blank and oversized lines included", async () => {
    const lines = readFileSync(join(FIXTURES, "events.ndjson"), "latin1").split("\n").filter(Boolean);
    const input = Buffer.concat([
      Buffer.from(`${lines[0]}\r\n`, "latin1"), // 1 valid, CRLF
      Buffer.from(`${lines[1]}\n`, "latin1"), // 2 invalid: severity "WARNING"
      Buffer.from(`${lines[2]!.replace("gpt-4o-mini", "gpt-4o-mini\u00e9")}\n`, "utf8"), // 3 valid, é in UTF-8
      Buffer.concat([Buffer.from(lines[2]!.slice(0, 40), "latin1"), Buffer.from([0xff, 0xfe]), Buffer.from("x\n")]), // 4 invalid UTF-8
      Buffer.from("\r\n"), // 5 blank
      Buffer.from(`{"pad":"${"x".repeat(3000)}"}\n`), // 6 over the 2048-byte limit below
      Buffer.from(lines[4]!, "latin1"), // 7 valid, no final newline
    ]);
    const dir = tempDir();
    const out = join(dir, "good.ndjson");
    const rejects = join(dir, "bad.ndjson");
    const { summary, rejected } = await validate(input, { out, rejects, maxRecordBytes: 2048 });
    expect(rejected.map((r) => [r.line, r.issues.map((i) => i.code)])).toEqual([
      [2, ["invalid_value"]],
      [4, ["invalid_utf8"]],
      [5, ["blank_line"]],
      [6, ["record_too_large"]],
    ]);
    expect(summary).toMatchObject({ records: 7, valid: 3, invalid: 4 });
    const good = readFileSync(out);
    const bad = readFileSync(rejects);
    const rawLines = splitKeepingTerminators(input);
    expect(good).toEqual(Buffer.concat([rawLines[0]!, rawLines[2]!, rawLines[6]!]));
    expect(bad).toEqual(Buffer.concat([rawLines[1]!, rawLines[3]!, rawLines[4]!, rawLines[5]!]));
    expect(good.length + bad.length).toBe(input.length);
  });

  it("write JSON arrays of the elements' own text when the input is an array", async () => {
    const input = readFileSync(join(FIXTURES, "array.json"));
    const dir = tempDir();
    const out = join(dir, "good.json");
    const rejects = join(dir, "bad.json");
    const { summary, rejected } = await validate(input, { out, rejects });
    expect(summary).toMatchObject({ layout: "array", records: 3, valid: 2, invalid: 1 });
    // The second element (reject/event-missing-environment.json) starts on line 23 of the file.
    expect(rejected).toEqual([
      {
        line: 23,
        index: 1,
        issues: [{ code: "invalid_type", path: [1, "environment"], message: "missing required field `environment`" }],
      },
    ]);
    const elements = JSON.parse(input.toString("utf8")) as unknown[];
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual([elements[0], elements[2]]);
    expect(JSON.parse(readFileSync(rejects, "utf8"))).toEqual([elements[1]]);
    // Byte for byte: each element's text appears unchanged, framed as a new array.
    const text = input.toString("utf8");
    const texts = text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1).split(/(?<=\n {2}}),\n {2}(?=\{)/);
    expect(texts).toHaveLength(3);
    expect(readFileSync(out, "utf8")).toBe(`[\n${texts[0]},\n${texts[2]}\n]\n`);
    expect(readFileSync(rejects, "utf8")).toBe(`[\n${texts[1]}\n]\n`);
  });
});

describe("what is reported", () => {
  it("gives invalid JSON its column, and the element's absolute line and column in an array", async () => {
    const ndjson = await validate(Buffer.from('{"a":1}\n{"event_id": nope}\n'));
    expect(ndjson.rejected[1]!.issues[0]).toMatchObject({ code: "invalid_json", line: 2, column: 14 });
    const array = await validate(Buffer.from('[\n  {"a":1},\n  {"b": ]\n'));
    const issue = array.rejected[1]!.issues[0]!;
    expect(issue).toMatchObject({ code: "invalid_json", line: 3 });
  });

  it("reports unknown keys only in strict mode (the hub drops them)", async () => {
    const line = oneLine(readFileSync(join(FIXTURES, "valid.ndjson"), "utf8").split("\n")[0]!).replace(
      '"ttft_ms"',
      '"ttft"',
    );
    expect((await validate(Buffer.from(line))).summary.invalid).toBe(0);
    const strict = await validate(Buffer.from(line), { strict: true });
    expect(strict.rejected[0]!.issues).toEqual([
      { code: "unrecognized_keys", path: ["payload", "data"], message: "unknown field `ttft`" },
    ]);
  });

  it("counts a repeated field and a float-spelled integer as the hub does", async () => {
    const lines = readFileSync(join(FIXTURES, "events.ndjson"), "utf8").split("\n");
    const floatTokens = lines[2]!.replace('"prompt_tokens":', '"prompt_tokens":1.0e3,"x":');
    const { summary } = await validate(Buffer.from(`${lines[3]}\n${floatTokens}\n`));
    expect(summary.issues).toEqual({ duplicate_field: 1, float_for_integer: 1 });
  });

  it("with checks, also rejects what parses but contradicts itself (the semantic checks' errors)", async () => {
    // accept/event-cost-token-cost-gpt-4o-mini.json has total_tokens = prompt + completion; break the sum.
    const line = readFileSync(join(FIXTURES, "valid.ndjson"), "utf8").split("\n")[1]!;
    const total = /"total_tokens": (\d+)/.exec(line)!;
    const broken = line.replace(total[0], `"total_tokens": ${Number(total[1]) + 1}`);
    expect((await validate(Buffer.from(broken))).summary.invalid).toBe(0);
    const checked = await validate(Buffer.from(broken), { checks: true });
    expect(checked.summary).toMatchObject({ checks: true, invalid: 1, issues: { total_tokens_mismatch: 1 } });
    expect(checked.rejected[0]!.issues[0]).toMatchObject({ path: ["payload", "data", "total_tokens"] });
    expect((await validate(Buffer.from(line), { checks: true })).summary.invalid).toBe(0);
  });

  it("with checks, keeps a map key made of digits a key (the check's own path, never a pointer read back)", async () => {
    const line = readFileSync(join(FIXTURES, "valid.ndjson"), "utf8").split("\n")[1]!;
    const total = /"total_tokens": (\d+)/.exec(line)!;
    const broken = line.replace(total[0], `"total_tokens": ${Number(total[1]) + 1}`);
    const byId = z.record(z.string(), AnalyticsEvent);
    const { rejected } = await validate(Buffer.from(`{"2025": ${broken}}`), { schema: byId, checks: true });
    const issue = rejected[0]!.issues[0]!;
    expect(issue.path).toEqual(["2025", "payload", "data", "total_tokens"]);
    expect(textReport("mem", rejected[0]!)).toContain('$["2025"].payload.data.total_tokens: total_tokens is');
  });

  it("counts a document as one record", async () => {
    const doc = readFileSync(join(CONFORMANCE_DIR, "accept", "event-telemetry-throughput.json"));
    expect((await validate(doc)).summary).toMatchObject({ layout: "document", records: 1, valid: 1 });
  });
});

/** Lines with their terminators, as the partition must reproduce them. */
function splitKeepingTerminators(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 10) {
      out.push(bytes.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < bytes.length) out.push(bytes.subarray(start));
  return out;
}
