/*
 * A model retired on purpose: its traffic drains to nothing and never returns, and the registry
 * records the retirement (a governance `audit_trail` on a model resource). Constructed truth: a
 * seeded Poisson day (test/correlation/traffic.ts `poissonEach`), four steady models, one of them
 * drained linearly over 30 minutes; whether the day holds a retire record, and an error burst
 * during the drain, is set by the test, so what must be reported is known by construction.
 */
import { describe, expect, it } from "vitest";
import type { JsonValue } from "../../src/core/index.js";
import { modelLifecycle } from "../../src/correlation/incidents/signals.js";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { mulberry32 } from "../prng.js";
import { at, event, taggedLatencyEvent } from "./helpers.js";
import { poissonEach } from "./traffic.js";

const MODELS = ["gpt-4o", "claude-3-5-sonnet", "gemini-2.0-flash", "mistral-large"];
const PER_MINUTE = 4;
const HOURS = 6;
/** gpt-4o drains linearly from DRAIN_FROM to DRAIN_TO (minutes) and sends nothing after. */
const DRAIN_FROM = 240;
const DRAIN_TO = 270;

interface Day {
  readonly seed: number;
  /** Minute of the registry's retire record of gpt-4o, or undefined for none. */
  readonly record?: number;
  /** Minutes [from, to) in which half of gpt-4o's requests fail (HTTP 503). */
  readonly burst?: readonly [number, number];
  /** Minutes [from, to) in which gpt-4o serves nothing (an outage it recovers from). */
  readonly outage?: readonly [number, number];
}

/** A request of `model` that began at `minute` and took `ms`, failed with HTTP 503 when `failed`. */
function request(n: number, model: string, minute: number, failed: boolean, ms: number): AnalyticsEvent {
  const tags: Record<string, string> = failed ? { "http.status_code": "503" } : {};
  return taggedLatencyEvent({ eventId: n, requestId: `r${n}`, start: Date.parse(at(minute)), ms, model, tags });
}

type AuditData = { action: string; resource_type: string; resource_id: string; changes: Record<string, JsonValue> };

/** A registry's audit record (the fourth suite's `lifecycle` shape, without its model tag: the resource names it). */
function audit(n: number, minute: number, d: AuditData): AnalyticsEvent {
  const data = { governance_type: "audit_trail" as const, actor: "release-bot", ...d };
  return event({ id: n, minute, module: "llm-registry", type: "audit", payload: { payload_type: "governance", data } });
}

const retireRecord = (n: number, minute: number, model: string): AnalyticsEvent =>
  audit(n, minute, {
    action: "model.retire",
    resource_type: "model",
    resource_id: model,
    changes: { status: "retired" },
  });

function day(d: Day): AnalyticsEvent[] {
  const rand = mulberry32(d.seed);
  const events: AnalyticsEvent[] = [];
  let n = 1;
  for (const model of MODELS) {
    poissonEach(rand, PER_MINUTE, { from: 0, to: HOURS * 60 }, (m) => {
      const keep =
        model !== "gpt-4o" || m < DRAIN_FROM ? 1 : Math.max(0, 1 - (m - DRAIN_FROM) / (DRAIN_TO - DRAIN_FROM));
      if (rand() >= keep) return;
      if (model === "gpt-4o" && d.outage !== undefined && m >= d.outage[0] && m < d.outage[1]) return;
      const failed = model === "gpt-4o" && d.burst !== undefined && m >= d.burst[0] && m < d.burst[1] && rand() < 0.5;
      events.push(request(n++, model, m, failed, 300 + 400 * rand()));
    });
  }
  if (d.record !== undefined) events.push(retireRecord(n++, d.record, "gpt-4o"));
  return events.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
}

const SEEDS = [21, 22, 23, 24];

