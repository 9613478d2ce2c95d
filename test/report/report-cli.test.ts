/*
 * The `report` command's contract (usage errors, bad records, the file it writes) and the rule
 * that the charting and layout libraries load only for it: nothing outside src/cli/report-html
 * imports them, and that folder is reached only by dynamic import from the report and demo
 * commands.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runInProcess, tempDir } from "../cli/helpers.js";
import { scenarioDay } from "./scenario.js";

const day = scenarioDay({
  seed: 21,
  hours: 2,
  perMinute: 3,
  models: [
    { id: "solo", medianMs: 900, usdPerToken: 2e-6 },
    { id: "duo", medianMs: 400, usdPerToken: 1e-6 },
  ],
});

describe("llm-analytics-hub report", { timeout: 60_000 }, () => {
  it("writes one HTML file and says what it found", async () => {
    const dir = tempDir();
    const input = join(dir, "day.ndjson");
    writeFileSync(input, `${day.lines.join("\n")}\n`);
    const out = join(dir, "out.html");
    const run = await runInProcess(["report", input, "-o", out, "--title", "Team <A> & B"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^wrote out\.html \([\d,]+ bytes\): [\d,]+ events, [\d,]+ anomalous windows?, /);
    const html = readFileSync(out, "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("<title>Team &lt;A&gt; &amp; B — ");
    expect(html).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\';');
  });

  it("reports bad records and repeated ids, leaves them out, writes the rest and exits 1", async () => {
    const dir = tempDir();
    const input = join(dir, "mixed.ndjson");
    writeFileSync(input, `${day.lines[0]}\nnot json\n${day.lines[1]}\n${day.lines[0]}\n`);
    const run = await runInProcess(["report", input, "--out", join(dir, "r.html")], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/mixed\.ndjson:2: /);
    expect(run.stderr).toMatch(/mixed\.ndjson:4: event_id \S+ repeats an earlier event; the first is kept/);
    expect(run.stderr).toMatch(/2 of 4 records left out/);
    expect(run.stdout).toMatch(/: 2 events, /);
    expect(statSync(join(dir, "r.html")).size).toBeGreaterThan(1000);
  });

  it("rejects bad usage with exit status 2 and a message naming the flag", async () => {
    const cases: [string[], RegExp][] = [
      [["report"], /expected one FILE \(or - for stdin\), received 0/],
      [["report", "a", "b"], /expected one FILE/],
      [["report", "x.ndjson", "--locale", "no such locale!"], /--locale: "no such locale!" is not a BCP 47 locale tag/],
      [["report", "x.ndjson", "--window", "1500ms"], /--window must be a whole number of seconds, at least 1s/],
      [["report", "x.ndjson", "--threshold", "0"], /--threshold must be a positive number/],
      [["report", "x.ndjson", "--colour", "red"], /Unknown option '--colour'/],
      [["report", "/no/such/file.ndjson"], /no\/such\/file\.ndjson/],
    ];
    for (const [argv, message] of cases) {
      const run = await runInProcess(argv);
      expect(run.code, argv.join(" ")).toBe(2);
      expect(run.stderr, argv.join(" ")).toMatch(message);
    }
  });

  it("documents itself in --help", async () => {
    const run = await runInProcess(["report", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: llm-analytics-hub report FILE [options]");
    expect(run.stdout).toMatch(/--out FILE/);
    const main = await runInProcess(["--help"]);
    expect(main.stdout).toMatch(/^ {2}report\s+Write a self-contained HTML report/m);
  });
});

describe("the charting and layout libraries", () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
    });
  const sources = files(join(ROOT, "src")).map((path) => ({
    file: relative(ROOT, path).replaceAll("\\", "/"),
    text: readFileSync(path, "utf8"),
  }));

  it("are imported only inside src/cli/report-html", () => {
    const importers = sources
      .filter((s) =>
        /from "(vega|vega-lite|@dagrejs\/dagre)"|import\("(vega|vega-lite|@dagrejs\/dagre)"\)/.test(s.text),
      )
      .map((s) => s.file);
    expect(importers.length).toBeGreaterThan(0);
    for (const file of importers) expect(file).toMatch(/^src\/cli\/report-html\//);
  });

  it("are reached only by dynamic import from the report and demo commands", () => {
    const outside = sources.filter(
      (s) => !s.file.startsWith("src/cli/report-html/") && s.text.includes("report-html/"),
    );
    expect(outside.map((s) => s.file).sort()).toEqual(["src/cli/commands/demo.ts", "src/cli/commands/report.ts"]);
    for (const s of outside) {
      // Every mention is an `await import(...)`, never a static import.
      expect(s.text).not.toMatch(/^import [^;]*report-html\//m);
      expect(s.text).toMatch(/await import\("\.\.\/report-html\/build\.js"\)/);
    }
  });
});
