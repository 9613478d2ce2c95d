import { describe, expect, it } from "vitest";
import {
  ANOMALY_DETECTOR_DEFAULTS,
  AnomalyEvent,
  detectAnomalies,
  detectDistributionShift,
  detectFrequencyAnomalies,
  type MetricSample,
} from "../../src/correlation/index.js";
import { deepFreeze } from "./helpers.js";

const minute = (m: number) => new Date(Date.UTC(2025, 5, 3, 14, m)).toISOString().replace(".000Z", "Z");
const seriesOf = (values: readonly number[]): MetricSample[] =>
  deepFreeze(values.map((value, i) => ({ timestamp: minute(i), value })));

// p95 latency per minute: steady around 100 ms, a spike at 11 and a drop at 13.
const VALUES = [100, 102, 98, 101, 99, 103, 97, 100, 102, 98, 100, 160, 101, 40, 99, 100];
const SERIES = seriesOf(VALUES);
const BASE = { metric: "latency_ms.p95", sourceModule: "llm-observatory" } as const;

describe("detectAnomalies", () => {
  it("keeps the hub detector's defaults (sensitivity 0.95, 10 samples, last 100)", () => {
    expect(ANOMALY_DETECTOR_DEFAULTS).toMatchObject({ sensitivity: 0.95, minSamples: 10, maxSamples: 100 });
  });

  it("z-score: mean and population stddev of the preceding samples (numpy np.mean / np.std)", () => {
    // numpy 1.24.2 over VALUES[0..i): i = 11 → mean 100, std 1.8090680674665818, z 33.166247903553995;
    // i = 13 → mean 104.6923076923077, std 16.054640428547156, z −4.029508351820617.
    // Scores |z| / (|z| + 3): 33.1662…/36.1662… = 0.9170497307876608, 4.0295…/7.0295… = 0.5732276213566186.
    const found = detectAnomalies(SERIES, { ...BASE, threshold: 3 });
    expect(found.map((a) => [a.timestamp, a.anomaly_type])).toEqual([
      [minute(11), "spike"],
      [minute(13), "drop"],
    ]);
    const [spike, drop] = found as [AnomalyEvent, AnomalyEvent];
    expect(spike.baseline).toBe(100);
    expect(spike.observed).toBe(160);
    expect(spike.deviation).toBe(60);
    expect(spike.anomaly_score).toBeCloseTo(0.9170497307876608, 12);
    expect(drop.baseline).toBeCloseTo(104.6923076923077, 12);
    expect(drop.deviation).toBeCloseTo(40 - 104.6923076923077, 12);
    expect(drop.anomaly_score).toBeCloseTo(0.5732276213566186, 12);
    for (const a of found) {
      expect(a.metric).toBe("latency_ms.p95");
      expect(a.source_module).toBe("llm-observatory");
      expect(AnomalyEvent.parse(a)).toEqual(a);
    }
  });

  it("uses the hub's threshold 3 − 2 × sensitivity (1.1 by default)", () => {
    // numpy: z of 103.8 against [100,102,98,101,99,103,97,100,102,98] = 2.002775851439972: above 1.1
    // (sensitivity 0.95), below 3 (sensitivity 0); score at threshold 1.1: 2.0028…/3.1028… = 0.6454787414019936.
    const series = seriesOf([100, 102, 98, 101, 99, 103, 97, 100, 102, 98, 103.8]);
    const byDefault = detectAnomalies(series, BASE);
    expect(byDefault).toHaveLength(1);
    expect(byDefault[0]?.anomaly_score).toBeCloseTo(0.6454787414019936, 12);
    expect(detectAnomalies(series, { ...BASE, sensitivity: 0 })).toEqual([]);
    expect(detectAnomalies(series, { ...BASE, sensitivity: 0.5 })).toHaveLength(1);
  });

  it("robust median/MAD baseline (scipy.stats.median_abs_deviation(scale='normal'))", () => {
    // scipy 1.10.1 over VALUES[0..i): median 100, MAD·1.4826 = 2.965204437011204 for i = 11..15;
    // z(160) = 20.23469250588245, z(40) = −20.23469250588245, z(101) = 0.33724487509804085.
    const found = detectAnomalies(SERIES, { ...BASE, method: "mad", threshold: 3 });
    expect(found.map((a) => [a.timestamp, a.anomaly_type, a.baseline])).toEqual([
      [minute(11), "spike", 100],
      [minute(13), "drop", 100],
    ]);
    // With threshold 0.3 the next ordinary sample is flagged too: score 0.33724…/0.63724… = 0.5292233618138638.
    const loose = detectAnomalies(SERIES, { ...BASE, method: "mad", threshold: 0.3 });
    expect(loose.find((a) => a.timestamp === minute(12))?.anomaly_score).toBeCloseTo(0.5292233618138638, 12);
  });

  it("EWMA baseline (pandas Series.ewm(alpha=0.3, adjust=False).mean() / .var(bias=True))", () => {
    // pandas 1.5.3 at i − 1: i = 11 → mean 99.78820794819998, sd 1.6318106683051024, z 36.8987611254801;
    // i = 13 → mean 112.79622189461799, sd 24.36972424073763, z −2.9871582121938105 (score at threshold 2.5:
    // 2.98716…/5.48716… = 0.544390756868576).
    const strict = detectAnomalies(SERIES, { ...BASE, method: "ewma", threshold: 3 });
    expect(strict.map((a) => a.timestamp)).toEqual([minute(11)]);
    expect(strict[0]?.baseline).toBeCloseTo(99.78820794819998, 10);
    const loose = detectAnomalies(SERIES, { ...BASE, method: "ewma", threshold: 2.5 });
    const drop = loose.find((a) => a.timestamp === minute(13));
    expect(drop?.anomaly_type).toBe("drop");
    expect(drop?.baseline).toBeCloseTo(112.79622189461799, 10);
    expect(drop?.anomaly_score).toBeCloseTo(0.544390756868576, 10);
  });

  it("handles a flat baseline without dividing by zero", () => {
    const flat = seriesOf([5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 7, 5]);
    for (const method of ["zscore", "mad", "ewma"] as const) {
      const found = detectAnomalies(flat, { ...BASE, method, threshold: 3 });
      expect(found[0]?.timestamp, method).toBe(minute(11));
      expect(found[0]?.anomaly_score, method).toBe(1);
      for (const a of found) expect(Number.isFinite(a.anomaly_score)).toBe(true);
    }
    expect(detectAnomalies(seriesOf(new Array(20).fill(5)), BASE)).toEqual([]);
  });

  it("needs minSamples earlier samples before scoring one, so short series yield nothing", () => {
    expect(detectAnomalies([], BASE)).toEqual([]);
    expect(detectAnomalies(seriesOf([1, 100]), BASE)).toEqual([]);
    expect(detectAnomalies(seriesOf(VALUES.slice(0, 10)), BASE)).toEqual([]);
    expect(detectAnomalies(seriesOf([1, 1, 100]), { ...BASE, minSamples: 2 })).toHaveLength(1);
  });

  it("limits the baseline to the last maxSamples samples", () => {
    // After 10 samples at 0 and 10 at 50, a value of 50 is normal against the last 10 only.
    const shifted = seriesOf([...new Array(10).fill(0), ...new Array(10).fill(50), 50]);
    const window10 = detectAnomalies(shifted, { ...BASE, threshold: 3, maxSamples: 10 });
    expect(window10.map((a) => a.timestamp)).toEqual([minute(10)]);
  });

  it("derives deterministic ids from content, or takes injected ones", () => {
    const a = detectAnomalies(SERIES, { ...BASE, threshold: 3 });
    const b = detectAnomalies(SERIES, { ...BASE, threshold: 3 });
    expect(a.map((x) => x.event_id)).toEqual(b.map((x) => x.event_id));
    expect(new Set(a.map((x) => x.event_id)).size).toBe(2);
    const injected = detectAnomalies(SERIES, {
      ...BASE,
      threshold: 3,
      eventId: (_s, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    });
    expect(injected.map((x) => x.event_id)).toEqual([
      "00000000-0000-4000-8000-000000000011",
      "00000000-0000-4000-8000-000000000013",
    ]);
  });

  it("rejects bad input, naming the function and the rule", () => {
    const backwards = [
      { timestamp: minute(1), value: 1 },
      { timestamp: minute(0), value: 2 },
    ];
    expect(() => detectAnomalies(backwards, BASE)).toThrow(
      "detectAnomalies: series must be in time order, but series[1] is earlier than series[0]",
    );
    expect(() => detectAnomalies([{ timestamp: minute(0), value: Number.NaN }], BASE)).toThrow(
      "detectAnomalies: series[0].value must be a finite number, received NaN",
    );
    expect(() => detectAnomalies([{ timestamp: "yesterday", value: 1 }], BASE)).toThrow(
      'detectAnomalies: series[0].timestamp must be an RFC 3339 timestamp with seconds and an offset, received "yesterday"',
    );
    expect(() => detectAnomalies(SERIES, { ...BASE, sensitivity: 1.5 })).toThrow(
      "detectAnomalies: options.sensitivity must be within [0, 1], received 1.5",
    );
    expect(() => detectAnomalies(SERIES, { ...BASE, method: "iqr" as never })).toThrow(
      'detectAnomalies: options.method must be one of zscore, mad, ewma, received "iqr"',
    );
    expect(() => detectAnomalies(SERIES, { ...BASE, alpha: 0 })).toThrow(
      "detectAnomalies: options.alpha must be within (0, 1]",
    );
    expect(() => detectAnomalies(SERIES, { ...BASE, sourceModule: "llm-costops" as never })).toThrow(
      "detectAnomalies: options.sourceModule must be one of",
    );
  });
});

describe("detectFrequencyAnomalies", () => {
  const base = { metric: "events_per_minute", sourceModule: "llm-sentinel", bucketMs: 60_000, threshold: 3 } as const;
  const at = (m: number, s = 0) => new Date(Date.UTC(2025, 5, 3, 14, m, s)).toISOString().replace(".000Z", "Z");

  it("flags a burst against a steady rate, counting per aligned bucket", () => {
    const times = [
      ...Array.from({ length: 12 }, (_, m) => at(m, 30)),
      ...Array.from({ length: 20 }, (_, s) => at(12, s)),
      at(13, 5),
    ];
    const found = detectFrequencyAnomalies(Object.freeze(times), base);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      anomaly_type: "frequency_anomaly",
      timestamp: at(12),
      baseline: 1,
      observed: 20,
      deviation: 19,
      anomaly_score: 1,
      metric: "events_per_minute",
    });
  });

  it("flags a silence: empty buckets count 0", () => {
    const times = [...Array.from({ length: 12 }, (_, m) => at(m, 10)), at(14, 10)];
    const found = detectFrequencyAnomalies(times, base);
    // Bucket 13 is flagged too: against twelve 1s and one 0 (mean 12/13, population sd
    // √(12/13 − (12/13)²) = 0.2665) a count of 0 has z = −3.46.
    expect(found.map((a) => [a.timestamp, a.observed])).toEqual([
      [at(12), 0],
      [at(13), 0],
    ]);
    expect(found[0]?.anomaly_type).toBe("frequency_anomaly");
  });

  it("counts within an explicit [start, end) and rejects timestamps outside it", () => {
    expect(detectFrequencyAnomalies([], { ...base, start: at(0), end: at(30) })).toEqual([]);
    expect(() => detectFrequencyAnomalies([at(40)], { ...base, start: at(0), end: at(30) })).toThrow(
      "detectFrequencyAnomalies: timestamps[0] lies outside the counted range [start, end)",
    );
    expect(() => detectFrequencyAnomalies([at(1)], { ...base, bucketMs: 0.5 })).toThrow(
      "detectFrequencyAnomalies: options.bucketMs must be a whole number ≥ 1",
    );
  });
});

