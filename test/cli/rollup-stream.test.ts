import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LineStore } from "../../src/cli/commands/rollup.js";
import { dimension, numericField } from "../../src/cli/fields.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { type MetricPoint, type RollupOptions, rollup } from "../../src/metrics/index.js";
import { LatePoint, RollupStream } from "../../src/metrics/rollup-stream.js";
import { mulberry32 } from "../prng.js";
import { runInProcess, tempDir } from "./helpers.js";

/*
 * The CLI's `rollup` streams (src/metrics/rollup-stream.ts). Its output must be byte-identical to
 * the in-memory path it replaced: every event decoded, one MetricPoint each, `rollup()` over all
 * of them, one JSON line per result. The reference below is that path, written out here.
 */

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const r = mulberry32(seed);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The in-memory path: what `rollup` printed before it streamed. */
function inMemory(lines: readonly string[], field: string, by: readonly string[], options: Partial<RollupOptions>) {
  const points: MetricPoint[] = [];
  for (const line of lines) {
    const parsed = AnalyticsEvent.safeParse(JSON.parse(line));
    if (!parsed.success) continue;
    const event = parsed.data;
    const value = numericField(event, field);
    if (value === undefined) continue;
    const tags: Record<string, string> = {};
    for (const name of by) {
      const v = dimension(event, name);
      if (v !== undefined) tags[name] = v;
    }
    points.push({ name: field, timestamp: event.timestamp, value, tags });
  }
  const withSketch = options.sketch === true;
  return rollup(points, { window: "one_minute", ...options, groupBy: by })
    .map((m) => {
      const { sketch, ...aggregated } = m;
      void sketch;
      return `${JSON.stringify(withSketch ? m : aggregated)}\n`;
    })
    .join("");
}

/**
 * A second, hand-written producer unlike `generate`: timestamps with offsets and sub-millisecond
 * digits, many events on one instant, values spread over 12 orders of magnitude, a tag missing
 * on some events, a window with more than 128 values (selection instead of sort), and gaps.
 */
function handMadeEvents(n: number): string[] {
  const r = mulberry32(11);
  const out: string[] = [];
  let ms = Date.parse("2025-03-30T00:58:00Z"); // crosses the Paris DST change at 01:00 UTC
  for (let i = 0; i < n; i++) {
    ms += i % 50 === 0 ? 0 : Math.floor(r() * (i % 400 < 200 ? 400 : 9000));
    if (i === Math.floor(n / 2)) ms += 3 * 3_600_000;
    const local = new Date(ms + 2 * 3_600_000).toISOString().replace("Z", "");
    const timestamp = i % 3 === 0 ? `${local.slice(0, 19)}.${local.slice(20, 23)}4+02:00` : new Date(ms).toISOString();
    const model = ["m-a", "m-b", "m-c"][i % 3] as string;
    out.push(
      JSON.stringify({
        event_id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
        timestamp,
        source_module: "llm-observatory",
        event_type: "telemetry",
        correlation_id: null,
        parent_event_id: null,
        schema_version: "1.0.0",
        severity: "info",
        environment: "test",
        tags: i % 7 === 0 ? {} : { region: i % 2 === 0 ? "eu" : "us" },
        payload: {
          payload_type: "telemetry",
          data: {
            telemetry_type: "latency",
            model_id: model,
            request_id: `r${i}`,
            total_latency_ms: 10 ** (r() * 12 - 4),
            ttft_ms: null,
            tokens_per_second: null,
          },
        },
      }),
    );
  }
  return out;
}

async function generated(n: number, seed: number): Promise<string[]> {
  const run = await runInProcess(["generate", "--events", String(n), "--seed", String(seed), "--span", "3h"]);
  expect(run.code).toBe(0);
  return run.stdout.trim().split("\n");
}

