import type { ScoredSeries } from "./detect.js";
import type { EventStore } from "./store.js";

/*
 * Event-level onset: where inside its first anomalous windows a series left its baseline. The
 * observations from two windows before the first anomalous one to its end are read as one
 * sequence; each adds its log-likelihood ratio ℓ of "incident" against "baseline" (a Bernoulli
 * on being in the baseline's tail for values, on failing for ratios, a Poisson process for
 * event rates), and the onset is where the suffix sum of ℓ is largest: Page's CUSUM restart
 * point, the maximum-likelihood single change point (AMOC). The representative event is the
 * first observation from there that itself looks like the incident.
 */

export interface Onset {
  /** Epoch ms of the change. */
  readonly ms: number;
  /** Sorted observation index of the representative event, or -1. */
  readonly index: number;
  /** Event ordinal in the store, or -1. */
  readonly event: number;
}

export interface OnsetContext {
  readonly store: EventStore;
  /** Event ordinals and request keys already used by other series of the incident. */
  readonly usedEvents: ReadonlySet<number>;
  readonly usedRequests: ReadonlySet<number>;
}

function quantile(xs: number[], q: number): number {
  xs.sort((a, b) => a - b);
  const h = (xs.length - 1) * q;
  const lo = Math.floor(h);
  const x = xs[lo] as number;
  return lo + 1 < xs.length ? x + (h - lo) * ((xs[lo + 1] as number) - x) : x;
}

const clampP = (p: number): number => Math.min(0.999, Math.max(0.001, p));

/**
 * The onset of series `s` whose first anomalous window in the incident is `j0` (`windows` are
 * its anomalous windows in the incident, in order). O(observations in the searched windows).
 */
