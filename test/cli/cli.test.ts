import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { IncidentAnalysis } from "../../src/correlation/index.js";
import { jsonSchemaOf } from "../../src/json-schema/index.js";
import { AggregatedMetric } from "../../src/metrics/index.js";
import { FIXTURES, ROOT, runInProcess, runSpawned, tempDir } from "./helpers.js";

// These tests run the CLI as a user does, in a child process: from source through tsx, or the
// built dist/cli/main.js under `npm test` (helpers.ts, CLI_COMMAND). Starting Node with tsx
// takes a second or more on a busy machine, hence the generous timeout.
const SLOW = 180_000;
const fixture = (name: string): string => join(FIXTURES, name);
// Checks of a command's logic and messages run it in this process (runCli with in-memory
// streams, the very function main.ts calls); what depends on being a process (exit status,
// stdin, files on disk, the shebang) is checked by spawning.
const runHere = async (argv: readonly string[], options: { stdin?: Buffer } = {}) => {
  const run = await runInProcess(argv, options);
  return { ...run, stdoutBytes: Buffer.from(run.stdout, "utf8") };
};
const rel = (name: string): string => `test/cli/fixtures/${name}`;

describe("the command line", { timeout: SLOW }, () => {
  it("prints help for the program and for every command, with exit status 0", async () => {
    const commands = ["validate", "schema", "generate", "rollup", "correlate", "demo"];
    const top = await runSpawned(["--help"]);
    expect(top.code).toBe(0);
    for (const c of commands) expect(top.stdout).toContain(`  ${c}`);
    const helps = await Promise.all(commands.map((c) => runHere([c, "--help"])));
    helps.forEach((h, i) => {
      expect(h.code).toBe(0);
      expect(h.stdout).toContain(`Usage: llm-analytics-hub ${commands[i]}`);
      expect(h.stdout).toContain("--help");
    });
    const viaHelp = await runHere(["help", "rollup"]);
    expect(viaHelp.stdout).toBe(helps[3]!.stdout);
  });

  it("prints its version, and treats no command, an unknown command or a misplaced flag as usage errors", async () => {
    const [version, bare, unknown, flag] = await Promise.all([
      runSpawned(["--version"]),
      runSpawned([]),
      runSpawned(["valdate"]),
      runSpawned(["--strict"]),
    ]);
    expect(version).toMatchObject({ code: 0, stdout: `${packageJson.version}\n` });
    expect(bare.code).toBe(2);
    expect(bare.stdout).toContain("Usage: llm-analytics-hub <command>");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "valdate"');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("unknown option --strict");
  });

  it("rejects unknown flags, missing files, directories and unknown types with exit status 2", async () => {
    const [typo, missing, directory, type, caseHint, format] = await Promise.all([
      runHere(["validate", rel("valid.ndjson"), "--typo"]),
      runHere(["validate", "no/such/file.ndjson"]),
      runHere(["validate", "test/cli/fixtures"]),
      runHere(["validate", rel("valid.ndjson"), "--type", "Nope"]),
      runHere(["validate", rel("valid.ndjson"), "--type", "analyticsevent"]),
      runHere(["validate", rel("valid.ndjson"), "--format", "xml"]),
    ]);
    expect(typo).toMatchObject({ code: 2, stdout: "" });
    expect(typo.stderr).toBe(
      "llm-analytics-hub validate: Unknown option '--typo'\nSee: llm-analytics-hub validate --help\n",
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read no/such/file.ndjson: no such file or directory");
    expect(directory.code).toBe(2);
    expect(directory.stderr).toContain("it is a directory");
    expect(type.code).toBe(2);
    expect(type.stderr).toMatch(/unknown type "Nope"; known types: .*AnalyticsEvent/);
    expect(caseHint.stderr).toContain("(did you mean AnalyticsEvent?)");
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format must be one of text, json; received "xml"');
  });
});

describe("validate", { timeout: SLOW }, () => {
  it("exits 0 on valid input and 1 on invalid input, naming each line, path and code", async () => {
    const [good, bad] = await Promise.all([
      runSpawned(["validate", rel("valid.ndjson")]),
      runSpawned(["validate", rel("events.ndjson")]),
    ]);
    expect(good).toMatchObject({ code: 0, stdout: `${rel("valid.ndjson")}: 3 lines, all valid (AnalyticsEvent)\n` });
    // The lines come from the hub-verified fixtures (test/conformance/hub): 1, 3, 5 accepted by the hub; 2, 4, 6 rejected
    // (event-severity-uppercase, event-duplicate-severity-key, event-total-tokens-u32-overflow).
    expect(bad.code).toBe(1);
    const lines = bad.stdout.split("\n");
    expect(lines[0]).toMatch(/^test\/cli\/fixtures\/events\.ndjson:2: \$\.severity: .* \[invalid_value\]$/);
    expect(lines[1]).toMatch(
      /^test\/cli\/fixtures\/events\.ndjson:4: \$\.severity: duplicate field "severity".* \[duplicate_field\]$/,
    );
    expect(lines[2]).toMatch(
      /^test\/cli\/fixtures\/events\.ndjson:6: \$\.payload\.data\.total_tokens: .* \[too_big\]$/,
    );
    expect(lines.slice(3)).toEqual([
      `${rel("events.ndjson")}: 6 lines, 3 valid, 3 invalid (AnalyticsEvent)`,
      "issues by code:",
      "  1  duplicate_field",
      "  1  invalid_value",
      "  1  too_big",
      "",
    ]);
  });

  it("reads stdin for - and for no FILE, with the same verdicts", async () => {
    const bytes = readFileSync(fixture("events.ndjson"));
    const [dash, none] = await Promise.all([
      runSpawned(["validate", "-", "--format", "json"], { stdin: bytes }),
      runSpawned(["validate", "--format", "json"], { stdin: bytes }),
    ]);
    for (const run of [dash, none]) {
      expect(run.code).toBe(1);
      const records = run.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(records.filter((r) => r.kind === "invalid").map((r) => r.line)).toEqual([2, 4, 6]);
      expect(records.at(-1)).toMatchObject({ kind: "summary", input: "<stdin>", records: 6, valid: 3, invalid: 3 });
    }
  });

  it("splits the input into --out and --rejects, every line exactly once and byte for byte", async () => {
    const lines = readFileSync(fixture("events.ndjson")).toString("latin1").split("\n");
    const input = Buffer.concat([
      Buffer.from(`${lines[0]}\r\n`, "latin1"), // valid, CRLF
      Buffer.from(`${lines[1]}\n`, "latin1"), // invalid
      Buffer.concat([Buffer.from('{"severity":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]), // invalid UTF-8
      Buffer.from(`${lines[2]}\r\n`, "latin1"), // valid, CRLF
      Buffer.from(lines[4]!, "latin1"), // valid, no final newline
    ]);
    const dir = tempDir();
    const inputPath = join(dir, "in.ndjson");
    writeFileSync(inputPath, input);
    const run = await runSpawned([
      "validate",
      inputPath,
      "--out",
      join(dir, "ok.ndjson"),
      "--rejects",
      join(dir, "bad.ndjson"),
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      ":3: $: invalid UTF-8: byte 0xc3 at byte 13 of the record does not start a valid sequence [invalid_utf8]",
    );
    const ok = readFileSync(join(dir, "ok.ndjson"));
    const bad = readFileSync(join(dir, "bad.ndjson"));
    const raw = input.toString("latin1").split(/(?<=\n)/);
    expect(ok.toString("latin1")).toBe(raw[0]! + raw[3]! + raw[4]!);
    expect(bad.toString("latin1")).toBe(raw[1]! + raw[2]!);
    expect(ok.length + bad.length).toBe(input.length);
  });

  it("refuses to overwrite its input or to write both outputs to one file", async () => {
    const [same, both] = await Promise.all([
      runHere(["validate", rel("valid.ndjson"), "--out", rel("valid.ndjson")]),
      runHere(["validate", rel("valid.ndjson"), "--out", "/tmp/x.ndjson", "--rejects", "/tmp/x.ndjson"]),
    ]);
    expect(same.code).toBe(2);
    expect(same.stderr).toContain("--out must not be the input file");
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--out and --rejects must be different files");
    expect(readFileSync(fixture("valid.ndjson"), "utf8").split("\n")).toHaveLength(4);
  });

  it("validates other wire types and JSON arrays, reporting the element's line", async () => {
    const run = await runHere(["validate", rel("array.json"), "--format", "json"]);
    expect(run.code).toBe(1);
    const [invalid, summary] = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(invalid).toMatchObject({ kind: "invalid", line: 23, index: 1 });
    expect(invalid.issues[0]).toMatchObject({ code: "invalid_type", path: [1, "environment"] });
    expect(summary).toMatchObject({ layout: "array", records: 3, valid: 2 });
    const policy = await runHere([
      "validate",
      "test/conformance/hub/accept/policy-cost-control.json",
      "--type",
      "PolicyDefinition",
    ]);
    expect(policy.code, policy.stdout + policy.stderr).toBe(0);
  });
});

describe("schema", { timeout: SLOW }, () => {
  it("prints one schema as jsonSchemaOf gives it, writes files, lists names, and rejects unknown ones", async () => {
    const dir = tempDir();
    const [one, openapi, written, list, unknown] = await Promise.all([
      runHere(["schema", "AnalyticsEvent"]),
      runHere(["schema", "ApiError", "--target", "openapi-3.1"]),
      runHere(["schema", "AnalyticsEvent", "ApiError", "--out", dir, "--target", "draft-07"]),
      runHere(["schema", "--list"]),
      runHere(["schema", "Nope"]),
    ]);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout)).toEqual(jsonSchemaOf("AnalyticsEvent"));
    expect(JSON.parse(openapi.stdout)).toEqual(jsonSchemaOf("ApiError", { target: "openapi-3.1" }));
    expect(JSON.parse(openapi.stdout).$schema).toBeUndefined();
    expect(written.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(["AnalyticsEvent.json", "ApiError.json"]);
    expect(JSON.parse(readFileSync(join(dir, "ApiError.json"), "utf8"))).toEqual(
      jsonSchemaOf("ApiError", { target: "draft-07" }),
    );
    expect(list.stdout.split("\n")).toContain("AnalyticsEvent");
    expect(unknown.code).toBe(2);
  });
});

describe("generate", { timeout: SLOW }, () => {
  it("writes the same bytes for the same seed, and events that validate", async () => {
    const args = ["generate", "--events", "800", "--seed", "5", "--span", "2h", "--incident"];
    const [a, b, c] = await Promise.all([runHere(args), runHere(args), runHere([...args.slice(0, 4), "6"])]);
    expect(a.code).toBe(0);
    expect(a.stdoutBytes.equals(b.stdoutBytes)).toBe(true);
    expect(a.stdoutBytes.equals(c.stdoutBytes)).toBe(false);
    expect(a.stdout.trim().split("\n")).toHaveLength(800);
    expect(a.stderr).toMatch(/^incident: \S+ \(\S+\) 2025-06-03T01:06:00Z → /);
    const check = await runHere(["validate", "-", "--strict"], { stdin: a.stdoutBytes });
    expect(check.stdout).toBe("<stdin>: 800 lines, all valid (AnalyticsEvent, strict)\n");
    expect(check.code).toBe(0);
  });

  it("requires --events and enough room for an incident", async () => {
    const [none, small, start] = await Promise.all([
      runHere(["generate"]),
      runHere(["generate", "--events", "100", "--incident"]),
      runHere(["generate", "--events", "10", "--start", "2025-06-03T00:00:00"]),
    ]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("--events N is required");
    expect(small.code).toBe(2);
    expect(small.stderr).toContain("an incident needs at least 500 events, received 100");
    expect(start.code).toBe(2);
    expect(start.stderr).toContain("--start must be an RFC 3339 timestamp with an offset");
  });
});

describe("rollup", { timeout: SLOW }, () => {
  it("writes AggregatedMetric NDJSON whose statistics match numpy", async () => {
    const run = await runHere([
      "rollup",
      rel("latency.ndjson"),
      "--window",
      "5m",
      "--field",
      "total_latency_ms",
      "--by",
      "model_id",
    ]);
    expect(run.code).toBe(0);
    const metrics = run.stdout
      .trim()
      .split("\n")
      .map((l) => AggregatedMetric.parse(JSON.parse(l)));
    expect(metrics.map((m) => [m.tags.model_id, m.window_start, m.window_end])).toEqual([
      ["claude-sonnet-4", "2025-06-03T14:00:00Z", "2025-06-03T14:05:00Z"],
      ["gpt-4o-mini", "2025-06-03T14:00:00Z", "2025-06-03T14:05:00Z"],
      ["gpt-4o-mini", "2025-06-03T14:05:00Z", "2025-06-03T14:10:00Z"],
    ]);
    // numpy 2.4: x = [812.5, 1204.0, 1530.2, 640.8, 2990.4]; x.mean(), np.percentile(x, q) (linear),
    // x.std() (population), x.sum(). For claude-sonnet-4, x = [400.0, 450.0, 2000.0].
    const mini = metrics[1]!.values as Record<string, number>;
    expect(mini.count).toBe(5);
    expect(mini.avg).toBeCloseTo(1435.58, 9);
    expect(mini.p50).toBeCloseTo(1204.0, 9);
    expect(mini.p95).toBeCloseTo(2698.36, 9);
    expect(mini.p99).toBeCloseTo(2931.992, 9);
    expect(mini.stddev).toBeCloseTo(836.6542186590588, 9);
    expect(mini.sum).toBeCloseTo(7177.9, 9);
    const sonnet = metrics[0]!.values as Record<string, number>;
    expect(sonnet.p95).toBeCloseTo(1845, 9);
    expect(sonnet.p99).toBeCloseTo(1969, 9);
    expect(sonnet.stddev).toBeCloseTo(742.7426651719064, 9);
    expect(metrics[2]!.values).toMatchObject({ count: 1, avg: 700, p50: 700 });
  });

  it("prints a table, and explains a missing window, a bad window and an unknown field", async () => {
    const base = ["rollup", rel("latency.ndjson")];
    const [table, noWindow, badWindow, noField, paris] = await Promise.all([
      runHere([...base, "-w", "one_hour", "--field", "total_latency_ms", "--format", "table"]),
      runHere([...base, "--field", "total_latency_ms"]),
      runHere([...base, "--window", "5 minutes", "--field", "total_latency_ms"]),
      runHere([...base, "--window", "1h", "--field", "latency"]),
      runHere([...base, "--window", "1d", "--field", "total_latency_ms", "--time-zone", "Europe/Paris"]),
    ]);
    // IANA tz database: Paris keeps CEST (UTC+02:00) in June, so its day starts at 22:00 UTC.
    expect(JSON.parse(paris.stdout)).toMatchObject({
      window_start: "2025-06-02T22:00:00Z",
      window_end: "2025-06-03T22:00:00Z",
      values: { count: 9 },
    });
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(/^window_start\s+count\s+avg\s+p50\s+p95\s+p99\s+min\s+max\s+sum$/);
    expect(table.stdout).toMatch(/2025-06-03T14:00:00Z\s+9\s/);
    expect(noWindow.code).toBe(2);
    expect(noWindow.stderr).toContain("--window WINDOW is required");
    expect(badWindow.code).toBe(2);
    expect(badWindow.stderr).toContain("five_minutes (5m)");
    expect(noField.code).toBe(2);
    expect(noField.stderr).toContain(
      'no event has a number at "latency"; numeric fields seen: tokens_per_second, total_latency_ms, ttft_ms',
    );
  });
});

describe("correlate and demo", { timeout: SLOW }, () => {
  it("correlate names the injected incident's first event as the root cause", async () => {
    const dir = tempDir();
    const file = join(dir, "day.ndjson");
    const gen = await runSpawned(["generate", "--events", "12000", "--seed", "3", "--incident", "--out", file]);
    expect(gen.code).toBe(0);
    const events = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { event_id: string; correlation_id?: string; parent_event_id?: string });
    // The generator marks the incident's first event: a correlation_id and no parent.
    const root = events.find((e) => e.correlation_id !== undefined && e.parent_event_id === undefined)!;
    const run = await runSpawned(["correlate", file, "--format", "json"]);
    expect(run.code).toBe(0);
    const result = IncidentAnalysis.parse(JSON.parse(run.stdout));
    expect(result.incidents).toHaveLength(1);
    expect(result.incidents[0]?.root_cause?.root_event_id).toBe(root.event_id);
    const text = await runSpawned(["correlate", file]);
    expect(text.stdout).toContain("```mermaid\nflowchart LR");
    expect(text.stdout).toContain(`event ${root.event_id}`);
    const markdown = await runSpawned(["correlate", file, "--format", "markdown"]);
    expect(markdown.stdout).toMatch(/^# Incident analysis of /);
    expect(markdown.stdout).toContain("| role | series | onset |");
  });

  it("correlate says so when there is no incident, and reads stdin", async () => {
    const run = await runSpawned(["correlate", "-"], { stdin: readFileSync(join(FIXTURES, "events.ndjson")) });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("no incident and no root cause");
  });

  it("demo writes the events, the JSON Schema and a report with the Mermaid graph, and finds the incident", async () => {
    const dir = join(tempDir(), "out");
    mkdirSync(dir);
    const run = await runSpawned(["demo", "--events", "3000", "--out", dir]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("found the injected incident");
    expect(run.stdout).toContain("0 other incidents reported");
    expect(readFileSync(join(dir, "events.ndjson"), "utf8").trim().split("\n")).toHaveLength(3000);
    expect(existsSync(join(dir, "json-schema", "AnalyticsEvent.json"))).toBe(true);
    const report = readFileSync(join(dir, "report.md"), "utf8");
    expect(report).toMatch(/^# LLM Analytics Hub demo report\n/);
    expect(report).toContain("```mermaid\nflowchart LR");
    expect(report).toContain("| model | requests |");
    // The HTML report beside it, named in the closing line (test/report/ checks its content in a browser).
    expect(run.stdout).toMatch(/^wrote .*report\.html/m);
    expect(readFileSync(join(dir, "report.html"), "utf8")).toMatch(/^<!doctype html>/);
    const rollups = readFileSync(join(dir, "rollups.ndjson"), "utf8").trim().split("\n");
    for (const line of rollups.slice(0, 20)) AggregatedMetric.parse(JSON.parse(line));
  });
});

const BUILT = join(ROOT, "dist", "cli", "main.js");

describe.runIf(existsSync(BUILT))("the built binary (dist/cli/main.js)", { timeout: SLOW }, () => {
  it("starts with the shebang, runs, and validates", async () => {
    expect(readFileSync(BUILT, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    const version = await runSpawned(["--version"], { command: [BUILT] });
    expect(version.stdout).toBe(`${packageJson.version}\n`);
    const run = await runSpawned(["validate", rel("events.ndjson")], { command: [BUILT] });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("6 lines, 3 valid, 3 invalid");
  });
});
