import type { CounterValues, GaugeValues, MetricValues, StatisticalMeasures } from "./schema.js";

export type MetricValuesKind = "stats" | "counter" | "gauge";

/**
 * The MetricValues variant the hub would choose for these values, trying its variants in
 * declaration order: Stats when the StatisticalMeasures fields are present, else Counter
 * when `value` is a non-negative integer and `rate` a number, else Gauge. O(1).
 *
 * One case cannot be told after `JSON.parse`: `{"value": 12.0, "rate": 1}` is a Gauge in the
 * hub (12.0 is spelled as a float) but reads here as a Counter; the numbers are the same.
 */
export function metricValuesKindOf(values: MetricValues): MetricValuesKind {
  if (isStatsValues(values)) return "stats";
  const v = values as { value: number; rate?: unknown };
  return Number.isSafeInteger(v.value) && v.value >= 0 && typeof v.rate === "number" ? "counter" : "gauge";
}

/** True when the values are StatisticalMeasures (the hub's Stats variant). */
export function isStatsValues(values: MetricValues): values is StatisticalMeasures {
  return typeof values === "object" && values !== null && "avg" in values && "p50" in values && "count" in values;
}

/** True when the hub would read the values as its Counter variant. */
export function isCounterValues(values: MetricValues): values is CounterValues {
  return metricValuesKindOf(values) === "counter";
}

/** True when the hub would read the values as its Gauge variant. */
export function isGaugeValues(values: MetricValues): values is GaugeValues {
  return metricValuesKindOf(values) === "gauge";
}
