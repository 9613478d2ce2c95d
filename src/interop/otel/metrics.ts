import type { Issue } from "../../core/issue.js";
import { histogramQuantile } from "../../metrics/histogram.js";
import { MetricType } from "../../metrics/schema.js";
import { describe } from "../../stats/validate.js";
import type { OtelAttributeMap, OtelValue } from "./otlp.js";
import { unixNanosToTimestamp } from "./otlp.js";
import {
  get,
  isObject,
  keyOf,
  type Place,
  placeAt,
  placeText,
  type ReadIssue,
  readAttributes,
  readDocuments,
  readId,
  readNanos,
} from "./read.js";

const FN = "metricsFromOtlp";

/** An exemplar of a data point: one raw measurement, often with the span it was recorded in. */
export interface OtlpExemplar {
  readonly value: number;
  readonly timestamp: string | undefined;
  readonly traceId: string | undefined;
  readonly spanId: string | undefined;
  /** The exemplar's filtered attributes, as strings. */
  readonly attributes: Readonly<Record<string, string>>;
}

/** One OTLP data point as a hub metric, with what the hub's type has no field for. */
export interface OtlpMetricRecord {
  /** The hub metric (`metric_type` histogram, counter or gauge), valid for MetricType.parse. */
  readonly metric: MetricType;
  /** Where the point sits in its document: `["resourceMetrics", 0, "scopeMetrics", 0, "metrics", 1, "histogram", "dataPoints", 0]`. */
  readonly path: readonly (string | number)[];
  /** The 1-based line of the document, for JSON Lines input. */
  readonly line?: number;
  /** The metric's unit (`s`, `{token}`), or "". */
  readonly unit: string;
  /** `startTimeUnixNano` as RFC 3339 (the start of a cumulative series), when set. */
  readonly startTimestamp: string | undefined;
  /** OTLP aggregation temporality of histograms and sums. */
  readonly temporality: "delta" | "cumulative" | undefined;
  /**
   * Histograms: every OTLP bucket count, the overflow bucket above the last bound included
   * (`explicitBounds.length + 1` counts; the hub's `buckets` hold all but that last one, which is
   * `stats.count` minus their sum).
   */
  readonly bucketCounts: readonly number[] | undefined;
  readonly explicitBounds: readonly number[] | undefined;
  readonly exemplars: readonly OtlpExemplar[];
}

export const OTLP_METRIC_NOTICE_CODES = [
  "invalid_document",
  "invalid_point",
  "invalid_attribute",
  "coerced_value",
  "estimated_stat",
  "unsupported_metric",
] as const;
export type OtlpMetricNoticeCode = (typeof OTLP_METRIC_NOTICE_CODES)[number];

/**
 * A notice, in the library's one issue shape (`Issue`): `code`, the `path` of keys and indices
 * from the root of the input's document, and a `message` that does not repeat the place.
 */
export interface OtlpMetricNotice extends Issue<OtlpMetricNoticeCode> {
  /** The 1-based line of the document, for JSON Lines input. */
  readonly line?: number;
  /** Keys and indices from the document's root (never a symbol). */
  readonly path: readonly (string | number)[];
  /** The metric's name, when known. */
  readonly metric?: string;
  readonly attribute?: string;
  readonly message: string;
}

export interface OtlpMetricsResult {
  readonly metrics: OtlpMetricRecord[];
  readonly notices: OtlpMetricNotice[];
}

function tagText(value: OtelValue): string {
  switch (value.type) {
    case "empty":
      return "";
    case "array":
      return JSON.stringify(value.value.map(tagText));
    case "kvlist":
      return JSON.stringify(Object.fromEntries([...value.value].map(([k, v]) => [k, tagText(v)])));
    default:
      return String(value.value);
  }
}

function tagsOf(attrs: OtelAttributeMap): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of attrs) out[key] = tagText(value);
  return out;
}

