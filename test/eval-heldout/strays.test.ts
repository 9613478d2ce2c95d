/*
 * The calibration dump's stray anomalies (eval/score.ts `straysOf`, eval/dump.ts): a day's
 * anomalous windows that opened no incident, and the series they lie on.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeDump } from "../../eval/dump.js";
import { scoreScenario, straysOf } from "../../eval/score.js";
import { scenarioSuite } from "../../eval/suite.js";
import { generate } from "../../eval/world.js";
import { analyzeIncidents } from "../../src/correlation/index.js";

const spec = scenarioSuite()[0]!;
const { events, labels } = generate(spec);
const analysis = analyzeIncidents(events);

describe("stray anomalies in the calibration dump", { timeout: 120_000 }, () => {
  it("counts the windows without an incident and the distinct series they lie on", () => {
    const template = analysis.anomalies[0];
    expect(template).toBeDefined();
    const owned = analysis.incidents[0]?.incident_id ?? null;
    expect(owned).not.toBeNull();
    const anomalies = [
      { ...template!, series_id: "latency_p95{model_id=a}", incident_id: null },
      { ...template!, series_id: "latency_p95{model_id=a}", incident_id: null },
      { ...template!, series_id: "error_rate{model_id=b}", incident_id: null },
      { ...template!, series_id: "throughput{model_id=c}", incident_id: owned },
    ];
    // Three windows opened no incident, on two series; the fourth belongs to an incident.
    expect(straysOf({ anomalies })).toEqual({ windows: 3, series: 2 });
    expect(straysOf({ anomalies: anomalies.slice(3) })).toEqual({ windows: 0, series: 0 });
  });

  it("is scored with the day and written beside each of its incidents", () => {
    const outcome = scoreScenario(analysis, spec.injections, labels);
    expect(outcome.strays).toEqual(straysOf(analysis));
    const file = join(mkdtempSync(join(tmpdir(), "strays-")), "dump.json");
    const strays = { windows: 5, series: 2 };
    writeDump(file, "eval", [{ day: 1, threshold: 5, windowMs: 120_000, strays, calibration: outcome.calibration }]);
    const rows = JSON.parse(readFileSync(file, "utf8")) as { strays: unknown }[];
    expect(rows).toHaveLength(outcome.calibration.length);
    for (const row of rows) expect(row.strays).toEqual(strays);
  });
});
