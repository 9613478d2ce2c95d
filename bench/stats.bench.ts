/*
 * The stats kernel against simple-statistics, tdigest and @datadog/sketches-js, measured in
 * one process with the shared CPU-time harness (interleaved rounds; a ratio is the median of
 * the per-round ratios). Run: npx tsx bench/stats.bench.ts [--quick]
 *
 * Inputs are seeded log-normal latencies (median ≈ 245 ms, long right tail).
 */
import { DDSketch } from "@datadog/sketches-js";
import * as ss from "simple-statistics";
import { TDigest } from "tdigest";
import {
  mean,
  mergeSketches,
  momentsOf,
  quantile,
  quantiles,
  sketchOf,
  sketchQuantiles,
  summarize,
  variance,
} from "../src/stats/index.js";
import { gaussian, mulberry32 } from "../test/prng.js";
import { type Measured, measureCases, speedup } from "./harness.js";

const quick = process.argv.includes("--quick");
const QS = [0.5, 0.95, 0.99] as const;

function latencies(n: number, seed: number): number[] {
  const r = mulberry32(seed);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const z = gaussian(r);
    out[i] = Math.exp(5.5 + 0.6 * z);
  }
  return out;
}

const fmt = (ns: number) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : `${(ns / 1e3).toFixed(1)} µs`);
const rows: string[][] = [["group", "case", "median CPU time", "ratio"]];

async function group(title: string, cases: { name: string; run: () => unknown }[], budgetMs: number): Promise<void> {
  const measured = await measureCases(
    cases.map((c) => ({ ...c, units: 1 })),
    { budgetMs: quick ? Math.min(budgetMs, 80) : budgetMs, rounds: quick ? 2 : 3 },
  );
  const base = measured[0] as Measured;
  measured.forEach((m, i) => {
    rows.push([
      title,
      m.name,
      fmt(m.nsPerUnit),
      i === 0 ? "(this library)" : `this library ${speedup(base, m).toFixed(2)}× as fast`,
    ]);
  });
}

const sizes = quick ? [1e3, 1e5] : [1e3, 1e5, 1e6];
for (const n of sizes) {
  const values = latencies(n, n);
  const budget = n >= 1e6 ? 1500 : 300;
  await group(
    `p50/p95/p99, n = ${n}`,
    [
      { name: "quantiles(values, [.5, .95, .99])", run: () => quantiles(values, QS) },
      { name: "simple-statistics quantile(values, [.5, .95, .99])", run: () => ss.quantile(values, [...QS]) },
      { name: "copy + Float64Array sort + read", run: () => Float64Array.from(values).sort()[Math.floor(0.5 * n)] },
    ],
    budget,
  );
  await group(
    `one quantile (p99), n = ${n}`,
    [
      { name: "quantile(values, 0.99)", run: () => quantile(values, 0.99) },
      { name: "simple-statistics quantile(values, 0.99)", run: () => ss.quantile(values, 0.99) },
    ],
    budget,
  );
  await group(
    `mean + variance, n = ${n}`,
    [
      { name: "mean + variance (compensated, two-pass)", run: () => mean(values) + variance(values) },
      { name: "simple-statistics mean + variance", run: () => ss.mean(values) + ss.variance(values) },
    ],
    budget,
  );
  await group(
    `summarize, n = ${n}`,
    [
      { name: "summarize (avg, min, max, p50/95/99, stddev, count, sum)", run: () => summarize(values) },
      {
        name: "simple-statistics equivalent (mean, min, max, quantile ×3, stddev, sum)",
        run: () => [
          ss.mean(values),
          ss.min(values),
          ss.max(values),
          ss.quantile(values, [...QS]),
          ss.standardDeviation(values),
          ss.sum(values),
        ],
      },
      { name: "momentsOf (count, sum, min, max, mean, m2)", run: () => momentsOf(values) },
    ],
    budget,
  );
}

// Sketches: ingest n values and read p50/p95/p99; accuracy against the exact R-7 quantiles.
const n = quick ? 1e5 : 1e6;
const values = latencies(n, 99);
const exact = quantiles(values, QS);
const relError = (est: readonly number[]) =>
  Math.max(...est.map((e, i) => Math.abs(e - (exact[i] as number)) / Math.abs(exact[i] as number)));
const ours = () => sketchQuantiles(sketchOf(values), QS);
const datadog = () => {
  const s = new DDSketch({ relativeAccuracy: 0.01 });
  for (let i = 0; i < values.length; i++) s.accept(values[i] as number);
  return QS.map((q) => s.getValueAtQuantile(q));
};
const tdigest = () => {
  const t = new TDigest();
  t.push(values);
  t.compress();
  return QS.map((q) => t.percentile(q));
};
const errors = [ours(), datadog(), tdigest()].map(relError);
await group(
  `sketch ingest + p50/p95/p99, n = ${n}`,
  [
    {
      name: `sketchOf + sketchQuantiles (α 1 %; max rel. error ${(100 * (errors[0] as number)).toFixed(3)} %)`,
      run: ours,
    },
    { name: `@datadog/sketches-js DDSketch (α 1 %; ${(100 * (errors[1] as number)).toFixed(3)} %)`, run: datadog },
    { name: `tdigest (${(100 * (errors[2] as number)).toFixed(3)} %)`, run: tdigest },
  ],
  1500,
);
// Merging 60 one-minute sketches (the 1m → 1h rollup step).
const parts = Array.from({ length: 60 }, (_, i) => sketchOf(values.slice(i * 1000, (i + 1) * 1000)));
const ddParts = parts.map((_, i) => {
  const s = new DDSketch({ relativeAccuracy: 0.01 });
  for (const v of values.slice(i * 1000, (i + 1) * 1000)) s.accept(v);
  return s;
});
await group(
  "merge 60 sketches of 1000 values",
  [
    { name: "mergeSketches(...60)", run: () => mergeSketches(...parts) },
    {
      name: "@datadog/sketches-js merge ×59 (into a fresh sketch)",
      run: () => {
        const s = new DDSketch({ relativeAccuracy: 0.01 });
        for (const p of ddParts) s.merge(p);
        return s;
      },
    },
  ],
  600,
);
const stateBytes = JSON.stringify(sketchOf(values)).length;
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length)));
for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c] as number)).join("  "));
console.log(
  `\nsketch state of ${n} values: ${stateBytes} bytes of JSON. @datadog/sketches-js serializes only to protobuf, through protobufjs, which it does not install (toProto throws "Cannot find module protobufjs/minimal" here).`,
);
console.log(
  "ratio: median over interleaved rounds of (other time ÷ this library's time); above 1 means this library is faster. CPU time, not wall time.",
);
