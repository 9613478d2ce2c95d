import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { decode } from "../../src/core/decode.js";
import { AnalyticsEvent } from "../../src/events/schema/index.js";
import { jsonSchemaOf } from "../../src/json-schema/index.js";
import type { JsonSchema } from "../../src/json-schema/walk.js";
import {
  buildGo,
  buildJava,
  buildPython,
  buildTypeScript,
  type CodegenFile,
  codegenFiles,
  GO_BINARY,
  GO_DIR,
  goEnv,
  JAVA_CLASSPATH,
  JAVA_DIR,
  PY_DIR,
  publishedNames,
  ROOT,
  rawJavaBuild,
  run,
  TS_DIR,
  WORK,
} from "./build.js";
import { codegenEvents, PER_VARIANT, SYNTHETIC_EVENTS, variantKey } from "./events.js";
import { comparable } from "./normalize.js";
import { goToolchain, javaToolchain, pythonToolchain, type Toolchain } from "./toolchains.js";

/*
 * Code generated from the published JSON Schema, as teams in other languages generate it
 * (docs/json-schema.md): Go, Python and Java with quicktype from json-schema/codegen/, one file
 * at a time; TypeScript with json-schema-to-typescript from json-schema/. Each language's program
 * reads every event into the generated types and writes it back, and every written line must
 * pass `decode` in strict mode (no unknown or foreign key) with the same values as the input
 * (a missing Option may come back as null: the hub reads both alike).
 *
 * Known generator limits the schemas alone cannot fix, and what the generated code relies on:
 * - quicktype merges all object members of a oneOf into one class (glideapps/quicktype#2213,
 *   #1266) and unifies identical types under one name (#1678), so Go, Python and Java generate
 *   from json-schema/codegen/, one document per tagged variant, each into its own package, and
 *   dispatch on the tags;
 * - quicktype's Python and Java renderers overflow the stack on a recursive union (the published
 *   JsonValue), so json-schema/codegen/ leaves any JSON value unconstrained;
 * - quicktype's Java Converter does not compile against Debian's jackson-databind 2.14.0-1+deb12u1
 *   (writeValueAsString declared as throwing IOException): the one-line fix is applied and checked
 *   below;
 * - Jackson writes null for every unset field by default, and the hub rejects null for a
 *   defaulted field (tags): the Java program writes with NON_NULL, keeping nulls of JSON values.
 */

const allEvents = codegenEvents(
  codegenFiles()
    .map((f) => f.key)
    .filter((k): k is string => k !== undefined),
);
const input = `${allEvents.join("\n")}\n`;
// The canonical forms (what generated code writes), where every struct is an object and every tag a const.
const published = jsonSchemaOf("AnalyticsEvent", { forms: "canonical" }) as JsonSchema;

/**
 * The hub's reading of an event, for comparison: an event read without `event_id` gets a fresh
 * one (random in the hub, derived from the content here, where a null Option and a missing one
 * give different ids), so it is left out when the input has none.
 */
function reading(event: Record<string, unknown>, source: string): string {
  const { event_id, ...rest } = event;
  return comparable(/"event_id"/.test(source) ? event : rest, published);
}

const inputReadings = new Map<string, string>();
/** `reading` of an input line, computed once for all languages. */
function inputReading(source: string): string {
  let known = inputReadings.get(source);
  if (known === undefined) {
    const before = decode(AnalyticsEvent, source);
    if (!before.success) throw new Error(`an input line does not decode: ${source}`);
    known = reading(before.data, source);
    inputReadings.set(source, known);
  }
  return known;
}

/** The same event as the input line, by the hub's reading. */
function checkRoundTrip(output: string, events: readonly string[] = allEvents): void {
  const lines = output.split("\n");
  expect(lines.pop(), "output ends with a newline").toBe("");
  expect(lines.length).toBe(events.length);
  const failures: string[] = [];
  lines.forEach((line, i) => {
    const source = events[i] as string;
    if (line.startsWith("!error: ")) {
      failures.push(`line ${i + 1} (${variantKey(JSON.parse(source))}): ${line}`);
      return;
    }
    const after = decode(AnalyticsEvent, line, { strict: true });
    if (!after.success) {
      failures.push(
        `line ${i + 1} (${variantKey(JSON.parse(source))}): ${JSON.stringify(after.error.issues)}\n  ${line}`,
      );
    } else if (reading(after.data, source) !== inputReading(source)) {
      failures.push(`line ${i + 1} (${variantKey(JSON.parse(source))}) changed:\n  in:  ${source}\n  out: ${line}`);
    }
  });
  expect(failures.slice(0, 5).join("\n"), `${failures.length} of ${events.length} events`).toBe("");
}

/** Type names declared in the generated sources, by a language's declaration syntax. */
function declared(dir: string, pattern: RegExp, extension: string): Set<string> {
  const names = new Set<string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(extension)) {
        for (const match of readFileSync(path, "utf8").matchAll(pattern)) names.add(match[1] as string);
      }
    }
  };
  walk(dir);
  return names;
}

