import { describe, expect, it } from "vitest";
import { PaginatedResponse } from "../../src/api/schema.js";
import { checkAnalyticsEvent, checkValue, checkValueErrors } from "../../src/checks/index.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { FIXTURES, fixtureText } from "../conformance/fixtures.js";
import { codesAt, fixture, parseOk, runCases } from "./cases.js";
import { EVENT_CASES } from "./events.cases.js";

describe("event checks: each code on a document that triggers it and one that does not", () => {
  runCases(EVENT_CASES);
});

describe("event checks: documents within the rules", () => {
  it("finds no error in any AnalyticsEvent fixture the hub accepts; the only warning is the free-text version", () => {
    const found: Record<string, string[]> = {};
    for (const f of FIXTURES.filter((x) => x.type === "AnalyticsEvent" && x.expect === "accept")) {
      const parsed = parseOk(AnalyticsEvent, JSON.parse(fixtureText(f)));
      const issues = checkValue(AnalyticsEvent, parsed);
      if (issues.length > 0) found[f.file] = issues.map((i) => `${i.severity} ${i.code}`);
    }
    // event-schema-version-free-text.json carries "1.1.0" on purpose (WIRE_FORMAT.md §5.11).
    expect(found).toEqual({ "accept/event-schema-version-free-text.json": ["warning unsupported_schema_version"] });
  });

  it("accepts an error rate rounded to the whole percent (2211 / 184220 = 1.2002% → 1)", () => {
    const d = fixture("event-telemetry-error-rate.json");
    d.payload.data.error_rate_percent = 1;
    expect(codesAt(AnalyticsEvent, d)).toEqual([]);
  });

  it("accepts a token cost rounded to fewer decimals, down to the cent", () => {
    for (const total of [0.00055, 0.0006, 0]) {
      const d = fixture("event-cost-token-cost-gpt-4o-mini.json");
      d.payload.data.total_cost_usd = total;
      expect(codesAt(AnalyticsEvent, d), String(total)).toEqual([]);
    }
  });

  it("accepts a cost per request that is the rounded quotient (100 USD / 3 requests = 33.333333…)", () => {
    const d = fixture("event-cost-api-cost.json");
    Object.assign(d.payload.data, { request_count: 3, cost_per_request: 33.333333, total_cost_usd: 100 });
    expect(codesAt(AnalyticsEvent, d)).toEqual([]);
  });

  it("accepts lifecycle, audit and alert events with any payload, and custom payloads with any event_type", () => {
    for (const event_type of ["lifecycle", "audit", "alert"]) {
      expect(codesAt(AnalyticsEvent, { ...fixture("event-telemetry-token-usage.json"), event_type })).toEqual([]);
    }
    const custom = fixture("event-custom-model-deployed.json");
    for (const event_type of ["telemetry", "security", "cost", "governance"]) {
      expect(codesAt(AnalyticsEvent, { ...custom, event_type }).map((i) => i.code)).not.toContain(
        "payload_type_mismatch",
      );
    }
  });

  it("accepts a compliance score on the 0..1 scale and at its edges", () => {
    for (const score of [0, 0.75, 1]) {
      const d = fixture("event-governance-compliance-check.json");
      d.payload.data.score = score;
      expect(codesAt(AnalyticsEvent, d), String(score)).toEqual([]);
    }
  });
});

describe("check on events", () => {
  it("finds event issues inside generic wrappers, with the full JSON pointer", () => {
    const page = fixture("paginated-security-events.json");
    page.data[1].payload.data.severity_score = 12;
    const schema = PaginatedResponse(AnalyticsEvent);
    expect(codesAt(schema, page)).toContainEqual({
      code: "cvss_out_of_range",
      path: "/data/1/payload/data/severity_score",
      severity: "error",
    });
  });

  it("gives the per-type function the same answer as check", () => {
    const d = fixture("event-telemetry-token-usage.json");
    d.payload.data.total_tokens = 1;
    const parsed = parseOk(AnalyticsEvent, d) as AnalyticsEvent;
    expect(checkAnalyticsEvent(parsed)).toEqual(checkValue(AnalyticsEvent, parsed));
    expect(checkAnalyticsEvent(parsed)).toHaveLength(1);
  });

  it("names the values in its messages", () => {
    const d = fixture("event-telemetry-token-usage.json");
    d.payload.data.total_tokens = 2253;
    expect(checkValueErrors(AnalyticsEvent, parseOk(AnalyticsEvent, d))).toEqual([
      {
        code: "total_tokens_mismatch",
        severity: "error",
        path: ["payload", "data", "total_tokens"],
        message: "total_tokens is 2253 but prompt_tokens + completion_tokens is 1840 + 412 = 2252",
      },
    ]);
  });

  it("never mutates the value", () => {
    const parsed = parseOk(AnalyticsEvent, fixture("event-governance-compliance-check.json"));
    const deepFreeze = (o: unknown): void => {
      if (typeof o === "object" && o !== null) {
        Object.freeze(o);
        for (const v of Object.values(o)) deepFreeze(v);
      }
    };
    deepFreeze(parsed);
    expect(() => checkValue(AnalyticsEvent, parsed)).not.toThrow();
  });

  it("never throws on a value of the wrong shape: the part that does not fit is skipped", () => {
    const junk = [
      null,
      42,
      "x",
      [],
      { payload: 5 },
      { payload: { payload_type: "telemetry", data: null } },
      { payload: { payload_type: "telemetry", data: { telemetry_type: "token_usage", total_tokens: "a" } } },
      { payload: { payload_type: "cost", data: { cost_type: "budget_alert", budget_limit_usd: {} } } },
      { payload: { payload_type: "governance", data: { governance_type: "compliance_check", findings: 3 } } },
      Object.create(null),
    ];
    for (const value of junk) expect(() => checkValue(AnalyticsEvent, value)).not.toThrow();
  });
});
