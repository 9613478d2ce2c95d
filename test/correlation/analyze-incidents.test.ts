import { describe, expect, it } from "vitest";
import { syntheticEvents } from "../../src/cli/synthetic/traffic.js";
import { toEpochMillis } from "../../src/core/index.js";
import { analyzeIncidents, IncidentAnalysis } from "../../src/correlation/index.js";

describe("analyzeIncidents", () => {
  it("says plainly that there is nothing when given no events", () => {
    const result = analyzeIncidents([]);
    expect(result.incidents).toEqual([]);
    expect(result.anomalies).toEqual([]);
    expect(result.summary).toContain("no incident and no root cause");
    expect(IncidentAnalysis.parse(result)).toEqual(result);
  });

  it("names the first slow request of the demo generator's incident as the root", () => {
    const events = [
      ...syntheticEvents({
        events: 8000,
        seed: 5,
        start: "2025-06-03T00:00:00Z",
        spanMs: 6 * 3_600_000,
        incident: true,
      }),
    ];
    const result = analyzeIncidents(events);
    expect(IncidentAnalysis.parse(result)).toEqual(result);
    expect(result.incidents).toHaveLength(1);
    const incident = result.incidents[0]!;
    // The generator marks the incident's first latency event: correlation_id set, no parent.
    const first = events.find(
      (e) =>
        e.correlation_id !== undefined && e.parent_event_id === undefined && e.payload.payload_type === "telemetry",
    )!;
    const root = events.find((e) => e.event_id === incident.root_cause?.root_event_id)!;
    expect(root.payload.payload_type === "telemetry" && root.payload.data.telemetry_type).toBe("latency");
    expect(incident.root?.model).toBe(first.payload.payload_type === "telemetry" ? first.payload.data.model_id : "");
    const lag = toEpochMillis(root.timestamp) - toEpochMillis(first.timestamp);
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThanOrEqual(5 * 60_000);
  });
});
