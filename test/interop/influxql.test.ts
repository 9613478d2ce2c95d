// Statement syntax follows the InfluxQL reference (InfluxDB 1.x "Data exploration", "Continuous
// queries", "Database management"); influx-live.test.ts runs the same statements on influxd.
import { describe, expect, it } from "vitest";
import {
  continuousQueryStatement,
  quoteIdentifier,
  quoteString,
  retentionPolicyStatements,
  toInfluxQL,
} from "../../src/interop/influx.js";
import {
  ContinuousQuery,
  DEFAULT_RETENTION_POLICY,
  RetentionPolicy,
  TimeSeriesQuery,
} from "../../src/timeseries/index.js";

const RANGE = { start: "2025-06-03T00:00:00Z", end: "2025-06-04T00:00:00+02:00" };

describe("toInfluxQL", () => {
  it("writes an aggregated query with filters, groups, fill and paging", () => {
    const q = TimeSeriesQuery.parse({
      measurement: "llm_requests",
      time_range: RANGE,
      tag_filters: { model_id: "gpt-4o-mini", environment: "production" },
      aggregation: { function: { percentile: 95 }, window: "5m", fields: ["latency_ms", "ttft_ms"] },
      group_by: ["region"],
      fill: { value: 0 },
      limit: 100,
      offset: 10,
    });
    expect(toInfluxQL(Object.freeze(q))).toBe(
      `SELECT percentile("latency_ms", 95) AS "latency_ms", percentile("ttft_ms", 95) AS "ttft_ms" FROM "llm_requests" WHERE time >= '2025-06-03T00:00:00Z' AND time < '2025-06-03T22:00:00Z' AND "environment" = 'production' AND "model_id" = 'gpt-4o-mini' GROUP BY time(5m), "region" fill(0) LIMIT 100 OFFSET 10`,
    );
  });
  it("maps each fill strategy", () => {
    const fills = [
      [undefined, "fill(none)"],
      ["null", "fill(null)"],
      ["previous", "fill(previous)"],
      ["linear", "fill(linear)"],
      ["zero", "fill(0)"],
      [{ value: -1 }, "fill(-1)"],
    ] as const;
    for (const [fill, text] of fills) {
      const q = TimeSeriesQuery.parse({
        measurement: "m",
        time_range: RANGE,
        aggregation: { function: "mean", window: "60m", fields: ["v"] },
        ...(fill === undefined ? {} : { fill }),
      });
      expect(toInfluxQL(q)).toMatch(new RegExp(`GROUP BY time\\(1h\\) ${text.replace(/[()]/g, "\\$&")}$`));
    }
  });
  it("writes raw queries and qualifies names", () => {
    const q = TimeSeriesQuery.parse({ measurement: "m", time_range: RANGE, group_by: ["*"] });
    expect(toInfluxQL(q, { database: "db", retentionPolicy: "rp" })).toBe(
      `SELECT *::field FROM "db"."rp"."m" WHERE time >= '2025-06-03T00:00:00Z' AND time < '2025-06-03T22:00:00Z' GROUP BY *`,
    );
    expect(toInfluxQL({ ...q, select_fields: ["a", "b"], group_by: [] }, { database: "db" })).toBe(
      `SELECT "a", "b" FROM "db".."m" WHERE time >= '2025-06-03T00:00:00Z' AND time < '2025-06-03T22:00:00Z'`,
    );
  });
  it("quotes identifiers and strings with backslash escapes", () => {
    expect(quoteIdentifier('we"ird\\name')).toBe('"we\\"ird\\\\name"');
    expect(quoteString("it's")).toBe("'it\\'s'");
    expect(quoteString("a\nb")).toBe("'a\\nb'");
  });
  it("refuses what InfluxQL cannot say", () => {
    const q = TimeSeriesQuery.parse({ measurement: "m", time_range: RANGE });
    expect(() => toInfluxQL({ ...q, limit: 0 })).toThrow("toInfluxQL: limit 0 cannot be written");
    // The wording of every count check (stats/validate.ts, assertWholeAtLeast).
    expect(() => toInfluxQL({ ...q, limit: 2.5 })).toThrow(
      "toInfluxQL: limit must be a whole number ≥ 0, received 2.5",
    );
    expect(() => toInfluxQL({ ...q, offset: 1.5 })).toThrow(
      "toInfluxQL: offset must be a whole number ≥ 0, received 1.5",
    );
    expect(() => toInfluxQL({ ...q, aggregation: { function: "mean", window: "soon", fields: ["v"] } })).toThrow(
      /^toInfluxQL: aggregation\.window must be a duration/,
    );
    expect(() =>
      toInfluxQL({ ...q, aggregation: { function: { percentile: 101 }, window: "1m", fields: ["v"] } }),
    ).toThrow("percentile must be an integer within [0, 100], received 101");
  });
});

