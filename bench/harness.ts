import { measure } from "mitata";

/*
 * Measurement for a shared machine. Times are the process's CPU time (getrusage through
 * `process.cpuUsage()`, microsecond resolution), not wall time: time spent descheduled while
 * other processes run is not counted, so a busy neighbour slows the run down without inflating
 * the figures. GC work of the measured code (including V8's helper threads) is counted.
 * Cases that are compared run in interleaved rounds in one process, and a ratio is the median
 * of the per-round ratios, so a slow phase of the machine hits both sides of it.
 */

/** Process CPU time in nanoseconds. */
export const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
};

export interface Case {
  readonly name: string;
  /** One call; `units` items (documents, bytes, points) are processed per call. */
  readonly run: () => unknown;
  readonly units: number;
}

export interface Measured {
  readonly name: string;
  /** Median CPU nanoseconds per unit over the rounds. */
  readonly nsPerUnit: number;
  /** Median ns per unit in each round. */
  readonly rounds: readonly number[];
}

export interface MeasureOptions {
  /** Interleaved rounds (default 3). */
  readonly rounds?: number;
  /** CPU milliseconds per case per round (default 400). */
  readonly budgetMs?: number;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** Calls per sample so that one sample lasts about 5 ms of CPU (the clock ticks in µs). */
function calibrate(run: () => unknown): number {
  const t0 = cpuNow();
  let calls = 0;
  // Also the warm-up: V8 tiers the code up during these calls.
  while (cpuNow() - t0 < 60e6 || calls < 3) {
    run();
    calls++;
  }
  const perCall = (cpuNow() - t0) / calls;
  return Math.max(1, Math.round(5e6 / perCall));
}

/** Measures every case in `rounds` interleaved rounds; see the file comment. */
export async function measureCases(cases: readonly Case[], options: MeasureOptions = {}): Promise<Measured[]> {
  const rounds = options.rounds ?? 3;
  const budget = (options.budgetMs ?? 400) * 1e6;
  const batches = cases.map((c) => calibrate(c.run));
  const perRound: number[][] = cases.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i] as Case;
      const stats = await measure(c.run, {
        now: cpuNow,
        gc: false,
        min_cpu_time: budget,
        min_samples: 4,
        warmup_samples: 1,
        warmup_threshold: Number.POSITIVE_INFINITY,
        batch_threshold: Number.POSITIVE_INFINITY,
        batch_samples: batches[i] as number,
        batch_unroll: 1,
      } as Parameters<typeof measure>[1]);
      (perRound[i] as number[]).push(stats.p50 / c.units);
    }
  }
  return cases.map((c, i) => ({
    name: c.name,
    nsPerUnit: median(perRound[i] as number[]),
    rounds: perRound[i] as number[],
  }));
}

/** Median over rounds of `baseline / subject` (how many times faster the subject is). */
export function speedup(subject: Measured, baseline: Measured): number {
  return median(subject.rounds.map((s, i) => (baseline.rounds[i] as number) / s));
}
