/*
 * Hand-built days for the traffic-exposure tests: requests whose rate follows a daily curve,
 * governance and security events that follow it or keep their own pace, and a throughput
 * collapse. A small deterministic generator of its own (mulberry32, Poisson arrivals by
 * thinning), sharing no code with the evaluation suites' generators.
 */
import { AnalyticsEvent } from "../../src/events/index.js";
import { mulberry32 } from "../prng.js";
import { at, deepFreeze, event, policyViolation, threat, uuidOf } from "./helpers.js";
import { poissonEach } from "./traffic.js";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** A daily curve, 1 on average: a trough of 1 − depth at `troughHour` and a peak of 1 + depth twelve hours later. */
export function daily(minute: number, depth = 0.8, troughHour = 4): number {
  return 1 - depth * Math.cos((2 * Math.PI * (minute / 60 - troughHour)) / 24);
}

/**
 * Arrival minutes of a Poisson process with rate `perMinute(m)` on [from, to) (minutes), by
 * thinning a process at rate `max` (Lewis and Shedler 1979).
 */
export function arrivals(
  rand: () => number,
  perMinute: (m: number) => number,
  max: number,
  from: number,
  to: number,
): number[] {
  const out: number[] = [];
  poissonEach(rand, max, { from, to }, (m) => {
    if (rand() * max < perMinute(m)) out.push(m);
  });
  return out;
}

export interface TrafficDay {
  readonly events: AnalyticsEvent[];
  /** Minutes of each request per model. */
  readonly requests: Map<string, number[]>;
}

/**
 * `days` days of requests (latency events) on `models`, each at `perDay` requests a day on
 * average following the daily curve; `extra` adds events at given minutes (policy violations,
 * threats).
 */
export function trafficDay(options: {
  readonly seed: number;
  readonly days: number;
  readonly models: readonly string[];
  readonly perDay: number;
  /** A model's rate multiplier at a minute (a collapse); 1 by default. */
  readonly factor?: (model: string, minute: number) => number;
  /** A model's environment (its tenant's deployment); "production" by default. */
  readonly environment?: (model: string) => string;
  /** The hour of a model's daily trough (its tenant's time zone); 4 by default. */
  readonly troughHour?: (model: string) => number;
  /** The daily curve's depth (its trough is 1 − depth, its peak 1 + depth); 0.8 by default. */
  readonly depth?: number;
}): TrafficDay {
  const rand = mulberry32(options.seed);
  const span = options.days * 24 * 60;
  const events: AnalyticsEvent[] = [];
  const requests = new Map<string, number[]>();
  let id = 1;
  for (const model of options.models) {
    const base = options.perDay / (24 * 60);
    const trough = options.troughHour?.(model) ?? 4;
    const rate = (m: number) => base * daily(m, options.depth ?? 0.8, trough) * (options.factor?.(model, m) ?? 1);
    const minutes = arrivals(rand, rate, base * 2, 0, span);
    requests.set(model, minutes);
    for (const minute of minutes) {
      const ms = 300 + 400 * rand();
      events.push(
        deepFreeze(
          AnalyticsEvent.parse({
            event_id: uuidOf(id++),
            timestamp: at(minute),
            source_module: "llm-observatory",
            event_type: "telemetry",
            severity: "info",
            environment: options.environment?.(model) ?? "production",
            payload: {
              payload_type: "telemetry",
              data: { telemetry_type: "latency", model_id: model, request_id: `req-${id}`, total_latency_ms: ms },
            },
          }),
        ),
      );
    }
  }
  return { events, requests };
}

let extraId = 1_000_000;
/** Policy violations at the given minutes. */
export function violations(minutes: readonly number[]): AnalyticsEvent[] {
  return minutes.map((minute) =>
    event({ id: extraId++, minute, module: "llm-governance-dashboard", payload: policyViolation("PII filter") }),
  );
}
/** Threats at the given minutes. */
export function threats(minutes: readonly number[]): AnalyticsEvent[] {
  return minutes.map((minute) =>
    event({ id: extraId++, minute, module: "llm-sentinel", payload: threat("prompt_injection") }),
  );
}
