/*
 * Which anomalies become incidents, and which incidents are reported (analyzeIncidents'
 * grouping stage): one upstream degrading several models is one incident; two independent
 * incidents stay two; a size series whose own requests do not carry a rise is no evidence; a
 * burst of findings is an incident in one window when its count is beyond doubt. Expected
 * outcomes come from the generators' ground truth (injected faults, event labels) or from
 * Poisson sums computed outside the code under test, never from running the analysis.
 */
import { describe, expect, it } from "vitest";
import { type DaySpec, type Fault, generateDay } from "../../eval/heldout/day.js";
import { heldoutSuite } from "../../eval/heldout/suite.js";
import {
  hostKey,
  newUpstream,
  providerKey,
  sameCaller,
  sameProvider,
} from "../../src/correlation/incidents/upstream.js";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { analyzeDay, day as baseDay, START, tenant } from "../eval-heldout/specs.js";
import { event, latency, threat } from "./helpers.js";

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** A four-hour day of 8,000 calls without traffic bursts, so only the injected faults change anything. */
const day = (partial: Partial<DaySpec> & Pick<DaySpec, "tenants">): DaySpec =>
  baseDay({ spanMs: 4 * HOUR, calls: 8000, diurnal: 0.1, burstsPerHour: 0, burstMax: 1, ...partial });

const ONSET = START + 2 * HOUR + 7 * MINUTE + 13_000;

describe("upstream identity (upstream.ts)", () => {
  it("spells a provider one way whichever producer named it", () => {
    // OTel GenAI well-known values; OpenLLMetry's capitalised gen_ai.system; the Vercel AI SDK's
    // <provider>.<api>; LiteLLM's model-id prefixes (docs.litellm.ai/docs/providers).
    expect(providerKey("openai")).toBe("openai");
    expect(providerKey("OpenAI")).toBe("openai");
    expect(providerKey("openai.chat")).toBe("openai");
    expect(providerKey("aws.bedrock")).toBe("aws.bedrock");
    expect(providerKey("bedrock")).toBe("aws.bedrock");
    expect(providerKey("vertex_ai")).toBe("gcp.vertex_ai");
    expect(providerKey("gcp.vertex_ai")).toBe("gcp.vertex_ai");
    expect(providerKey("mistral")).toBe("mistral_ai");
    expect(providerKey("azure")).toBe("azure.ai.openai");
    expect(hostKey("https://api.openai.com:443/v1")).toBe("api.openai.com");
    expect(hostKey("api.openai.com")).toBe("api.openai.com");
  });

  it("takes the host as the better witness when both models name one", () => {
    const a = newUpstream("gpt-4o");
    a.providers.add("openai");
    a.hosts.add("vllm.internal");
    const b = newUpstream("gpt-4o-mini");
    b.providers.add("openai");
    b.hosts.add("api.openai.com");
    // An OpenAI-compatible client reports `openai` for any server: different hosts, different upstreams.
    expect(sameProvider(a, b)).toBe(false);
    b.hosts.add("vllm.internal");
    expect(sameProvider(a, b)).toBe(true);
    // LiteLLM ids name their provider before the slash when no event names one.
    expect(sameProvider(newUpstream("openai/gpt-4o"), newUpstream("openai/o1-mini"))).toBe(true);
    expect(sameProvider(newUpstream("openai/gpt-4o"), newUpstream("anthropic/claude-3-5-haiku"))).toBe(false);
    const c = newUpstream("x");
    c.callers.add("checkout");
    const d = newUpstream("y");
    expect(sameCaller(c, d)).toBe(false);
    d.callers.add("checkout");
    expect(sameCaller(c, d)).toBe(true);
  });
});

