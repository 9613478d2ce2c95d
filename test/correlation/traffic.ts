/*
 * The seeded traffic of the hand-built test days, written once: the arrivals of a Poisson process
 * by exponential gaps, and the token bill a cost exporter writes for a request. A small generator
 * of the tests' own (uniforms from test/prng.ts `mulberry32`), sharing no code with the
 * evaluation suites' generators. traffic-days.ts `arrivals` thins this process (Lewis and
 * Shedler 1979).
 */
import { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { at, deepFreeze, event, latency, uuidOf } from "./helpers.js";

/**
 * Calls `each` at every arrival of a Poisson process of `perMinute` on [from, to) (minutes), in
 * time order: the gaps are exponential, −ln(1 − u) / rate of a uniform u from `rand`. `each` may
 * draw from `rand` too; its draws come between the gaps' (the days of the tests written before
 * this helper drew in that order, so a seed still gives the same day).
 */
export function poissonEach(
  rand: () => number,
  perMinute: number,
  span: { readonly from: number; readonly to: number },
  each: (minute: number) => void,
): void {
  for (let m = span.from; ; ) {
    m += -Math.log(1 - rand()) / perMinute;
    if (m >= span.to) return;
    each(m);
  }
}

/** The busy model at 6 a minute among three at 1: the median model sets 10- or 15-minute windows (`chooseWindowMs`, 10 a window). */
export const MODELS = [
  { id: "gpt-4o", perMinute: 6 },
  { id: "claude-3-5-sonnet", perMinute: 1 },
  { id: "gemini-2.0-flash", perMinute: 1 },
  { id: "mistral-large", perMinute: 1 },
];
export const BUSY = "gpt-4o";

/**
 * 8 hours of Poisson requests (one latency event each); `BUSY` sends none over [stopFrom, stopTo) minutes
 * (long-silence.test.ts, hard-stop-confidence.test.ts).
 */
export function poissonDay(seed: number, stopFrom = Number.POSITIVE_INFINITY, stopTo = Number.POSITIVE_INFINITY) {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  let id = 1;
  for (const m of MODELS)
    poissonEach(rand, m.perMinute, { from: 0, to: 480 }, (t) => {
      const ms = 600 + 800 * rand();
      if (m.id === BUSY && t >= stopFrom && t < stopTo) return;
      events.push(event({ id, minute: t, module: "llm-observatory", payload: latency(m.id, ms, `r${id}`) }));
      id++;
    });
  return events.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
}

/** The event id of `BUSY`'s last request before minute `stop` on `poissonDay(seed)`. */
export function lastBefore(seed: number, stop: number): string | undefined {
  const before = poissonDay(seed).filter(
    (e) => Date.parse(e.timestamp) < Date.parse(at(stop)) && JSON.stringify(e.payload).includes(`"${BUSY}"`),
  );
  return before[before.length - 1]?.event_id;
}

/** A request's token bill (`tokenBill`). */
export interface Bill {
  /** Event number: the id is `uuidOf(n)`. */
  readonly n: number;
  readonly timestamp: string;
  readonly model: string;
  readonly requestId: string;
  readonly prompt: number;
  readonly completion: number;
  /** USD per prompt token and per completion token. */
  readonly prices: readonly [number, number];
  /** The bill's total in USD: its tokens at their prices unless given. */
  readonly usd?: number;
}

/** The frozen `token_cost` event of a request's bill, as llm-cost-ops writes it. */
export function tokenBill(b: Bill): AnalyticsEvent {
  const [pp, pc] = b.prices;
  const data = {
    cost_type: "token_cost",
    model_id: b.model,
    request_id: b.requestId,
    prompt_tokens: b.prompt,
    completion_tokens: b.completion,
    total_tokens: b.prompt + b.completion,
    cost_per_prompt_token: pp,
    cost_per_completion_token: pc,
    total_cost_usd: b.usd ?? b.prompt * pp + b.completion * pc,
    currency: "USD",
  } as const;
  const payload = { payload_type: "cost", data } as const;
  const id = uuidOf(b.n);
  return deepFreeze(
    AnalyticsEvent.parse({
      event_id: id,
      timestamp: b.timestamp,
      source_module: "llm-cost-ops",
      event_type: "cost",
      severity: "info",
      environment: "production",
      payload,
    }),
  );
}

/** One model of `billsDay`: its rate and the medians and log-scale spread of its token counts. */
export interface BilledModel {
  readonly model: string;
  readonly perMinute: number;
  readonly prompt: number;
  readonly completion: number;
  /** σ of ln prompt tokens and of ln completion tokens. */
  readonly sigma: readonly [number, number];
}

/**
 * A day of token bills, model after model (Poisson arrivals on [0, spanMinutes)): per request,
 * prompt tokens prompt·e^(σ·Z), completion tokens completion·e^(σ·Z), then a uniform u for
 * `scale(model, minute, u)`, the factors the request's prompt and completion are multiplied by.
 * u is drawn for every request, so a seed gives the same requests whatever `scale` does. Ids
 * `uuidOf(n)` and request ids `req-n` in drawing order; returned in time order.
 */
export function billsDay(
  seed: number,
  day: { readonly start: number; readonly spanMinutes: number; readonly prices: readonly [number, number] },
  models: readonly BilledModel[],
  scale: (model: string, minute: number, u: number) => { readonly prompt: number; readonly completion: number },
): AnalyticsEvent[] {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  let n = 0;
  for (const m of models)
    poissonEach(rand, m.perMinute, { from: 0, to: day.spanMinutes }, (minute) => {
      const prompt = m.prompt * Math.exp(m.sigma[0] * gaussian(rand));
      const completion = m.completion * Math.exp(m.sigma[1] * gaussian(rand));
      const f = scale(m.model, minute, rand());
      n++;
      events.push(
        tokenBill({
          n,
          timestamp: new Date(day.start + Math.round(minute * 60_000)).toISOString(),
          model: m.model,
          requestId: `req-${n}`,
          prompt: Math.round(prompt * f.prompt),
          completion: Math.round(completion * f.completion),
          prices: day.prices,
        }),
      );
    });
  return events.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
}