describe("retentionPolicyStatements", () => {
  it("turns the hub's default policy into four retention policies and three continuous queries", () => {
    expect(retentionPolicyStatements(DEFAULT_RETENTION_POLICY, { database: "hub" })).toEqual([
      'CREATE RETENTION POLICY "default" ON "hub" DURATION 1w REPLICATION 1 SHARD DURATION 24h DEFAULT',
      'CREATE RETENTION POLICY "default_5m" ON "hub" DURATION 30d REPLICATION 1 SHARD DURATION 24h',
      'CREATE RETENTION POLICY "default_1h" ON "hub" DURATION 90d REPLICATION 1 SHARD DURATION 24h',
      'CREATE RETENTION POLICY "default_1d" ON "hub" DURATION 365d REPLICATION 1 SHARD DURATION 24h',
      'CREATE CONTINUOUS QUERY "default_5m_downsample" ON "hub" BEGIN SELECT mean(*) INTO "hub"."default_5m".:MEASUREMENT FROM "hub"."default"./.*/ GROUP BY time(5m), * END',
      'CREATE CONTINUOUS QUERY "default_1h_downsample" ON "hub" BEGIN SELECT mean(*) INTO "hub"."default_1h".:MEASUREMENT FROM "hub"."default"./.*/ GROUP BY time(1h), * END',
      'CREATE CONTINUOUS QUERY "default_1d_downsample" ON "hub" BEGIN SELECT mean(*) INTO "hub"."default_1d".:MEASUREMENT FROM "hub"."default"./.*/ GROUP BY time(1d), * END',
    ]);
  });
  it("writes a single policy without stages, and refuses one that keeps nothing", () => {
    const audit = RetentionPolicy.parse({
      name: "audit-7y",
      full_resolution_days: 2555,
      downsample_configs: [],
      max_retention_days: 2555,
      shard_duration_hours: 168,
    });
    expect(retentionPolicyStatements(audit, { database: "hub", measurement: "audit" })).toEqual([
      'CREATE RETENTION POLICY "audit-7y" ON "hub" DURATION 365w REPLICATION 1 SHARD DURATION 168h DEFAULT',
    ]);
    expect(() => retentionPolicyStatements({ ...audit, max_retention_days: 0 }, { database: "hub" })).toThrow(
      "keeps nothing",
    );
  });
});

describe("continuousQueryStatement", () => {
  const cq = ContinuousQuery.parse({
    query_id: "cq-first",
    name: "first latency rollup",
    source_measurement: "llm_requests",
    destination_measurement: "llm_requests_first_1d",
    query: {
      measurement: "llm_requests",
      time_range: { start: "2025-06-01T00:00:00Z", end: "2025-06-02T00:00:00Z" },
      tag_filters: { environment: "production" },
      aggregation: { function: "first", window: "1d", fields: ["latency_ms"] },
      group_by: ["model_id"],
    },
    interval: "1d",
    enabled: true,
  });
  it("writes CREATE CONTINUOUS QUERY without the time range", () => {
    expect(
      continuousQueryStatement(Object.freeze(cq), { database: "hub", destinationRetentionPolicy: "default_1d" }),
    ).toBe(
      `CREATE CONTINUOUS QUERY "cq-first" ON "hub" RESAMPLE EVERY 1d BEGIN SELECT first("latency_ms") AS "latency_ms" INTO "hub"."default_1d"."llm_requests_first_1d" FROM "hub".."llm_requests" WHERE "environment" = 'production' GROUP BY time(1d), "model_id" fill(none) END`,
    );
  });
  it("refuses disabled queries, missing aggregation, paging and a measurement mismatch", () => {
    expect(() => continuousQueryStatement({ ...cq, enabled: false }, { database: "hub" })).toThrow("is disabled");
    expect(() =>
      continuousQueryStatement({ ...cq, query: { ...cq.query, aggregation: null } }, { database: "hub" }),
    ).toThrow("query.aggregation is missing");
    expect(() => continuousQueryStatement({ ...cq, query: { ...cq.query, limit: 5 } }, { database: "hub" })).toThrow(
      "do not apply to a continuous query",
    );
    expect(() => continuousQueryStatement({ ...cq, source_measurement: "x" }, { database: "hub" })).toThrow(
      "differs from source_measurement",
    );
    expect(() => continuousQueryStatement({ ...cq, interval: "daily" }, { database: "hub" })).toThrow(
      /^continuousQueryStatement: interval must be a duration/,
    );
  });
});
