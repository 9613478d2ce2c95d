import { describe, expect, it } from "vitest";
import { FIXTURES, runInProcess } from "./helpers.js";

// The dispatcher and each command's help, run in this process (the spawned tests cover the process).
describe("runCli", () => {
  const flags: Record<string, string[]> = {
    validate: [
      "--type",
      "--strict",
      "--check",
      "--format",
      "--out",
      "--rejects",
      "--input-format",
      "--max-record-bytes",
    ],
    schema: ["--target", "--out", "--list"],
    generate: ["--events", "--seed", "--incident", "--start", "--span", "--environment", "--out"],
    rollup: ["--window", "--field", "--by", "--format", "--time-zone", "--sketch"],
    correlate: ["--window", "--threshold", "--format"],
    demo: ["--out", "--events", "--seed"],
  };

  it.each(Object.entries(flags))("documents every flag of %s in its --help", async (command, names) => {
    const run = await runInProcess([command, "-h"]);
    expect(run.code).toBe(0);
    for (const name of [...names, "--help"]) expect(run.stdout).toContain(name);
    expect(run.stdout).toMatch(/Exit status: 0 /);
  });

  it("reports a usage error with the command's name and the help to read", async () => {
    const run = await runInProcess(["rollup", `${FIXTURES}/latency.ndjson`, "--window", "1h", "--by"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "llm-analytics-hub rollup: Option '--by <value>' argument missing\nSee: llm-analytics-hub rollup --help\n",
    );
  });

  it("rejects values out of range by flag name", async () => {
    const [events, window, threshold] = await Promise.all([
      runInProcess(["generate", "--events=-5"]),
      runInProcess(["correlate", `${FIXTURES}/valid.ndjson`, "--window", "500ms"]),
      runInProcess(["correlate", `${FIXTURES}/valid.ndjson`, "--threshold", "0"]),
    ]);
    expect(events.stderr).toContain('--events must be a whole number, received "-5"');
    expect(window.stderr).toContain('--window must be a whole number of seconds, at least 1s; received "500ms"');
    expect(threshold.stderr).toContain('--threshold must be a positive number, received "0"');
    expect([events.code, window.code, threshold.code]).toEqual([2, 2, 2]);
  });
});
