import type { Issue } from "../../core/issue.js";
import { MetricType } from "../../metrics/schema.js";
import { describe } from "../../stats/validate.js";
import {
  double,
  explicitHistogram,
  exponentialHistogram,
  finiteDouble,
  int64,
  type PointNote,
  PointSkip,
  summary,
} from "./metric-points.js";
import type { OtelAttributeMap, OtelValue } from "./otlp.js";
import { unixNanosToTimestamp } from "./otlp.js";
import {
  arrayField,
  type Document,
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
  /** The hub metric (`metric_type` histogram, summary, counter or gauge), valid for MetricType.parse. */
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
  /**
   * Exponential histograms: the buckets as sent (`scale`, `zeroCount`, `zeroThreshold`, and the
   * `offset` and `bucketCounts` of the positive and negative ranges).
   */
  readonly exponential:
    | {
        readonly scale: number;
        readonly zeroCount: number;
        readonly zeroThreshold: number;
        readonly positive: { readonly offset: number; readonly bucketCounts: readonly number[] };
        readonly negative: { readonly offset: number; readonly bucketCounts: readonly number[] };
      }
    | undefined;
  /** Summaries: every `{quantile, value}` as sent. */
  readonly quantiles: readonly { readonly quantile: number; readonly value: number }[] | undefined;
  readonly exemplars: readonly OtlpExemplar[];
}

export const OTLP_METRIC_NOTICE_CODES = [
  "blank_line",
  "invalid_document",
  "invalid_metric",
  "invalid_point",
  "no_recorded_value",
  "invalid_attribute",
  "invalid_exemplar",
  "coerced_value",
  "estimated_stat",
] as const;
/**
 * Why part of the input gave fewer or less certain metrics than it could:
 * - nothing made: `blank_line` (a blank line of JSON Lines input), `invalid_document` (a line, export, ResourceMetrics or ScopeMetrics that is
 *   not OTLP metrics, or a list that is not an array), `invalid_metric` (a Metric without a name,
 *   with no data or with two kinds of data: its points are skipped), `invalid_point` (a data point
 *   that cannot become a hub metric, and why), `no_recorded_value` (a point flagged
 *   NO_RECORDED_VALUE, which has no value: the Prometheus staleness marker);
 * - a metric made, something left out or assumed: `invalid_attribute` (an attribute, a start
 *   time or an aggregation temporality that cannot be read, ignored), `invalid_exemplar` (an
 *   exemplar or one of its fields left out), `coerced_value` (a time beyond 2^53 sent as a
 *   JSON number, or a monotonic sum that is no whole number written as a gauge),
 *   `estimated_stat` (a stat the point does not carry, estimated, and how).
 */
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

