// The command-line tool, driven from a script: generate a reproducible batch, quarantine the bad
// records, roll the good ones up, and print a schema. Run: npx tsx examples/cli.ts
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AnalyticsEvent } from "llm-analytics-hub";
import { AggregatedMetric } from "llm-analytics-hub/metrics";

const root = join(import.meta.dirname, "..");
// In a project that depends on the package this is simply `npx llm-analytics-hub …`.
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", join(root, "src", "cli", "main.ts"), ...args], {
    cwd: root,
    encoding: "utf8",
  });
const dir = mkdtempSync(join(tmpdir(), "llm-hub-example-"));

// 1. Generate: 600 events over two hours; the same seed always gives the same bytes.
const events = join(dir, "events.ndjson");
assert.equal(cli("generate", "--events", "600", "--seed", "42", "--span", "2h", "--out", events).status, 0);
const again = join(dir, "again.ndjson");
cli("generate", "--events", "600", "--seed", "42", "--span", "2h", "--out", again);
assert.ok(readFileSync(events).equals(readFileSync(again)));
const first = AnalyticsEvent.parse(JSON.parse(readFileSync(events, "utf8").split("\n")[0]!));
console.log("first event:", first.source_module, first.payload.payload_type, first.timestamp);

// 2. Validate: add two bad records (an upper-case severity and bytes that are not UTF-8), then
//    split the file into clean and quarantined records. Every line lands in exactly one file.
const good = readFileSync(events);
const bad = Buffer.concat([
  Buffer.from(`${JSON.stringify({ ...first, severity: "WARNING" })}\n`),
  Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d, 0x0a]), // {"\xff"}
]);
const mixed = join(dir, "mixed.ndjson");
writeFileSync(mixed, Buffer.concat([good, bad]));
const check = cli("validate", mixed, "--out", join(dir, "clean.ndjson"), "--rejects", join(dir, "quarantine.ndjson"));
console.log(check.stdout);
assert.equal(check.status, 1); // invalid data
assert.match(check.stdout, /:601: \$\.severity: .*\[invalid_value\]/);
assert.match(check.stdout, /:602: \$: invalid UTF-8: byte 0xff .*\[invalid_utf8\]/);
assert.match(check.stdout, /602 lines, 600 valid, 2 invalid/);
assert.ok(readFileSync(join(dir, "clean.ndjson")).equals(good));
assert.ok(readFileSync(join(dir, "quarantine.ndjson")).equals(bad));

// 3. Roll up: hourly spend per provider, as AggregatedMetric NDJSON the hub reads.
const spend = cli("rollup", events, "--window", "1h", "--field", "total_cost_usd", "--by", "provider");
assert.equal(spend.status, 0);
const metrics = spend.stdout
  .trim()
  .split("\n")
  .map((line) => AggregatedMetric.parse(JSON.parse(line)));
for (const m of metrics) {
  const values = m.values as { count: number; sum: number };
  console.log(`${m.window_start} ${m.tags.provider}: ${values.count} charges, $${values.sum.toFixed(4)}`);
}
assert.ok(metrics.every((m) => m.window === "one_hour" && m.tags.provider !== undefined));

// 4. Usage errors exit with 2 and say what is wrong.
const typo = cli("validate", events, "--type", "AnalyticEvent");
assert.equal(typo.status, 2);
assert.match(typo.stderr, /unknown type "AnalyticEvent"/);

// 5. The JSON Schema other languages validate against.
const schema = JSON.parse(cli("schema", "AnalyticsEvent").stdout);
assert.equal(schema.$id, "urn:llm-analytics-hub:schema:v1:AnalyticsEvent");
console.log("schema:", schema.$id);