describe("detectDistributionShift", () => {
  const X = [
    0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56, 0.39, 1.64, 0.05, -0.06, 0.64, -0.82, 0.37, 1.77, 1.09, -1.28,
    2.36, 1.31, 1.05, -0.32, -0.4, 1.06, -2.47,
  ];
  const Y = [
    2.2, 1.66, 1.38, 0.2, 0.36, 0, 0.96, 1.56, 0.44, 1.5, -0.3, 0.66, 2.31, 3.29, -0.27, -0.37, 0.38, 0.7, 0.52, -0.08,
  ];
  const reference = seriesOf(X);
  const later = (values: readonly number[]) =>
    deepFreeze(values.map((value, i) => ({ timestamp: minute(30 + i), value })));
  const opts = { metric: "quality_score", sourceModule: "llm-observatory" } as const;

  it("reports a shift with the KS test (scipy.stats.ks_2samp) when p < alpha", () => {
    // scipy 1.17.1: ks_2samp(X, Y + 1.5, method="exact") → D 0.84, p 1.4380396692122644e-08;
    // np.median(X) = 0.37, np.median(Y + 1.5) = 2.09
    const shifted = detectDistributionShift(reference, later(Y.map((y) => y + 1.5)), opts);
    expect(shifted.statistic).toBeCloseTo(0.84, 14);
    expect(shifted.pValue / 1.4380396692122644e-8).toBeCloseTo(1, 10);
    expect(shifted.anomaly).toMatchObject({
      anomaly_type: "distribution_shift",
      baseline: 0.37,
      timestamp: minute(49),
      metric: "quality_score",
      source_module: "llm-observatory",
    });
    expect(shifted.anomaly?.observed).toBeCloseTo(2.09, 14);
    expect(shifted.anomaly?.anomaly_score).toBeCloseTo(1 - 1.4380396692122644e-8, 15);
  });

  it("reports nothing when the samples are compatible", () => {
    // scipy 1.17.1: ks_2samp(X, Y, method="exact").pvalue = 0.2933789985549772 > 0.05
    const same = detectDistributionShift(reference, later(Y), opts);
    expect(same.pValue).toBeCloseTo(0.2933789985549772, 13);
    expect(same.anomaly).toBeNull();
    expect(detectDistributionShift(reference, later(Y), { ...opts, alpha: 0.3 }).anomaly?.anomaly_type).toBe(
      "distribution_shift",
    );
  });

  it("rejects empty samples and a bad alpha", () => {
    expect(() => detectDistributionShift([], later(Y), opts)).toThrow(
      "detectDistributionShift: reference and current must each hold at least one sample",
    );
    expect(() => detectDistributionShift(reference, later(Y), { ...opts, alpha: 1 })).toThrow(
      "detectDistributionShift: options.alpha must be within (0, 1), received 1",
    );
  });
});