/** What the reader has found so far. */
interface Found {
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

/** Attributes read with each malformed one reported as an `invalid_attribute` notice. */
function attributesAt(list: unknown, place: Place, found: Found): OtelAttributeMap {
  return readAttributes(list, place, (attribute, at, message) =>
    found.notices.push({
      code: "invalid_attribute",
      ...placeAt(at),
      ...(attribute === undefined ? {} : { attribute }),
      message,
    }),
  );
}

/** `arrayField` with a malformed list reported as an `invalid_document` notice. */
function listAt(object: Record<string, unknown>, camel: string, place: Place, found: Found) {
  return arrayField(object, camel, place, (at, message) =>
    found.notices.push({ code: "invalid_document", ...at, message }),
  );
}

/**
 * Hub metrics from OTLP metrics data (`ExportMetricsServiceRequest`), in the same forms
 * eventsFromOtlpTraces takes (object, JSON text or JSON Lines, JSON bytes, protobuf bytes;
 * camelCase or snake_case; proto3 JSON numbers: 64-bit integers as strings or numbers, doubles
 * as numbers, numeric strings or "NaN"/"Infinity"). Method, per data point:
 * - Histogram → HistogramMetric, losslessly: `buckets` = the explicit bounds with their counts
 *   (the overflow count above the last bound is `stats.count` − their sum, and every count is
 *   also in `bucketCounts`), `stats.count`/`sum`/`min`/`max` as sent, `avg` = sum ÷ count,
 *   p50/p95/p99 estimated from the buckets as Prometheus `histogram_quantile` does
 *   (histogramQuantile), `stddev` null (a histogram does not carry it). Exemplars, start time and
 *   temporality are kept beside the metric. The GenAI client metrics
 *   (`gen_ai.client.token.usage`, `gen_ai.client.operation.duration`, …) are histograms.
 * - ExponentialHistogram → HistogramMetric with one bucket per exponential bucket (negative,
 *   zero, positive; bounds base^index with base = 2^(2^−scale)), the buckets as sent kept in
 *   `exponential`.
 * - Summary → SummaryMetric: quantiles 0 and 1 are min and max, 0.5/0.95/0.99 p50/p95/p99, the
 *   others `percentiles` (0.999 → "p99.9"); every quantile as sent in `quantiles`.
 * - Monotonic Sum → CounterMetric (a value that is no whole number ≥ 0: GaugeMetric, with a
 *   `coerced_value` notice); non-monotonic Sum and Gauge → GaugeMetric.
 * `tags` = the point's attributes (arrays and maps as JSON text), plus the resource's
 * `service.name`; `timestamp` = `timeUnixNano`. Nothing is dropped silently: a malformed
 * document, metric, point or exemplar is skipped with a notice naming its place and the reason;
 * a stat the point does not carry (sum, min, max, a quantile) is estimated with an
 * `estimated_stat` notice. Input holding no OTLP metrics throws. Pure; O(points × buckets).
 *
 * @example
 * const { metrics } = metricsFromOtlp(body); // body: an OTLP/HTTP /v1/metrics request body
 */
export function metricsFromOtlp(input: unknown): OtlpMetricsResult {
  const issues: ReadIssue[] = [];
  const found: Found = { metrics: [], notices: [] };
  const docs = readDocuments(input, "metrics", FN, issues);
  for (const issue of issues) {
    found.notices.push({ ...issue, code: issue.code === "blank_line" ? "blank_line" : "invalid_document" });
  }
  let recognized = 0;
  const problems: string[] = [];
  for (const { value, place } of exportsOf(docs)) {
    const problem = readExport(value, place, found);
    if (problem === undefined) recognized++;
    else problems.push(problem);
  }
  if (recognized === 0) throw new TypeError(`${FN}: the input is not OTLP metrics data: ${problems[0]}`);
  return found;
}

/** Each export of the documents: a document, or each element of a top-level array. */
function exportsOf(docs: readonly Document[]): { value: unknown; place: Place }[] {
  return docs.flatMap((doc) => {
    const root: Place = doc.line === undefined ? { path: [] } : { line: doc.line, path: [] };
    return Array.isArray(doc.value)
      ? doc.value.map((value, i) => ({ value, place: placeAt(root, i) }))
      : [{ value: doc.value, place: root }];
  });
}

/**
 * The metrics of one ExportMetricsServiceRequest; `{}` is an empty one (proto3 JSON leaves
 * empty lists out). Returns why the value is no OTLP metrics export, when it is not.
 */
function readExport(value: unknown, place: Place, found: Found): string | undefined {
  if (isObject(value) && Object.keys(value).length === 0) return undefined;
  const list = isObject(value) ? get(value, "resourceMetrics") : undefined;
  if (!Array.isArray(list)) {
    const traces = isObject(value) && get(value, "resourceSpans") !== undefined;
    const message =
      list === undefined
        ? `no resourceMetrics${traces ? " (this is OTLP traces: read it with eventsFromOtlpTraces)" : ""}`
        : `resourceMetrics: expected an array, received ${describe(list)}`;
    found.notices.push({ code: "invalid_document", ...placeAt(place), message: `${message}; skipped` });
    return `${placeText(place)}: ${message}`;
  }
  const listPlace = placeAt(place, keyOf(value as Record<string, unknown>, "resourceMetrics"));
  list.forEach((rm, i) => {
    readResourceMetrics(rm, placeAt(listPlace, i), found);
  });
  return undefined;
}

function notObject(found: Found, place: Place, what: string, value: unknown): void {
  found.notices.push({
    code: what === "Metric" ? "invalid_metric" : "invalid_document",
    ...placeAt(place),
    message: `expected a ${what} object, received ${describe(value)}; skipped`,
  });
}

function readResourceMetrics(rm: unknown, place: Place, found: Found): void {
  if (!isObject(rm)) {
    notObject(found, place, "ResourceMetrics", rm);
    return;
  }
  const resource = get(rm, "resource");
  const resourceAttrs = isObject(resource)
    ? attributesAt(
        get(resource, "attributes"),
        placeAt(place, keyOf(rm, "resource"), keyOf(resource, "attributes")),
        found,
      )
    : new Map<string, OtelValue>();
  const service = resourceAttrs.get("service.name");
  const baseTags: Record<string, string> = service?.type === "string" ? { "service.name": service.value } : {};
  // OTLP before 0.15 (2022) named scopeMetrics "instrumentationLibraryMetrics".
  const scopeKey =
    get(rm, "scopeMetrics") === undefined && get(rm, "instrumentationLibraryMetrics") !== undefined
      ? "instrumentationLibraryMetrics"
      : "scopeMetrics";
  const scopes = listAt(rm, scopeKey, place, found);
  scopes.items.forEach((sm, j) => {
    readScopeMetrics(sm, placeAt(scopes.place, j), baseTags, found);
  });
}

function readScopeMetrics(sm: unknown, place: Place, baseTags: Readonly<Record<string, string>>, found: Found): void {
  if (!isObject(sm)) {
    notObject(found, place, "ScopeMetrics", sm);
    return;
  }
  const metrics = listAt(sm, "metrics", place, found);
  metrics.items.forEach((m, k) => {
    readMetric(m, placeAt(metrics.place, k), baseTags, found);
  });
}

const DATA_KINDS = ["gauge", "sum", "histogram", "exponentialHistogram", "summary"] as const;
type DataKind = (typeof DATA_KINDS)[number];

/** What every point of one Metric shares. */
interface MetricInfo {
  readonly name: string;
  readonly unit: string;
  readonly kind: DataKind;
  readonly temporality: "delta" | "cumulative" | undefined;
  readonly monotonic: boolean;
  readonly baseTags: Readonly<Record<string, string>>;
}

/** The Metric's kind of data (its `data` oneof), or why it has none to read. */
function dataKindOf(m: Record<string, unknown>, name: string): DataKind | string {
  const kinds = DATA_KINDS.filter((kind) => get(m, kind) !== undefined);
  if (kinds.length > 1) return `${name} sets ${kinds.join(" and ")}, but an OTLP metric holds one kind of data`;
  const kind = kinds[0];
  if (kind === undefined) {
    const keys = Object.keys(m).filter((key) => !["name", "description", "unit", "metadata"].includes(key));
    return `${name} has no gauge, sum, histogram, exponentialHistogram or summary${keys.length > 0 ? ` (found ${keys.join(", ")})` : ""}`;
  }
  if (!isObject(get(m, kind))) return `${name}: ${kind} must be an object, received ${describe(get(m, kind))}`;
  return kind;
}

function readMetric(m: unknown, place: Place, baseTags: Readonly<Record<string, string>>, found: Found): void {
  if (!isObject(m)) {
    notObject(found, place, "Metric", m);
    return;
  }
  const name = get(m, "name");
  if (typeof name !== "string" || name === "") {
    found.notices.push({
      code: "invalid_metric",
      ...place,
      message: "a metric without a name; its points are skipped",
    });
    return;
  }
  const kind = dataKindOf(m, name);
  if (!(DATA_KINDS as readonly string[]).includes(kind)) {
    found.notices.push({ code: "invalid_metric", ...place, metric: name, message: `${kind}; skipped` });
    return;
  }
  const body = get(m, kind) as Record<string, unknown>;
  const bodyPlace = placeAt(place, keyOf(m, kind));
  const info: MetricInfo = {
    name,
    unit: unitOf(m, place, name, found),
    kind: kind as DataKind,
    temporality: temporalityOf(body, bodyPlace, name, found),
    monotonic: get(body, "isMonotonic") === true,
    baseTags,
  };
  const points = arrayField(body, "dataPoints", bodyPlace, (at, message) =>
    found.notices.push({ code: "invalid_metric", ...at, metric: name, message }),
  );
  points.items.forEach((p, n) => {
    readPoint(p, info, placeAt(points.place, n), found);
  });
}

/** The metric's unit; unset is "", anything but a string is reported and read as "". */
function unitOf(m: Record<string, unknown>, place: Place, name: string, found: Found): string {
  const unit = get(m, "unit") ?? "";
  if (typeof unit === "string") return unit;
  found.notices.push({
    code: "invalid_attribute",
    ...placeAt(place, keyOf(m, "unit")),
    metric: name,
    attribute: "unit",
    message: `expected a string, received ${describe(unit)}; the unit is left empty`,
  });
  return "";
}

/**
 * AggregationTemporality (proto3 JSON: the number or the enum name); UNSPECIFIED or unset is
 * undefined, anything else is reported and read as undefined.
 */
function temporalityOf(
  body: Record<string, unknown>,
  place: Place,
  name: string,
  found: Found,
): "delta" | "cumulative" | undefined {
  const raw = get(body, "aggregationTemporality");
  if (raw === 1 || raw === "AGGREGATION_TEMPORALITY_DELTA") return "delta";
  if (raw === 2 || raw === "AGGREGATION_TEMPORALITY_CUMULATIVE") return "cumulative";
  if (raw !== undefined && raw !== 0 && raw !== "AGGREGATION_TEMPORALITY_UNSPECIFIED") {
    found.notices.push({
      code: "invalid_attribute",
      ...placeAt(place, keyOf(body, "aggregationTemporality")),
      metric: name,
      attribute: "aggregationTemporality",
      message: `expected 1 (delta) or 2 (cumulative), received ${describe(raw)}; the temporality is left unset`,
    });
  }
  return undefined;
}

/** DataPointFlags bit 0, FLAG_NO_RECORDED_VALUE. */
function noRecordedValue(p: Record<string, unknown>): boolean {
  const flags = Number(get(p, "flags") ?? 0);
  return Number.isInteger(flags) && (flags & 1) === 1;
}

function readPoint(p: unknown, info: MetricInfo, place: Place, found: Found): void {
  const notice = (code: OtlpMetricNoticeCode, message: string) =>
    found.notices.push({ code, ...placeAt(place), metric: info.name, message });
  if (!isObject(p)) return void notice("invalid_point", `expected a data point, received ${describe(p)}; skipped`);
  if (noRecordedValue(p)) {
    return void notice(
      "no_recorded_value",
      "flagged NO_RECORDED_VALUE (the series has no value here: the Prometheus staleness marker); no metric",
    );
  }
  try {
    const times = pointTimes(p, place, info.name, found);
    const mapped = pointMetric(p, info, notice);
    const tags = {
      ...info.baseTags,
      ...tagsOf(attributesAt(get(p, "attributes"), placeAt(place, keyOf(p, "attributes")), found)),
    };
    const parsed = MetricType.safeParse({ ...mapped.document, name: info.name, tags, timestamp: times.timestamp });
    if (!parsed.success) throw new PointSkip(`not a valid hub metric: ${parsed.error.issues[0]?.message}`);
    found.metrics.push({
      metric: parsed.data,
      ...place,
      unit: info.unit,
      startTimestamp: times.startTimestamp,
      temporality: info.temporality,
      bucketCounts: undefined,
      explicitBounds: undefined,
      exponential: undefined,
      quantiles: undefined,
      ...mapped.kept,
      exemplars: readExemplars(p, place, info.name, found),
    });
  } catch (error) {
    if (!(error instanceof PointSkip)) throw error;
    notice("invalid_point", `${error.message}; skipped`);
  }
}

/** The point's time (required: 0 means unset) and start time (0 or unset: none). */
function pointTimes(
  p: Record<string, unknown>,
  place: Place,
  name: string,
  found: Found,
): { timestamp: string; startTimestamp: string | undefined } {
  const nanos = (member: string): bigint | undefined => {
    const { nanos, imprecise } = readNanos(get(p, member));
    if (imprecise) {
      found.notices.push({
        code: "coerced_value",
        ...placeAt(place, keyOf(p, member)),
        metric: name,
        attribute: member,
        message: `${member} is a JSON number beyond 2^53, so its last digits may be lost; OTLP/JSON writes it as a decimal string`,
      });
    }
    return nanos === 0n ? undefined : nanos;
  };
  let time: bigint | undefined;
  try {
    time = nanos("timeUnixNano");
  } catch (error) {
    throw new PointSkip(`timeUnixNano: ${(error as Error).message}`);
  }
  if (time === undefined) throw new PointSkip("timeUnixNano is 0, which means unset: the point has no time");
  let start: bigint | undefined;
  if (get(p, "startTimeUnixNano") !== undefined) {
    try {
      start = nanos("startTimeUnixNano");
    } catch (error) {
      found.notices.push({
        code: "invalid_attribute",
        ...placeAt(place, keyOf(p, "startTimeUnixNano")),
        metric: name,
        attribute: "startTimeUnixNano",
        message: `${(error as Error).message}; the start time is left out`,
      });
    }
  }
  return {
    timestamp: unixNanosToTimestamp(time),
    startTimestamp: start === undefined ? undefined : unixNanosToTimestamp(start),
  };
}

type Kept = Partial<Pick<OtlpMetricRecord, "bucketCounts" | "explicitBounds" | "exponential" | "quantiles">>;

/** The hub metric of one point (without name, tags and timestamp), and what the record keeps beside it. */
function pointMetric(
  p: Record<string, unknown>,
  info: MetricInfo,
  note: PointNote,
): { document: Record<string, unknown>; kept: Kept } {
  switch (info.kind) {
    case "histogram": {
      const { stats, buckets, bucketCounts, explicitBounds } = explicitHistogram(p, note);
      return { document: { metric_type: "histogram", stats, buckets }, kept: { bucketCounts, explicitBounds } };
    }
    case "exponentialHistogram": {
      const { stats, buckets, exponential } = exponentialHistogram(p, note);
      return { document: { metric_type: "histogram", stats, buckets }, kept: { exponential } };
    }
    case "summary": {
      const { stats, percentiles, quantiles } = summary(p, note);
      const extra = Object.keys(percentiles).length > 0 ? { percentiles } : {};
      return { document: { metric_type: "summary", stats, ...extra }, kept: { quantiles } };
    }
    default:
      return { document: numberDocument(p, info, note), kept: {} };
  }
}

/** A NumberDataPoint of a Sum or Gauge: `asInt` (int64) or `asDouble`. */
function numberDocument(p: Record<string, unknown>, info: MetricInfo, note: PointNote): Record<string, unknown> {
  const asInt = get(p, "asInt");
  const asDouble = get(p, "asDouble");
  if (asInt !== undefined && asDouble !== undefined) {
    throw new PointSkip("asInt and asDouble are both set, but a data point holds one value");
  }
  if (asInt === undefined && asDouble === undefined) throw new PointSkip("no value (asInt or asDouble)");
  const value = asInt !== undefined ? int64(asInt, "asInt") : finiteDouble(asDouble, "asDouble");
  if (info.kind === "sum" && info.monotonic) {
    if (Number.isSafeInteger(value) && value >= 0) return { metric_type: "counter", value, rate: null };
    note(
      "coerced_value",
      `the monotonic sum's value ${value} is no whole number ≥ 0, which the hub's CounterMetric (u64) needs: written as a GaugeMetric`,
    );
  }
  return { metric_type: "gauge", value, previous_value: null };
}

/** The point's exemplars; a malformed one, or a malformed field of one, is left out with a notice. */
function readExemplars(p: Record<string, unknown>, place: Place, name: string, found: Found): OtlpExemplar[] {
  const report = (at: Place, message: string) =>
    found.notices.push({ code: "invalid_exemplar", ...at, metric: name, message });
  const list = arrayField(p, "exemplars", place, report);
  return list.items.flatMap((e, i): OtlpExemplar[] => {
    const at = placeAt(list.place, i);
    if (!isObject(e)) {
      report(at, `expected an Exemplar object, received ${describe(e)}; left out`);
      return [];
    }
    let value: number;
    try {
      const asInt = get(e, "asInt");
      value = asInt !== undefined ? int64(asInt, "asInt") : double(get(e, "asDouble"), "asDouble");
    } catch (error) {
      report(at, `${(error as Error).message}; the exemplar is left out`);
      return [];
    }
    const field = <T>(member: string, read: (raw: unknown) => T): T | undefined => {
      const raw = get(e, member);
      if (raw === undefined || raw === "") return undefined;
      try {
        return read(raw);
      } catch (error) {
        report(placeAt(at, keyOf(e, member)), `${member}: ${(error as Error).message}; left out of the exemplar`);
        return undefined;
      }
    };
    const attrs = attributesAt(get(e, "filteredAttributes"), placeAt(at, keyOf(e, "filteredAttributes")), found);
    return [
      {
        value,
        timestamp: field("timeUnixNano", (raw) => unixNanosToTimestamp(readNanos(raw).nanos)),
        traceId: field("traceId", (raw) => readId(raw, 16)),
        spanId: field("spanId", (raw) => readId(raw, 8)),
        attributes: tagsOf(attrs),
      },
    ];
  });
}
