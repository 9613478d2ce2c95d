/*
 * A scenario day for the report tests, written here as raw wire JSON (not through the library's
 * builders, and unlike the demo's generator): a few models with steady traffic (latency,
 * token_usage or token_cost, per-minute error_rate windows), security noise, every severity left
 * at "info" as many emitters do; optionally one incident: a model's latency rises fivefold, then
 * its failures, then its spend (retries), and a budget alert fires. Random draws come from the
 * CLI's seeded xoshiro128** (only the numbers; the shapes and rules here are this file's own).
 */
import { seededRandom } from "../../src/cli/random.js";

export interface ScenarioOptions {
  readonly seed: number;
  /** Start, epoch ms (default 2025-07-14T00:00:00Z). */
  readonly startMs?: number;
  readonly hours: number;
  /** Requests per model per minute. */
  readonly perMinute: number;
  readonly models: readonly { readonly id: string; readonly medianMs: number; readonly usdPerToken: number }[];
  /** The incident, if any: which model, and its onset in minutes from the start. */
  readonly incident?: { readonly model: string; readonly onsetMinute: number; readonly minutes: number };
  /** Models that report tokens in token_usage telemetry (others only through token_cost). */
  readonly usageModels?: readonly string[];
}

export interface Scenario {
  readonly lines: string[];
  /** The incident's truth: the first slow request of the degraded model, and the onset. */
  readonly truth?: { readonly model: string; readonly onsetMs: number; readonly firstSlowEventId: string };
}

const MINUTE = 60_000;

export function scenarioDay(options: ScenarioOptions): Scenario {
  const rng = seededRandom(options.seed, 19);
  const random = (): number => rng.uniform();
  const start = options.startMs ?? Date.UTC(2025, 6, 14);
  const end = start + options.hours * 3_600_000;
  const records: { t: number; json: Record<string, unknown> }[] = [];
  let counter = 0;
  const uuid = (): string => {
    counter++;
    const hex = (n: number, w: number) => Math.floor(n).toString(16).padStart(w, "0").slice(-w);
    return `${hex(options.seed, 8)}-${hex(counter >>> 16, 4)}-4${hex(counter & 0xfff, 3)}-a${hex(random() * 0xfff, 3)}-${hex(random() * 0xffffff, 6)}${hex(counter, 6)}`;
  };
  const iso = (t: number): string => new Date(Math.round(t)).toISOString();
  const push = (
    t: number,
    module: string,
    type: string,
    payload: Record<string, unknown>,
    tags: Record<string, string> = {},
  ) => {
    const id = uuid();
    records.push({
      t,
      json: {
        event_id: id,
        timestamp: iso(t),
        source_module: module,
        event_type: type,
        schema_version: "1.0.0",
        severity: "info",
        environment: "prod-eu",
        tags,
        payload,
      },
    });
    return id;
  };
  const normal = (): number => rng.normal();
  const usage = new Set(options.usageModels ?? []);
  let truth: Scenario["truth"];
  const inc = options.incident;
  const onset = inc === undefined ? Number.POSITIVE_INFINITY : start + inc.onsetMinute * MINUTE;
  const incEnd = inc === undefined ? Number.NEGATIVE_INFINITY : onset + inc.minutes * MINUTE;

  for (const model of options.models) {
    const degraded = inc?.model === model.id;
    let failedInMinute = 0;
    let totalInMinute = 0;
    let minuteStart = start;
    let spendWindow = 0;
    let alerted = false;
    for (
      let t = start + random() * (MINUTE / options.perMinute);
      t < end;
      t += (MINUTE / options.perMinute) * (0.5 + random())
    ) {
      while (t >= minuteStart + MINUTE) {
        // Error-rate window closes: one event per model per minute.
        push(minuteStart + MINUTE, "llm-observatory", "telemetry", {
          payload_type: "telemetry",
          data: {
            telemetry_type: "error_rate",
            model_id: model.id,
            total_requests: totalInMinute,
            failed_requests: failedInMinute,
            error_rate_percent: totalInMinute === 0 ? 0 : (100 * failedInMinute) / totalInMinute,
            error_breakdown: failedInMinute > 0 ? { timeout: failedInMinute } : {},
            window_duration_seconds: 60,
          },
        });
        failedInMinute = 0;
        totalInMinute = 0;
        minuteStart += MINUTE;
      }
      const during = degraded && t >= onset && t < incEnd;
      const slow = during ? 5 : 1;
      const latency = model.medianMs * slow * Math.exp(0.3 * normal());
      const failed = random() < (during && t >= onset + 3 * MINUTE ? 0.3 : 0.01);
      totalInMinute++;
      if (failed) failedInMinute++;
      const requestId = `req-${counter}`;
      const done = t + latency;
      const id = push(
        done,
        "llm-observatory",
        "telemetry",
        {
          payload_type: "telemetry",
          data: {
            telemetry_type: "latency",
            model_id: model.id,
            request_id: requestId,
            total_latency_ms: Math.round(latency * 10) / 10,
          },
        },
        failed ? { "http.status_code": "504" } : { "http.status_code": "200" },
      );
      if (during && truth === undefined) truth = { model: model.id, onsetMs: onset, firstSlowEventId: id };
      if (failed) continue;
      // Retries during the incident make prompts three times longer.
      const tokens = Math.round((during && t >= onset + 6 * MINUTE ? 3 : 1) * (600 + 400 * random()));
      if (usage.has(model.id)) {
        push(done + 5, "llm-observatory", "telemetry", {
          payload_type: "telemetry",
          data: {
            telemetry_type: "token_usage",
            model_id: model.id,
            request_id: requestId,
            prompt_tokens: tokens - 100,
            completion_tokens: 100,
            total_tokens: tokens,
          },
        });
      }
      const usd = Math.round(tokens * model.usdPerToken * 1e8) / 1e8;
      push(done + 200, "llm-cost-ops", "cost", {
        payload_type: "cost",
        data: {
          cost_type: "token_cost",
          model_id: model.id,
          request_id: requestId,
          prompt_tokens: tokens - 100,
          completion_tokens: 100,
          total_tokens: tokens,
          cost_per_prompt_token: model.usdPerToken,
          cost_per_completion_token: model.usdPerToken,
          total_cost_usd: usd,
          currency: "USD",
        },
      });
      if (during) {
        spendWindow += usd;
        if (!alerted && t >= onset + 10 * MINUTE) {
          alerted = true;
          push(done + 300, "llm-cost-ops", "cost", {
            payload_type: "cost",
            data: {
              cost_type: "budget_alert",
              budget_id: `budget-${model.id}`,
              budget_name: `${model.id} hourly`,
              budget_limit_usd: Math.round(spendWindow * 100) / 100 + 1,
              current_spend_usd: Math.round(spendWindow * 100) / 100,
              threshold_percent: 80,
              alert_type: "warning",
            },
          });
        }
      }
    }
  }
  // Security noise: a failed login now and then.
  for (let t = start + 7 * MINUTE; t < end; t += 13 * MINUTE * (0.5 + random())) {
    push(t, "llm-sentinel", "security", {
      payload_type: "security",
      data: {
        security_type: "auth",
        user_id: `user-${Math.floor(random() * 50)}`,
        action: "login",
        resource: "/v1/chat",
        ...(random() < 0.7 ? { success: true } : { success: false, failure_reason: "invalid_credentials" }),
      },
    });
  }
  records.sort((a, b) => a.t - b.t);
  return { lines: records.map((r) => JSON.stringify(r.json)), ...(truth === undefined ? {} : { truth }) };
}
