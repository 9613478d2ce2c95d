/*
 * One rule for a SecurityImpact (correlation/impact.ts, SecurityCounts), whether `assessImpact`
 * counts events or `analyzeIncidents` counts its security series' windows: a privacy event
 * without consent puts data at risk and is no compliance violation; a patched or accepted
 * vulnerability report is not exposed. The expected values are that written rule applied by hand
 * to the events below, not outputs of the code. Before round twenty-two the analysis counted each
 * privacy event as a violation and every vulnerability report as exposed.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents, assessImpact } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { mulberry32 } from "../prng.js";
import { event } from "./helpers.js";
import { arrivals, trafficDay } from "./traffic-days.js";

let nextId = 2_000_000;
const privacy = (minute: number, consent: boolean): AnalyticsEvent =>
  event({
    id: nextId++,
    minute,
    module: "llm-sentinel",
    payload: {
      payload_type: "security",
      data: {
        security_type: "privacy",
        data_type: "email",
        operation: "data_sharing",
        user_consent: consent,
        data_subjects: ["u-1"],
        purpose: "support",
      },
    },
  });
const vulnerability = (minute: number, status: "identified" | "patched" | "accepted"): AnalyticsEvent =>
  event({
    id: nextId++,
    minute,
    module: "llm-sentinel",
    payload: {
      payload_type: "security",
      data: {
        security_type: "vulnerability",
        vulnerability_id: `v-${nextId}`,
        severity_score: 7.5,
        affected_component: "gateway",
        description: "d",
        remediation_status: status,
      },
    },
  });

describe("assessImpact's security rule", () => {
  it("counts a privacy event without consent as data at risk, not as a violation", () => {
    const impact = assessImpact({ events: [privacy(1, false), privacy(2, true)] });
    expect(impact.security_impact).toEqual({
      threats_detected: 0,
      vulnerabilities_exposed: 0,
      data_at_risk: true,
      compliance_violations: 0,
    });
  });

  it("counts only vulnerabilities neither patched nor accepted as exposed", () => {
    const impact = assessImpact({
      events: [vulnerability(1, "identified"), vulnerability(2, "patched"), vulnerability(3, "accepted")],
    });
    expect(impact.security_impact?.vulnerabilities_exposed).toBe(1);
  });
});

describe("analyzeIncidents' security impact follows the same rule", { timeout: 180_000 }, () => {
  it("grades a wave of privacy events without consent as data at risk with no violation, and patched reports as no series", () => {
    const DAYS = 3;
    const day = trafficDay({ seed: 7, days: DAYS, models: ["gpt-4o", "claude-3-5-sonnet"], perDay: 480, depth: 0 });
    const rand = mulberry32(4711);
    // A privacy event without consent about once every two hours all along, and a wave of about
    // one a minute for an hour on day three; patched reports throughout.
    const background = arrivals(rand, () => 1 / 120, 1 / 120, 0, DAYS * 24 * 60);
    const wave = arrivals(rand, () => 1, 1, 3300, 3360);
    const patched = arrivals(rand, () => 1 / 30, 1 / 30, 0, DAYS * 24 * 60);
    const events = [
      ...day.events,
      ...[...background, ...wave].map((m) => privacy(m, false)),
      ...patched.map((m) => vulnerability(m, "patched")),
    ];
    const analysis = analyzeIncidents(events);
    expect(analysis.series.some((s) => s.signal === "vulnerabilities")).toBe(false);
    const found = analysis.incidents.filter((i) => i.signals.includes("privacy_violations"));
    expect(found).toHaveLength(1);
    const security = found[0]!.impact.security_impact;
    expect(security?.data_at_risk).toBe(true);
    expect(security?.compliance_violations).toBe(0);
    expect(security?.vulnerabilities_exposed).toBe(0);
    expect(found[0]!.impact.severity).toBe("critical");
  });
});