describe("analyzeIncidents: one upstream, several models", { timeout: 120_000 }, () => {
  const models = ["gpt-4o-mini", "gpt-4o", "claude-3-5-haiku-20241022", "gemini-2.0-flash-001"];
  const spike = (model: string, onsetMs: number): Fault => ({
    kind: "latency_spike",
    tenant: "a",
    model,
    onsetMs,
    durationMs: 25 * MINUTE,
    magnitude: 4,
    fraction: 0.85,
    followOn: false,
  });

  it("reports a provider degrading two of its models minutes apart as one incident rooted in the first", () => {
    const fault: Fault = {
      kind: "upstream_cascade",
      tenant: "a",
      model: "gpt-4o-mini",
      onsetMs: ONSET,
      durationMs: 25 * MINUTE,
      magnitude: 4,
      fraction: 0.85,
      followOn: true,
      leads: "latency",
      cascade: [{ model: "gpt-4o", delayMs: 4 * MINUTE }],
    };
    const spec = day({ seed: 41, tenants: [tenant({ id: "a", instrumentation: "otel", models })], faults: [fault] });
    const { analysis, outcome } = analyzeDay(spec);
    expect(outcome.truths[0]?.found).toBe(true);
    expect(outcome.truths[0]?.rootWhy).toBe("ok");
    // Both OpenAI models are in the one incident; nothing else is reported.
    expect(outcome.falseIncidents).toBe(0);
    expect(analysis.incidents).toHaveLength(1);
    expect(analysis.incidents[0]!.models).toEqual(expect.arrayContaining(["gpt-4o", "gpt-4o-mini"]));
  });

  it("keeps two simultaneous latency spikes on models of different providers apart", () => {
    const spec = day({
      seed: 43,
      tenants: [tenant({ id: "a", instrumentation: "otel", models })],
      faults: [spike("gpt-4o", ONSET), spike("claude-3-5-haiku-20241022", ONSET + 3 * MINUTE)],
    });
    const { analysis, outcome } = analyzeDay(spec);
    expect(outcome.truths.map((t) => t.found)).toEqual([true, true]);
    expect(analysis.incidents).toHaveLength(2);
    expect(analysis.incidents.map((i) => i.models).sort()).toEqual([["claude-3-5-haiku-20241022"], ["gpt-4o"]]);
  });

  it("keeps a latency spike and an error burst on two models of one provider apart (they lead with different symptoms)", () => {
    // LiteLLM names both models openai/…: one provider by the id prefix.
    const spec = day({
      seed: 47,
      tenants: [tenant({ id: "a", instrumentation: "litellm", models })],
      faults: [
        spike("gpt-4o", ONSET),
        {
          kind: "error_burst",
          tenant: "a",
          model: "gpt-4o-mini",
          onsetMs: ONSET + 2 * MINUTE,
          durationMs: 20 * MINUTE,
          magnitude: 0.4,
          fraction: 1,
          followOn: false,
        },
      ],
    });
    const { analysis, outcome } = analyzeDay(spec);
    expect(outcome.truths.map((t) => t.found)).toEqual([true, true]);
    expect(analysis.incidents).toHaveLength(2);
  });

  // Two independent faults of one kind on two models of one provider: the same leading symptom,
  // the same provider and host, first anomalous windows within the clustering gap — only their
  // timing tells them from one upstream fault. Onsets six to eight minutes apart (more than two
  // minutes of clock skew plus the series' dating resolution) and recoveries twenty minutes apart.
  it("keeps two independent latency spikes on two OpenAI models apart (onsets 6 min apart, different recoveries)", () => {
    const spec = day({
      seed: 61,
      tenants: [tenant({ id: "a", instrumentation: "otel", models })],
      faults: [
        spike("gpt-4o", ONSET),
        { ...spike("gpt-4o-mini", ONSET + 6 * MINUTE), durationMs: 45 * MINUTE, magnitude: 3 },
      ],
    });
    const { analysis, outcome } = analyzeDay(spec);
    // OTel spans name the provider (gen_ai.provider.name) and one host (server.address) for both.
    expect(outcome.truths.map((t) => t.found)).toEqual([true, true]);
    expect(outcome.truths.map((t) => t.rootWhy)).toEqual(["ok", "ok"]);
    expect(analysis.incidents.map((i) => i.models).sort()).toEqual([["gpt-4o"], ["gpt-4o-mini"]]);
  });

  it("keeps two independent error bursts on two LiteLLM openai/… models apart (onsets 8 min apart)", () => {
    const burst = (model: string, onsetMs: number, minutes: number, magnitude: number): Fault => ({
      kind: "error_burst",
      tenant: "a",
      model,
      onsetMs,
      durationMs: minutes * MINUTE,
      magnitude,
      fraction: 0.85,
      followOn: false,
    });
    const spec = day({
      seed: 73,
      tenants: [tenant({ id: "a", instrumentation: "litellm", models })],
      faults: [burst("gpt-4o", ONSET, 25, 0.4), burst("gpt-4o-mini", ONSET + 8 * MINUTE, 45, 0.3)],
    });
    const { analysis, outcome } = analyzeDay(spec);
    expect(outcome.truths.map((t) => t.found)).toEqual([true, true]);
    expect(outcome.truths.map((t) => t.rootWhy)).toEqual(["ok", "ok"]);
    expect(analysis.incidents.map((i) => i.models).sort()).toEqual([["openai/gpt-4o"], ["openai/gpt-4o-mini"]]);
  });

  it("keeps an upstream cascade over three models one incident: onsets 4 and 8 min apart, one recovery", () => {
    // The held-out generator's cascade: the provider's other model, then a model of another
    // provider the same service calls, each failing from its delay on until the one recovery.
    const fault: Fault = {
      kind: "upstream_cascade",
      tenant: "a",
      model: "gpt-4o-mini",
      onsetMs: ONSET,
      durationMs: 25 * MINUTE,
      magnitude: 4,
      fraction: 0.85,
      followOn: true,
      leads: "errors",
      cascade: [
        { model: "gpt-4o", delayMs: 4 * MINUTE },
        { model: "gemini-2.0-flash-001", delayMs: 8 * MINUTE },
      ],
    };
    const spec = day({ seed: 104, tenants: [tenant({ id: "a", instrumentation: "otel", models })], faults: [fault] });
    const { analysis, outcome } = analyzeDay(spec);
    expect(outcome.truths[0]?.found).toBe(true);
    expect(outcome.truths[0]?.rootWhy).toBe("ok");
    expect(outcome.falseIncidents).toBe(0);
    expect(analysis.incidents).toHaveLength(1);
    expect(analysis.incidents[0]!.models).toEqual(["gemini-2.0-flash-001", "gpt-4o", "gpt-4o-mini"]);
  });
});