export function findOnset(
  s: ScoredSeries,
  j0: number,
  windows: readonly number[],
  grid: { readonly origin: number; readonly width: number },
  ctx: OnsetContext,
): Onset {
  const width = grid.width;
  const windowStart = (j: number): number => grid.origin + j * width;
  const ref = s.refs.get(j0) ?? [];
  const inc = windows.slice(0, 3);
  const fromWindow = Math.max(s.first, j0 - 2);
  const a = s.starts[fromWindow] as number;
  const b = s.starts[j0 + 1] as number;
  const startMs = windowStart(fromWindow);
  const endOfInc = s.starts[(inc[inc.length - 1] ?? j0) + 1] as number;
  const direction = s.spec.direction === "both" ? (Number(s.z[j0]) < 0 ? "down" : "up") : s.spec.direction;
  const usable = (i: number): boolean => {
    const k = s.events[i] as number;
    if (ctx.usedEvents.has(k)) return false;
    const req = ctx.store.requests.data[k] as number;
    return req === 0 || !ctx.usedRequests.has(req);
  };
  const values = (windowsList: readonly number[], limit = 4000): number[] => {
    const out: number[] = [];
    let total = 0;
    for (const j of windowsList) total += (s.starts[j + 1] as number) - (s.starts[j] as number);
    const step = Math.max(1, Math.floor(total / limit));
    let c = 0;
    for (const j of windowsList) {
      for (let i = s.starts[j] as number; i < (s.starts[j + 1] as number); i++)
        if (c++ % step === 0) out.push(s.values[i] as number);
    }
    return out;
  };
  const fallback = (): Onset => {
    for (let i = s.starts[j0] as number; i < (s.starts[j0 + 1] as number); i++) {
      if (usable(i)) return { ms: s.times[i] as number, index: i, event: s.events[i] as number };
    }
    return { ms: windowStart(j0), index: -1, event: -1 };
  };

  // Per-observation log-likelihood ratios, a per-ms drift for event rates, and which observations look like the incident.
  let llr: (i: number) => number;
  let drift = 0;
  let incidentLike: (i: number) => boolean;
  const kind = s.spec.kind;

  if (kind === "ratio") {
    let f0 = 0;
    let n0 = 0;
    for (const j of ref)
      for (let i = s.starts[j] as number; i < (s.starts[j + 1] as number); i++) {
        f0 += s.values[i] as number;
        n0 += s.totals[i] as number;
      }
    let f1 = 0;
    let n1 = 0;
    for (const j of inc)
      for (let i = s.starts[j] as number; i < (s.starts[j + 1] as number); i++) {
        f1 += s.values[i] as number;
        n1 += s.totals[i] as number;
      }
    const p0 = clampP(n0 > 0 ? f0 / n0 : 0.001);
    const p1 = clampP(n1 > 0 ? f1 / n1 : 0.5);
    if (!(p1 > p0)) return fallback();
    const up = Math.log(p1 / p0);
    const same = Math.log((1 - p1) / (1 - p0));
    llr = (i) => {
      const f = s.values[i] as number;
      const n = s.totals[i] as number;
      return f * up + (n - f) * same;
    };
    incidentLike = (i) => {
      const n = s.totals[i] as number;
      return n > 0 && (s.values[i] as number) / n > (p0 + p1) / 2;
    };
  } else if (kind === "count" || kind === "sum") {
    const rate = (ws: readonly number[]): number => {
      let c = 0;
      for (const j of ws) c += (s.starts[j + 1] as number) - (s.starts[j] as number);
      return c / Math.max(1, ws.length) / width;
    };
    const lambda0 = Math.max(rate(ref), 0.5 / (Math.max(1, ref.length) * width));
    let lambda1 = Math.max(rate(inc), 0.5 / (Math.max(1, inc.length) * width));
    let markUp = 0;
    let markSame = 0;
    let threshold = Number.POSITIVE_INFINITY;
    if (kind === "sum") {
      if (lambda1 <= lambda0) lambda1 = lambda0;
      const refMarks = values(ref);
      const incMarks = values(inc);
      if (refMarks.length >= 5 && incMarks.length > 0) {
        threshold = quantile(refMarks, 0.9);
        const p0 = clampP(refMarks.filter((v) => v > threshold).length / refMarks.length);
        const p1 = clampP(incMarks.filter((v) => v > threshold).length / incMarks.length);
        if (p1 > p0) {
          markUp = Math.log(p1 / p0);
          markSame = Math.log((1 - p1) / (1 - p0));
        } else threshold = Number.POSITIVE_INFINITY;
      }
      if (lambda1 === lambda0 && markUp === 0) return fallback();
    } else if (direction === "up" && lambda1 <= lambda0) {
      return fallback();
    } else if (direction === "down" && lambda1 >= lambda0) {
      return fallback();
    }
    if (direction === "down") lambda1 = Math.min(lambda1, lambda0);
    const perEvent = Math.log(lambda1 / lambda0);
    drift = -(lambda1 - lambda0);
    llr = (i) => perEvent + (markUp === 0 ? 0 : (s.values[i] as number) > threshold ? markUp : markSame);
    const dominant = kind === "count" ? dominantSubject(s, ref, inc, ctx.store) : undefined;
    incidentLike = (i) => {
      if (markUp !== 0 && !((s.values[i] as number) > threshold)) return false;
      if (dominant !== undefined) return ctx.store.subjects[s.events[i] as number] === dominant;
      return true;
    };
    if (direction === "down") {
      // A fall: the change is the start of the quiet stretch, just after an event.
      return downOnset(s, a, b, startMs, perEvent, drift, usable, j0, windowStart(j0));
    }
  } else {
    const refValues = values(ref);
    const incValues = values(inc);
    if (refValues.length < 5 || incValues.length === 0) return fallback();
    const tail = direction === "down" ? (v: number, q: number) => v < q : (v: number, q: number) => v > q;
    let chosen: { q: number; p0: number; p1: number } | undefined;
    for (const level of direction === "down" ? [0.1, 0.5] : [0.9, 0.5]) {
      const q = quantile([...refValues], level);
      const p0 = clampP(refValues.filter((v) => tail(v, q)).length / refValues.length);
      const p1 = clampP(incValues.filter((v) => tail(v, q)).length / incValues.length);
      if (p1 > 1.5 * p0) {
        chosen = { q, p0, p1 };
        break;
      }
    }
    if (chosen === undefined) return fallback();
    const { q, p0, p1 } = chosen;
    const hit = Math.log(p1 / p0);
    const miss = Math.log((1 - p1) / (1 - p0));
    llr = (i) => (tail(s.values[i] as number, q) ? hit : miss);
    incidentLike = (i) => tail(s.values[i] as number, q);
  }

  // Suffix maximum of Σℓ − drift·(time since the start) from a to b: the CUSUM restart point.
  let prefix = 0;
  let best = 0;
  let bestIndex = a;
  for (let i = a; i < b; i++) {
    const before = prefix + drift * ((s.times[i] as number) - startMs);
    if (i === a || before < best) {
      best = before;
      bestIndex = i;
    }
    prefix += llr(i);
  }
  for (let i = bestIndex; i < endOfInc; i++) {
    if (incidentLike(i) && usable(i)) return { ms: s.times[i] as number, index: i, event: s.events[i] as number };
  }
  for (let i = bestIndex; i < endOfInc; i++) {
    if (usable(i)) return { ms: s.times[i] as number, index: i, event: s.events[i] as number };
  }
  return fallback();
}

