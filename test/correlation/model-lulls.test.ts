/*
 * A throughput fall is an incident only when it lasts longer than any lull of the model's own
 * elsewhere in the capture (`isCollapse`'s `lullsAsLong` in analyze.ts; issue 13, round twenty-one). Constructed truth: days of
 * clustered traffic from the seeded generator of `clustered-days.ts` (on/off sessions and Hawkes
 * bursts, whose lulls between clusters are ordinary and fault-free), with and without a collapse
 * thinning one model's requests over known minutes.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import { type ClusteredModel, clusteredDay, type Fault } from "./clustered-days.js";

const START = Date.UTC(2025, 5, 3, 14, 0, 0);
const MINUTE = 60_000;
const MODELS = [
  { id: "gpt-4o", perMinute: 20 },
  { id: "claude-3-5-sonnet", perMinute: 12 },
  { id: "gemini-2.0-flash", perMinute: 8 },
  { id: "mistral-large", perMinute: 10 },
];
const sessions: ClusteredModel[] = MODELS.map((m) => ({ ...m, arrival: "sessions" }));
/** Sessions and Hawkes bursts, alternately. */
const mixed: ClusteredModel[] = MODELS.map((m, i) => ({ ...m, arrival: i % 2 === 1 ? "sessions" : "hawkes" }));

/** The starts (minutes after START) of the incidents on `model` of an 8-hour day, and the window width. */
function incidentsOn(model: string, events: ReturnType<typeof clusteredDay>) {
  const analysis = analyzeIncidents(events);
  return {
    width: analysis.method.window_ms / MINUTE,
    starts: analysis.incidents
      .filter((i) => i.models.includes(model))
      .map((i) => (Date.parse(i.start) - START) / MINUTE),
  };
}

describe("a model's own lulls are no collapse", { timeout: 300_000 }, () => {
  it("opens no incident on most fault-free days of session and mixed traffic", () => {
    // Six seeds of each, 8 hours at 1-minute windows. The truth is no incident; the bar is at most
    // one incident in two days and two days in three quiet. Before round twenty-one the same
    // days opened 11 incidents (6 on session days, 5 on mixed), 5 of the 12 days quiet, each a
    // throughput fall of one to three windows between sessions.
    let incidents = 0;
    let quietDays = 0;
    for (const models of [sessions, mixed])
      for (const seed of [1, 2, 3, 4, 5, 6]) {
        const n = analyzeIncidents(clusteredDay(seed, 8, models)).incidents.length;
        incidents += n;
        if (n === 0) quietDays++;
      }
    expect(incidents).toBeLessThanOrEqual(6);
    expect(quietDays).toBeGreaterThanOrEqual(8);
  });

  it("finds an hour-long hard collapse of a session model, longer than any of its lulls", () => {
    // gpt-4o at 60 requests a minute in sessions of 6; its requests stop from minute 240.3 to 300.3.
    // Before round twenty-one the same collapse was found within a window on four seeds of six
    // (main: seed 1's dated late, seed 5's missed).
    let found = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const models = sessions.map((m) => (m.id === "gpt-4o" ? { ...m, perMinute: m.perMinute * 3 } : m));
      const fault: Fault = { model: "gpt-4o", fromMinute: 240.3, toMinute: 300.3, keep: 0 };
      const { width, starts } = incidentsOn("gpt-4o", clusteredDay(seed, 8, models, [fault]));
      expect(starts.length, `seed ${seed}`).toBeLessThanOrEqual(1);
      if (starts.length === 1 && Math.abs((starts[0] as number) - 240.3) <= width) found++;
    }
    expect(found).toBeGreaterThanOrEqual(4);
  });
});
