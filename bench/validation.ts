import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { Ajv2020 } from "ajv/dist/2020.js";
import * as z from "zod";
import { decode } from "../src/core/decode.js";
import { AnalyticsEvent } from "../src/events/index.js";
import {
  FastAnalyticsEvent,
  fastPathOf,
  isAnalyticsEvent,
  isAnalyticsEventText,
  validateEventLines,
} from "../src/fast/index.js";
import { SCHEMA_NAMES, SCHEMAS } from "../src/json-schema/registry.js";
import { eventCorpus, VARIANT_COUNT } from "./corpus.js";
import { type Case, type Measured, measureCases, speedup } from "./harness.js";
import { type Notes, perSecond, type Row, target, times } from "./report.js";
import { TypeBoxAnalyticsEvent } from "./typebox-event.js";

const root = join(import.meta.dirname, "..");

interface Validator {
  readonly name: string;
  readonly check: (doc: unknown) => boolean;
}

function validators(): Validator[] {
  const schema = JSON.parse(readFileSync(join(root, "json-schema", "AnalyticsEvent.json"), "utf8"));
  const ajv = new Ajv2020({ allowUnionTypes: true }).compile(schema);
  const typebox = TypeCompiler.Compile(TypeBoxAnalyticsEvent);
  const compiled = z.compile(AnalyticsEvent);
  return [
    { name: "isAnalyticsEvent (generated, this library)", check: isAnalyticsEvent },
    { name: "Zod safeParse", check: (d) => AnalyticsEvent.safeParse(d).success },
    { name: "ajv, compiled from json-schema/AnalyticsEvent.json", check: (d) => ajv(d) },
    { name: "TypeBox TypeCompiler (hand-written schema)", check: (d) => typebox.Check(d) },
    { name: "Zod z.compile (runtime JIT, zod 4.6)", check: (d) => z.validate(compiled, d) },
  ];
}

function loop(check: (doc: unknown) => boolean, docs: readonly unknown[]): () => number {
  return () => {
    let ok = 0;
    for (let i = 0; i < docs.length; i++) if (check(docs[i])) ok++;
    return ok;
  };
}

