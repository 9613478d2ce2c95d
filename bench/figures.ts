import { DDSketch } from "@datadog/sketches-js";
import * as ss from "simple-statistics";
import { TDigest } from "tdigest";
import { type MetricPoint, rollup } from "../src/metrics/index.js";
import { quantiles, sketchOf, sketchQuantiles } from "../src/stats/index.js";
import { gaussian, mulberry32 } from "../test/prng.js";
import { type Measured, measureCases, speedup } from "./harness.js";
import { type Notes, perSecond, type Row, target, times } from "./report.js";

/*
 * The stats kernel and rollup figures (src/stats, src/metrics), against simple-statistics,
 * sorting, @datadog/sketches-js and tdigest, on seeded log-normal latencies.
 */

const QS = [0.5, 0.95, 0.99] as const;

/** Log-normal latencies in ms (median ≈ 245 ms, long right tail), seeded. */
function latencies(n: number, seed: number): number[] {
  const r = mulberry32(seed);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    // Box–Muller.
    const z = gaussian(r);
    out[i] = Math.exp(5.5 + 0.6 * z);
  }
  return out;
}

const ms = (m: Measured) => `${(m.nsPerUnit / 1e6).toFixed(m.nsPerUnit < 1e6 ? 3 : 1)} ms`;

export async function quantileBench(rows: Row[], notes: Notes, quick: boolean): Promise<void> {
  for (const n of [1e3, 1e5, 1e6]) {
    const values = latencies(n, n);
    const measured = await measureCases(
      [
        { name: "quantiles(values, [.5, .95, .99]) (this library)", run: () => quantiles(values, QS), units: 1 },
        {
          name: "simple-statistics quantile(values, [.5, .95, .99])",
          run: () => ss.quantile(values, [...QS]),
          units: 1,
        },
        {
          name: "copy + sort (Float64Array) + read",
          run: () => {
            const s = Float64Array.from(values).sort();
            return QS.map((q) => s[Math.floor(q * (n - 1))]);
          },
          units: 1,
        },
      ],
      { budgetMs: quick ? 100 : n >= 1e6 ? 1500 : 300 },
    );
    const [ours, simple, sort] = measured as [Measured, Measured, Measured];
    const section = `exact p50/p95/p99, n = ${n.toExponential(0).replace("+", "")}`;
    const vsSimple = speedup(ours, simple);
    rows.push({
      section,
      case: ours.name,
      median: ms(ours),
      ratio: `${times(vsSimple, "simple-statistics")}, ${times(speedup(ours, sort), "sort")}`,
      target: n === 1e6 ? target(vsSimple >= 1, "≥ 1.0× simple-statistics at 1e6") : "",
    });
    rows.push({ section, case: simple.name, median: ms(simple), ratio: "baseline", target: "" });
    rows.push({
      section,
      case: sort.name,
      median: ms(sort),
      ratio: times(speedup(sort, simple), "simple-statistics"),
      target: "",
    });
  }
  const check = latencies(1e5, 1e5);
  const ours = quantiles(check, QS);
  const theirs = ss.quantile(check, [...QS]);
  const agree = ours.every((v, i) => Math.abs(v - (theirs[i] as number)) <= 1e-9 * Math.abs(v));
  notes.push(
    `quantiles() and simple-statistics' quantile both use R type 7 (linear interpolation) and ${agree ? "agree" : "DISAGREE"} on p50/p95/p99 of 1e5 values; the sort row reads the lower order statistic`,
  );
}