/** For a fall in an event rate: the quiet stretch starts just after the event that maximizes the suffix likelihood. */
function downOnset(
  s: ScoredSeries,
  a: number,
  b: number,
  startMs: number,
  perEvent: number,
  drift: number,
  usable: (i: number) => boolean,
  j0: number,
  j0Start: number,
): Onset {
  // suffix(τ) = N(τ, end]·perEvent + drift·(end − τ); maximal just after an event (or at the start).
  const end = b > a ? (s.times[b - 1] as number) : startMs;
  let bestTau = startMs;
  let bestValue = (b - a) * perEvent + drift * (end - startMs);
  for (let i = a; i < b; i++) {
    const tau = s.times[i] as number;
    const value = (b - i - 1) * perEvent + drift * (end - tau);
    if (value > bestValue) {
      bestValue = value;
      bestTau = tau;
    }
  }
  for (let i = a; i < s.times.length && i < (s.starts[j0 + 2] ?? s.times.length); i++) {
    if ((s.times[i] as number) > bestTau && usable(i)) return { ms: bestTau, index: i, event: s.events[i] as number };
  }
  return { ms: Math.max(bestTau, j0Start), index: -1, event: -1 };
}

/**
 * The subject (model, target, policy, …) a burst of a global count concentrates on: the most
 * frequent one in the anomalous windows when it holds at least 40 % of them and less than half
 * that share in the baseline.
 */
function dominantSubject(
  s: ScoredSeries,
  ref: readonly number[],
  inc: readonly number[],
  store: EventStore,
): string | undefined {
  const tally = (ws: readonly number[]) => {
    const m = new Map<string, number>();
    let n = 0;
    for (const j of ws)
      for (let i = s.starts[j] as number; i < (s.starts[j + 1] as number); i++) {
        const subject = store.subjects[s.events[i] as number];
        n++;
        if (subject !== undefined) m.set(subject, (m.get(subject) ?? 0) + 1);
      }
    return { m, n };
  };
  const now = tally(inc);
  let top: string | undefined;
  let topCount = 0;
  for (const [k, v] of now.m) if (v > topCount) [top, topCount] = [k, v];
  if (top === undefined || now.n === 0 || topCount / now.n < 0.4) return undefined;
  const before = tally(ref);
  const share = before.n === 0 ? 0 : (before.m.get(top) ?? 0) / before.n;
  return share < topCount / now.n / 2 ? top : undefined;
}