const byTime = (lines: readonly string[]) =>
  lines
    .map((line, i) => ({ line, i, t: Date.parse(JSON.parse(line).timestamp) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.line);

describe("CLI rollup streams, with the in-memory path's bytes", { timeout: 60_000 }, () => {
  it("on generated events: sorted, as generated, shuffled, from stdin, with sketches, in a time zone", async () => {
    const events = await generated(4000, 5);
    const dir = tempDir();
    const inputs = {
      sorted: byTime(events),
      generated: events,
      shuffled: shuffled(events, 3),
    };
    const cases: { by: string[]; extra: string[]; options: Partial<RollupOptions> }[] = [
      { by: ["model_id"], extra: [], options: {} },
      { by: ["model_id", "region"], extra: ["--sketch"], options: { sketch: true } },
      {
        by: ["provider"],
        extra: ["--time-zone", "America/New_York"],
        options: { alignment: "calendar", timeZone: "America/New_York" },
      },
    ];
    for (const [name, lines] of Object.entries(inputs)) {
      const file = join(dir, `${name}.ndjson`);
      writeFileSync(file, `${lines.join("\n")}\n`);
      for (const c of cases) {
        const window = c.options.alignment === "calendar" ? "one_day" : "one_minute";
        const expected = inMemory(lines, "total_latency_ms", c.by, { ...c.options, window });
        const by = c.by.flatMap((b) => ["--by", b]);
        const args = ["--window", window, "--field", "total_latency_ms", ...by, ...c.extra];
        const fromFile = await runInProcess(["rollup", file, ...args]);
        expect(fromFile.stderr).toBe("");
        expect(fromFile.stdout).toBe(expected);
        const fromStdin = await runInProcess(["rollup", "-", ...args], { stdin: Buffer.from(`${lines.join("\n")}\n`) });
        expect(fromStdin.stdout).toBe(expected);
      }
    }
  });

  it("on hand-made events: offsets, ties, a DST change, big windows, gaps, and invalid lines reported once", async () => {
    const events = handMadeEvents(3000);
    const dir = tempDir();
    // An invalid record early and one late: the rereading of an unsorted file must report each once.
    const withInvalid = (lines: readonly string[]) => [
      '{"oops": true}',
      ...lines.slice(0, 2000),
      '{"event_id": 1}',
      ...lines.slice(2000),
    ];
    for (const [name, lines] of Object.entries({ sorted: events, shuffled: shuffled(events, 9) })) {
      const file = join(dir, `${name}.ndjson`);
      const text = withInvalid(lines);
      writeFileSync(file, `${text.join("\n")}\n`);
      for (const [window, extra, options] of [
        ["one_minute", ["--by", "model_id", "--by", "region"], {}],
        ["one_hour", ["--by", "region", "--sketch"], { sketch: true }],
        ["one_day", ["--time-zone", "Europe/Paris"], { alignment: "calendar", timeZone: "Europe/Paris" }],
      ] as const) {
        const by = extra.filter((_, i) => extra[i - 1] === "--by");
        const expected = inMemory(text.slice(1), "total_latency_ms", by, { ...options, window });
        const run = await runInProcess(["rollup", file, "--window", window, "--field", "total_latency_ms", ...extra]);
        if (run.code !== 1) console.log(run.stderr.slice(0, 600));
        expect(run.code).toBe(1);
        expect(run.stdout).toBe(expected);
        const reports = run.stderr.trim().split("\n");
        expect(reports).toHaveLength(3);
        expect(reports[0]).toMatch(/:1: /);
        expect(reports[1]).toMatch(/:2002: /);
        expect(reports[2]).toContain("2 of 3002 records are not valid AnalyticsEvents");
      }
      const table = await runInProcess([
        "rollup",
        file,
        "-w",
        "1h",
        "--field",
        "total_latency_ms",
        "--format",
        "table",
      ]);
      expect(table.stdout).toMatch(/^window_start\s+count/);
    }
  });
});

describe("RollupStream", () => {
  const points = (n: number, seed: number): MetricPoint[] => {
    const r = mulberry32(seed);
    let t = Date.UTC(2025, 0, 1);
    return Array.from({ length: n }, () => {
      t += Math.floor(r() * 20_000);
      return { name: "x", timestamp: t, value: (r() - 0.3) * 1000, tags: { k: r() < 0.5 ? "a" : "b" } };
    });
  };

  it("holds only the newest two windows per series on input in time order", () => {
    const input = points(20_000, 1);
    const stream = new RollupStream("t", { window: "one_minute", groupBy: ["k"], order: "time" });
    for (const [i, p] of input.entries()) stream.add(p, `points[${i}]`);
    expect(stream.finish()).toEqual(rollup(input, { window: "one_minute", groupBy: ["k"] }));
    // 20 000 points over about 3 300 minutes: about 6 a minute, so at most a few dozen held.
    expect(stream.peakHeldValues).toBeLessThan(60);
  });

  it("throws LatePoint in order time for a point whose window closed, and takes any order in order any", () => {
    const input = shuffled(points(5000, 2), 4);
    const timed = new RollupStream("t", { window: "one_minute", order: "time" });
    expect(() => {
      for (const [i, p] of input.entries()) timed.add(p, `points[${i}]`);
    }).toThrow(LatePoint);
    const any = new RollupStream("t", { window: "five_minutes", groupBy: ["k"], order: "any", sketch: false });
    for (const [i, p] of input.entries()) any.add(p, `points[${i}]`);
    expect(any.finish()).toEqual(rollup(input, { window: "five_minutes", groupBy: ["k"], sketch: false }));
    expect(any.peakHeldValues).toBe(5000);
  });
});

describe("the CLI rollup's store of finished lines", () => {
  it("gives back every line, from its buffer and from the temporary file it spills to", () => {
    const store = new LineStore(64);
    const r = mulberry32(5);
    const lines = Array.from({ length: 500 }, (_, i) => `${"é€x".repeat(Math.floor(r() * 40))}${i}\n`);
    const ids = lines.map((line) => store.add(line));
    const order = shuffled(ids, 6);
    try {
      for (const id of order) expect(store.line(id)).toBe(lines[id]);
    } finally {
      store.close();
    }
  });
});