/** Every type a published file names: its title and its `$defs`. */
function hubNames(): Map<string, JsonSchema> {
  const names = new Map<string, JsonSchema>();
  for (const name of publishedNames()) {
    const schema = JSON.parse(readFileSync(join(ROOT, "json-schema", `${name}.json`), "utf8")) as JsonSchema;
    names.set(name, schema);
    for (const [def, body] of Object.entries((schema.$defs ?? {}) as Record<string, JsonSchema>)) names.set(def, body);
  }
  return names;
}

const isObject = (value: unknown): value is JsonSchema => typeof value === "object" && value !== null;
const refName = (schema: unknown) =>
  isObject(schema) && typeof schema.$ref === "string" ? schema.$ref.replace("#/$defs/", "") : undefined;

/**
 * The hub names quicktype can give a type of its own in `language`, and why the others cannot
 * have one there (each a documented quicktype behaviour, not something the schema can change):
 * - a tagged union (oneOf) is the tag dispatch over the codegen/ files, not a type;
 * - JsonValue is the language's own "any JSON" (interface{}, Any, Object);
 * - a string with a pattern (CorrelationId) or a plain map (FieldErrors, GenericFields) is inlined;
 * - an object with named fields *and* typed extra keys (TagSet, the FieldSet structs) becomes a
 *   map, since a quicktype class cannot hold extra keys (no value is lost: the named fields are
 *   map entries), and a union of such maps (FieldSet) is one map;
 * - the object members of an untagged union (CounterValues, GaugeValues) merge into the union's
 *   class (glideapps/quicktype#2213), which keeps the union's name (MetricValues);
 * - a union that is only ever nullable (FillStrategy) takes the field's name (FillUnion);
 * - Python has no named non-object unions: ThreatType, FieldValue, … are written inline.
 */
function quicktypeNames(language: "go" | "python" | "java"): { expected: string[]; excluded: Map<string, string> } {
  const names = hubNames();
  const excluded = new Map<string, string>();
  const isMapLike = (schema: JsonSchema | undefined): boolean =>
    schema !== undefined &&
    schema.type === "object" &&
    (schema.properties === undefined ||
      (isObject(schema.additionalProperties) && refName(schema.additionalProperties) !== "JsonValue"));
  for (const [name, schema] of names) {
    const union = (schema.anyOf ?? []) as JsonSchema[];
    const members = union.map(refName).filter((n): n is string => n !== undefined);
    if (schema.oneOf !== undefined) excluded.set(name, "tagged union: the tag dispatch");
    else if (name === "JsonValue") excluded.set(name, "the language's any-JSON type");
    else if (typeof schema.type === "string" && schema.type !== "object" && schema.enum === undefined)
      excluded.set(name, "inlined primitive");
    else if (isMapLike(schema)) excluded.set(name, "a map");
    else if (members.length > 0 && members.every((m) => isMapLike(names.get(m))))
      excluded.set(name, "a union of maps: one map");
    else if (name === "FillStrategy") excluded.set(name, "nullable-only union: named after the field");
    else if (language === "python" && (union.length > 0 || Array.isArray(schema.type)))
      excluded.set(name, "Python writes non-object unions inline");
    const objects = members.filter((m) => names.get(m)?.type === "object" && !isMapLike(names.get(m)));
    if (objects.length > 1) for (const m of objects) excluded.set(m, "member of an untagged object union: merged");
  }
  return { expected: [...names.keys()].filter((n) => !excluded.has(n)).sort(), excluded };
}

/** The expected names a language's sources lack, compared case-insensitively: quicktype writes acronyms in capitals (APIError). */
function missingNames(language: "go" | "python" | "java", declaredNames: Set<string>): string[] {
  const have = new Set([...declaredNames].map((n) => n.toLowerCase()));
  return quicktypeNames(language).expected.filter((n) => !have.has(n.toLowerCase()));
}

function language(name: string, toolchain: Toolchain, body: () => void): void {
  if (toolchain.ok) {
    describe(`${name} (${toolchain.version})`, body);
  } else if (process.env.CI) {
    describe(name, () => {
      it(`needs its toolchain in CI`, () => {
        expect.fail(`${toolchain.reason}; .ci/run must install it`);
      });
    });
  } else {
    describe.skip(`${name}: ${toolchain.reason}`, body);
  }
}

let files: CodegenFile[];
beforeAll(() => {
  files = codegenFiles();
  mkdirSync(WORK, { recursive: true });
  writeFileSync(join(WORK, "events.ndjson"), input);
});