/** Event validation, documents per second, per corpus (valid, invalid, mixed). */
export async function validationBench(rows: Row[], notes: Notes, quick: boolean): Promise<void> {
  const corpus = eventCorpus(quick ? 300 : 1000);
  const all = validators();
  const reference = all[1] as Validator;
  for (const [label, docs] of [
    ["valid", corpus.valid],
    ["mixed (1 in 10 invalid)", corpus.mixed],
    ["invalid", corpus.invalid],
  ] as const) {
    const expected = docs.map((d) => reference.check(d));
    for (const v of all) {
      const wrong = docs.filter((d, i) => v.check(d) !== expected[i]).length;
      if (wrong > 0) notes.push(`${v.name} disagrees with Zod on ${wrong} of ${docs.length} ${label} documents`);
    }
    const valid = expected.filter(Boolean).length;
    notes.push(
      `${label}: ${docs.length} documents, ${valid} valid by Zod; every validator above gave the same verdicts`,
    );
    const measured = await measureCases(
      all.map((v): Case => ({ name: v.name, run: loop(v.check, docs), units: docs.length })),
      { budgetMs: quick ? 150 : 400 },
    );
    const [ours, zod, ajv, typebox, compiled] = measured as [Measured, Measured, Measured, Measured, Measured];
    const section = `event validation, ${label}`;
    const vsAjv = speedup(ours, ajv);
    const vsZod = speedup(ours, zod);
    rows.push({
      section,
      case: ours.name,
      median: perSecond(ours.nsPerUnit, "docs"),
      ratio: `${times(vsAjv, "ajv")}, ${times(vsZod, "Zod")}, ${times(speedup(ours, typebox), "TypeBox")}`,
      target: label === "valid" ? target(vsAjv >= 1.5 && vsZod >= 3, "≥ 1.5× ajv and ≥ 3× Zod") : "",
    });
    rows.push({
      section,
      case: zod.name,
      median: perSecond(zod.nsPerUnit, "docs"),
      ratio: times(speedup(zod, ajv), "ajv"),
      target: "",
    });
    rows.push({ section, case: ajv.name, median: perSecond(ajv.nsPerUnit, "docs"), ratio: "baseline", target: "" });
    rows.push({
      section,
      case: typebox.name,
      median: perSecond(typebox.nsPerUnit, "docs"),
      ratio: times(speedup(typebox, ajv), "ajv"),
      target: "",
    });
    rows.push({
      section,
      case: compiled.name,
      median: perSecond(compiled.nsPerUnit, "docs"),
      ratio: times(speedup(compiled, ajv), "ajv"),
      target: "",
    });
  }
  notes.push(
    `corpus: ${VARIANT_COUNT} payload variants (every TelemetryPayload, SecurityPayload, CostPayload and GovernancePayload variant and custom) in ingest-like proportions, seeded`,
  );

  // Parsing (the output: canonical ids and timestamps, defaults): the fast schema vs Zod.
  const docs = corpus.valid;
  const parse = await measureCases(
    [
      {
        name: "FastAnalyticsEvent.safeParse (generated parser)",
        run: () => docs.map((d) => FastAnalyticsEvent.safeParse(d)),
        units: docs.length,
      },
      {
        name: "AnalyticsEvent.safeParse (Zod)",
        run: () => docs.map((d) => AnalyticsEvent.safeParse(d)),
        units: docs.length,
      },
    ],
    { budgetMs: quick ? 150 : 400 },
  );
  const [fastParse, zodParse] = parse as [Measured, Measured];
  rows.push({
    section: "event parse (output built), valid",
    case: fastParse.name,
    median: perSecond(fastParse.nsPerUnit, "docs"),
    ratio: times(speedup(fastParse, zodParse), "Zod"),
    target: "",
  });
  rows.push({
    section: "event parse (output built), valid",
    case: zodParse.name,
    median: perSecond(zodParse.nsPerUnit, "docs"),
    ratio: "baseline",
    target: "",
  });
}

/** Names of the f64 fields of AnalyticsEvent, read from the schema (number without an integer check). */
function f64Fields(): Set<string> {
  const floats = new Set<string>();
  const ints = new Set<string>();
  type Node = { _zod: { def: Record<string, unknown> & { type: string } } };
  const seen = new Set<Node>();
  const walk = (node: Node, key: string | undefined): void => {
    if (seen.has(node) && key === undefined) return;
    seen.add(node);
    const def = node._zod.def;
    if (def.type === "number" && key !== undefined) {
      const checks = (def.checks ?? []) as { _zod: { def: { format?: string } } }[];
      (checks.some((c) => c._zod.def.format === "safeint") ? ints : floats).add(key);
    }
    for (const k of ["innerType", "in", "element", "valueType"]) if (def[k]) walk(def[k] as Node, key);
    for (const o of (def.options ?? []) as Node[]) walk(o, key);
    for (const [k, v] of Object.entries((def.shape ?? {}) as Record<string, Node>)) walk(v, k);
  };
  walk(AnalyticsEvent as unknown as Node, undefined);
  for (const k of ints) floats.delete(k);
  return floats;
}

/** JSON as the hub writes it: an f64 whose value is whole keeps a fraction (`10000.0`, WIRE_FORMAT.md §1 rule 4). */
function hubJson(value: unknown, f64: Set<string>): string {
  const marker = "\u0000f64:";
  const text = JSON.stringify(value, (key, v) =>
    typeof v === "number" && Number.isInteger(v) && f64.has(key) ? `${marker}${v}` : v,
  );
  return text.replace(/"\\u0000f64:(-?\d+)"/g, "$1.0");
}