describe("analyzeIncidents: findings aimed at one model", { timeout: 120_000 }, () => {
  const models = ["gpt-4o-mini", "anthropic.claude-3-haiku-20240307-v1:0"];

  it("keeps a threat burst on one model apart from a latency spike on another (held-out day 30's shape)", () => {
    // Six hours of 2,500 calls: ten-minute windows, where a burst of a few threats a minute shows.
    const spec = day({
      spanMs: 6 * HOUR,
      calls: 2500,
      seed: 53,
      tenants: [tenant({ id: "a", instrumentation: "otel", models })],
      faults: [
        {
          kind: "attack_wave",
          tenant: "a",
          model: "anthropic.claude-3-haiku-20240307-v1:0",
          onsetMs: ONSET,
          durationMs: 28 * MINUTE,
          magnitude: 30,
          fraction: 1,
          followOn: false,
        },
        {
          kind: "latency_spike",
          tenant: "a",
          model: "gpt-4o-mini",
          onsetMs: ONSET + 7 * MINUTE,
          durationMs: 40 * MINUTE,
          magnitude: 4,
          fraction: 0.85,
          followOn: false,
        },
      ],
    });
    const { analysis, outcome } = analyzeDay(spec);
    expect(outcome.truths.map((t) => t.found)).toEqual([true, true]);
    expect(outcome.truths.map((t) => t.rootWhy)).toEqual(["ok", "ok"]);
    const attack = analysis.incidents.find((i) =>
      i.series.some((x) => x.role === "root_cause" && x.series_id === "threats"),
    );
    expect(attack).toBeDefined();
    expect(attack!.models).not.toContain("gpt-4o-mini");
  });

  // Hand-built: threats every 20 minutes, then a burst of 12 in 10 minutes naming `target`, while
  // model m's latency rises from ~900 ms to ~4 s from the same window on.
  function burstAndSpike(target: string): AnalyticsEvent[] {
    const out: AnalyticsEvent[] = [];
    let id = 1;
    const payload = {
      ...threat("prompt_injection"),
      data: { ...threat("prompt_injection").data, target_resource: target },
    };
    for (let m = 0; m < 240; m += 20)
      out.push(event({ id: id++, minute: m + 3, module: "llm-sentinel", payload: payload as never }));
    for (let k = 0; k < 12; k++)
      out.push(event({ id: id++, minute: 240 + k * 0.8, module: "llm-sentinel", payload: payload as never }));
    for (let m = 0; m < 300; m++) {
      const slow = m >= 242 && m < 280;
      for (const model of ["m", "n"])
        out.push(
          event({
            id: id++,
            minute: m + 0.25 + (model === "n" ? 0.5 : 0),
            module: "llm-observatory",
            payload: latency(model, (slow && model === "m" ? 4000 : 900) + ((m * 37) % 200)),
          }),
        );
    }
    return out;
  }

  it("joins a threat burst to the latency spike of the model it names, and only that one", () => {
    const named = analyzeIncidents(burstAndSpike("model:m"), { windowMs: 10 * MINUTE });
    expect(named.incidents).toHaveLength(1);
    expect(named.incidents[0]!.signals).toEqual(expect.arrayContaining(["threats", "latency_p95"]));
    const other = analyzeIncidents(burstAndSpike("model:n"), { windowMs: 10 * MINUTE });
    expect(other.incidents).toHaveLength(2);
    // A target that names no model (an endpoint) leaves the relation table to decide, as before.
    const endpoint = analyzeIncidents(burstAndSpike("chat-api"), { windowMs: 10 * MINUTE });
    expect(endpoint.incidents).toHaveLength(1);
  });
});

