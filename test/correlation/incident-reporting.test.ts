/*
 * Which clusters become incidents and how clusters of several models join, on days from the
 * held-out generator (eval/heldout/day.ts), with expectations from what was injected: the shapes
 * behind the false incidents of unseen held-out draws (`--seed 5151`, `--seed 991`; the table in
 * docs/correlation.md, "Which clusters are incidents").
 */
import { describe, expect, it } from "vitest";
import type { Fault } from "../../eval/heldout/day.js";
import { analyzeDay, day, START, tenant } from "../eval-heldout/specs.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const ONSET = START + 100 * MINUTE;

describe("analyzeIncidents: a cascade through one deployment's gateway", { timeout: 120_000 }, () => {
  // Three models of three providers behind one LiteLLM proxy (or one SDK-wrapped service): the
  // events name the provider of each model (api_base per provider) and no calling service, so
  // nothing but the deployment (`environment`) and the timing ties them. One fault of the gateway
  // starts the models minutes apart and ends them together.
  const models = ["gpt-4o-mini", "claude-3-5-haiku-20241022", "gemini-2.0-flash-001", "mistral-small-latest"];
  const cascade = (leads: "latency" | "errors"): Fault => ({
    kind: "upstream_cascade",
    tenant: "a",
    model: "gpt-4o-mini",
    onsetMs: ONSET,
    durationMs: 30 * MINUTE,
    magnitude: 4,
    fraction: 0.9,
    followOn: true,
    leads,
    cascade: [
      { model: "claude-3-5-haiku-20241022", delayMs: 4 * MINUTE },
      { model: "gemini-2.0-flash-001", delayMs: 9 * MINUTE },
    ],
  });

  for (const instrumentation of ["litellm", "sdk"] as const)
    for (const leads of ["errors", "latency"] as const)
      it(`reports ${leads === "errors" ? "an error" : "a latency"} cascade over three providers' models through one ${instrumentation} deployment as one incident`, () => {
        const spec = day({
          seed: 211,
          calls: 6000,
          tenants: [tenant({ id: "a", instrumentation, models })],
          faults: [cascade(leads)],
        });
        const { analysis, outcome } = analyzeDay(spec);
        expect(outcome.truths[0]?.found).toBe(true);
        expect(outcome.truths[0]?.rootWhy).toBe("ok");
        expect(outcome.falseIncidents).toBe(0);
        expect(analysis.incidents).toHaveLength(1);
        // The three degraded models, by the ids this producer reports (LiteLLM prefixes a provider).
        const names = analysis.incidents[0]!.models.map((m) => m.slice(m.indexOf("/") + 1)).sort();
        expect(names).toEqual(["claude-3-5-haiku-20241022", "gemini-2.0-flash-001", "gpt-4o-mini"]);
      });

  it("keeps two simultaneous spikes on two models of one LiteLLM deployment apart (two models are no cascade)", () => {
    const spike = (model: string, onsetMs: number): Fault => ({
      kind: "latency_spike",
      tenant: "a",
      model,
      onsetMs,
      durationMs: 25 * MINUTE,
      magnitude: 4,
      fraction: 0.9,
      followOn: false,
    });
    const spec = day({
      seed: 223,
      calls: 6000,
      tenants: [tenant({ id: "a", instrumentation: "litellm", models })],
      faults: [spike("claude-3-5-haiku-20241022", ONSET), spike("gemini-2.0-flash-001", ONSET + 3 * MINUTE)],
    });
    const { analysis, outcome } = analyzeDay(spec);
    expect(outcome.truths.map((t) => t.found)).toEqual([true, true]);
    expect(analysis.incidents).toHaveLength(2);
  });
});

describe("analyzeIncidents: traffic that follows its own service's day", { timeout: 120_000 }, () => {
  // Held-out `--seed 5151` day 43's shape: two services whose users' days peak thirteen hours
  // apart (daily amplitude 0.45), nothing injected; one calls three busy models, the other two.
  // Against the first service's traffic (three of a model's four busy peers) the second's models
  // rise and fall over the day by ×(1.45 / 0.55) ≈ 2.6 and more with the Poisson noise on top;
  // against their own service's other model they are flat.
  it("reports nothing on a day whose two services' traffic peaks thirteen hours apart", () => {
    const spec = day({
      seed: 40302,
      startMs: Date.UTC(2025, 8, 16, 23, 6, 5),
      spanMs: 24 * HOUR,
      calls: 10_947,
      diurnal: 0.45,
      weekend: 0.88,
      burstsPerHour: 0.17,
      burstMax: 1.93,
      tenants: [
        tenant({
          id: "acme",
          instrumentation: "sdk",
          environment: "prd-eu-west-1",
          peakHourUtc: 8,
          share: 0.6,
          pods: 6,
          rollupSeconds: 300,
          prices: false,
          models: ["gemini-1.5-pro-002", "o1-mini", "gpt-4o-mini", "deepseek-chat"],
          shares: [0.594, 0.216, 0.003, 0.187],
        }),
        tenant({
          id: "globex",
          instrumentation: "otel",
          environment: "prd-eu-west-1",
          peakHourUtc: 21,
          share: 0.4,
          pods: 4,
          rollupSeconds: 300,
          severity: "emitter",
          models: [
            "mixtral-8x22b-instruct",
            "codestral-2501",
            "meta-llama/Llama-3.1-8B-Instruct",
            "amazon.nova-lite-v1:0",
          ],
          shares: [0.742, 0.252, 0.003, 0.003],
        }),
      ],
    });
    const { analysis } = analyzeDay(spec);
    expect(analysis.incidents).toEqual([]);
  });
});

