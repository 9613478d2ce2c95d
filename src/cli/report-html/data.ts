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
  const models = new Map<string, Accumulator>();
  const model = (id: string): Accumulator => {
    let acc = models.get(id);
    if (acc === undefined) {
      acc = {
        latency: new Map(),
        errors: new Map(),
        usageTokens: new Map(),
        billedTokens: new Map(),
        cost: new Map(),
        requests: 0,
      };
      models.set(id, acc);
    }
    return acc;
  };
  const byModule: Partial<Record<SourceModule, number>> = {};
  const alerts: BudgetAlert[] = [];
  let firstMs = Number.POSITIVE_INFINITY;
  let lastMs = Number.NEGATIVE_INFINITY;
  let failedRequests = 0;
  let countedRequests = 0;
  let tokenCostUsd = 0;
  let costUsd = 0;
  const add = (map: Map<number, number>, key: number, value: number): void => {
    map.set(key, (map.get(key) ?? 0) + value);
  };

  for (const event of events) {
    const t = toEpochMillis(event.timestamp);
    if (t < firstMs) firstMs = t;
    if (t > lastMs) lastMs = t;
    byModule[event.source_module] = (byModule[event.source_module] ?? 0) + 1;
    const start = t - (((t % windowMs) + windowMs) % windowMs);
    const p = event.payload;
    if (p.payload_type === "telemetry") {
      const d = p.data;
      switch (d.telemetry_type) {
        case "latency": {
          const acc = model(d.model_id);
          acc.requests++;
          const list = acc.latency.get(start);
          if (list === undefined) acc.latency.set(start, [d.total_latency_ms]);
          else list.push(d.total_latency_ms);
          break;
        }
        case "error_rate": {
          const acc = model(d.model_id);
          const w = acc.errors.get(start) ?? { failed: 0, total: 0 };
          w.failed += d.failed_requests;
          w.total += d.total_requests;
          acc.errors.set(start, w);
          failedRequests += d.failed_requests;
          countedRequests += d.total_requests;
          break;
        }
        case "token_usage":
          add(model(d.model_id).usageTokens, start, d.total_tokens);
          break;
        default:
          break;
      }
    } else if (p.payload_type === "cost") {
      const d = p.data;
      switch (d.cost_type) {
        case "token_cost": {
          const acc = model(d.model_id);
          add(acc.cost, start, d.total_cost_usd);
          add(acc.billedTokens, start, d.total_tokens);
          tokenCostUsd += d.total_cost_usd;
          costUsd += d.total_cost_usd;
          break;
        }
        case "api_cost":
          costUsd += d.total_cost_usd;
          break;
        case "resource_consumption":
          costUsd += d.cost_usd;
          break;
        case "budget_alert":
          alerts.push({
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
  }

  const byStart = <T extends { start: number }>(a: T, b: T): number => a.start - b.start;
  let tokens = 0;
  const series: ModelSeries[] = [...models.entries()].map(([id, acc]) => {
    const tokenSource = acc.usageTokens.size > 0 ? "token_usage" : acc.billedTokens.size > 0 ? "token_cost" : "none";
    const tokenWindows = tokenSource === "token_usage" ? acc.usageTokens : acc.billedTokens;
    for (const value of tokenWindows.values()) tokens += value;
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
  });
  const requestsOf = (id: string): number => models.get(id)?.requests ?? 0;
  series.sort((a, b) => requestsOf(b.model) - requestsOf(a.model) || compareText(a.model, b.model));
  alerts.sort((a, b) => a.at - b.at || compareText(a.eventId, b.eventId));
  const empty = events.length === 0;
  return {
    firstMs: empty ? Number.NaN : firstMs,
    lastMs: empty ? Number.NaN : lastMs,
    windowMs,
    models: series,
    budgetAlerts: alerts,
    totals: {
      events: events.length,
      byModule,
      requests: [...models.values()].reduce((sum, acc) => sum + acc.requests, 0),
      failedRequests,
      countedRequests,
      tokens,
      tokenCostUsd,
      costUsd,
      budgetAlerts: alerts.length,
    },
  };
}

/** Code-unit order, the same on every machine (localeCompare is not). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