/**
 * `JSON.parse` of each line of an NDJSON text, sliced from it as `validateEventLines` slices them.
 * A slice keeps its text's representation: when any character of the text is beyond Latin-1 (the
 * corpus has en dashes), every slice is a two-byte string, where the floor's lines, each made by
 * `JSON.stringify` on its own, are one-byte unless they hold such a character.
 */
function parseSlices(text: string): number {
  let count = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    if (end > start) {
      JSON.parse(text.slice(start, end));
      count++;
    }
    start = end + 1;
  }
  return count;
}

/**
 * What a user holding NDJSON as UTF-8 bytes (a file, a socket) does without the library: decode
 * them whole (`readFileSync(path, "utf8")` does this), split at LF, `JSON.parse` each line. The
 * baseline of `validateEventLines(bytes)`.
 */
function parseDecodedBytes(bytes: Buffer): number {
  let count = 0;
  for (const line of bytes.toString("utf8").split("\n")) {
    if (line.length > 0) {
      JSON.parse(line);
      count++;
    }
  }
  return count;
}

/** `JSON.parse` of each line of NDJSON bytes decoded on its own, as `validateEventLines(bytes)` decodes them. */
function parseByteLines(bytes: Buffer): number {
  let count = 0;
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(10, start);
    if (end === -1) end = bytes.length;
    if (end > start) {
      JSON.parse(bytes.toString("utf8", start, end));
      count++;
    }
    start = end + 1;
  }
  return count;
}