describe("analyzeIncidents: evidence for an incident", { timeout: 120_000 }, () => {
  it("reports nothing on a noisy incident-free day whose quiet models see a few large or slow requests (held-out day 48)", () => {
    const spec = heldoutSuite()[47] as DaySpec;
    expect(spec.label).toBe("incident_free_noisy");
    const analysis = analyzeIncidents(generateDay(spec).events);
    expect(analysis.incidents).toEqual([]);
  });

  it("reports nothing on a noisy day where one model's latency rests on three requests (held-out day 47)", () => {
    const spec = heldoutSuite()[46] as DaySpec;
    expect(spec.label).toBe("incident_free_noisy");
    const analysis = analyzeIncidents(generateDay(spec).events);
    expect(analysis.incidents).toEqual([]);
  });

  // Global threat events, 10-minute windows: 24 windows of the pattern below (30 threats, 1.25 a
  // window), then the burst window, then 12 more ordinary windows.
  const PATTERN = [1, 2, 1, 1, 2, 1, 1, 1, 2, 1, 1, 2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 2, 1, 1];
  function threats(burst: number, base: readonly number[]): AnalyticsEvent[] {
    const counts = [...base, burst, ...base.slice(0, 12)];
    const out: AnalyticsEvent[] = [];
    let id = 1;
    counts.forEach((n, w) => {
      for (let k = 0; k < n; k++) {
        out.push(
          event({
            id: id++,
            minute: w * 10 + (10 * (k + 0.5)) / n,
            module: "llm-sentinel",
            payload: threat("prompt_injection"),
          }),
        );
      }
    });
    // Ordinary requests every minute over the whole span, so the capture covers every window.
    for (let m = 0; m < counts.length * 10; m++)
      out.push(
        event({ id: id++, minute: m + 0.25, module: "llm-observatory", payload: latency("m", 900 + ((m * 37) % 200)) }),
      );
    return out;
  }

  it("opens an incident on one window of 14 threats against 1.25 a window", () => {
    expect(PATTERN.reduce((a, b) => a + b, 0)).toBe(30);
    // Outside reference (Poisson sums in Python's math module, see docs/correlation.md): the
    // upper 99.9 % Garwood bound of 30 events in 24 windows is 2.128 a window, and
    // P(Poisson(2.128) ≥ 14) = 6.2e-8, z 5.29 ≥ 5.
    const analysis = analyzeIncidents(threats(14, PATTERN), { windowMs: 10 * MINUTE });
    expect(analysis.incidents).toHaveLength(1);
    expect(analysis.incidents[0]!.signals).toEqual(["threats"]);
    expect(analysis.incidents[0]!.start >= "2025-06-03T18:00:00").toBe(true);
  });

  it("opens none on four threats after 24 empty windows", () => {
    // Garwood's bound of 0 events in 24 windows is 0.288 a window; P(Poisson(0.288) ≥ 4) = 2.3e-4, z 3.5.
    const analysis = analyzeIncidents(
      threats(
        4,
        PATTERN.map(() => 0),
      ),
      { windowMs: 10 * MINUTE },
    );
    expect(analysis.incidents).toEqual([]);
  });
});

