/*
 * The hand-built days' traffic helpers (test/correlation/traffic.ts): a Poisson process's arrival
 * count and order, and a token bill's totals, against their definitions.
 */
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../prng.js";
import { poissonEach, tokenBill } from "./traffic.js";

describe("poissonEach", () => {
  it("gives a Poisson count of rate × span arrivals, in order, within the span", () => {
    // 2 a minute over 10 000 minutes: N ~ Poisson(20 000), standard deviation √20 000 ≈ 141.
    for (const seed of [1, 2, 3]) {
      const rand = mulberry32(seed);
      const minutes: number[] = [];
      poissonEach(rand, 2, { from: 500, to: 10_500 }, (m) => {
        minutes.push(m);
      });
      expect(Math.abs(minutes.length - 20_000)).toBeLessThan(4 * Math.sqrt(20_000));
      expect(minutes[0]).toBeGreaterThanOrEqual(500);
      expect(minutes[minutes.length - 1]).toBeLessThan(10_500);
      expect(minutes.every((m, i) => i === 0 || m > (minutes[i - 1] as number))).toBe(true);
    }
  });

  it("keeps the rate when each arrival draws from the same generator (thinning by ½ halves it)", () => {
    // Every arrival draws one uniform and is kept when it is under ½: a Poisson process of rate 1
    // (Lewis and Shedler 1979), 10 000 expected over 10 000 minutes, standard deviation 100.
    const rand = mulberry32(7);
    let kept = 0;
    poissonEach(rand, 2, { from: 0, to: 10_000 }, () => {
      if (rand() < 0.5) kept++;
    });
    expect(Math.abs(kept - 10_000)).toBeLessThan(400);
  });
});

describe("tokenBill", () => {
  it("bills the tokens at their prices, or the total it is given", () => {
    const billed = tokenBill({
      n: 3,
      timestamp: "2025-06-03T14:00:00Z",
      model: "m",
      requestId: "req-3",
      prompt: 800,
      completion: 200,
      prices: [1e-6, 4e-6],
    });
    expect(billed.payload.payload_type).toBe("cost");
    const data = billed.payload.data as { total_tokens: number; total_cost_usd: number; request_id: string };
    // 800 × $1 and 200 × $4 per million tokens.
    expect(data.total_tokens).toBe(1000);
    expect(data.total_cost_usd).toBeCloseTo(0.0016, 12);
    expect(data.request_id).toBe("req-3");
    expect(Object.isFrozen(billed)).toBe(true);
    const given = tokenBill({
      n: 4,
      timestamp: "2025-06-03T14:00:00Z",
      model: "m",
      requestId: "req-4",
      prompt: 500,
      completion: 0,
      prices: [2e-8, 0],
      usd: 0.00001,
    });
    expect((given.payload.data as { total_cost_usd: number }).total_cost_usd).toBe(0.00001);
  });
});