describe("analyzeIncidents: a collapse against its own service's peers", { timeout: 120_000 }, () => {
  // Held-out `--seed 7373` day 20's shape: a LiteLLM proxy calling three models and an SDK service
  // calling two, four hours. A rollout moves a third of gpt-4o's traffic to deepseek-chat; five
  // minutes later gpt-4o's traffic falls to 16 % for 37 minutes (injected). Against its own
  // service's two peers (one of which took its traffic) and against every busy model, the fall
  // is a collapse: it must be found, as it was before the index looked at callers.
  it("finds a throughput collapse on a model whose service has only two other models", () => {
    const spec = day({
      seed: 53533,
      startMs: Date.UTC(2025, 8, 20, 1, 42, 22),
      spanMs: 4 * HOUR,
      calls: 1458,
      diurnal: 0.07,
      weekend: 0.68,
      burstsPerHour: 0.15,
      burstMax: 1.68,
      duplicates: 0.001,
      tenants: [
        tenant({
          id: "acme",
          instrumentation: "litellm",
          environment: "prd-eu-west-1",
          peakHourUtc: 23,
          share: 0.6,
          pods: 4,
          severity: "emitter",
          prices: false,
          agentShare: 0.26,
          models: ["gpt-4o", "deepseek-chat", "codestral-2501"],
          shares: [0.612, 0.257, 0.131],
        }),
        tenant({
          id: "globex",
          instrumentation: "sdk",
          environment: "",
          peakHourUtc: 3,
          share: 0.4,
          pods: 1,
          prices: false,
          models: ["deepseek-reasoner", "o3"],
          shares: [0.678, 0.322],
        }),
      ],
      deploys: [
        {
          atMs: Date.UTC(2025, 8, 20, 3, 32, 56),
          tenant: "acme",
          model: "gpt-4o",
          rampMs: 0,
          latency: 1.25,
          tokens: 0.83,
          shift: 0.328,
          to: "deepseek-chat",
        },
      ],
      faults: [
        {
          kind: "throughput_collapse",
          tenant: "acme",
          model: "gpt-4o",
          onsetMs: Date.UTC(2025, 8, 20, 3, 38, 20),
          durationMs: 37 * MINUTE,
          magnitude: 0.16,
          fraction: 0.97,
          followOn: true,
        },
      ],
    });
    const { outcome } = analyzeDay(spec);
    expect(outcome.truths[0]?.found).toBe(true);
    expect(outcome.falseIncidents).toBe(0);
  });
});

describe("analyzeIncidents: spend is evidence through the size of its bills", { timeout: 120_000 }, () => {
  // Held-out `--seed 991` day 20's shape: a LiteLLM proxy and an SDK service, four hours; o1-mini's
  // traffic falls to 19 % for 66 minutes (injected). Around it o1-mini's spend moves with the
  // number of its bills (fewer, then the ordinary number back), not with their size: a change of
  // traffic, which throughput judges against the other models' traffic, is no spend incident.
  it("reports no spend incident from a change in the number of a model's bills", () => {
    const spec = day({
      seed: 8859,
      startMs: Date.UTC(2025, 8, 20, 1, 45, 2),
      spanMs: 4 * HOUR,
      calls: 2056,
      diurnal: 0.21,
      weekend: 0.53,
      burstsPerHour: 0.32,
      burstMax: 1.96,
      duplicates: 0.002,
      tenants: [
        tenant({
          id: "acme",
          instrumentation: "litellm",
          environment: "prd-eu-west-1",
          peakHourUtc: 14,
          share: 0.6,
          pods: 3,
          rollupSeconds: 300,
          severity: "emitter",
          models: ["o1-mini", "mistral-small-latest", "mixtral-8x22b-instruct", "gemini-1.5-pro-002"],
          shares: [0.437, 0.213, 0.161, 0.189],
        }),
        tenant({
          id: "globex",
          instrumentation: "sdk",
          environment: "prd-eu-west-1",
          peakHourUtc: 7,
          share: 0.4,
          pods: 1,
          statusCodes: false,
          models: ["anthropic.claude-3-haiku-20240307-v1:0", "deepseek-reasoner", "gemini-2.0-flash-001", "gpt-4o"],
          shares: [0.692, 0.003, 0.165, 0.14],
        }),
      ],
      deploys: [
        {
          atMs: Date.UTC(2025, 8, 20, 4, 48, 26),
          tenant: "acme",
          model: "mixtral-8x22b-instruct",
          rampMs: 0,
          latency: 1.25,
          tokens: 1.11,
          shift: 0.157,
          to: "mistral-small-latest",
        },
      ],
      faults: [
        {
          kind: "throughput_collapse",
          tenant: "acme",
          model: "o1-mini",
          onsetMs: Date.UTC(2025, 8, 20, 3, 4, 20),
          durationMs: 66 * MINUTE,
          magnitude: 0.19,
          fraction: 0.72,
          followOn: true,
        },
      ],
    });
    const { analysis, outcome } = analyzeDay(spec);
    expect(outcome.falseIncidents).toBe(0);
    expect(analysis.incidents.flatMap((i) => i.signals)).not.toContain("cost");
  });
});