/** NDJSON validation in MB/s against a bare JSON.parse loop over the same lines. */
export async function ndjsonBench(rows: Row[], notes: Notes, quick: boolean): Promise<void> {
  const corpus = eventCorpus(quick ? 500 : 2000, 7);
  const f64 = f64Fields();
  const lines = corpus.mixed.map((e) => hubJson(e, f64));
  const text = `${lines.join("\n")}\n`;
  const utf8 = Buffer.from(text, "utf8");
  const bytes = utf8.length;
  // The same bytes with every character beyond ASCII replaced by one ASCII byte (the en dashes of
  // the corpus' messages by "-"): the case where the whole-text decode of the baseline stays one-byte.
  const ascii = Buffer.from(text.replace(/\P{ASCII}/gu, "-"), "utf8");
  const expectedInvalid = lines.flatMap((l, i) => (decode(AnalyticsEvent, l).success ? [] : [i + 1]));
  for (const [input, report] of [
    ["text", validateEventLines(text)],
    ["bytes", validateEventLines(utf8)],
    ["ASCII bytes", validateEventLines(ascii)],
  ] as const) {
    if (JSON.stringify(report.invalid) !== JSON.stringify(expectedInvalid)) {
      notes.push(
        `validateEventLines(${input}) disagrees with decode: ${JSON.stringify(report.invalid)} vs ${JSON.stringify(expectedInvalid)}`,
      );
    }
  }
  const floaty = lines.filter((l) => /\d\.0[,}\]]/.test(l)).length;
  const wide = lines.filter((l) => [...l].some((c) => c.charCodeAt(0) > 0xff)).length;
  notes.push(
    `NDJSON: ${lines.length} lines, ${(bytes / 1e6).toFixed(2)} MB, ${expectedInvalid.length} invalid (decode agrees line by line); ` +
      `${floaty} lines carry hub-style whole f64 values such as 10000.0; ${wide} hold a character beyond Latin-1, ` +
      "so the whole text, and every line sliced from it, is a two-byte string",
  );
  const measured = await measureCases(
    [
      { name: "validateEventLines(text) (this library, hub-exact)", run: () => validateEventLines(text), units: bytes },
      { name: "JSON.parse per line (floor, no validation)", run: () => lines.map((l) => JSON.parse(l)), units: bytes },
      {
        name: "JSON.parse per line, each line sliced from the text (as validateEventLines reads it)",
        run: () => parseSlices(text),
        units: bytes,
      },
      {
        name: "isAnalyticsEventText per line (same lines as the floor)",
        run: () => lines.map(isAnalyticsEventText),
        units: bytes,
      },
      {
        name: "JSON.parse + Zod safeParse per line (value only, not hub-exact)",
        run: () => lines.map((l) => AnalyticsEvent.safeParse(JSON.parse(l)).success),
        units: bytes,
      },
      {
        name: "decode per line (hub-exact reader + Zod)",
        run: () => lines.map((l) => decode(AnalyticsEvent, l).success),
        units: bytes,
      },
      {
        name: "validateEventLines(bytes) (the same text as UTF-8 bytes, a Buffer; hub-exact)",
        run: () => validateEventLines(utf8),
        units: bytes,
      },
      {
        name: 'bytes baseline: decode whole (toString("utf8")), split, JSON.parse per line',
        run: () => parseDecodedBytes(utf8),
        units: bytes,
      },
      {
        name: "JSON.parse per line, each line decoded from the bytes alone (as validateEventLines(bytes) reads it)",
        run: () => parseByteLines(utf8),
        units: bytes,
      },
      {
        name: 'validateEventLines(bytes.toString("utf8")) (the text API on bytes: decode whole, then validate)',
        run: () => validateEventLines(utf8.toString("utf8")),
        units: bytes,
      },
      {
        name: "validateEventLines(bytes), ASCII-only copy of the bytes",
        run: () => validateEventLines(ascii),
        units: bytes,
      },
      {
        name: "bytes baseline, ASCII-only copy of the bytes",
        run: () => parseDecodedBytes(ascii),
        units: bytes,
      },
    ],
    { budgetMs: quick ? 150 : 500 },
  );
  const [
    ours,
    floor,
    sliced,
    perLine,
    zod,
    dec,
    oursBytes,
    bytesBaseline,
    byteLines,
    textOfBytes,
    oursAscii,
    asciiBaseline,
  ] = measured as [
    Measured,
    Measured,
    Measured,
    Measured,
    Measured,
    Measured,
    Measured,
    Measured,
    Measured,
    Measured,
    Measured,
    Measured,
  ];
  const mbs = (m: Measured) => `${(1e3 / m.nsPerUnit).toFixed(1)} MB/s`;
  const ratio = speedup(ours, floor);
  const section = "NDJSON validation";
  rows.push({
    section,
    case: ours.name,
    median: mbs(ours),
    ratio: times(ratio, "JSON.parse"),
    target: target(ratio >= 0.5, "≥ 0.5× JSON.parse"),
  });
  rows.push({ section, case: floor.name, median: mbs(floor), ratio: "baseline", target: "" });
  rows.push({
    section,
    case: sliced.name,
    median: mbs(sliced),
    ratio: times(speedup(sliced, floor), "JSON.parse"),
    target: "",
  });
  rows.push({
    section,
    case: perLine.name,
    median: mbs(perLine),
    ratio: times(speedup(perLine, floor), "JSON.parse"),
    target: "",
  });
  rows.push({ section, case: zod.name, median: mbs(zod), ratio: times(speedup(zod, floor), "JSON.parse"), target: "" });
  rows.push({ section, case: dec.name, median: mbs(dec), ratio: times(speedup(dec, floor), "JSON.parse"), target: "" });
  // From bytes, the target is read against what a user does with the bytes without the library.
  const bytesRatio = speedup(oursBytes, bytesBaseline);
  rows.push({
    section,
    case: oursBytes.name,
    median: mbs(oursBytes),
    ratio: `${times(bytesRatio, "bytes baseline")}; ${times(speedup(oursBytes, floor), "JSON.parse")}; ${times(speedup(oursBytes, ours), "(text)")}`,
    target: target(bytesRatio >= 0.5, "≥ 0.5× bytes baseline"),
  });
  rows.push({
    section,
    case: bytesBaseline.name,
    median: mbs(bytesBaseline),
    ratio: `baseline (bytes); ${times(speedup(bytesBaseline, floor), "JSON.parse")}`,
    target: "",
  });
  rows.push({
    section,
    case: byteLines.name,
    median: mbs(byteLines),
    ratio: `${times(speedup(byteLines, bytesBaseline), "bytes baseline")}; ${times(speedup(byteLines, floor), "JSON.parse")}`,
    target: "",
  });
  rows.push({
    section,
    case: textOfBytes.name,
    median: mbs(textOfBytes),
    ratio: `${times(speedup(textOfBytes, bytesBaseline), "bytes baseline")}; ${times(speedup(textOfBytes, oursBytes), "validateEventLines(bytes)")}`,
    target: "",
  });
  rows.push({
    section,
    case: oursAscii.name,
    median: mbs(oursAscii),
    ratio: `${times(speedup(oursAscii, asciiBaseline), "ASCII bytes baseline")}; ${times(speedup(oursAscii, floor), "JSON.parse")}`,
    target: "",
  });
  rows.push({
    section,
    case: asciiBaseline.name,
    median: mbs(asciiBaseline),
    ratio: `baseline (ASCII bytes); ${times(speedup(asciiBaseline, floor), "JSON.parse")}`,
    target: "",
  });
}