describe("a model retired on purpose", { timeout: 180_000 }, () => {
  it("is no incident when the registry recorded its retirement, at the drain's start or its end", () => {
    for (const seed of SEEDS) {
      for (const record of [DRAIN_FROM, DRAIN_TO]) {
        const analysis = analyzeIncidents(day({ seed, record }));
        expect(analysis.incidents.filter((i) => i.models.includes("gpt-4o"))).toEqual([]);
        expect(analysis.summary).toContain("The registry retired gpt-4o");
      }
    }
  });

  it("is a collapse without the record (an outage looks the same)", () => {
    let found = 0;
    for (const seed of SEEDS) {
      const analysis = analyzeIncidents(day({ seed }));
      expect(analysis.summary).not.toContain("retired");
      const incident = analysis.incidents.find((i) => i.models.includes("gpt-4o") && i.signals.includes("throughput"));
      if (incident !== undefined) found++;
    }
    // The premise of the test above: the same drain is reported when nothing explains it.
    expect(found).toBe(SEEDS.length);
  });

  it("is a collapse when the record is far from the end of its traffic (no drain lasts 3 hours)", () => {
    for (const seed of SEEDS.slice(0, 2)) {
      const analysis = analyzeIncidents(day({ seed, record: DRAIN_FROM - 180 }));
      expect(analysis.incidents.some((i) => i.models.includes("gpt-4o") && i.signals.includes("throughput"))).toBe(
        true,
      );
    }
  });

  it("still reports an outage the model recovered from within the hour before its retirement", () => {
    // Down from minute 185 to 205, back at full traffic until the drain starts at 240: the outage
    // lies within RETIRE_DRAIN_MS of the record but is no part of the drain.
    for (const seed of SEEDS) {
      const analysis = analyzeIncidents(day({ seed, record: DRAIN_FROM, outage: [185, 205] }));
      const w = analysis.method.window_ms;
      const outage = analysis.incidents.find(
        (i) =>
          i.models.includes("gpt-4o") &&
          i.signals.includes("throughput") &&
          Math.abs(Date.parse(i.start) - Date.parse(at(185))) <= w,
      );
      expect(outage).toBeDefined();
      expect(analysis.summary).toContain("The registry retired gpt-4o");
    }
  });

  it("still reports an error burst during the drain", () => {
    for (const seed of SEEDS) {
      const analysis = analyzeIncidents(day({ seed, record: DRAIN_FROM, burst: [DRAIN_FROM + 3, DRAIN_FROM + 18] }));
      const incident = analysis.incidents.find((i) => i.models.includes("gpt-4o"));
      expect(incident?.signals).toContain("error_rate");
      const w = analysis.method.window_ms;
      expect(Math.abs(Date.parse(incident!.start) - Date.parse(at(DRAIN_FROM + 3)))).toBeLessThanOrEqual(w);
    }
  });
});

describe("modelLifecycle", () => {
  const read = (d: AuditData) => modelLifecycle(audit(1, 0, d), d);

  it("reads the registries' words for a model leaving or entering service", () => {
    // MLflow's model registry: a version moved to the "Archived" stage, or back to "Production".
    expect(
      read({
        action: "transition_stage",
        resource_type: "model_version",
        resource_id: "m1",
        changes: { stage: "Archived" },
      }),
    ).toEqual({ model: "m1", state: "retired" });
    expect(
      read({
        action: "transition_stage",
        resource_type: "model_version",
        resource_id: "m1",
        changes: { current_stage: { from: "Archived", to: "Production" } },
      }),
    ).toEqual({ model: "m1", state: "active" });
    expect(read({ action: "model.deprecate", resource_type: "model", resource_id: "gpt-4", changes: {} })).toEqual({
      model: "gpt-4",
      state: "retired",
    });
    expect(read({ action: "model.register", resource_type: "model", resource_id: "gpt-5", changes: {} })).toEqual({
      model: "gpt-5",
      state: "active",
    });
  });

  it("ignores records about other resources and changes that are not a lifecycle", () => {
    // The held-out generator's audit records: "model.enable" on a policy; the third's "deploy" on a route.
    expect(read({ action: "model.enable", resource_type: "policy", resource_id: "p1", changes: {} })).toBeUndefined();
    expect(
      read({ action: "deploy", resource_type: "model_route", resource_id: "gpt-4o", changes: {} }),
    ).toBeUndefined();
    expect(
      read({ action: "update", resource_type: "model", resource_id: "gpt-4o", changes: { max_tokens: 4096 } }),
    ).toBeUndefined();
  });
});
