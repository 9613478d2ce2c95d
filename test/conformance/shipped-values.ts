/*
 * What the shipped hub writes back for each accepted document of test/conformance/shipped,
 * transcribed from the `why` of its entry in index.json (each was checked with the hub's own
 * serializer, WIRE_FORMAT.md §1b). A path is where the value sits in the written document; the
 * text is the JSON the hub writes there (`12744.0`, `-0.0`, `null` for an absent Option).
 */

export type WirePath = readonly (string | number)[];

export const SHIPPED_VALUES: Readonly<Record<string, readonly (readonly [WirePath, string])[]>> = {
  "accept/shipped-bigint-datapoint-fields.json": [[["series", 0, "points", 0, "requests_total"], "9007199254740993"]],
  "accept/shipped-bigint-event-custom-data.json": [
    [["payload", "data", "data", "snowflake_id"], "1790123456789012345"],
  ],
  "accept/shipped-bigint-negative-error-context.json": [
    [["details", "context", "expected_offset"], "-9007199254740993"],
  ],
  "accept/shipped-bigint-paginated-data.json": [
    [["data", 0, "id"], "9007199254740993"],
    [["data", 1], "9007199254740995"],
  ],
  "accept/shipped-bigint-query-result-rows.json": [
    [["data", 0, "trace_id"], "12345678901234567890"],
    [["data", 1, "trace_id"], "12345678901234567891"],
  ],
  "accept/shipped-bigint-stream-data-u64-i64-limits.json": [
    [["data", "bytes_total"], "18446744073709551615"],
    [["data", "min_watermark"], "-9223372036854775808"],
  ],
  "accept/shipped-bigint-stream-data.json": [[["data", "kafka_offset"], "9007199254740993"]],
  "accept/shipped-dupkey-event-tags-last-wins.json": [[["tags"], '{"provider":"openai","region":"us-east-1"}']],
  "accept/shipped-dupkey-fieldset-falls-to-generic.json": [[["fields"], '{"latency_ms":842.7,"cache_state":0.5}']],
  "accept/shipped-dupkey-flattened-tag-last-wins.json": [
    [["tags"], '{"source_module":"llm-observatory","environment":"production","tenant":"acme-retail"}'],
  ],
  "accept/shipped-dupkey-json-value-any-earlier.json": [[["data"], '{"rows":2,"status":"complete"}']],
  "accept/shipped-dupkey-meta-extra-last-wins.json": [[["meta", "region"], '"eu-west-1"']],
  "accept/shipped-lenient-common-enums-as-maps.json": [
    [["source_module"], '"llm-observatory"'],
    [["event_type"], '"telemetry"'],
    [["severity"], '"warning"'],
  ],
  "accept/shipped-lenient-correlation-type-and-window.json": [
    [["correlation_type"], '"security_incident"'],
    [["time_window"], '{"start":"2025-06-21T03:10:00Z","end":"2025-06-21T03:15:00Z"}'],
  ],
  "accept/shipped-lenient-counter-as-array.json": [
    [["metric_type"], '"counter"'],
    [["name"], '"llm_requests_total"'],
    [["value"], "1843221"],
    [["rate"], "212.4"],
    [["tags"], '{"model_id":"gpt-4o-mini"}'],
    [["timestamp"], '"2025-06-03T14:30:00Z"'],
  ],
  "accept/shipped-lenient-histogram-parts-as-arrays.json": [
    [
      ["stats"],
      '{"avg":612.4,"min":88.1,"max":9120.0,"p50":480.2,"p95":1530.7,"p99":3980.1,"count":120034,"sum":73508821.6}',
    ],
    [
      ["buckets"],
      '[{"upper_bound":250.0,"count":20551},{"upper_bound":1000.0,"count":98803},{"upper_bound":10000.0,"count":120034}]',
    ],
  ],
  "accept/shipped-lenient-metric-rollup-as-array.json": [
    [[], '{"source_window":"one_minute","target_window":"one_hour","aggregation":"avg","retention_days":7}'],
  ],
  "accept/shipped-lenient-pagination-as-array.json": [
    [["status"], '"success"'],
    [["pagination"], '{"page":1,"per_page":50,"total_items":2,"total_pages":1,"has_next":false,"has_previous":false}'],
  ],
  "accept/shipped-lenient-payload-as-arrays.json": [
    [["payload", "payload_type"], '"cost"'],
    [["payload", "data", "cost_type"], '"budget_alert"'],
    [["payload", "data", "budget_id"], '"bgt-research-2025-08"'],
    [["payload", "data", "alert_type"], '"critical"'],
  ],
  "accept/shipped-lenient-payload-type-as-map.json": [[["payload", "payload_type"], '"custom"']],
  "accept/shipped-lenient-query-unit-maps-and-arrays.json": [
    [["aggregation"], '{"function":"mean","window":"1h","fields":["cost_usd"]}'],
    [["fill"], '"linear"'],
  ],
  "accept/shipped-lenient-sort-order-unit-as-map.json": [[["sort_order"], '"asc"']],
  "accept/shipped-lenient-stream-event-as-array.json": [
    [["event_id"], '"12c46134-2425-405c-a763-a5f6c9d4b8d3"'],
    [["event_type"], '"heartbeat"'],
    [["data"], "null"],
    [["sequence"], "1289"],
    [["timestamp"], '"2025-08-27T21:30:15Z"'],
  ],
  "accept/shipped-negzero-counter-falls-to-gauge.json": [[["values"], '{"value":-0.0,"delta":null}']],
  "accept/shipped-negzero-f64-gauge.json": [
    [["value"], "-0.0"],
    [["previous_value"], "-0.0"],
  ],
  "accept/shipped-negzero-fieldset-u64-falls-through.json": [[["fields"], '{"latency_ms":842.7,"error_count":-0.0}']],
  "accept/shipped-negzero-json-value.json": [[["data"], '{"samples":[-0.0,0],"spend_delta_usd":-0.0}']],
  "accept/shipped-ts-fraction-10-digits.json": [[["timestamp"], '"2025-06-18T00:41:27.318123456Z"']],
  "accept/shipped-ts-fraction-12-nines-truncated.json": [[["timestamp"], '"2025-06-03T14:22:05.999999999Z"']],
  "accept/shipped-ts-leap-second.json": [[["timestamp"], '"2025-06-03T14:22:60Z"']],
  "accept/shipped-ts-lowercase-t-separator.json": [[["timestamp"], '"2025-06-03T14:22:05.123Z"']],
  "accept/shipped-ts-lowercase-z.json": [[["timestamp"], '"2025-06-03T14:30:00Z"']],
  "accept/shipped-ts-nbsp-before-z.json": [[["created_at"], '"2025-06-03T14:30:00Z"']],
  "accept/shipped-ts-negative-offset-without-colon.json": [
    [["time_range", "start"], '"2025-06-01T00:00:00Z"'],
    [["time_range", "end"], '"2025-07-01T00:00:00Z"'],
  ],
  "accept/shipped-ts-offset-crosses-year-9999.json": [
    [["window_start"], '"+10000-01-01T00:00:00Z"'],
    [["window_end"], '"+10000-01-01T00:05:00Z"'],
  ],
  "accept/shipped-ts-offset-space-instead-of-colon.json": [[["timestamp"], '"2025-06-03T15:00:00Z"']],
  "accept/shipped-ts-offset-unicode-minus.json": [[["timestamp"], '"2025-06-21T03:12:44.901Z"']],
  "accept/shipped-ts-offset-without-colon.json": [
    [["window_start"], '"2025-06-03T14:00:00Z"'],
    [["window_end"], '"2025-06-03T14:05:00Z"'],
  ],
  "accept/shipped-ts-single-digit-fields.json": [[["timestamp"], '"2025-08-29T08:04:01Z"']],
  "accept/shipped-ts-space-before-z.json": [[["meta", "timestamp"], '"2025-09-01T11:00:00.210Z"']],
  "accept/shipped-ts-space-separator.json": [[["timestamp"], '"2025-06-03T14:22:05.123Z"']],
  "accept/shipped-ts-surrounding-whitespace.json": [[["timestamp"], '"2025-08-20T09:00:00Z"']],
  "accept/shipped-ts-two-digit-year.json": [[["timestamp"], '"0025-08-20T09:00:00Z"']],
  "accept/shipped-ts-utc-lowercase-after-space.json": [[["meta", "timestamp"], '"2025-08-02T09:30:01Z"']],
  "accept/shipped-ts-utc-suffix.json": [[["detected_at"], '"2025-06-21T03:15:00Z"']],
  "accept/shipped-ts-whitespace-inside.json": [[["values", 0, "timestamp"], '"2025-06-03T14:00:00Z"']],
  "accept/shipped-ts-year-max-262142.json": [[["time_range", "end"], '"+262142-12-31T23:59:59Z"']],
  "accept/shipped-ts-year-minus-0001.json": [[["timestamp"], '"-0001-12-31T23:59:59Z"']],
  "accept/shipped-ts-year-plus-10000.json": [[["time_range", "end"], '"+10000-01-01T00:00:00Z"']],
  "accept/shipped-untagged-dup-fieldset-to-security.json": [
    [["fields"], '{"latency_ms":842.7,"token_count":2530.0,"error_count":0.0}'],
  ],
  "accept/shipped-untagged-dup-rate-counter-to-gauge.json": [[["values"], '{"value":12744.0,"delta":null}']],
  "accept/shipped-untagged-dup-rate-keeps-delta.json": [[["values"], '{"value":88.0,"delta":-3.5}']],
  "accept/shipped-untagged-dup-stats-to-gauge.json": [[["values"], '{"value":702.3,"delta":null}']],
};

/**
 * Documents the hub reads and this library refuses, on purpose: an integer beyond 2^53 − 1 in an
 * integer field (a u64 the hub keeps exactly), which a JS number cannot hold. `decode` refuses it
 * with reason `integer_precision` at the listed paths instead of rounding it; integer fields stay
 * `number` in the types (docs/hardening.md, "Integers beyond 2^53"). JSON values keep such
 * integers exactly, as bigints (the other bigint fixtures).
 */
export const SHIPPED_EXCEPTIONS: Readonly<Record<string, readonly WirePath[]>> = {
  "accept/shipped-bigint-fieldset-token-count.json": [["fields", "token_count"]],
  "accept/shipped-bigint-fieldset-u64-max.json": [
    ["fields", "success_count"],
    ["fields", "error_count"],
  ],
  "accept/shipped-bigint-metric-values-counter.json": [["values", "value"]],
  "accept/shipped-bigint-metric-values-u64-max.json": [["values", "value"]],
};