function readNumber(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function readCount(value: unknown): number | undefined {
  if (value === undefined) return 0;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === "string" && /^\d+$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
  return undefined;
}

/**
 * Hub metrics from OTLP metrics data (`ExportMetricsServiceRequest`), in the same forms
 * eventsFromOtlpTraces takes (object, JSON text or JSON Lines, JSON bytes, protobuf bytes;
 * camelCase or snake_case). Method, per data point:
 * - Histogram → HistogramMetric, losslessly: `buckets` = the explicit bounds with their counts
 *   (the overflow count above the last bound is `stats.count` − their sum, and every count is
 *   also in `bucketCounts`), `stats.count`/`sum`/`min`/`max` as sent, `avg` = sum ÷ count,
 *   p50/p95/p99 estimated from the buckets as Prometheus `histogram_quantile` does
 *   (histogramQuantile), `stddev` null (a histogram does not carry it). Exemplars, start time and
 *   temporality are kept beside the metric. The GenAI client metrics
 *   (`gen_ai.client.token.usage`, `gen_ai.client.operation.duration`, …) are histograms.
 * - Monotonic Sum → CounterMetric; non-monotonic Sum and Gauge → GaugeMetric.
 * - ExponentialHistogram and Summary: skipped with an `unsupported_metric` notice.
 * `tags` = the point's attributes (arrays and maps as JSON text), plus the resource's
 * `service.name`; `timestamp` = `timeUnixNano`. A malformed point is skipped with a notice;
 * min/max missing from a point are estimated from the buckets with an `estimated_stat` notice.
 * Input holding no OTLP metrics throws. Pure; O(points × buckets).
 *
 * @example
 * const { metrics } = metricsFromOtlp(body); // body: an OTLP/HTTP /v1/metrics request body
 */
export function metricsFromOtlp(input: unknown): OtlpMetricsResult {
  const issues: ReadIssue[] = [];
  const notices: OtlpMetricNotice[] = [];
  const metrics: OtlpMetricRecord[] = [];
  let recognized = 0;
  const docs = readDocuments(input, "metrics", FN, issues);
  for (const issue of issues) notices.push({ ...issue, code: "invalid_document" });
  const firstProblem: string[] = [];
  for (const doc of docs) {
    const root: Place = doc.line === undefined ? { path: [] } : { line: doc.line, path: [] };
    const items = Array.isArray(doc.value)
      ? doc.value.map((v, i) => ({ v, place: placeAt(root, i) }))
      : [{ v: doc.value, place: root }];
    for (const { v, place } of items) {
      const list = isObject(v) ? get(v, "resourceMetrics") : undefined;
      if (!Array.isArray(list)) {
        const message = `no resourceMetrics${isObject(v) && get(v, "resourceSpans") !== undefined ? " (this is OTLP traces: read it with eventsFromOtlpTraces)" : ""}`;
        firstProblem.push(`${placeText(place)}: ${message}`);
        notices.push({ code: "invalid_document", ...placeAt(place), message: `${message}; skipped` });
        continue;
      }
      recognized++;
      const listPlace = placeAt(place, keyOf(v as Record<string, unknown>, "resourceMetrics"));
      list.forEach((rm, i) => {
        readResourceMetrics(rm, placeAt(listPlace, i), metrics, notices);
      });
    }
  }
  if (recognized === 0) throw new TypeError(`${FN}: the input is not OTLP metrics data: ${firstProblem[0]}`);
  return { metrics, notices };
}

function readResourceMetrics(rm: unknown, place: Place, out: OtlpMetricRecord[], notices: OtlpMetricNotice[]) {
  if (!isObject(rm)) return;
  const attrIssue = (attribute: string | undefined, at: Place, message: string) =>
    notices.push({
      code: "invalid_attribute",
      ...placeAt(at),
      ...(attribute === undefined ? {} : { attribute }),
      message,
    });
  const resource = get(rm, "resource");
  const resourceAttrs = isObject(resource)
    ? readAttributes(
        get(resource, "attributes"),
        placeAt(place, keyOf(rm, "resource"), keyOf(resource, "attributes")),
        attrIssue,
      )
    : new Map<string, OtelValue>();
  const service = resourceAttrs.get("service.name");
  const scopeKey =
    get(rm, "scopeMetrics") === undefined ? keyOf(rm, "instrumentationLibraryMetrics") : keyOf(rm, "scopeMetrics");
  const scopeList = get(rm, "scopeMetrics") ?? get(rm, "instrumentationLibraryMetrics") ?? [];
  if (!Array.isArray(scopeList)) return;
  scopeList.forEach((sm: unknown, j) => {
    if (!isObject(sm)) return;
    const metricList = get(sm, "metrics") ?? [];
    if (!Array.isArray(metricList)) return;
    metricList.forEach((m: unknown, k) => {
      const at = placeAt(place, scopeKey, j, keyOf(sm, "metrics"), k);
      if (!isObject(m)) return;
      const name = get(m, "name");
      if (typeof name !== "string" || name === "") {
        notices.push({ code: "invalid_point", ...at, message: "a metric without a name; skipped" });
        return;
      }
      const unit = typeof get(m, "unit") === "string" ? (get(m, "unit") as string) : "";
      const baseTags: Record<string, string> = service?.type === "string" ? { "service.name": service.value } : {};
      const kinds = ["histogram", "sum", "gauge", "exponentialHistogram", "summary"] as const;
      const kind = kinds.find((kd) => get(m, kd) !== undefined);
      if (kind === undefined) {
        notices.push({
          code: "invalid_point",
          ...at,
          metric: name,
          message: `${name} has no data; skipped`,
        });
        return;
      }
      if (kind === "exponentialHistogram" || kind === "summary") {
        notices.push({
          code: "unsupported_metric",
          ...at,
          metric: name,
          message: `${name} is an OTLP ${kind}, which this reader does not map; skipped`,
        });
        return;
      }
      const body = get(m, kind);
      if (!isObject(body)) return;
      const temporalityRaw = get(body, "aggregationTemporality");
      const temporality: "delta" | "cumulative" | undefined =
        temporalityRaw === 1 || temporalityRaw === "AGGREGATION_TEMPORALITY_DELTA"
          ? "delta"
          : temporalityRaw === 2 || temporalityRaw === "AGGREGATION_TEMPORALITY_CUMULATIVE"
            ? "cumulative"
            : undefined;
      const monotonic = get(body, "isMonotonic") === true;
      const points = get(body, "dataPoints") ?? [];
      if (!Array.isArray(points)) return;
      const readPoint = (p: unknown, n: number): undefined => {
        const pointPlace = placeAt(at, keyOf(m, kind), keyOf(body, "dataPoints"), n);
        const skip = (message: string): undefined => {
          notices.push({ code: "invalid_point", ...pointPlace, metric: name, message: `${message}; skipped` });
          return undefined;
        };
        if (!isObject(p)) return skip(`expected a data point, received ${describe(p)}`);
        let timestamp: string;
        let startTimestamp: string | undefined;
        try {
          timestamp = unixNanosToTimestamp(readNanos(get(p, "timeUnixNano")).nanos);
          const start = get(p, "startTimeUnixNano");
          if (start !== undefined && start !== "0" && start !== 0) {
            startTimestamp = unixNanosToTimestamp(readNanos(start).nanos);
          }
        } catch (error) {
          return skip(`timeUnixNano: ${(error as Error).message}`);
        }
        const tags = {
          ...baseTags,
          ...tagsOf(readAttributes(get(p, "attributes"), placeAt(pointPlace, keyOf(p, "attributes")), attrIssue)),
        };
        const exemplars = readExemplars(get(p, "exemplars"));
        const common = { ...pointPlace, unit, startTimestamp, temporality, exemplars };
        let document: unknown;
        let bucketCounts: number[] | undefined;
        let explicitBounds: number[] | undefined;
        if (kind === "histogram") {
          const count = readCount(get(p, "count"));
          const sum = readNumber(get(p, "sum"));
          const rawCounts = get(p, "bucketCounts") ?? [];
          const rawBounds = get(p, "explicitBounds") ?? [];
          if (count === undefined) return skip(`count: expected a uint64, received ${describe(get(p, "count"))}`);
          if (!Array.isArray(rawCounts) || !Array.isArray(rawBounds))
            return skip("bucketCounts/explicitBounds must be arrays");
          const counts = rawCounts.map(readCount);
          const bounds = rawBounds.map(readNumber);
          if (counts.some((c) => c === undefined) || bounds.some((b) => b === undefined)) {
            return skip("bucketCounts must be uint64 and explicitBounds finite numbers");
          }
          bucketCounts = counts as number[];
          explicitBounds = bounds as number[];
          if (bucketCounts.length !== 0 && bucketCounts.length !== explicitBounds.length + 1) {
            return skip(
              `${bucketCounts.length} bucket counts for ${explicitBounds.length} bounds (OTLP needs bounds + 1)`,
            );
          }
          const total = bucketCounts.reduce((a, b) => a + b, 0);
          if (bucketCounts.length > 0 && total !== count)
            return skip(`the bucket counts add up to ${total}, not count ${count}`);
          if (sum === undefined && count > 0)
            return skip("no sum (OTLP leaves it out when measurements were negative)");
          const buckets = explicitBounds.map((b, i) => ({ upper_bound: b, count: bucketCounts?.[i] ?? 0 }));
          let min = readNumber(get(p, "min"));
          let max = readNumber(get(p, "max"));
          if (count > 0 && (min === undefined || max === undefined)) {
            const firstIndex = bucketCounts.findIndex((c) => c > 0);
            const lastIndex = bucketCounts.length - 1 - [...bucketCounts].reverse().findIndex((c) => c > 0);
            const lower = (i: number) =>
              i === 0 ? Math.min(0, explicitBounds?.[0] ?? 0) : (explicitBounds?.[i - 1] ?? 0);
            const upper = (i: number) => explicitBounds?.[Math.min(i, (explicitBounds?.length ?? 1) - 1)] ?? 0;
            min ??= bucketCounts.length > 0 ? lower(firstIndex) : (sum as number) / count;
            max ??= bucketCounts.length > 0 ? upper(lastIndex) : (sum as number) / count;
            notices.push({
              code: "estimated_stat",
              ...pointPlace,
              metric: name,
              message: `no min/max in the point: estimated from the buckets (${min}, ${max})`,
            });
          }
          const q = (x: number) =>
            count === 0 || buckets.length === 0
              ? count === 0
                ? 0
                : (sum as number) / count
              : histogramQuantile(buckets, x, { total: count });
          document = {
            metric_type: "histogram",
            name,
            stats: {
              avg: count === 0 ? 0 : (sum as number) / count,
              min: count === 0 ? 0 : min,
              max: count === 0 ? 0 : max,
              p50: q(0.5),
              p95: q(0.95),
              p99: q(0.99),
              stddev: null,
              count,
              sum: sum ?? 0,
            },
            buckets,
            tags,
            timestamp,
          };
        } else {
          const asInt = get(p, "asInt");
          const asDouble = get(p, "asDouble");
          const value = asInt !== undefined ? readNumber(asInt) : readNumber(asDouble);
          if (value === undefined) return skip(`expected asInt or asDouble, received ${describe(asInt ?? asDouble)}`);
          if (kind === "sum" && monotonic && Number.isSafeInteger(value) && value >= 0) {
            document = { metric_type: "counter", name, value, rate: null, tags, timestamp };
          } else {
            document = { metric_type: "gauge", name, value, previous_value: null, tags, timestamp };
          }
        }
        const parsed = MetricType.safeParse(document);
        if (!parsed.success) return skip(`not a valid hub metric: ${parsed.error.issues[0]?.message}`);
        out.push({ metric: parsed.data, ...common, bucketCounts, explicitBounds });
        return undefined;
      };
      points.forEach((p: unknown, n) => {
        readPoint(p, n);
      });
    });
  });
}

function readExemplars(value: unknown): OtlpExemplar[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((e): OtlpExemplar[] => {
    if (!isObject(e)) return [];
    const v = readNumber(get(e, "asDouble") ?? get(e, "asInt"));
    if (v === undefined) return [];
    let traceId: string | undefined;
    let spanId: string | undefined;
    try {
      traceId = get(e, "traceId") === undefined ? undefined : readId(get(e, "traceId"), 16);
      spanId = get(e, "spanId") === undefined ? undefined : readId(get(e, "spanId"), 8);
    } catch {}
    let timestamp: string | undefined;
    try {
      timestamp = unixNanosToTimestamp(readNanos(get(e, "timeUnixNano")).nanos);
    } catch {}
    const attrs = readAttributes(get(e, "filteredAttributes"), { path: [] }, () => {});
    return [{ value: v, timestamp, traceId, spanId, attributes: tagsOf(attrs) }];
  });
}
