/*
 * Rollup throughput: raw points → 1-minute AggregatedMetrics per model × region (Stats and a
 * sketch per window), then 1m → 1h and 1h → 1d merges, and calendar days in an IANA zone.
 * CPU time through the shared harness. Run: npx tsx bench/rollup.bench.ts [--quick]
 */
import { type MetricPoint, mergeRollups, rollup } from "../src/metrics/index.js";
import { gaussian, mulberry32 } from "../test/prng.js";
import { measureCases } from "./harness.js";

const quick = process.argv.includes("--quick");
const n = quick ? 1e5 : 1e6;

const r = mulberry32(5);
const models = ["gpt-4o-mini", "gpt-4o", "claude-sonnet-4", "gemini-2.5-pro"];
const regions = ["eu-west-1", "us-east-1", "ap-south-1"];
const start = Date.UTC(2025, 5, 3);
// One point every 60 ms: 1e6 points span about 1000 one-minute windows × 12 series.
const points: MetricPoint[] = Array.from({ length: n }, (_, i) => {
  const z = gaussian(r);
  return {
    name: "llm.latency_ms",
    timestamp: start + i * 60,
    value: Math.exp(5.5 + 0.6 * z),
    tags: {
      model: models[Math.floor(r() * models.length)] as string,
      region: regions[Math.floor(r() * regions.length)] as string,
    },
  };
});
const isoPoints = points
  .slice(0, n / 10)
  .map((p) => ({ ...p, timestamp: new Date(p.timestamp as number).toISOString() }));
const groupBy = ["model", "region"];
const minutes = rollup(points, { window: "one_minute", groupBy });
const hours = mergeRollups(minutes, { window: "one_hour" });

const cases = [
  {
    name: `rollup 1m, Stats + sketch (${n} points, epoch ms)`,
    run: () => rollup(points, { window: "one_minute", groupBy }),
    units: n,
  },
  {
    name: `rollup 1m, Stats only (sketch: false)`,
    run: () => rollup(points, { window: "one_minute", groupBy, sketch: false }),
    units: n,
  },
  {
    name: `rollup 1m from RFC 3339 strings (${n / 10} points)`,
    run: () => rollup(isoPoints, { window: "one_minute", groupBy }),
    units: n / 10,
  },
  {
    name: `rollup calendar days in Europe/Berlin (${n} points)`,
    run: () => rollup(points, { window: "one_day", groupBy, alignment: "calendar", timeZone: "Europe/Berlin" }),
    units: n,
  },
  {
    name: `mergeRollups 1m → 1h (${minutes.length} windows)`,
    run: () => mergeRollups(minutes, { window: "one_hour" }),
    units: minutes.length,
  },
  {
    name: `mergeRollups 1h → 1d (${hours.length} windows)`,
    run: () => mergeRollups(hours, { window: "one_day" }),
    units: hours.length,
  },
];
const measured = await measureCases(cases, { rounds: quick ? 1 : 3, budgetMs: quick ? 200 : 2000 });
for (const m of measured) {
  const perSecond = 1e9 / m.nsPerUnit;
  const unit = m.name.startsWith("merge") ? "windows/s" : "points/s";
  console.log(`${m.name.padEnd(60)}  ${(perSecond / 1e6).toFixed(2)} M ${unit}  (${(m.nsPerUnit).toFixed(0)} ns each)`);
}
console.log(`\n${minutes.length} one-minute windows, ${hours.length} one-hour windows; CPU time, not wall time.`);