export async function sketchBench(rows: Row[], notes: Notes, quick: boolean): Promise<void> {
  const n = quick ? 1e5 : 1e6;
  const values = latencies(n, 99);
  const exact = quantiles(values, QS);
  const relError = (estimates: readonly number[]) =>
    Math.max(...estimates.map((e, i) => Math.abs(e - (exact[i] as number)) / Math.abs(exact[i] as number)));
  const ours = () => sketchQuantiles(sketchOf(values), QS);
  const dd = () => {
    const s = new DDSketch({ relativeAccuracy: 0.01 });
    for (let i = 0; i < values.length; i++) s.accept(values[i] as number);
    return QS.map((q) => s.getValueAtQuantile(q));
  };
  const td = () => {
    const t = new TDigest();
    t.push(values);
    t.compress();
    return QS.map((q) => t.percentile(q));
  };
  const errors = [relError(ours()), relError(dd()), relError(td())];
  const measured = await measureCases(
    [
      { name: "sketchOf + sketchQuantiles (this library, α = 1 %)", run: ours, units: 1 },
      { name: "@datadog/sketches-js DDSketch accept + getValueAtQuantile (α = 1 %)", run: dd, units: 1 },
      { name: "tdigest push + compress + percentile", run: td, units: 1 },
    ],
    { budgetMs: quick ? 100 : 1500 },
  );
  const [mine, datadog, tdigest] = measured as [Measured, Measured, Measured];
  const section = `sketch ingest + p50/p95/p99, n = ${n.toExponential(0).replace("+", "")}`;
  const err = (e: number) => `max rel. error ${(e * 100).toFixed(3)} %`;
  const vsDd = speedup(mine, datadog);
  rows.push({
    section,
    case: `${mine.name}; ${err(errors[0] as number)}`,
    median: ms(mine),
    ratio: `${times(vsDd, "DDSketch")}, ${times(speedup(mine, tdigest), "tdigest")}`,
    target: target(vsDd >= 1 && (errors[0] as number) <= 0.01, "≥ 1.0× DDSketch at ≤ 1 % error"),
  });
  rows.push({
    section,
    case: `${datadog.name}; ${err(errors[1] as number)}`,
    median: ms(datadog),
    ratio: "baseline",
    target: "",
  });
  rows.push({
    section,
    case: `${tdigest.name}; ${err(errors[2] as number)}`,
    median: ms(tdigest),
    ratio: times(speedup(tdigest, datadog), "DDSketch"),
    target: "",
  });
  notes.push("sketch errors are relative to the exact R-7 quantile of the same values");
}

export async function rollupBench(rows: Row[], notes: Notes, quick: boolean): Promise<void> {
  const n = quick ? 1e5 : 1e6;
  const r = mulberry32(5);
  const models = ["gpt-4o-mini", "gpt-4o", "claude-sonnet-4", "gemini-2.5-pro"];
  const regions = ["eu-west-1", "us-east-1", "ap-south-1"];
  const start = Date.UTC(2025, 5, 3);
  const values = latencies(n, 5);
  // One point every 60 ms: 1e6 points span about 1000 one-minute windows.
  const points: MetricPoint[] = values.map((value, i) => ({
    name: "llm.latency_ms",
    timestamp: start + i * 60,
    value,
    tags: {
      model: models[Math.floor(r() * models.length)] as string,
      region: regions[Math.floor(r() * regions.length)] as string,
    },
  }));
  const options = { window: "one_minute", groupBy: ["model", "region"] } as const;
  const out = rollup(points, options);
  const measured = await measureCases(
    [
      { name: "rollup (Stats + mergeable sketch per window)", run: () => rollup(points, options), units: n },
      {
        name: "rollup, sketch: false (Stats only)",
        run: () => rollup(points, { ...options, sketch: false }),
        units: n,
      },
    ],
    { rounds: quick ? 1 : 2, budgetMs: quick ? 200 : 2000 },
  );
  const [withSketch, withoutSketch] = measured as [Measured, Measured];
  const section = `rollup, ${n.toExponential(0).replace("+", "")} points, 1-minute windows × model × region`;
  const rate = (m: Measured) => 1e9 / m.nsPerUnit;
  rows.push({
    section,
    case: withSketch.name,
    median: perSecond(withSketch.nsPerUnit, "points"),
    ratio: "",
    target: target(rate(withSketch) >= 4e6, "≥ 4 M points/s with sketches"),
  });
  rows.push({
    section,
    case: withoutSketch.name,
    median: perSecond(withoutSketch.nsPerUnit, "points"),
    ratio: times(speedup(withoutSketch, withSketch), "with sketches"),
    target: target(rate(withoutSketch) >= 6e6, "≥ 6 M points/s without sketches"),
  });
  notes.push(
    `rollup: ${out.length} output windows (${models.length * regions.length} series); timestamps given as epoch ms (see bench/rollup.bench.ts for RFC 3339 input and merges)`,
  );
}