describe("the events", () => {
  it(`are ${SYNTHETIC_EVENTS} from the traffic generator and ${PER_VARIANT} of every payload variant`, () => {
    const keys = new Set(allEvents.map((e) => variantKey(JSON.parse(e))));
    expect([...keys].sort()).toEqual(files.flatMap((f) => (f.key === undefined ? [] : [f.key])).sort());
    expect(allEvents.length).toBeGreaterThanOrEqual(SYNTHETIC_EVENTS + PER_VARIANT * keys.size - 1000);
  });
});

language("Go", goToolchain(), () => {
  beforeAll(async () => {
    await buildGo(files);
  }, 300_000);

  it("round-trips every event through the generated types", () => {
    const result = run(GO_BINARY, [], { input, cwd: GO_DIR, env: goEnv() });
    expect(result.stderr).toBe("");
    checkRoundTrip(result.stdout);
  }, 120_000);

  it("declares every named hub type under its own name", () => {
    expect(missingNames("go", declared(GO_DIR, /^type (\w+) /gm, ".go"))).toEqual([]);
  });
});

language("Python", pythonToolchain(), () => {
  beforeAll(async () => {
    await buildPython(files);
  }, 300_000);

  it("round-trips every event through the generated classes", () => {
    const result = run("python3", ["roundtrip.py"], { input, cwd: PY_DIR });
    expect(result.stderr).toBe("");
    checkRoundTrip(result.stdout);
  }, 120_000);

  it("declares every named hub type under its own name", () => {
    expect(missingNames("python", declared(join(PY_DIR, "hub"), /^class (\w+)/gm, ".py"))).toEqual([]);
  });
});

language("Java", javaToolchain(), () => {
  beforeAll(async () => {
    await buildJava(files);
  }, 300_000);

  it("needs the one-line Converter fix for Debian's jackson-databind (stated in docs/json-schema.md)", async () => {
    const event = files.find((f) => f.key === "custom") as CodegenFile;
    const { converter, javac } = await rawJavaBuild(event);
    expect(converter).toMatch(/toJsonString\(AnalyticsEvent obj\) throws JsonProcessingException/);
    expect(javac.status).not.toBe(0);
    expect(javac.stderr).toMatch(/Converter\.java:\d+: error: unreported exception IOException/);
    expect(javac.stderr).toMatch(/writeValueAsString/);
    expect(javac.stderr).toMatch(/^1 error$/m);
  }, 120_000);

  it("round-trips every event through the generated classes", () => {
    const result = run("java", ["-cp", JAVA_CLASSPATH, "hub.RoundTrip"], { input, cwd: JAVA_DIR });
    expect(result.stderr).toBe("");
    checkRoundTrip(result.stdout);
  }, 120_000);

  it("declares every named hub type under its own name", () => {
    expect(missingNames("java", declared(join(JAVA_DIR, "src"), /^public (?:class|enum) (\w+)/gm, ".java"))).toEqual(
      [],
    );
  });
});

describe("TypeScript (json-schema-to-typescript)", () => {
  beforeAll(async () => {
    await buildTypeScript(publishedNames());
  }, 300_000);

  // Types are erased: a TypeScript program writes back whatever keys it read, unknown ones
  // included (decode, not a type, is what drops or reports them). So the events with unknown keys
  // come back unchanged, and the others must pass strict decode with the same values.
  it("round-trips every event through the generated types", () => {
    const result = run(join(ROOT, "node_modules", ".bin", "tsx"), [join(TS_DIR, "roundtrip.ts")], { input });
    expect(result.stderr).toBe("");
    const lines = result.stdout.split("\n").slice(0, -1);
    expect(lines.map((l) => JSON.parse(l))).toEqual(allEvents.map((e) => JSON.parse(e)));
    const known = allEvents
      .map((e, i) => [e, lines[i]] as const)
      .filter(([e]) => decode(AnalyticsEvent, e, { strict: true }).success);
    expect(known.length).toBeGreaterThan(SYNTHETIC_EVENTS);
    checkRoundTrip(
      `${known.map(([, out]) => out).join("\n")}\n`,
      known.map(([e]) => e),
    );
  }, 120_000);

  it("declares every named hub type once, under its own name, and no invented one", () => {
    const names = declared(TS_DIR, /^export (?:type|interface) (\w+)/gm, ".ts");
    expect([...hubNames().keys()].filter((n) => !names.has(n))).toEqual([]);
    expect([...names].filter((n) => !hubNames().has(n))).toEqual([]);
  });

  it("closes object types (no index signature beside named fields) and types JsonValue as any JSON value", () => {
    const text = readFileSync(join(TS_DIR, "AnalyticsEvent.ts"), "utf8");
    expect(text).not.toMatch(/\[k: string\]: unknown/);
    expect(text).toMatch(/export interface CustomPayload \{\s*custom_type: string;?\s*data: JsonValue;?\s*\}/);
    expect(text).toMatch(
      /export type JsonValue =\s*\(?\s*null\s*\|\s*boolean\s*\|\s*number\s*\|\s*string\s*\|\s*JsonValue\[\]/,
    );
  });
});
