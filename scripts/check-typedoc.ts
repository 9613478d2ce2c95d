/**
 * The `typedoc` stage of `npm test`: builds the API reference (typedoc.json, warnings are
 * errors) into a temporary folder and checks what a reader needs from it:
 *
 * - a page for every entry point of package.json's `exports` (`.`, `./checks`, `./fast`, …);
 * - the published types listed with their fields and the fields' descriptions (the named types
 *   of src/core/named.ts, not `z.output<typeof …>`).
 *
 * Six helper types that public signatures mention stay internal on purpose
 * (`intentionallyNotExported` in typedoc.json): they are parameters of a generic or an overload
 * (`Family`, `Preset`, `Tagged`, `Node`, `JsonSchema`, `WireIssueReason`), not types a caller
 * writes.
 *
 * TypeDoc runs with `--skipErrorChecking`: the `types` stage has already type-checked the same
 * files, and TypeDoc's own diagnostics pass was half of its time (user CPU 51.1 s → 23.3 s, load
 * ≈ 11 on 2 cores).
 *
 *   npx tsx scripts/check-typedoc.ts      (npm run docs writes the same reference to docs/api/)
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const out = mkdtempSync(join(tmpdir(), "llm-hub-typedoc-"));
const failures: string[] = [];
try {
  const typedoc = join(root, "node_modules", "typedoc", "bin", "typedoc");
  const run = spawnSync(process.execPath, [typedoc, "--out", out, "--logLevel", "Warn", "--skipErrorChecking"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  if (run.status !== 0 || `${run.stdout}${run.stderr}`.trim() !== "") {
    failures.push(`typedoc exited ${run.status} with output:\n${run.stdout}${run.stderr}`);
  }

  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { exports: Record<string, unknown> };
  const entries = Object.keys(pkg.exports).filter((k) => k !== "./package.json");
  for (const entry of entries) {
    const page = join(out, "modules", `${entry === "." ? "index" : entry.slice(2)}.html`);
    if (!existsSync(page)) failures.push(`no API page for the entry point "${entry}" (${page})`);
  }

  const text = (file: string): string =>
    existsSync(file)
      ? readFileSync(file, "utf8")
          .replace(/<[^>]+>/g, " ")
          .replace(/&quot;/g, '"')
          .replace(/\s+/g, " ")
      : "";
  const expected: Record<string, readonly string[]> = {
    AnalyticsEvent: ["event_id", "timestamp", "severity", "payload : EventPayload", "Free-form string tags"],
    LatencyMetrics: [
      "total_latency_ms : number",
      "End-to-end latency in milliseconds",
      "breakdown ?: LatencyBreakdown",
    ],
    EventPayload: ['payload_type : "telemetry"', "data : TelemetryPayload"],
    AssetMetadata: ["asset_id", "metadata : AssetSpecificMetadata"],
    TimeSeriesPoint: ["measurement", "fields : FieldSet"],
  };
  for (const [name, fields] of Object.entries(expected)) {
    const page = text(join(out, "types", `index.${name}.html`));
    if (page === "") {
      failures.push(`no API page for the type ${name}`);
      continue;
    }
    for (const field of fields) {
      if (!page.includes(field)) failures.push(`the page of ${name} does not show "${field}"`);
    }
    if (/z\.output|z\.infer|\$InferObjectOutput/.test(page)) failures.push(`the page of ${name} shows Zod's inference`);
  }
  if (failures.length === 0)
    console.log(
      `typedoc: ${entries.length} entry points, field lists of ${Object.keys(expected).length} types checked`,
    );
} finally {
  rmSync(out, { recursive: true, force: true });
}
if (failures.length > 0) {
  console.error(failures.join("\n"));
  process.exit(1);
}