describe("analyzeIncidents: one model id, two deployments (held-out day 27's shape)", { timeout: 120_000 }, () => {
  // Two tenants call gpt-4o: one through SDK callbacks from environment "prod", the other
  // through OpenTelemetry spans (no deployment.environment, so the importer's "unknown", and
  // service.name "globex-api"). A token explosion on one and a latency spike on the other, eight
  // minutes apart: pooled into one series each change is diluted by the other tenant's traffic.
  const tenants = [
    tenant({ id: "acme", instrumentation: "sdk", models: ["gpt-4o"], environment: "prod", share: 0.6 }),
    tenant({ id: "globex", instrumentation: "otel", models: ["gpt-4o"], environment: "", share: 0.4 }),
  ];
  const faults: Fault[] = [
    {
      kind: "latency_spike",
      tenant: "globex",
      model: "gpt-4o",
      onsetMs: ONSET,
      durationMs: 25 * MINUTE,
      magnitude: 3.7,
      fraction: 0.75,
      followOn: false,
    },
    {
      kind: "token_explosion",
      tenant: "acme",
      model: "gpt-4o",
      onsetMs: ONSET + 8 * MINUTE,
      durationMs: 27 * MINUTE,
      magnitude: 11,
      fraction: 0.8,
      followOn: false,
    },
  ];

  it("keeps the model's series per deployment and finds both incidents", () => {
    const { analysis, outcome } = analyzeDay(day({ seed: 27, tenants, faults }));
    expect(outcome.truths.map((t) => t.found)).toEqual([true, true]);
    expect(outcome.falseIncidents).toBe(0);
    expect(analysis.incidents).toHaveLength(2);
    // Both incidents are about the model id; their series name the deployment.
    for (const incident of analysis.incidents) expect(incident.models).toEqual(["gpt-4o"]);
    const latency = analysis.series.find((s) => s.signal === "latency_p95" && s.deployment?.environment === "unknown");
    expect(latency?.series_id).toBe("latency_p95{model_id=gpt-4o,environment=unknown,service_name=globex-api}");
    expect(latency?.deployment).toEqual({ environment: "unknown", service_name: "globex-api" });
    const tokens = analysis.series.find((s) => s.signal === "token_usage" && s.deployment?.environment === "prod");
    expect(tokens?.series_id).toBe("token_usage{model_id=gpt-4o,environment=prod}");
  });

  it("pools a model's deployments when only one of them has enough requests", () => {
    // The second tenant sends a handful of requests over the day: fewer than 2 × minHistory.
    const spec = day({
      seed: 29,
      calls: 2000,
      tenants: [
        { ...tenants[0]!, share: 0.997 },
        { ...tenants[1]!, share: 0.003 },
      ],
      faults: [],
    });
    const analysis = analyzeIncidents(generateDay(spec).events, { minHistory: 6 });
    const globex = generateDay(spec).events.filter((e) => e.tags?.["service.name"] === "globex-api").length;
    expect(globex).toBeGreaterThan(0);
    const latency = analysis.series.filter((s) => s.signal === "latency_p95");
    expect(latency.map((s) => s.series_id)).toEqual(["latency_p95{model_id=gpt-4o}"]);
    expect(latency[0]!.deployment).toBeNull();
  });
});