/**
 * Every published type's fast path (`fastPathOf(name)`) against Zod's `safeParse`, on the hub's
 * accepted conformance fixtures of that type (as values, `JSON.parse` output) and on their text
 * (`decode`): one row per type, the verdicts checked equal before timing.
 */
export async function typesBench(rows: Row[], notes: Notes, quick: boolean): Promise<void> {
  const dir = join(root, "test", "conformance", "hub");
  const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8")) as {
    file: string;
    type: string;
    expect: string;
  }[];
  const ratios: number[] = [];
  for (const name of SCHEMA_NAMES) {
    const texts = index
      .filter((f) => f.type === name && f.expect === "accept")
      .map((f) => readFileSync(join(dir, f.file), "utf8"));
    if (texts.length === 0) continue;
    const values = texts.map((t) => JSON.parse(t) as unknown);
    const path = fastPathOf(name);
    const schema = SCHEMAS[name];
    for (const [i, v] of values.entries()) {
      if (
        path.is(v) !== schema.safeParse(v).success ||
        path.isText(texts[i] as string) !== decode(schema, texts[i] as string).success
      ) {
        throw new Error(`bench: the fast path of ${name} disagrees with Zod on a fixture`);
      }
    }
    const [fast, zod, fastText, decoded] = (await measureCases(
      [
        { name: "fast", run: loop((d) => path.is(d), values), units: values.length },
        { name: "zod", run: loop((d) => schema.safeParse(d).success, values), units: values.length },
        { name: "fastText", run: () => texts.map((t) => path.isText(t)), units: texts.length },
        { name: "decode", run: () => texts.map((t) => decode(schema, t).success), units: texts.length },
      ],
      { budgetMs: quick ? 25 : 60 },
    )) as [Measured, Measured, Measured, Measured];
    const ratio = speedup(fast, zod);
    ratios.push(ratio);
    rows.push({
      section: "fast path of every published type (hub fixtures, valid)",
      case: `${name} (${values.length} fixture${values.length === 1 ? "" : "s"})`,
      median: `${perSecond(fast.nsPerUnit, "docs")}; text ${perSecond(fastText.nsPerUnit, "docs")}`,
      ratio: `${times(ratio, "Zod safeParse")}; text ${times(speedup(fastText, decoded), "decode")}`,
      target: "",
    });
  }
  const sorted = [...ratios].sort((a, b) => a - b);
  notes.push(
    `fast path of every type: ${ratios.length} types with accepted hub fixtures; is() vs safeParse from ${sorted[0]?.toFixed(1)}× to ${sorted.at(-1)?.toFixed(1)}× (median ${sorted[sorted.length >> 1]?.toFixed(1)}×)`,
  );
}
