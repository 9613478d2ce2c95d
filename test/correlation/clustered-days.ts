/*
 * Days of clustered request traffic for the collapse tests (`clustered-traffic.test.ts`): a seeded
 * generator of its own (mulberry32), sharing no code with the evaluation suites'. Each model's
 * requests are one latency event each, from one of two clustered processes whose structure is
 * known: a Hawkes process (immigrants at a Poisson rate, each request begetting Poisson(n) more
 * at exponential delays; clusters of mean size 1/(1 − n)) or on/off sessions (sessions starting
 * at a Poisson rate, a geometric number of requests apart by exponential think times).
 */
import type { AnalyticsEvent } from "../../src/events/index.js";
import { mulberry32, poisson } from "../prng.js";
import { event, latency } from "./helpers.js";
import { poissonEach } from "./traffic.js";

export interface ClusteredModel {
  readonly id: string;
  readonly arrival: "hawkes" | "sessions";
  /** Mean requests a minute at the level 1 of `level`. */
  readonly perMinute: number;
  /** The traffic's level at a minute of the day (a daily curve), at most 1; 1 throughout when absent. */
  readonly level?: (minute: number) => number;
}

export interface Fault {
  readonly model: string;
  readonly fromMinute: number;
  readonly toMinute: number;
  /** The share of the model's requests that still arrive (0: a hard collapse). */
  readonly keep: number;
}

/** Hawkes: each request begets Poisson(BRANCHING) more (clusters of mean 1 / (1 − 0.6) = 2.5). */
const BRANCHING = 0.6;
/** Hawkes: the mean delay of a begotten request, in minutes. */
const HAWKES_DELAY_MIN = 0.5;
/** Sessions: the mean requests of one (geometric), and the mean think time between them, in minutes. */
const SESSION_SIZE = 6;
const THINK_MIN = 0.4;

const exponential = (rand: () => number, mean: number) => -mean * Math.log(1 - rand());

/** The minutes of one cluster begun at `t0`, by the model's arrival process. */
function cluster(rand: () => number, arrival: ClusteredModel["arrival"], t0: number): number[] {
  const out = [t0];
  if (arrival === "sessions") {
    let t = t0;
    while (rand() >= 1 / SESSION_SIZE) {
      t += exponential(rand, THINK_MIN);
      out.push(t);
    }
    return out;
  }
  for (let i = 0; i < out.length; i++)
    for (let k = poisson(rand, BRANCHING); k > 0; k--)
      out.push((out[i] as number) + exponential(rand, HAWKES_DELAY_MIN));
  return out;
}

/**
 * `hours` of requests on `models`, one latency event each (a lognormal-ish 600–1400 ms), with
 * `faults` thinning a model's requests over their minutes. Cluster starts follow the model's
 * level by thinning (Lewis and Shedler 1979).
 */
export function clusteredDay(
  seed: number,
  hours: number,
  models: readonly ClusteredModel[],
  faults: readonly Fault[] = [],
): AnalyticsEvent[] {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  let id = 1;
  const end = hours * 60;
  for (const m of models) {
    const size = m.arrival === "hawkes" ? 1 / (1 - BRANCHING) : SESSION_SIZE;
    const starts = m.perMinute / size;
    const times: number[] = [];
    poissonEach(rand, starts, { from: 0, to: end }, (t) => {
      if (rand() < (m.level?.(t) ?? 1)) times.push(...cluster(rand, m.arrival, t));
    });
    times.sort((a, b) => a - b);
    for (const t of times) {
      if (t >= end) break;
      const fault = faults.find((f) => f.model === m.id && t >= f.fromMinute && t < f.toMinute);
      if (fault !== undefined && rand() >= fault.keep) continue;
      events.push(
        event({ id, minute: t, module: "llm-observatory", payload: latency(m.id, 600 + 800 * rand(), `r${id}`) }),
      );
      id++;
    }
  }
  return events;
}
