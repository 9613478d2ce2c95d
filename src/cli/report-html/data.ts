/*
 * The numbers the HTML report charts, computed straight from the events: per model and time
 * window, latency percentiles, error rate, tokens and token cost; the budget alerts; the totals.
 * Pure: the events are read, never changed.
 */
import { toEpochMillis } from "../../core/index.js";
import type { AnalyticsEvent, SourceModule } from "../../events/index.js";
import { quantiles } from "../../stats/index.js";

/** One window of a model's latency: p50/p95/p99 of `total_latency_ms` (quantile type 7, as numpy's default). */
export interface LatencyWindow {
  readonly start: number;
  readonly requests: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

/** One window of a model's error-rate events: failed and total requests summed, rate = failed / total. */
export interface ErrorWindow {
  readonly start: number;
  readonly failed: number;
  readonly total: number;
  /** Percent; NaN when `total` is 0. */
  readonly rate: number;
}

/** A window's sum of one quantity. */
export interface SumWindow {
  readonly start: number;
  readonly value: number;
}

export interface ModelSeries {
  readonly model: string;
  readonly latency: readonly LatencyWindow[];
  readonly errors: readonly ErrorWindow[];
  /**
   * Summed total_tokens of the model's token_usage events; of its token_cost events when it has
   * no token_usage event (the two describe the same requests, so they are never added).
   */
  readonly tokens: readonly SumWindow[];
  readonly tokenSource: "token_usage" | "token_cost" | "none";
  /** Summed total_cost_usd of the token_cost events. */
  readonly cost: readonly SumWindow[];
}

export interface BudgetAlert {
  readonly eventId: string;
  readonly at: number;
  readonly budgetId: string;
  readonly budgetName: string;
  readonly alertType: string;
  readonly thresholdPercent: number;
  readonly spendUsd: number;
  readonly limitUsd: number;
}

export interface ReportTotals {
  readonly events: number;
  readonly byModule: Readonly<Partial<Record<SourceModule, number>>>;
  /** Latency events (one per request measured). */
  readonly requests: number;
  /** Summed over the error-rate events. */
  readonly failedRequests: number;
  readonly countedRequests: number;
  readonly tokens: number;
  /** Token cost (token_cost events). */
  readonly tokenCostUsd: number;
  /** Every cost payload: token, API and resource costs. */
  readonly costUsd: number;
  readonly budgetAlerts: number;
}

export interface ReportData {
  /** First and last event instants (epoch ms); NaN when there are no events. */
  readonly firstMs: number;
  readonly lastMs: number;
  readonly windowMs: number;
  /** Models in order of latency requests, most first, then by name. */
  readonly models: readonly ModelSeries[];
  readonly budgetAlerts: readonly BudgetAlert[];
  readonly totals: ReportTotals;
}

interface Accumulator {
  readonly latency: Map<number, number[]>;
  readonly errors: Map<number, { failed: number; total: number }>;
  readonly usageTokens: Map<number, number>;
  readonly billedTokens: Map<number, number>;
  readonly cost: Map<number, number>;
  requests: number;
}

/** Everything one pass over the events collects, before the windows are sorted into series. */
interface Tally {
  readonly windowMs: number;
  readonly models: Map<string, Accumulator>;
  readonly byModule: Partial<Record<SourceModule, number>>;
  readonly alerts: BudgetAlert[];
  firstMs: number;
  lastMs: number;
  failedRequests: number;
  countedRequests: number;
  tokenCostUsd: number;
  costUsd: number;
}

type TelemetryData = Extract<AnalyticsEvent["payload"], { payload_type: "telemetry" }>["data"];
type CostData = Extract<AnalyticsEvent["payload"], { payload_type: "cost" }>["data"];

/**
 * Rolls the events up into `windowMs` windows aligned to the UTC epoch (a window starts at a
 * multiple of `windowMs`, as `rollup`'s fixed windows). O(n) plus the sort of each window's
 * latencies for the percentiles.
 *
 * @throws RangeError when `windowMs` is not a positive whole number of milliseconds.
 */
export function reportData(events: readonly AnalyticsEvent[], windowMs: number): ReportData {
  if (!Number.isSafeInteger(windowMs) || windowMs <= 0) {
    throw new RangeError(`reportData: windowMs must be a positive whole number, received ${windowMs}`);
  }
  const tally = tallyEvents(events, windowMs);
  let tokens = 0;
  const series = [...tally.models.entries()].map(([id, acc]) => {
    for (const value of tokenWindowsOf(acc).windows.values()) tokens += value;
    return modelSeries(id, acc);
  });
  const requestsOf = (id: string): number => tally.models.get(id)?.requests ?? 0;
  series.sort((a, b) => requestsOf(b.model) - requestsOf(a.model) || compareText(a.model, b.model));
  const alerts = tally.alerts.sort((a, b) => a.at - b.at || compareText(a.eventId, b.eventId));
  const empty = events.length === 0;
  return {
    firstMs: empty ? Number.NaN : tally.firstMs,
    lastMs: empty ? Number.NaN : tally.lastMs,
    windowMs,
    models: series,
    budgetAlerts: alerts,
    totals: {
      events: events.length,
      byModule: tally.byModule,
      requests: [...tally.models.values()].reduce((sum, acc) => sum + acc.requests, 0),
      failedRequests: tally.failedRequests,
      countedRequests: tally.countedRequests,
      tokens,
      tokenCostUsd: tally.tokenCostUsd,
      costUsd: tally.costUsd,
      budgetAlerts: alerts.length,
    },
  };
}

/** One pass over the events: each counted into its module, its model's window and the totals. */
function tallyEvents(events: readonly AnalyticsEvent[], windowMs: number): Tally {
  const tally: Tally = {
    windowMs,
    models: new Map(),
    byModule: {},
    alerts: [],
    firstMs: Number.POSITIVE_INFINITY,
    lastMs: Number.NEGATIVE_INFINITY,
    failedRequests: 0,
    countedRequests: 0,
    tokenCostUsd: 0,
    costUsd: 0,
  };
  for (const event of events) {
    const t = toEpochMillis(event.timestamp);
    if (t < tally.firstMs) tally.firstMs = t;
    if (t > tally.lastMs) tally.lastMs = t;
    tally.byModule[event.source_module] = (tally.byModule[event.source_module] ?? 0) + 1;
    const p = event.payload;
    if (p.payload_type === "telemetry") tallyTelemetry(tally, p.data, t);
    else if (p.payload_type === "cost") tallyCost(tally, event, p.data, t);
  }
  return tally;
}

function tallyTelemetry(tally: Tally, d: TelemetryData, t: number): void {
  const start = windowOf(t, tally.windowMs);
  switch (d.telemetry_type) {
    case "latency": {
      const acc = accumulatorOf(tally, d.model_id);
      acc.requests++;
      const list = acc.latency.get(start);
      if (list === undefined) acc.latency.set(start, [d.total_latency_ms]);
      else list.push(d.total_latency_ms);
      break;
    }
    case "error_rate": {
      const acc = accumulatorOf(tally, d.model_id);
      const w = acc.errors.get(start) ?? { failed: 0, total: 0 };
      w.failed += d.failed_requests;
      w.total += d.total_requests;
      acc.errors.set(start, w);
      tally.failedRequests += d.failed_requests;
      tally.countedRequests += d.total_requests;
      break;
    }
    case "token_usage":
      add(accumulatorOf(tally, d.model_id).usageTokens, start, d.total_tokens);
      break;
    default:
      break;
  }
}

function tallyCost(tally: Tally, event: AnalyticsEvent, d: CostData, t: number): void {
  switch (d.cost_type) {
    case "token_cost": {
      const acc = accumulatorOf(tally, d.model_id);
      const start = windowOf(t, tally.windowMs);
      add(acc.cost, start, d.total_cost_usd);
      add(acc.billedTokens, start, d.total_tokens);
      tally.tokenCostUsd += d.total_cost_usd;
      tally.costUsd += d.total_cost_usd;
      break;
    }
    case "api_cost":
      tally.costUsd += d.total_cost_usd;
      break;
    case "resource_consumption":
      tally.costUsd += d.cost_usd;
      break;
    case "budget_alert":
      tally.alerts.push({
        eventId: event.event_id,
        at: t,
        budgetId: d.budget_id,
        budgetName: d.budget_name,
        alertType: d.alert_type,
        thresholdPercent: d.threshold_percent,
        spendUsd: d.current_spend_usd,
        limitUsd: d.budget_limit_usd,
      });
      break;
  }
}

/** The start of the epoch-aligned window holding `t` (also for instants before 1970). */
function windowOf(t: number, windowMs: number): number {
  return t - (((t % windowMs) + windowMs) % windowMs);
}

function add(map: Map<number, number>, key: number, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

function accumulatorOf(tally: Tally, id: string): Accumulator {
  let acc = tally.models.get(id);
  if (acc === undefined) {
    acc = {
      latency: new Map(),
      errors: new Map(),
      usageTokens: new Map(),
      billedTokens: new Map(),
      cost: new Map(),
      requests: 0,
    };
    tally.models.set(id, acc);
  }
  return acc;
}

/**
 * A model's tokens: of its token_usage events, or of its token_cost events when it has no
 * token_usage event (the two describe the same requests, so they are never added).
 */
function tokenWindowsOf(acc: Accumulator): { source: ModelSeries["tokenSource"]; windows: Map<number, number> } {
  const source = acc.usageTokens.size > 0 ? "token_usage" : acc.billedTokens.size > 0 ? "token_cost" : "none";
  return { source, windows: source === "token_usage" ? acc.usageTokens : acc.billedTokens };
}

/** One model's windows, each series in time order. */
function modelSeries(id: string, acc: Accumulator): ModelSeries {
  const byStart = <T extends { start: number }>(a: T, b: T): number => a.start - b.start;
  const { source: tokenSource, windows: tokenWindows } = tokenWindowsOf(acc);
  return {
    model: id,
    latency: [...acc.latency.entries()]
      .map(([start, values]) => {
        const [p50, p95, p99] = quantiles(values, [0.5, 0.95, 0.99]) as [number, number, number];
        return { start, requests: values.length, p50, p95, p99 };
      })
      .sort(byStart),
    errors: [...acc.errors.entries()]
      .map(([start, w]) => ({ start, ...w, rate: w.total === 0 ? Number.NaN : (100 * w.failed) / w.total }))
      .sort(byStart),
    tokens: [...tokenWindows.entries()].map(([start, value]) => ({ start, value })).sort(byStart),
    tokenSource,
    cost: [...acc.cost.entries()].map(([start, value]) => ({ start, value })).sort(byStart),
  };
}

/** Code-unit order, the same on every machine (localeCompare is not). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
