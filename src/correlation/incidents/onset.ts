import { MAD_NORMAL_SCALE } from "../../stats/dispersion.js";
import {
  ERROR_RATE_NO_TRAFFIC,
  HALF_COUNT,
  LINEAR_FLOOR,
  LOG_FLOOR,
  referenceDensity,
  type ScoredSeries,
  shiftFit,
  twoModes,
} from "./detect.js";
import { SIGNAL_SPECS } from "./signals.js";
import { lnGamma } from "./special.js";
import type { EventStore } from "./store.js";

/*
 * Event-level onset: where inside its first anomalous windows a series left its baseline. The
 * observations from two windows before the first anomalous one to two windows after it are read
 * as one sequence; each adds its log-likelihood ratio ℓ of "incident" against "baseline" (for
 * values a share of observations moved to a second log-normal, for ratios a Bernoulli on failing,
 * for event rates a Poisson process), and the onset is where the suffix sum of ℓ is largest: Page's CUSUM
 * restart point, the maximum-likelihood single change point (AMOC). The representative event is
 * the first observation from there that itself looks like the incident and whose next four
 * observations agree (together they are at least 20 times likelier under the incident), so a
 * lone outlier just before the change is not taken for it.
 */

export interface Onset {
  /** Epoch ms of the change. */
  readonly ms: number;
  /** Sorted observation index of the representative event, or -1. */
  readonly index: number;
  /** Event ordinal in the store, or -1. */
  readonly event: number;
  /**
   * The latest start the series' own observations leave plausible (epoch ms, ≥ `ms`): of the
   * change points searched, the latest whose likelihood is within a factor 20 of the best
   * (`PLAUSIBLE`; latency in the order requests began, `durationOnset`; failures, sizes and
   * event rates in time order, `cusumOnset`). Undefined for a drift dated by its posterior, a
   * fall in traffic and a fallback: there no such range is measured.
   */
  readonly latest?: number;
  /**
   * A drift's equal-tailed credible interval of its start [from, to] (epoch ms): the posterior's
   * 1 − RAMP_CREDIBLE and RAMP_CREDIBLE quantiles (5 % and 95 %: a 90 % interval; `to` is the
   * start the drift is dated from, see rampStart). Undefined where the change was not dated by
   * that posterior (a step, a fall, a fallback).
   */
  readonly credible?: readonly [number, number];
  /**
   * Sorted observation index of the change's first observation, when the representative
   * (`index`) may be a later one (a latency change: see `rootByMass`). Undefined: `index`.
   */
  readonly first?: number;
  /**
   * The posterior probability that the change began within the ROOT_SPAN_MS before the
   * representative event (`event`) was written, P(t − ROOT_SPAN_MS ≤ τ ≤ t | data) for its time t,
   * under the posterior of the change time τ the series was dated by (`changePosterior`: a step's
   * change point in time or in the order requests began; `startPosterior`: a drift's start;
   * `fallPosterior`: a fall in traffic): the model's own probability that the event is among the
   * change's first five minutes, as issue 13 asks of a root. Undefined where no posterior was
   * computed (a fallback, an event chosen by another rule).
   */
  readonly mass?: number;
}

export interface OnsetContext {
  readonly store: EventStore;
  /** Event ordinals and request keys already used by other series of the incident. */
  readonly usedEvents: ReadonlySet<number>;
  readonly usedRequests: ReadonlySet<number>;
}

/**
 * Observations after a candidate whose ℓ must agree with it: 4, the best of 2, 4 and 8 on 29 suite
 * days (round sixteen; docs/correlation.md, onset table, row `SUPPORT`).
 */
const SUPPORT = 4;
/**
 * The odds (incident : baseline) the candidate and those observations must give together: 20 : 1,
 * where "strong" evidence begins on Kass & Raftery's scale (1995, JASA 90: B 20–150).
 */
const SUPPORT_LLR = Math.log(20);
/**
 * How far before its first anomalous window a failure share's onset is looked for when the windows
 * just before it hold fewer requests than it (`failureScopeStart`): an hour, the longest batch
 * period the evaluation suites generate (eval/third/suite.ts: cron every 15 or 60 minutes), so the
 * trickle since the previous batch is searched.
 */
const FAILURE_LOOKBACK_MS = 3_600_000;
/**
 * How far before the first anomalous window a gradual drift's start is looked for: three hours,
 * the longest drift the evaluation suites generate (eval/third/suite.ts: 60–180 minutes).
 */
const RAMP_LOOKBACK_MS = 3 * 3_600_000;
/** Join points a ramp's fit tries for each of its two ends (a grid over the observations; cost, O(RAMP_GRID²)). */
const RAMP_GRID = 150;
/**
 * How far into the incident's anomalous windows the ramp is fitted: an hour (the generators draw
 * drifts of 60–180 min, shorter on a short capture); 30 min and 2 h rooted fewer of 19 drift days
 * (round seventeen; docs/correlation.md, onset table, row `RAMP_LOOKAHEAD_MS`).
 */
const RAMP_LOOKAHEAD_MS = 3_600_000;
/**
 * How much earlier than the step's change point a ramp's start must be to date the change: a
 * window, at most five minutes (a ramp starting within a few minutes of a step is that step;
 * the five minutes of ROOT_SPAN_MS, issue 13).
 */
const RAMP_LEAD_MS = 5 * 60_000;
/**
 * The log-likelihood ratio (ramp : step) a ramp needs to date a change: 0, at least as likely
 * as a step (both have three parameters, so this is also the AIC's verdict).
 */
const RAMP_LLR = 0;
/**
 * The posterior quantile of a drift's start that dates it (see rampStart): the conventional 95 %;
 * measured in round thirteen: no quantile of 50–95 % nor a tempered posterior beat it (21 of 38
 * drifts right against 15–21; docs/correlation.md, "Round thirteen").
 */
const RAMP_CREDIBLE = 0.95;
/**
 * The grid of a drift's start: 30 s, a tenth of the five minutes a root must fall in (the tenth
 * chosen). Measured in round nineteen on the suite days where another step moves an onset: 15 s
 * ties (10 roots of 17 days either way), 60 s loses 4 of 13 on 21 days (docs/correlation.md,
 * onset table, row `RAMP_TAU_STEP_MS`).
 */
const RAMP_TAU_STEP_MS = 30_000;
/**
 * A drift's start is not looked for within this of either end of the fitted observations: the five
 * minutes of ROOT_SPAN_MS; 2.5 and 10 min changed no drift day (swept, not binding; docs/correlation.md,
 * onset table, row `RAMP_EDGE_MS`).
 */
const RAMP_EDGE_MS = 5 * 60_000;
/** At most this many observations enter the posterior (every m-th in the order requests began; cost only). */
const RAMP_FIT_POINTS = 1500;
/**
 * Observations a drift's start needs on either side of it (the baseline's level and spread, the
 * drift's). Chosen; 5 and 20 (with RAMP_MIN_SIDE and RAMP_MIN_POINTS) moved no verdict of 19 drift
 * days (swept, not binding; docs/correlation.md, onset table, row `RAMP_SIDE`).
 */
const RAMP_SIDE = 10;
/**
 * Rates k of a drift (per minute: the duration grows by k times its level a minute), 40 log-spaced
 * from 0.2 % to 300 %: around the 1–3 % a minute of the suites' drifts (docs/correlation.md); the
 * range and count are chosen, and measured in round nineteen on the suite days where another grid
 * moves an onset: 80 rates tie 40 (12 roots of 19 days either way), 20 lose 8 of 23 on 43 days,
 * 40 over 0.2–100 % lose 4 of 20 on 27 (docs/correlation.md, onset table, row `RAMP_RATES`).
 */
const RAMP_RATE_COUNT = 40;
/** The rate at a (fractional) place u of the rate grid (RAMP_RATE_COUNT): 0.002·1500^(u/39). */
const rampRateAt = (u: number): number => 0.002 * (3 / 0.002) ** (u / (RAMP_RATE_COUNT - 1));
/**
 * Points per step of the rate grid the rate's sum refines the grid to around its largest term
 * (`overRates`). The grid's step is 20 % of a rate; an hour of a drift after its start pins the
 * rate to a few percent, so the mass falls on one or two grid rates, and the start that fits a
 * grid rate is off the true one by the rate's error times the hour (a 2 %-a-minute drift read at
 * 1.86 % or 2.24 % a minute is dated 4.5 minutes early or 6.4 late). At an eighth of a step
 * (2.3 %) the error is a minute or less. Only on a fit of two latency modes (`otherMode`), where
 * it was measured: on one mode it moved two constructed drifts of the tests (ramp-sizes seed 26
 * 46 s early, sparse-drift seed 10 2.6 minutes late) the coarse grid dates right; left for a
 * round that reads why (docs/correlation.md, round thirty-two, drift33).
 */
const RATE_REFINE = 8;
/**
 * The log Bayes factor (drift : step) a drift needs when the least-squares gate does not pass:
 * 5, "very strong" evidence (2·ln B > 10; Kass & Raftery 1995, JASA 90), with matched priors
 * on either side (see startPosterior). Neither model is the truth on a spike with a slow tail
 * or a rise of request sizes, and there "positive" evidence (B > 3) came by a few units of ln B
 * (held-out 6262 day 06, 991 day 29: 2.9 and 1.9, dated 13 and 2 minutes early) where the
 * drifts it dates show 22–64.
 */
const RAMP_BAYES = 5;
/**
 * How many standard errors slower than the baseline the requests between a drift's dated start
 * and the step must be (`riseBefore`): 3. A drift has slowed them already; a spike dated as a
 * drift leaves them at the baseline's level. Three, not a nominal 5 % level, since the start is
 * chosen from the same data (a test after selection is optimistic): a spike on held-out 7373
 * day 01, its evidence ln B 31.7, showed 2.0 (measured in round thirteen; 3 is Shewhart's limit,
 * as WINSOR_Z in detect.ts).
 */
const RAMP_RISE_Z = 3;
/**
 * The evidence (ln B, drift : step) under which fewer than RAMP_SIDE requests between a drift's
 * start and the step may carry it: RAMP_SIDE·ln 2. RAMP_SIDE requests bound the chance that a
 * rise they all show is noise by 2^−RAMP_SIDE (a sign test: each lies above the baseline's
 * median with chance ½; 2^−10 is under Shewhart's 3σ tail, 0.00135, 2^−9 is not). A Bayes
 * factor bounds the chance the step's own noise produced it by 1/B (its mean under the step is
 * 1; Markov's inequality), so ln B ≥ RAMP_SIDE·ln 2 bounds that chance as tightly. A model called
 * about once a minute shows a drift's first minutes in a handful of requests, while the whole
 * ramp after them pins its start; the requests that were seen must still show the rise
 * (RAMP_RISE_Z over however many there are), which a spike with a slow tail does not.
 */
const RAMP_STRONG = RAMP_SIDE * Math.LN2;
/**
 * Change points within this log-likelihood of the best are indistinguishable (a factor 3: below 3
 * a likelihood ratio is "not worth more than a bare mention", Kass & Raftery 1995).
 */
const NEAR = Math.log(3);
/**
 * Change points within this log-likelihood of the best are still plausible (a factor 20, the
 * odds SUPPORT_LLR asks of a change too, "strong" on Kass & Raftery's scale): how late a change
 * may have begun, for ordering it against another series' change (`Onset.latest`).
 */
const PLAUSIBLE = Math.log(20);
/**
 * How soon after a change its root must come (issue 13: an event of the degraded series from the
 * first five minutes of the onset); a fall's event is chosen to fall in it most probably.
 */
export const ROOT_SPAN_MS = 5 * 60_000;
/**
 * The odds against dating a change before it began that a strongly informative change is dated
 * with: 100 : 1, a chance of at most 1 % by Ville's inequality (Ville 1939; see candidateLevel).
 * The 1 % is chosen; measured on suite day 21 (docs/correlation.md, "A size change is not dated
 * on a chance large request").
 */
const ONSET_ODDS = Math.log(100);
/**
 * Requests whose chance of ending in the first ROOT_SPAN_MS of a change is within this of the
 * best are as good a root; the first of them to end is taken (`rootByMass`). Chosen; 0.005 and
 * 0.02 changed no day of 16 latency days (swept, not binding; docs/correlation.md, onset table,
 * row `ROOT_MASS_SLACK`).
 */
const ROOT_MASS_SLACK = 0.01;

function quantile(sortedValues: readonly number[], q: number): number {
  const h = (sortedValues.length - 1) * q;
  const lo = Math.floor(h);
  const x = sortedValues[lo] as number;
  return lo + 1 < sortedValues.length ? x + (h - lo) * ((sortedValues[lo + 1] as number) - x) : x;
}

/**
 * A Bernoulli share (failures, observations beyond a percentile) is read within 0.1–99.9 %, so
 * ln p and ln(1 − p) stay finite: a guard. A baseline without a failure reads 0.1 %, the low end
 * of the baseline failure rates the suites generate (main 0.1–2 %, eval/world.ts; held-out
 * 0.08–2 %, eval/heldout/day.ts; third 0.2–3 %); swept in round nineteen: the floor at 0.05 % and
 * 0.2 % binds on 51 and 58 of 556 suite days, the ceiling at 99.95 % and 99.8 % on 6, and no
 * line of them changes (swept, not binding; docs/correlation.md, onset table, row `SHARE_MIN`).
 */
const SHARE_MIN = 0.001;
const SHARE_MAX = 0.999;
/**
 * A failure share's incident share when the incident's first windows hold no requests: ½,
 * Laplace's rule of succession (k + 1) / (n + 2) at n = 0 (as Jeffreys' (k + ½) / (n + 1)): the
 * prior mean of a share nothing was seen of (docs/correlation.md, onset table, row
 * `NO_TRAFFIC_INCIDENT_SHARE`). Its baseline share with no requests is detect.ts's
 * ERROR_RATE_NO_TRAFFIC (0.1 %, the error budget of a 99.9 % objective).
 */
const NO_TRAFFIC_INCIDENT_SHARE = 0.5;
/**
 * Fewest baseline observations a size's or a mark's model is read from (the median, the MAD and a
 * 90th percentile). Chosen; 3 and 10 changed no day of 14 token days (swept, not binding;
 * docs/correlation.md, onset table, row `MIN_REFERENCE`).
 */
const MIN_REFERENCE = 5;
/**
 * Sizes and marks are compared beyond the baseline's 90th percentile (10th for a fall), as
 * detection's minimum support (Z90 in detect.ts). Chosen; the 80th and 95th moved no verdict of 14
 * token days (swept, not binding; docs/correlation.md, onset table, row `TAIL_QUANTILE`).
 */
const TAIL_QUANTILE = 0.9;
/**
 * A fall of a size is compared below the baseline's 10th percentile: TAIL_QUANTILE mirrored
 * (1 − 0.9, written as 0.1 so the quantile's interpolation is exact). Derived: on a baseline
 * symmetric on its scale (log sizes of a log-normal, a grader's normal scores) the 10th
 * percentile leaves the same 10 % below it as the 90th above, so a fall is tested with a rise's
 * chance and power. Quality scores are the one size series judged for a fall (signals.ts: every
 * other size is "up"). Round twenty (const20): binds on 1 of the twelve draws' 556 days (fourth
 * `--seed 7` day 33, a false quality fall) and the 5th, 20th and 30th change no line there; on
 * hand-built truncations (test/correlation/quality-fall-onset.test.ts: scores 0.82 ± 0.05, half
 * of them 0.70 from a known instant) the 10th dates no day of 20 before the first truncated
 * response, the 5th, 20th and 30th one each (92 s early). Row: docs/correlation.md, onset table.
 */
const FALL_TAIL_QUANTILE = 0.1;
/**
 * A size's tail must hold ×1.5 the baseline's share (the value of MIN_EFFECT.ratio; as a ratio of
 * tail shares chosen) and at least 2 observations for the mixture model (chosen). ×1.25 and ×2,
 * and 1 and 4 observations, changed no day of 14 token days (swept, not binding;
 * docs/correlation.md, onset table, rows `TAIL_SHARE_RISE` and `MIN_TAIL`).
 */
const TAIL_SHARE_RISE = 1.5;
const MIN_TAIL = 2;
/** The moved share π of the mixture, clamped to 2–99.9 % (a guard; bounds uncited). */
const MOVED_SHARE_MIN = 0.02;
/**
 * One observation's log density ratio in a size model is clamped to ±30 nats (odds of e³⁰ ≈ 10¹³):
 * a guard against one far value deciding a change alone, Huber's censored probability ratio
 * (Huber 1965, Ann. Math. Stat. 36: each factor censored at c′ < c″). The bound ±30 is chosen
 * (docs/correlation.md, onset table, row `LLR_CLAMP`).
 */
const LLR_CLAMP = 30;
/** Observations per side a least-squares step or ramp needs (`rampOnset`), as RAMP_SIDE. */
const RAMP_MIN_SIDE = 10;
/** Fewest observations a ramp or a drift is fitted to: RAMP_MIN_SIDE on either side. */
const RAMP_MIN_POINTS = 20;
/**
 * The onset search reads the observations from SEARCH_WINDOWS windows before the first anomalous
 * one to SEARCH_WINDOWS after it, and estimates the incident's side on its first FIT_WINDOWS
 * anomalous windows. Chosen; swept on 44 suite days (round seventeen): SEARCH_WINDOWS 1 and 4
 * changed no verdict; FIT_WINDOWS 1 and 6 lost roots (3 and 1), 2 tied (docs/correlation.md,
 * onset table, rows `SEARCH_WINDOWS` and `FIT_WINDOWS`).
 */
export const SEARCH_WINDOWS = 2;
export const FIT_WINDOWS = 3;
/**
 * A fall's quiet stretch dates it only when a request comes after its start within the first
 * QUIET_WINDOWS anomalous windows (`downOnset`). Chosen; 1 and 4 changed no verdict of 15
 * collapse days (swept, not binding; docs/correlation.md, onset table, row `QUIET_WINDOWS`).
 */
const QUIET_WINDOWS = 2;
/** At most about this many observations are sampled for a size's or a mark's model (cost only). */
const OBSERVED_SAMPLE = 4000;
/**
 * Durations above the range's 95th percentile count as it in the ramp's least squares (winsorized):
 * the upper point of the customary 90 % winsorization (Dixon 1960, Ann. Math. Stat. 31; the default
 * of R's DescTools `Winsorize`); 90 % and 97.5 % moved no verdict of 19 drift days. Log durations
 * beyond the 0.5 % and 99.5 % quantiles in the drift's posterior: chosen; 1 % lost a root of 19
 * drift days, 0.25 % none (measured; docs/correlation.md, onset table, rows `RAMP_WINSOR_Q` and
 * `DRIFT_WINSOR_Q`).
 */
const RAMP_WINSOR_Q = 0.95;
const DRIFT_WINSOR_Q = 0.005;
/**
 * A burst of a global count concentrates on a subject holding at least 40 % of its events and less
 * than half that share before (`dominantSubject`). Chosen; measured on held-out `--seed 5151` day 21
 * (docs/correlation.md, "The subject of a burst").
 */
const DOMINANT_SHARE = 0.4;
/**
 * The chance below which a burst holds more violations of a level than the baseline's
 * share of it gives (`dominantLevel`): 1 %, the odds a change is dated at (ONSET_ODDS, ln 100).
 */
const LEVEL_CHANCE = 0.01;

const clampP = (p: number): number => Math.min(SHARE_MAX, Math.max(SHARE_MIN, p));

/**
 * How far (in log-likelihood) below the best change point the candidates reach, for a change
 * whose observations carry `kl` nats each on average (the mean ℓ over the incident's
 * observations, an estimate of the Kullback–Leibler divergence). The latest candidate dates the
 * change. It is before the true change only if the baseline's observations just before it raised
 * the CUSUM by `level`, which by Ville's inequality (exp Σℓ is a martingale under the baseline)
 * happens with probability at most e^−level; and it is about level / kl observations after the
 * true change (the walk of the incident's observations falls by kl per observation). So the
 * level is ln 100 (a 1 % chance of dating a change before it began: a chance outlier just before
 * it, as a large request before a token explosion) as long as that costs at most SUPPORT
 * observations of delay, and never below ln 3 (the data cannot tell points within a factor 3
 * apart).
 */
function candidateLevel(kl: number): number {
  return Math.max(NEAR, Math.min(ONSET_ODDS, SUPPORT * (Number.isFinite(kl) ? kl : 0)));
}

/** Where a series' onset is looked for: its first anomalous window in the incident and those windows. */
export interface OnsetWhere {
  readonly j0: number;
  readonly windows: readonly number[];
  readonly grid: { readonly origin: number; readonly width: number };
  /** The baseline windows to compare with (default: those window j0 was scored against). */
  readonly ref?: readonly number[];
}

/** The observations searched and the windows the two sides of the change are estimated on. */
interface Scope {
  readonly where: OnsetWhere;
  readonly ref: readonly number[];
  /** The first three anomalous windows: the incident side's estimate. */
  readonly inc: readonly number[];
  /** Observations [a, b): from two windows before j0 to two after it. */
  readonly a: number;
  readonly b: number;
  readonly toWindow: number;
  readonly startMs: number;
  readonly endOfInc: number;
  readonly direction: "up" | "down";
  /**
   * Whether the two windows before the first anomalous one held fewer requests than it, so the
   * search reaches further back (`failureScopeStart`; failure shares only).
   */
  readonly thin: boolean;
}

/** A change model: each observation's log-likelihood ratio, a per-ms drift (event rates), which observations look like the incident, and the candidate level. */
interface Model {
  readonly llr: (i: number) => number;
  readonly drift: number;
  readonly incidentLike: (i: number) => boolean;
  readonly level: number;
  /** For a fall in an event rate: ℓ per event (the quiet stretch is dated by `downOnset`). */
  readonly fall?: number;
  /**
   * For a rise of findings over all events (threats, violations): the two rates (per ms), so a
   * stray finding before a burst is told apart at the burst's own rate (`strayBeforeBurst`).
   */
  readonly burst?: { readonly lambda0: number; readonly lambda1: number };
  /**
   * For a size: ℓ bounded by the reference's own tail odds (`withTailBound`), what an observation
   * adds to the support test of a latency change's first (`durationOnset`). Undefined: ℓ.
   */
  readonly support?: (i: number) => number;
}

function scopeOf(s: ScoredSeries, where: OnsetWhere): Scope {
  const { j0, windows, grid } = where;
  const twoBefore = Math.max(s.first, j0 - SEARCH_WINDOWS);
  const fromWindow = s.spec.kind === "ratio" ? failureScopeStart(s, j0, grid.width) : twoBefore;
  const toWindow = Math.min(j0 + SEARCH_WINDOWS, windows[windows.length - 1] ?? j0);
  const inc = windows.slice(0, FIT_WINDOWS);
  return {
    where,
    ref: where.ref ?? s.refs.get(j0) ?? [],
    inc,
    a: s.starts[fromWindow] as number,
    b: s.starts[toWindow + 1] as number,
    toWindow,
    startMs: grid.origin + fromWindow * grid.width,
    endOfInc: s.starts[(inc[inc.length - 1] ?? j0) + 1] as number,
    direction: s.spec.direction === "both" ? (Number(s.z[j0]) < 0 ? "down" : "up") : s.spec.direction,
    thin: fromWindow < twoBefore,
  };
}

/**
 * Where the onset search of a failure share starts: two windows before the first anomalous one
 * (`j0`), or earlier while those windows hold fewer requests than `j0` itself, at most
 * `FAILURE_LOOKBACK_MS` back. The change point compares the requests before it with those after
 * it; on a model whose traffic comes in batches (a cron job's hundred requests every quarter
 * hour on a trickle of one a minute), two windows of trickle hold a request or two, and a burst
 * that began between two batches is seen only in the next batch, its trickle failures before
 * the searched span. Requests, not windows, are what the search needs as many of on either side.
 */
function failureScopeStart(s: ScoredSeries, j0: number, width: number): number {
  const requests = (j: number): number => {
    let n = 0;
    for (let i = s.starts[j] as number; i < (s.starts[j + 1] as number); i++) n += s.totals[i] as number;
    return n;
  };
  const need = requests(j0);
  const earliest = Math.max(s.first, j0 - Math.max(SEARCH_WINDOWS, Math.floor(FAILURE_LOOKBACK_MS / width)));
  let from = Math.max(s.first, j0 - SEARCH_WINDOWS);
  let held = 0;
  for (let j = from; j < j0; j++) held += requests(j);
  while (from > earliest && held < need) {
    from--;
    held += requests(from);
  }
  return from;
}

/** Every `step`-th value of the windows' observations, at most about `limit` of them. */
function observedValues(s: ScoredSeries, windowsList: readonly number[], limit = OBSERVED_SAMPLE): number[] {
  const out: number[] = [];
  let total = 0;
  for (const j of windowsList) total += (s.starts[j + 1] as number) - (s.starts[j] as number);
  const step = Math.max(1, Math.floor(total / limit));
  let c = 0;
  for (const j of windowsList) {
    for (let i = s.starts[j] as number; i < (s.starts[j + 1] as number); i++) {
      if (c++ % step === 0) out.push(s.values[i] as number);
    }
  }
  return out;
}

/** The change model of the series' kind, or undefined when the incident's windows do not move the way the series is tested. */
function modelOf(s: ScoredSeries, scope: Scope, store: EventStore): Model | undefined {
  const kind = s.spec.kind;
  if (kind === "ratio") return ratioModel(s, scope);
  if ((kind === "count" && !spansTime(s)) || kind === "sum") return rateModel(s, scope, store);
  if (kind === "count") return windowedCountModel(s, scope);
  const size = sizeModel(s, scope, store);
  return size === undefined ? undefined : withTailBound(s, scope, size);
}

/**
 * The onset of series `s` whose first anomalous window in the incident is `where.j0`
 * (`where.windows` are its anomalous windows in the incident, in order). O(observations in the searched windows).
 */
export function findOnset(s: ScoredSeries, where: OnsetWhere, ctx: OnsetContext): Onset {
  const scope = scopeOf(s, where);
  const usable = (i: number): boolean => {
    const k = s.events[i] as number;
    if (ctx.usedEvents.has(k)) return false;
    const req = ctx.store.requests.data[k] as number;
    return req === 0 || !ctx.usedRequests.has(req);
  };
  const fallback = (): Onset => {
    // The first usable observation from the first anomalous window on (windowed payloads may
    // leave that window itself without one).
    const { j0, windows, grid } = where;
    for (let i = s.starts[j0] as number; i < (s.starts[(windows[windows.length - 1] ?? j0) + 1] as number); i++) {
      if (usable(i)) return { ms: s.times[i] as number, index: i, event: s.events[i] as number };
    }
    return { ms: grid.origin + j0 * grid.width, index: -1, event: -1 };
  };
  const model = modelOf(s, scope, ctx.store);
  if (model === undefined) return fallback();
  if (model.fall !== undefined) {
    // A fall: the change is the start of the quiet stretch, just after an event.
    const { a, b, startMs, toWindow } = scope;
    const j0Start = where.grid.origin + where.j0 * where.grid.width;
    const endMs = where.grid.origin + (toWindow + 1) * where.grid.width;
    return downOnset(
      s,
      { a, b, startMs, endMs, j0: where.j0, j0Start },
      { perEvent: model.fall, drift: model.drift, usable },
    );
  }
  if (s.spec.signal === "latency_p95" && model.drift === 0)
    return latencyOnset(s, scope, model, { usable, fallback, store: ctx.store });
  return cusumOnset(s, scope, model, { usable, fallback });
}

/**
 * `findOnset` where the series' own observations give a change model for `where` (they moved the
 * way the series is tested between the baseline and the incident's first windows); undefined
 * where `findOnset` would fall back to the first observation. O(observations searched).
 */
export function findModelledOnset(s: ScoredSeries, where: OnsetWhere, ctx: OnsetContext): Onset | undefined {
  const model = modelOf(s, scopeOf(s, where), ctx.store);
  return model === undefined ? undefined : findOnset(s, where, ctx);
}

/**
 * The observations of `s` a change could have started at, as far as the series' own evidence
 * says: those whose change-point log-likelihood is within ln 3 of the maximum (a likelihood
 * confidence set for the change point, Hinkley 1970, "Inference about the change-point in a
 * sequence of random variables", Biometrika 57), over the observations `findOnset` searches
 * for `where`; every observation after them is in it, none before. Undefined when the
 * series' windows give no change model (nothing to restrict with). O(observations searched).
 */
export function changeCandidates(
  s: ScoredSeries,
  where: OnsetWhere,
  store: EventStore,
): ((i: number) => boolean) | undefined {
  const scope = scopeOf(s, where);
  const model = modelOf(s, scope, store);
  if (model === undefined || model.fall !== undefined) return undefined;
  const { prefixes, best } = cusumPrefixes(s, scope, model);
  const { a, b } = scope;
  return (i) => i >= b || (i >= a && (prefixes[i - a] as number) <= best + NEAR);
}

/** Failures as Bernoulli trials: the baseline's failure share against the incident's. */
function ratioModel(s: ScoredSeries, scope: Scope): Model | undefined {
  const pooled = (ws: readonly number[]) => {
    let f = 0;
    let n = 0;
    for (const j of ws)
      for (let i = s.starts[j] as number; i < (s.starts[j + 1] as number); i++) {
        f += s.values[i] as number;
        n += s.totals[i] as number;
      }
    return { f, n };
  };
  const before = pooled(scope.ref);
  const during = pooled(scope.inc);
  const p0 = clampP(before.n > 0 ? before.f / before.n : ERROR_RATE_NO_TRAFFIC);
  const p1 = clampP(during.n > 0 ? during.f / during.n : NO_TRAFFIC_INCIDENT_SHARE);
  if (!(p1 > p0)) return undefined;
  const up = Math.log(p1 / p0);
  const same = Math.log((1 - p1) / (1 - p0));
  return {
    llr: (i) => {
      const f = s.values[i] as number;
      const n = s.totals[i] as number;
      return f * up + (n - f) * same;
    },
    drift: 0,
    incidentLike: (i) => {
      const n = s.totals[i] as number;
      return n > 0 && (s.values[i] as number) / n > (p0 + p1) / 2;
    },
    level: NEAR,
  };
}

/**
 * Counts over spans (throughput payloads: requests in a reporter's window) as a quasi-Poisson
 * process: a report of v requests over d ms has ℓ = (v·ln(λ1/λ0) − (λ1 − λ0)·d) / φ, with the rates
 * λ0 and λ1 pooled over the baseline's and the incident's reports (the incident's at least half a
 * request over its reports, as `rateModel` floors an empty window) and φ ≥ 1 the baseline reports'
 * Pearson dispersion (traffic is burstier than Poisson). A report of zero requests is evidence
 * like any other count: on the log scale of `sizeModel` it was ln 1e−12, so a fall's empty reports
 * made its one-request reports look like the baseline (held-out `--seed 9595` day 20).
 */
function windowedCountModel(s: ScoredSeries, scope: Scope): Model | undefined {
  const { ref, inc, direction } = scope;
  const pooled = (ws: readonly number[]) => {
    let v = 0;
    let d = 0;
    let n = 0;
    for (const j of ws)
      for (let i = s.starts[j] as number; i < (s.starts[j + 1] as number); i++) {
        v += Math.max(0, s.values[i] as number);
        d += s.totals[i] as number;
        n++;
      }
    return { v, d, n };
  };
  const before = pooled(ref);
  const during = pooled(inc);
  if (before.n < 2 || !(before.d > 0) || !(during.d > 0) || !(before.v > 0)) return undefined;
  const lambda0 = before.v / before.d;
  const lambda1 = Math.max(during.v, HALF_COUNT) / during.d;
  if (direction === "up" ? !(lambda1 > lambda0) : !(lambda1 < lambda0)) return undefined;
  let pearson = 0;
  for (const j of ref)
    for (let i = s.starts[j] as number; i < (s.starts[j + 1] as number); i++) {
      const mu = lambda0 * (s.totals[i] as number);
      if (mu > 0) pearson += (Math.max(0, s.values[i] as number) - mu) ** 2 / mu;
    }
  const phi = Math.max(1, pearson / (before.n - 1));
  const up = Math.log(lambda1 / lambda0);
  const llr = (i: number): number =>
    (Math.max(0, s.values[i] as number) * up - (lambda1 - lambda0) * (s.totals[i] as number)) / phi;
  return { llr, drift: 0, incidentLike: (i) => llr(i) > 0, level: NEAR };
}

/**
 * The marks of a sum series (spend per event): a Bernoulli on exceeding the baseline's 90th
 * percentile, when the incident exceeds it more often. Zero lifts when it does not.
 */
function markModel(s: ScoredSeries, scope: Scope): { threshold: number; markUp: number; markSame: number } {
  const refMarks = observedValues(s, scope.ref).sort((x, y) => x - y);
  const incMarks = observedValues(s, scope.inc);
  const none = { threshold: Number.POSITIVE_INFINITY, markUp: 0, markSame: 0 };
  if (refMarks.length < MIN_REFERENCE || incMarks.length === 0) return none;
  const threshold = quantile(refMarks, TAIL_QUANTILE);
  const p0 = clampP(refMarks.filter((v) => v > threshold).length / refMarks.length);
  const p1 = clampP(incMarks.filter((v) => v > threshold).length / incMarks.length);
  if (!(p1 > p0)) return none;
  return { threshold, markUp: Math.log(p1 / p0), markSame: Math.log((1 - p1) / (1 - p0)) };
}

/** Event rates as a Poisson process (with marks for sums); a fall is returned as `fall`. */
function rateModel(s: ScoredSeries, scope: Scope, store: EventStore): Model | undefined {
  const width = scope.where.grid.width;
  const { ref, inc, direction } = scope;
  const kind = s.spec.kind;
  const rate = (ws: readonly number[]): number => {
    let c = 0;
    for (const j of ws) c += (s.starts[j + 1] as number) - (s.starts[j] as number);
    return c / Math.max(1, ws.length) / width;
  };
  const lambda0 = Math.max(rate(ref), HALF_COUNT / (Math.max(1, ref.length) * width));
  let lambda1 = Math.max(rate(inc), HALF_COUNT / (Math.max(1, inc.length) * width));
  let marks = { threshold: Number.POSITIVE_INFINITY, markUp: 0, markSame: 0 };
  if (kind === "sum") {
    if (lambda1 <= lambda0) lambda1 = lambda0;
    marks = markModel(s, scope);
    if (lambda1 === lambda0 && marks.markUp === 0) return undefined;
  } else if (direction === "up" && lambda1 <= lambda0) {
    return undefined;
  } else if (direction === "down" && lambda1 >= lambda0) {
    return undefined;
  }
  const { threshold, markUp, markSame } = marks;
  const perEvent = Math.log(lambda1 / lambda0);
  const drift = -(lambda1 - lambda0);
  const dominant = kind === "count" ? dominantSubject(s, ref, inc, store) : undefined;
  const levelMark = kind === "count" && direction === "up" ? dominantLevel(s, ref, inc, store) : undefined;
  const findings = kind === "count" && direction === "up" && SIGNAL_SPECS[s.spec.signal].scope === "global";
  return {
    llr: (i) => perEvent + (markUp === 0 ? 0 : (s.values[i] as number) > threshold ? markUp : markSame),
    drift,
    incidentLike: (i) => {
      if (markUp !== 0 && !((s.values[i] as number) > threshold)) return false;
      if (levelMark !== undefined && store.level(s.events[i] as number) !== levelMark) return false;
      if (dominant !== undefined) return store.subject(s.events[i] as number) === dominant;
      return true;
    },
    level: NEAR,
    ...(direction === "down" ? { fall: perEvent } : {}),
    ...(findings ? { burst: { lambda0, lambda1 } } : {}),
  };
}
/**
 * Sizes (latency, tokens, spend per request) on the log scale when the spec says so: the
 * baseline N(m0, s0), and in the incident a share π of observations moved to N(mb, sb) (a
 * slowdown of all requests has π near 1, one of some requests a smaller π). ℓ is the log of the
 * mixture's density over the baseline's, so a value at the baseline's own tail is not taken for
 * a request ten times slower. The other model: every observation shifted by δ (the median's
 * move) with the baseline's spread, the classic CUSUM of a mean shift. A slowdown of all
 * requests by less than their own spread leaves few observations beyond the baseline's tail,
 * where the mixture is blind; a slowdown of a few requests moves the median little, where the
 * shift is blind. Whichever explains the incident's observations better (larger Σℓ) dates it.
 */
function sizeModel(s: ScoredSeries, scope: Scope, store: EventStore): Model | undefined {
  const { direction } = scope;
  const tr = (v: number): number => (s.spec.log ? Math.log(Math.max(v, 1e-12)) : v);
  const r = observedValues(s, scope.ref)
    .map(tr)
    .sort((x, y) => x - y);
  const c = observedValues(s, scope.inc).map(tr);
  if (r.length < MIN_REFERENCE || c.length === 0) return undefined;
  const modes = s.spec.log && direction === "up" && twoModes(r) ? modeShiftModel(s, scope, { r, store }) : undefined;
  if (modes !== undefined) return modes;
  const floor = s.spec.log ? LOG_FLOOR : LINEAR_FLOOR;
  const base = robustLocation(r, floor);
  const q = quantile(r, direction === "down" ? FALL_TAIL_QUANTILE : TAIL_QUANTILE);
  const beyond = direction === "down" ? (v: number) => v < q : (v: number) => v > q;
  const p0 = clampP(r.filter(beyond).length / r.length);
  const tail = c.filter(beyond);
  const p1 = clampP(tail.length / c.length);
  if (!(p1 > TAIL_SHARE_RISE * p0) || tail.length < MIN_TAIL) return undefined;
  const share = Math.min(SHARE_MAX, Math.max(MOVED_SHARE_MIN, (p1 - p0) / (1 - p0)));
  const moved = robustLocation(tail, floor);
  const logRatio = (y: number): number => {
    const zb = (y - moved.m) / moved.s;
    const z0 = (y - base.m) / base.s;
    return Math.max(-LLR_CLAMP, Math.min(LLR_CLAMP, -0.5 * zb * zb + 0.5 * z0 * z0 + Math.log(base.s / moved.s)));
  };
  const mixture = (y: number): number => {
    const lr = logRatio(y);
    return lr > 0 ? lr + Math.log(share + (1 - share) * Math.exp(-lr)) : Math.log(1 - share + share * Math.exp(lr));
  };
  const delta =
    quantile(
      [...c].sort((x, y) => x - y),
      0.5,
    ) - base.m;
  const shiftOk = direction === "down" ? delta < 0 : delta > 0;
  const shift = (y: number): number => (delta / (base.s * base.s)) * (y - base.m - delta / 2);
  let gainMixture = 0;
  let gainShift = 0;
  for (const y of c) {
    gainMixture += mixture(y);
    gainShift += shift(y);
  }
  const level = candidateLevel(Math.max(gainShift, gainMixture) / c.length);
  if (shiftOk && gainShift > gainMixture) {
    // Like the incident: at least 3 times likelier under it than under the baseline, or, for a
    // shift too small for one observation to say that, beyond the incident's median (half the
    // baseline's own observations lie beyond the midpoint; few beyond the moved median).
    const need = Math.min(NEAR, (delta * delta) / (2 * base.s * base.s));
    return {
      llr: (i) => Math.max(-LLR_CLAMP, Math.min(LLR_CLAMP, shift(tr(s.values[i] as number)))),
      drift: 0,
      incidentLike: (i) => shift(tr(s.values[i] as number)) >= need,
      level,
    };
  }
  return {
    llr: (i) => mixture(tr(s.values[i] as number)),
    drift: 0,
    incidentLike: (i) => {
      const y = tr(s.values[i] as number);
      return beyond(y) && share * Math.exp(logRatio(y)) > 1 - share;
    },
    level,
  };
}

/**
 * `sizeModel` for a reference of two modes (a cache's hits and misses; detect.ts `twoModes`): the
 * change is the slowdown detection's `modeShiftTest` reads, a share π of requests slowed by e^δ
 * against the reference's own density f (`shiftFit` over the incident's first windows), and an
 * observation's ℓ is ln(1 − π + π·f(y − δ)/f(y)). A median and MAD over two modes describe
 * neither: the single normal the other models take for the baseline puts a cache miss in its
 * tail. Timed-out requests (their duration the deadline) are left out of the fit. Undefined
 * when no slowdown explains the incident's served observations (`sizeModel` then reads one mode).
 */
function modeShiftModel(
  s: ScoredSeries,
  scope: Scope,
  ref: { readonly r: readonly number[]; readonly store: EventStore },
): Model | undefined {
  const y = (i: number): number => Math.log(Math.max(s.values[i] as number, 1e-12));
  // A timed-out request's duration is the deadline (right censored), not a slowed duration.
  const c: number[] = [];
  for (const j of scope.inc)
    for (let i = s.starts[j] as number; i < (s.starts[j + 1] as number); i++)
      if (!ref.store.timeouts.has(s.events[i] as number)) c.push(y(i));
  const f = referenceDensity(ref.r);
  const fit = shiftFit(f, c);
  if (!(fit.l > 0)) return undefined;
  const { delta, share } = fit;
  const ratio = (i: number): number => f(y(i) - delta) / f(y(i));
  return {
    llr: (i) => Math.max(-LLR_CLAMP, Math.min(LLR_CLAMP, Math.log(1 - share + share * ratio(i)))),
    drift: 0,
    // Likelier slowed than not, and likelier under the slowed density than the reference's: a
    // value the reference never held (both densities at their floor) is no evidence either way.
    incidentLike: (i) => ratio(i) > 1 && share * ratio(i) > 1 - share,
    level: candidateLevel(fit.l / c.length),
  };
}

/**
 * `model` with each observation's ℓ bounded, for the support test, by what the reference itself
 * can say of a value that far out: of n reference observations (sorted, on the model's scale), k
 * at or beyond y (in the change's direction), the baseline gives the event "at least y" a
 * probability of at least (k + 1) / (n + 1) (the rank of y among the reference and itself, a
 * conformal p-value: exact for exchangeable draws, whatever the baseline's shape) and the
 * incident at most 1, so the observation is at most ln((n + 1) / (k + 1)) likelier under the
 * incident. The normal baseline of `sizeModel` reads a
 * request of a heavy-tailed baseline (a 7-s request of a model whose median is 1.1 s; its tail a
 * few percent of requests) as 15 nats of evidence; its reference holds such requests, so the
 * bound gives it 3 to 5. Used only by the support test of a latency change (`durationOnset`'s
 * `supported`): a change's first must be confirmed by the requests after it, not by its own size
 * alone; the change point and the posterior keep the full ℓ. Bounding every ℓ (round
 * twenty-seven, tok27) widened every size onset's candidates and failed five tests; the token
 * series' support test (`cusumOnset`) with the bound moved no token day read (tok28).
 */
function withTailBound(s: ScoredSeries, scope: Scope, model: Model): Model {
  const tr = (v: number): number => (s.spec.log ? Math.log(Math.max(v, 1e-12)) : v);
  const r = observedValues(s, scope.ref)
    .map(tr)
    .sort((x, y) => x - y);
  const n = r.length;
  const support = (i: number): number => {
    const l = model.llr(i);
    if (!(l > 0)) return l;
    const y = tr(s.values[i] as number);
    // r is ascending: k counts the reference values at or beyond y in the change's direction.
    const k = scope.direction === "down" ? upperBound(r, y) : n - lowerBoundOf(r, y);
    return Math.min(l, Math.log((n + 1) / (k + 1)));
  };
  return { ...model, support };
}

/** First index of the ascending `a` whose value is at or above `x` (its length when none is). O(log n). */
export function lowerBoundOf(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((a[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index of the ascending xs whose value is > y (xs.length when none). */
function upperBound(xs: readonly number[], y: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) <= y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Median and MAD-based spread (MAD_NORMAL_SCALE·MAD, 1 / Φ⁻¹(3/4) as R's `mad()`, at least `floor`) of xs. */
function robustLocation(xs: readonly number[], floor: number): { m: number; s: number } {
  const sortedXs = [...xs].sort((x, y) => x - y);
  const m = quantile(sortedXs, 0.5);
  const dev = xs.map((x) => Math.abs(x - m)).sort((x, y) => x - y);
  return { m, s: Math.max(MAD_NORMAL_SCALE * quantile(dev, 0.5), floor) };
}

interface Pickers {
  readonly usable: (i: number) => boolean;
  readonly fallback: () => Onset;
}

/**
 * A latency change: the step's change point in the order requests began (`durationOnset`),
 * unless a ramp (flat, then a straight rise of the durations) explains the hours before at least
 * as well as a step and starts more than a window earlier: a gradual drift's first windows over
 * the threshold come long after it began, and the ramp's start is then the onset.
 */
function latencyOnset(
  s: ScoredSeries,
  scope: Scope,
  model: Model,
  pick: Pickers & { readonly store: EventStore },
): Onset {
  const { j0, windows, grid } = scope.where;
  const width = grid.width;
  const { a, b, direction } = scope;
  const begin = (i: number): number => (s.times[i] as number) - Math.max(0, s.values[i] as number);
  const censored = (i: number): boolean => pick.store.timeouts.has(s.events[i] as number);
  const step = durationOnset(s, { a, b }, { begin, censored, ...model, ...pick });
  const far = s.starts[Math.max(s.first, j0 - Math.ceil(RAMP_LOOKBACK_MS / width))] as number;
  // The ramp is fitted up to an hour into the incident's windows (not just two windows past its
  // first): a slope, and so where it starts, is pinned by the rise after the threshold too.
  const last = windows[windows.length - 1] ?? j0;
  const near = s.starts[
    Math.max(scope.toWindow, Math.min(last, j0 + Math.ceil(RAMP_LOOKAHEAD_MS / width))) + 1
  ] as number;
  const sign = direction === "down" ? -1 : 1;
  const lead = step.ms - Math.min(width, RAMP_LEAD_MS);
  // A timed-out request's duration is the deadline, a lower bound (see "Timeouts and latency"):
  // the ramp's fits and counts read served requests only.
  const served = (i: number): boolean => !censored(i);
  const ramp = rampOnset(s, { a: far, b: near, sign }, begin, served);
  const scan = { a: far, b: near, sign, last: grid.origin + (j0 + 1) * width };
  // A ramp is a rise seen in the requests between its start and the step: at least RAMP_SIDE of
  // them (the observations a drift's start needs on either side). A model called by a cron job
  // sends a batch, then a request every few minutes: a "ramp" from the batch to a step twenty
  // minutes later rests on three or four requests, and the step dates the change.
  const seen = (from: number): boolean => {
    let rising = 0;
    for (let i = far; i < near && rising < RAMP_SIDE; i++) {
      if (served(i) && begin(i) >= from && begin(i) < step.ms) rising++;
    }
    return rising >= RAMP_SIDE;
  };
  // Fewer are enough when the evidence bounds the chance the drift is noise as tightly as
  // RAMP_SIDE requests would, and the requests seen show the rise (RAMP_STRONG).
  const strong = (d: RampStart | undefined): boolean =>
    d !== undefined && d.evidence >= RAMP_STRONG && d.rise > RAMP_RISE_Z;
  const from = { s, far, near, width, usable: pick.usable, begin, step };
  // Where the drift lost to the step on two latency modes, the step as the same fit dates it,
  // when that lies more than the start grid's step before the change point and its first
  // requests (RAMP_SIDE, before the change point) show the rise (RAMP_RISE_Z): where sizes
  // explain the slowdown (a token explosion) the fit sees no step, and its posterior's 95 % point
  // is noise, or hours early where the day's level wanders (`rampStart`).
  const stepOr = (d: RampStart | undefined): Onset =>
    d?.step !== undefined &&
    !(d.evidence > RAMP_BAYES) &&
    d.step.tau < step.ms - RAMP_TAU_STEP_MS &&
    d.step.rise > RAMP_RISE_Z
      ? representedFrom({ ...from, usable: (i) => pick.usable(i) && model.incidentLike(i) }, d.step.tau, d.step)
      : step;
  let tau: number;
  // The start's 90 % credible interval and posterior, where its posterior dated it (see Onset.credible, Onset.mass).
  let dated: StartDate | undefined;
  if (ramp !== undefined && ramp.tau < lead) {
    const size = requestSizes(pick.store, s, { a: far, b: near });
    const drift = rampStart(s, scan, { begin, size, served }, seen(ramp.tau) ? undefined : step.ms);
    if (!seen(ramp.tau) && !strong(drift)) return stepOr(drift);
    tau = drift?.tau ?? ramp.tau;
    dated = drift;
  } else {
    // The least-squares gate reads durations, whose spread (request sizes, ±40–60 %) can hide a
    // slope of a few percent a minute (a one-hour capture's 18-minute drift: the best ramp is
    // the step). The start's own model, with sizes regressed out, then weighs a drift against a
    // step by their evidence: a drift that passes, and whose start (dated as below) lies more
    // than a window before the step, dates the change.
    if (sign < 0 || near - far < RAMP_MIN_POINTS) return step;
    const size = requestSizes(pick.store, s, { a: far, b: near });
    const drift = rampStart(s, scan, { begin, size, served }, step.ms);
    if (drift === undefined || !(drift.evidence > RAMP_BAYES)) return stepOr(drift);
    if (!(drift.rise > RAMP_RISE_Z)) return step;
    if (!(drift.tau < lead) || !(seen(drift.tau) || strong(drift))) return step;
    tau = drift.tau;
    dated = drift;
  }
  return representedFrom(from, tau, dated);
}

/**
 * A latency change dated from `tau` (a drift's start, or a step's dated by the same fit): of the
 * requests of [far, near) that began from it (within a window of it), the first to end, with
 * the credible interval and posterior mass where a posterior dated it; the step's change point
 * when none is usable. A drift slows every request by the same factor, so each of them belongs
 * to the change; the first response anyone saw is the first to end.
 */
function representedFrom(
  p: {
    readonly s: ScoredSeries;
    readonly far: number;
    readonly near: number;
    readonly width: number;
    readonly usable: (i: number) => boolean;
    readonly begin: (i: number) => number;
    readonly step: Onset;
  },
  tau: number,
  dated: StartDate | undefined,
): Onset {
  const { s, far, near, width, usable, begin, step } = p;
  let first = -1;
  for (let i = far; i < near; i++) {
    if (begin(i) < tau || !usable(i)) continue;
    if (first < 0 || (s.times[i] as number) < (s.times[first] as number)) first = i;
    if (begin(i) > tau + width) break;
  }
  if (first < 0) return step;
  const ms = Math.max(tau, Math.min(begin(first), step.ms));
  const onset = { ms, index: first, event: s.events[first] as number };
  if (dated === undefined) return onset;
  return { ...onset, credible: [dated.from, dated.tau], mass: dated.within(s.times[first] as number) };
}

/**
 * Where a gradual drift began, from its posterior. Both generators of drifts we know of, and
 * the mechanism they model (a leak or a growing queue holds more with time and slows each
 * request in proportion), multiply every duration by 1 + k·(t − τ) from τ on. On the log
 * scale, where request durations are about Gaussian (log-normal sizes), that is
 * ln d = Xβ + ln(1 + k·max(0, t − τ)) + ε: a flat level, then a concave rise.
 *
 * X holds what the duration of a request owes to the request itself: an intercept and, when
 * its token events name them (`requestSizes`), the log of its output tokens (a request's
 * duration is its time to the first token plus its tokens over the decoding speed; the size
 * spreads durations ±40–60 % where the drift moves them 1–3 % a minute, and once regressed out
 * the spread left is 0.03–0.5), with an indicator for requests whose size is unknown, and one
 * for the requests of a lower latency mode where the baseline has two (`markLowerMode`). β is
 * the baseline's (the requests before τ), which the drift then multiplies. The spread ε is
 * N(0, σ₀²) before τ and N(0, σ₁²) after: once the size is regressed out the baseline is tight,
 * while neither a drift's exact curve (it may level off, or slow the first token more than
 * decoding) nor a sharp slowdown of a share of requests fits ln(1 + k·t) that well, and with
 * one σ that misfit, hours long, outweighs the few minutes that place τ (with sizes and one σ,
 * a suite drift was dated 5 minutes early and a sharp slowdown 4 minutes early). β, σ₀ and σ₁ are
 * integrated out (flat on β, 1/σ on each σ), which leaves
 * Γ((n₀−p)/2)·SSE₀^−(n₀−p)/2·|X₀ᵀX₀|^−½ · Γ(n₁/2)·SSE₁^−n₁/2 for n₀ observations before τ and
 * n₁ after (at least RAMP_SIDE each). The posterior of τ (uniform prior over a grid of
 * RAMP_TAU_STEP_MS from the fit's start to the end of the first anomalous window; k
 * log-uniform over the RAMP_RATE_COUNT rates, refined by `overRates`) is summed over k, and the start is its
 * RAMP_CREDIBLE quantile:
 * the earliest time by which the drift has begun with that probability, since a start dated
 * before the change names a request of the baseline. Undefined with fewer than 20 observations
 * or for a falling series. At most RAMP_FIT_POINTS observations (every m-th):
 * O(n·grid·(RAMP_RATE_COUNT + 3·RATE_REFINE)).
 */
function rampStart(
  s: ScoredSeries,
  scan: { readonly a: number; readonly b: number; readonly sign: number; readonly last: number },
  fns: RampFns,
  until?: number,
): RampStart | undefined {
  const { a, b, sign, last } = scan;
  if (sign < 0 || b - a < RAMP_MIN_POINTS) return undefined;
  const data = logDurations(s, { a, b }, fns);
  const { t } = data;
  const n = t.length;
  const from = (t[0] as number) + RAMP_EDGE_MS;
  const to = Math.min((t[n - 1] as number) - RAMP_EDGE_MS, last);
  if (!(to > from)) return undefined;
  const taus: number[] = [];
  for (let x = from; x <= to; x += RAMP_TAU_STEP_MS) taus.push(x);
  const posterior = startPosterior(data, taus, until !== undefined);
  if (posterior === undefined) return undefined;
  const { mass, evidence } = posterior;
  const dated = datedBy(taus, mass);
  const rise = until === undefined ? Number.NaN : riseBefore(data, dated.tau, until);
  // The step the drift was weighed against, dated from the same fit, where the design reads two
  // latency modes (see `stepOr`, latencyOnset).
  const twoModes = data.X.some((v, k) => k % DESIGN === DESIGN - 1 && v === 1);
  const stepDate = twoModes && posterior.step !== undefined ? datedBy(taus, posterior.step) : undefined;
  // Its rise: how much slower than the baseline its first RAMP_SIDE requests (before `until`)
  // were. A step slows every request from its start at once, so its own first requests show it;
  // the z of all of them to `until` grows with √m, and over hours reads a shift of a fifth of the
  // spread (a day's load, the cache's share) as a rise: where sizes explain the slowdown (a token
  // runaway on a streaming model) the step alternative's mass then sits hours early, at the fit's
  // start (fourth 4545 day 28: 2 h 33 min, z 5.5 over all, −0.8 over its first ten). Each of
  // the ten is winsorized (`riseBefore`): a queue's tail that begins with the busy hours puts a
  // request or two 6–10 spreads up among ten at the baseline (constructed, z 5.1 → 1.6).
  const step =
    stepDate === undefined || until === undefined
      ? undefined
      : { ...stepDate, rise: riseBefore(data, stepDate.tau, until, RAMP_SIDE) };
  return { ...dated, evidence, rise, ...(step === undefined ? {} : { step }) };
}

/** A start dated by a posterior on the grid `taus`: its RAMP_CREDIBLE quantile, its 1 − RAMP_CREDIBLE one, its mass near a time. */
function datedBy(taus: readonly number[], mass: readonly number[]): StartDate {
  return {
    tau: posteriorQuantile(taus, mass, RAMP_CREDIBLE),
    from: posteriorQuantile(taus, mass, 1 - RAMP_CREDIBLE),
    within: gridPosterior(taus, mass),
  };
}

/**
 * A change's start as a posterior over the grid of starts dates it: the start (`tau`, the
 * posterior's RAMP_CREDIBLE quantile), the other end of its credible interval (`from`), and the
 * posterior mass of the start in [t − ROOT_SPAN_MS, t] for a time t (`gridPosterior`).
 */
interface StartDate {
  readonly tau: number;
  readonly from: number;
  readonly within: (t: number) => number;
}

/**
 * A drift's start as `rampStart` dates it: the start (`tau`, the posterior's RAMP_CREDIBLE
 * quantile), the other end of its credible interval (`from`), the evidence for a drift against a
 * step, the rise before `until` (NaN without it), and the posterior mass of the start in
 * [t − ROOT_SPAN_MS, t] for a time t (`gridPosterior`).
 */
interface RampStart extends StartDate {
  readonly evidence: number;
  readonly rise: number;
  /** The step's start, dated by the step alternative's posterior, where the fit read two latency modes; its rise is its first RAMP_SIDE requests'. */
  readonly step?: StartDate & { readonly rise: number };
}

/** For a posterior given on the grid `taus` (ascending; `mass` unnormalized): the share of it in [t − ROOT_SPAN_MS, t]. */
function gridPosterior(taus: readonly number[], mass: readonly number[]): (t: number) => number {
  const total = mass.reduce((p, m) => p + m, 0);
  return (t: number): number => {
    let sum = 0;
    for (let ti = 0; ti < taus.length; ti++) {
      const x = taus[ti] as number;
      if (x >= t - ROOT_SPAN_MS && x <= t) sum += mass[ti] as number;
    }
    return total > 0 ? sum / total : 0;
  };
}

/** The first of `taus` (ascending) by which the posterior `mass` (unnormalized) reaches the share `q`. */
function posteriorQuantile(taus: readonly number[], mass: readonly number[], q: number): number {
  const total = mass.reduce((p, m) => p + m, 0);
  let acc = 0;
  for (let ti = 0; ti < taus.length; ti++) {
    acc += mass[ti] as number;
    if (acc >= q * total) return taus[ti] as number;
  }
  return taus[taus.length - 1] as number;
}

/**
 * How much slower than the baseline the requests that began between a drift's start and
 * `until` were, as a z statistic: the mean of their log-duration residuals from the baseline's
 * fit (the requests before the start; sizes regressed out as in rampStart) over its standard
 * error, the baseline's residual spread over √m for m of them (a z of the mean, whatever m: how
 * many requests a start needs is `seen`'s and RAMP_STRONG's to say), or of the first `most`
 * after the start, each winsorized at RAMP_RISE_Z spreads (a step's, see rampStart). NaN with none.
 */
function riseBefore(data: LogDurations, tau: number, until: number, most = Number.POSITIVE_INFINITY): number {
  const { t, y, X } = data;
  const n = t.length;
  const p = DESIGN;
  let k0 = 0;
  while (k0 < n && (t[k0] as number) <= tau) k0++;
  const { xx, xy, yy } = designPrefixes(data);
  const fit = normalSolve(xx.subarray(k0 * p * p, (k0 + 1) * p * p), xy.subarray(k0 * p, (k0 + 1) * p));
  let sse0 = yy[k0] as number;
  for (let j = 0; j < p; j++) sse0 -= (fit.beta[j] as number) * (xy[k0 * p + j] as number);
  if (!(sse0 > 0) || k0 - fit.rank < RAMP_SIDE) return Number.NaN;
  const spread = Math.sqrt(sse0 / (k0 - fit.rank));
  let sum = 0;
  let m = 0;
  // Where only the first `most` are read (a step's), each at most RAMP_RISE_Z spreads from the
  // baseline (winsorized at Shewhart's limit): a step slows every request from its start, while
  // one request queued behind others (a heavy tail's, 6–10 spreads) would carry ten alone.
  const cap = Number.isFinite(most) ? RAMP_RISE_Z * spread : Number.POSITIVE_INFINITY;
  for (let k = k0; k < n && (t[k] as number) < until && m < most; k++) {
    let r = y[k] as number;
    for (let j = 0; j < p; j++) r -= (fit.beta[j] as number) * (X[k * p + j] as number);
    sum += Math.max(-cap, Math.min(cap, r));
    m++;
  }
  return m === 0 ? Number.NaN : sum / m / (spread / Math.sqrt(m));
}

/**
 * The output tokens of the request each latency observation of [a, b) measured: `requestSize`
 * of a token event with the same request id, NaN when none names it (no request id, or an
 * emitter that reports no tokens). O(events stored), on a day whose ramp wins only.
 */
function requestSizes(
  store: EventStore,
  s: ScoredSeries,
  range: { readonly a: number; readonly b: number },
): (i: number) => number {
  const requests = store.requests.data;
  const sizes = new Map<number, number>();
  for (let i = range.a; i < range.b; i++) {
    const key = requests[s.events[i] as number] as number;
    if (key !== 0) sizes.set(key, Number.NaN);
  }
  if (sizes.size > 0) {
    const values = store.sizes.data;
    for (let k = 0; k < store.requests.length; k++) {
      const v = values[k] as number;
      const key = requests[k] as number;
      if (v > 0 && sizes.has(key)) sizes.set(key, v);
    }
  }
  return (i) => sizes.get(requests[s.events[i] as number] as number) ?? Number.NaN;
}

/**
 * Log durations of [a, b) in the order requests began (at most RAMP_FIT_POINTS, every m-th),
 * winsorized, and their design (`DESIGN` columns per observation, see rampStart): 1, the
 * centred log size (0 when unknown), 1 for an unknown size (a column stays 0 when fewer than
 * RAMP_SIDE sizes are known) and 1 for a request of the lower latency mode (`markLowerMode`).
 */
interface LogDurations {
  readonly t: Float64Array;
  readonly y: Float64Array;
  readonly X: Float64Array;
}

/**
 * What a drift's fit reads of a request: when it began, its size (output tokens; 0 when
 * unknown) and whether it was served (a timed-out request's duration is only a lower bound, the
 * deadline, and it has no size: it stays out of the fit; all served when absent).
 */
interface RampFns {
  readonly begin: (i: number) => number;
  readonly size: (i: number) => number;
  readonly served?: (i: number) => boolean;
}

/** Columns of a drift's design: intercept, log size, size unknown, the lower latency mode (`lowerMode`). */
const DESIGN = 4;

/**
 * Two latency modes are told apart when their means lie this many within-mode standard
 * deviations apart. A single normal cut in two at its mean gives halves whose means lie 1.6σ
 * apart with a spread of 0.6σ each: 2.7 (the held-out suite's unimodal baselines read 1.8–2.9).
 * Two normals of one spread are bimodal once 2σ apart; at 4 the midpoint lies 2σ from either
 * mode, so fewer than 2.3 % of a mode's requests fall on the other side of it.
 */
const MODE_GAP = 4;

/**
 * The least share of requests above a split for it to be two modes. Slow outliers of a few
 * percent (queueing behind a long request, cold starts: a heavy tail) also split off by more
 * than MODE_GAP, but they are a tail, not a class of requests, and the fit's winsorizing is for
 * them (as a "mode" they moved three fourth-suite drifts with 2–4 % above the split, two of them
 * later than the step). A class served differently (cache hits, a fast error path) is the faster
 * side, and may be small.
 */
const MODE_UPPER_SHARE = 0.1;

/**
 * Where a latency series' durations fall into two modes (a cache hit answered in a tenth of
 * the time, a fast error path, a small and a large endpoint behind one model name): the value
 * between them (the midpoint of the two means of the best two-way split of `y`, the size fit's
 * residuals of the first half of a drift's observations), or NaN when the split is not MODE_GAP
 * within-mode deviations wide, the lower side holds fewer than RAMP_SIDE or the upper one less
 * than MODE_UPPER_SHARE.
 * A drift multiplies every request, each mode by the same factor; a Gaussian over the pooled
 * log durations reads the gap between modes as noise (a spread of 1–2 where each mode's own is
 * 0.4–0.6), which hides the drift's first minutes. O(n log n).
 */
function lowerMode(y: Float64Array): number {
  const half = [...y].sort((p, q) => p - q);
  const n = half.length;
  if (n < 2 * RAMP_SIDE) return Number.NaN;
  let total = 0;
  let total2 = 0;
  for (const v of half) {
    total += v;
    total2 += v * v;
  }
  let best = { sse: Number.POSITIVE_INFINITY, lo: 0, hi: 0 };
  let sum = 0;
  let sum2 = 0;
  for (let k = 1; k < n; k++) {
    const v = half[k - 1] as number;
    sum += v;
    sum2 += v * v;
    if (k < RAMP_SIDE || n - k < Math.max(RAMP_SIDE, MODE_UPPER_SHARE * n)) continue;
    const sse = sum2 - (sum * sum) / k + (total2 - sum2) - (total - sum) ** 2 / (n - k);
    if (sse < best.sse) best = { sse, lo: sum / k, hi: (total - sum) / (n - k) };
  }
  const spread = Math.sqrt(best.sse / Math.max(1, n - 2));
  return best.hi - best.lo >= MODE_GAP * spread ? (best.lo + best.hi) / 2 : Number.NaN;
}

function logDurations(s: ScoredSeries, range: { readonly a: number; readonly b: number }, fns: RampFns): LogDurations {
  const { a, b } = range;
  const { begin, size } = fns;
  const order = byBegin(a, b, begin, fns.served);
  const stride = Math.max(1, Math.ceil(order.length / RAMP_FIT_POINTS));
  const picked = order.filter((_, k) => k % stride === 0);
  const n = picked.length;
  const t = new Float64Array(n);
  const y = new Float64Array(n);
  const lnSize = new Float64Array(n);
  let known = 0;
  let sumSize = 0;
  for (let k = 0; k < n; k++) {
    const i = picked[k] as number;
    t[k] = begin(i);
    y[k] = Math.log(Math.max(1, s.values[i] as number));
    const z = size(i);
    lnSize[k] = z > 0 ? Math.log(z) : Number.NaN;
    if (z > 0) {
      known++;
      sumSize += lnSize[k] as number;
    }
  }
  // A timeout or a queueing outlier is far out even on the log scale: the extreme 0.5 % on
  // either side count as the 0.5 % and 99.5 % quantiles (winsorized).
  const sorted = [...y].sort((p, q) => p - q);
  const lo = quantile(sorted, DRIFT_WINSOR_Q);
  const hi = quantile(sorted, 1 - DRIFT_WINSOR_Q);
  const X = new Float64Array(n * DESIGN);
  const sized = known >= RAMP_SIDE;
  const centre = known > 0 ? sumSize / known : 0;
  for (let k = 0; k < n; k++) {
    y[k] = Math.min(hi, Math.max(lo, y[k] as number));
    X[k * DESIGN] = 1;
    if (!sized) continue;
    const z = lnSize[k] as number;
    if (Number.isNaN(z)) X[k * DESIGN + 2] = 1;
    else X[k * DESIGN + 1] = z - centre;
  }
  markLowerMode({ t, y, X });
  return { t, y, X };
}

/**
 * Sets the design's last column to 1 for the requests of a lower latency mode: the residuals
 * from the size fit of the first half of the observations (before the incident's first windows)
 * split by `lowerMode`. Nothing when they show one mode.
 */
function markLowerMode(data: LogDurations): void {
  const { y, X } = data;
  const n = y.length;
  const p = DESIGN;
  const half = Math.floor(n / 2);
  const { xx, xy } = designPrefixes(data);
  const fit = normalSolve(xx.subarray(half * p * p, (half + 1) * p * p), xy.subarray(half * p, (half + 1) * p));
  const residual = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let r = y[k] as number;
    for (let j = 0; j < p; j++) r -= (fit.beta[j] as number) * (X[k * p + j] as number);
    residual[k] = r;
  }
  const valley = lowerMode(residual.subarray(0, half));
  for (let k = 0; k < n; k++) if ((residual[k] as number) < valley) X[k * p + 3] = 1;
}

/**
 * Least squares from the normal equations (XᵀX β = Xᵀy, DESIGN × DESIGN, row-major) by
 * Cholesky; a column whose pivot vanishes (absent, or the same as the columns before it) is
 * dropped with β = 0. Returns β, the rank and ln |XᵀX| over the columns kept.
 */
function normalSolve(xx: Float64Array, xy: Float64Array): { beta: Float64Array; rank: number; logDet: number } {
  const p = DESIGN;
  const L = new Float64Array(p * p);
  const keep = new Uint8Array(p);
  let rank = 0;
  let logDet = 0;
  for (let j = 0; j < p; j++) {
    const diag = xx[j * p + j] as number;
    let d = diag;
    for (let m = 0; m < j; m++) if (keep[m] === 1) d -= (L[j * p + m] as number) ** 2;
    if (!(diag > 0) || !(d > 1e-9 * diag)) continue;
    keep[j] = 1;
    rank++;
    logDet += Math.log(d);
    const root = Math.sqrt(d);
    L[j * p + j] = root;
    for (let i = j + 1; i < p; i++) {
      let v = xx[i * p + j] as number;
      for (let m = 0; m < j; m++) if (keep[m] === 1) v -= (L[i * p + m] as number) * (L[j * p + m] as number);
      L[i * p + j] = v / root;
    }
  }
  const z = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    if (keep[j] === 0) continue;
    let v = xy[j] as number;
    for (let m = 0; m < j; m++) if (keep[m] === 1) v -= (L[j * p + m] as number) * (z[m] as number);
    z[j] = v / (L[j * p + j] as number);
  }
  const beta = new Float64Array(p);
  for (let j = p - 1; j >= 0; j--) {
    if (keep[j] === 0) continue;
    let v = z[j] as number;
    for (let m = j + 1; m < p; m++) if (keep[m] === 1) v -= (L[m * p + j] as number) * (beta[m] as number);
    beta[j] = v / (L[j * p + j] as number);
  }
  return { beta, rank, logDet };
}

/** Prefix sums over observations [0, k) of XᵀX, Xᵀy and yᵀy (k = 0 … n). */
function designPrefixes(data: LogDurations): { xx: Float64Array; xy: Float64Array; yy: Float64Array } {
  const { y, X } = data;
  const n = y.length;
  const p = DESIGN;
  const xx = new Float64Array((n + 1) * p * p);
  const xy = new Float64Array((n + 1) * p);
  const yy = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) {
    const yk = y[k] as number;
    for (let i = 0; i < p; i++) {
      const xi = X[k * p + i] as number;
      xy[(k + 1) * p + i] = (xy[k * p + i] as number) + xi * yk;
      for (let j = 0; j < p; j++)
        xx[(k + 1) * p * p + i * p + j] = (xx[k * p * p + i * p + j] as number) + xi * (X[k * p + j] as number);
    }
    yy[k + 1] = (yy[k] as number) + yk * yk;
  }
  return { xx, xy, yy };
}

/**
 * The unnormalized posterior mass of each start in `taus` (ascending), summed over the rates
 * (see rampStart for the marginal likelihood), scaled by the largest term. A start with fewer
 * than RAMP_SIDE observations (plus the design's rank) on either side has none. Undefined when
 * no start has any.
 */
function startPosterior(
  data: LogDurations,
  taus: readonly number[],
  weigh = false,
): { mass: number[]; evidence: number; step?: number[] } | undefined {
  const { t, y, X } = data;
  const n = t.length;
  const p = DESIGN;
  const { xx, xy, yy } = designPrefixes(data);
  const residual = new Float64Array(n);
  const logPost = new Float64Array(taus.length).fill(Number.NEGATIVE_INFINITY);
  const logStep = weigh ? new Float64Array(taus.length).fill(Number.NEGATIVE_INFINITY) : undefined;
  let k0 = 0;
  for (let ti = 0; ti < taus.length; ti++) {
    const tau = taus[ti] as number;
    while (k0 < n && (t[k0] as number) <= tau) k0++;
    const n0 = k0;
    const n1 = n - k0;
    if (n0 < p + RAMP_SIDE || n1 < RAMP_SIDE) continue;
    // The baseline (before τ): β by least squares, its residual sum of squares.
    const fit = normalSolve(xx.subarray(k0 * p * p, (k0 + 1) * p * p), xy.subarray(k0 * p, (k0 + 1) * p));
    const beta = fit.beta;
    let sse0 = yy[k0] as number;
    for (let j = 0; j < p; j++) sse0 -= (beta[j] as number) * (xy[k0 * p + j] as number);
    if (!(sse0 > 0)) continue;
    // After τ: the residuals r = y − Xβ, then per rate the curve g = ln(1 + k·(t − τ)) and
    // SSE₁ = Σ(r − g)².
    let base = 0;
    let sum = 0;
    for (let k = k0; k < n; k++) {
      let r = y[k] as number;
      for (let j = 0; j < p; j++) r -= (beta[j] as number) * (X[k * p + j] as number);
      residual[k] = r;
      base += r * r;
      sum += r;
    }
    const other = otherMode(data, beta, residual, k0);
    const fixed =
      lnGamma((n0 - fit.rank) / 2) - ((n0 - fit.rank) / 2) * Math.log(sse0) - fit.logDet / 2 + lnGamma(n1 / 2);
    const term = (sse: number): number => (sse > 0 ? fixed - (n1 / 2) * Math.log(sse) : Number.NEGATIVE_INFINITY);
    logPost[ti] = overRates((u) => {
      const rate = rampRateAt(u) / 60_000;
      const curve = (k: number): number => Math.log1p(rate * ((t[k] as number) - tau));
      if (other !== undefined) return term(nearestModeSse(residual, other, k0, curve));
      let sgg = 0;
      let sgr = 0;
      for (let k = k0; k < n; k++) {
        const g = curve(k);
        sgg += g * g;
        sgr += g * (residual[k] as number);
      }
      return term(base - 2 * sgr + sgg);
    }, other !== undefined);
    if (logStep === undefined) continue;
    // The step of the same size range: every duration after τ multiplied by 1 + k at once.
    logStep[ti] = overRates((u) => {
      const shift = Math.log1p(rampRateAt(u));
      if (other !== undefined) return term(nearestModeSse(residual, other, k0, () => shift));
      return term(base - 2 * shift * sum + n1 * shift * shift);
    }, other !== undefined);
  }
  const mass = perStart(logPost);
  if (mass === undefined) return undefined;
  if (logStep === undefined) return { mass, evidence: Number.NaN };
  return { mass, evidence: logSumExp(logPost) - logSumExp(logStep), step: perStart(logStep) ?? [] };
}

/**
 * ln of a drift's (or step's) likelihood summed over its rate under the log-uniform prior: the
 * terms `term(u)` (ln likelihood at the place u of the rate grid) of the grid, with the
 * three nearest its largest replaced by RATE_REFINE points a step over the same span (each a
 * RATE_REFINE-th of a grid point's prior; only where `refine`, see RATE_REFINE). −∞ when every
 * term is.
 */
function overRates(term: (u: number) => number, refine: boolean): number {
  const coarse = new Float64Array(RAMP_RATE_COUNT);
  let top = 0;
  for (let u = 0; u < RAMP_RATE_COUNT; u++) {
    coarse[u] = term(u);
    if ((coarse[u] as number) > (coarse[top] as number)) top = u;
  }
  if (!Number.isFinite(coarse[top] as number)) return Number.NEGATIVE_INFINITY;
  const terms: number[] = [];
  for (let u = 0; u < RAMP_RATE_COUNT; u++) if (!refine || Math.abs(u - top) > 1) terms.push(coarse[u] as number);
  if (!refine) return logSumExp(Float64Array.from(terms));
  for (let j = 0; j < 3 * RATE_REFINE; j++) {
    const u = top - 1.5 + (j + 0.5) / RATE_REFINE;
    if (u > -0.5 && u < RAMP_RATE_COUNT - 0.5) terms.push(term(u) - Math.log(RATE_REFINE));
  }
  const total = logSumExp(Float64Array.from(terms));
  return Number.isNaN(total) ? Number.NEGATIVE_INFINITY : total;
}

/**
 * Where the baseline's fit reads two latency modes (`markLowerMode`; β of the mode column not 0),
 * each residual from k0 on as the other mode would give it (a lower-mode request's as an upper
 * one's, and back); undefined with one mode. A drift multiplies both modes, so their gap stays
 * while both rise: the valley `markLowerMode` draws from the baseline no longer parts them once
 * the factor nears the gap's midpoint (×3 for cache hits ten times faster), and a fast request
 * read as a slow one then weighs as a fall of the drift's last hour (the constructed two-mode
 * ramp dated 2–8 minutes late). `nearestModeSse` reads each request in the mode nearest it once
 * the change's curve is taken out.
 */
function otherMode(
  data: LogDurations,
  beta: Float64Array,
  residual: Float64Array,
  k0: number,
): Float64Array | undefined {
  const gap = beta[DESIGN - 1] as number;
  if (gap === 0) return undefined;
  const { X } = data;
  const other = new Float64Array(residual.length);
  for (let k = k0; k < residual.length; k++)
    other[k] = (residual[k] as number) + ((X[k * DESIGN + DESIGN - 1] as number) === 1 ? gap : -gap);
  return other;
}

/** Σ from k0 of the smaller of (r − g)² and (o − g)² for the change's curve g: each request in the mode nearest it (`otherMode`). */
function nearestModeSse(r: Float64Array, o: Float64Array, k0: number, curve: (k: number) => number): number {
  let sse = 0;
  for (let k = k0; k < r.length; k++) {
    const g = curve(k);
    sse += Math.min(((r[k] as number) - g) ** 2, ((o[k] as number) - g) ** 2);
  }
  return sse;
}

/** The unnormalized posterior mass of each start from its log (`startPosterior`), scaled by the largest; undefined when every one is −∞. */
function perStart(logTerms: Float64Array): number[] | undefined {
  let best = Number.NEGATIVE_INFINITY;
  for (const v of logTerms) if (v > best) best = v;
  if (!Number.isFinite(best)) return undefined;
  return Array.from(logTerms, (v) => Math.exp(v - best));
}

/** ln Σ e^x over xs (NaN when empty or all −∞: no evidence either way). */
function logSumExp(xs: Float64Array): number {
  let top = Number.NEGATIVE_INFINITY;
  for (const x of xs) if (x > top) top = x;
  if (!Number.isFinite(top)) return Number.NaN;
  let sum = 0;
  for (const x of xs) sum += Math.exp(x - top);
  return top + Math.log(sum);
}

/**
 * Prefix sums of ℓ (plus the drift over time) over the scope's observations [a, end) (end: the
 * scope's b unless given), and their minimum.
 */
function cusumPrefixes(
  s: ScoredSeries,
  scope: Scope,
  model: Model,
  end = scope.b,
): { prefixes: Float64Array; best: number } {
  const { a, startMs } = scope;
  const prefixes = new Float64Array(Math.max(0, end - a));
  let prefix = 0;
  let best = Number.POSITIVE_INFINITY;
  for (let i = a; i < end; i++) {
    const before = prefix + model.drift * ((s.times[i] as number) - startMs);
    prefixes[i - a] = before;
    if (before < best) best = before;
    prefix += model.llr(i);
  }
  return { prefixes, best };
}

/**
 * Suffix maximum of Σℓ + drift·(time) from a to b: the CUSUM restart point. Of the points whose
 * likelihood is within the model's level of the best (a factor 3 at least; see candidateLevel),
 * the latest: the data cannot tell them apart, and a change is never before the first
 * observation that shows it. The event is the first from there that looks like the incident and
 * whose next SUPPORT observations agree.
 */
function cusumOnset(s: ScoredSeries, scope: Scope, model: Model, pick: Pickers): Onset {
  const { a, b, endOfInc } = scope;
  const { llr, drift, incidentLike, level } = model;
  const { prefixes, best } = cusumPrefixes(s, scope, model);
  let bestIndex = a;
  for (let i = b - 1; i >= a; i--) {
    if ((prefixes[i - a] as number) <= best + level) {
      bestIndex = i;
      break;
    }
  }
  const supported = (i: number): boolean => {
    let sum = 0;
    const end = Math.min(s.times.length, i + 1 + SUPPORT);
    for (let l = i; l < end; l++) sum += llr(l);
    if (end > i + 1) sum += drift * ((s.times[end - 1] as number) - (s.times[i] as number));
    return sum >= SUPPORT_LLR;
  };
  let plausible = bestIndex;
  for (let i = b - 1; i > bestIndex; i--) {
    if ((prefixes[i - a] as number) <= best + Math.max(level, PLAUSIBLE)) {
      plausible = i;
      break;
    }
  }
  const change = timeChange(s, scope, model);
  const at = (i: number): Onset => {
    const ms = s.times[i] as number;
    const latest = Math.max(ms, s.times[plausible] as number);
    return { ms, index: i, event: s.events[i] as number, latest, ...massAt(change.mass, ms) };
  };
  const limit = Math.max(endOfInc, b);
  if (s.spec.kind === "ratio" && scope.thin) {
    const i = failureRoot(change, model, pick);
    if (i >= 0) return at(i);
  }
  const firstFrom = (from: number): number => {
    for (let i = from; i < limit; i++) if (incidentLike(i) && pick.usable(i) && supported(i)) return i;
    return -1;
  };
  let chosen = firstFrom(bestIndex);
  if (chosen >= 0 && model.burst !== undefined) {
    // A stray finding of the baseline just before a burst is not its start (see strayBeforeBurst).
    while (strayBeforeBurst(s, chosen, model.burst)) {
      const next = firstFrom(chosen + 1);
      if (next < 0) break;
      chosen = next;
    }
  }
  if (chosen >= 0) return at(chosen);
  for (let i = bestIndex; i < limit; i++) {
    if (incidentLike(i) && pick.usable(i)) return at(i);
  }
  return pick.fallback();
}

/**
 * Whether finding `c` is a stray of the baseline before a burst rather than the burst's first:
 * the change point just after it (before the next finding) is likelier than the one just before
 * it by the odds the representative asks (20 : 1) at the burst's own rate. The CUSUM reads the
 * burst's rate λ1 as the anomalous windows' mean, so a wave of minutes in a window of hours is read
 * at a fraction of its rate, and a scanner's stray detection minutes before the wave (the baseline's
 * steady low rate λ0 puts one in any g minutes with probability about λ0·g) costs less than it
 * gains. The burst's rate is read where it is: the findings in ROOT_SPAN_MS from the next one on,
 * over that span (λ̂; only when above λ1, else the windows' rate has judged the gap already). Moving
 * the change from just before c to just after it changes the log-likelihood by
 * −ln(λ̂/λ0) + (λ̂ − λ0)·g for the gap g after c; c is a stray when that exceeds ln 20. In a
 * Poisson burst the gap after its first finding is that long with probability at most (λ0/λ̂)/20.
 * O(findings in the span).
 */
function strayBeforeBurst(
  s: ScoredSeries,
  c: number,
  rates: { readonly lambda0: number; readonly lambda1: number },
): boolean {
  const next = c + 1;
  if (next >= s.times.length) return false;
  const from = s.times[next] as number;
  let n = 0;
  for (let j = next; j < s.times.length && (s.times[j] as number) < from + ROOT_SPAN_MS; j++) n++;
  const local = n / ROOT_SPAN_MS;
  const { lambda0, lambda1 } = rates;
  if (!(local > lambda1) || !(lambda0 > 0)) return false;
  const gap = from - (s.times[c] as number);
  return Math.log(local / lambda0) - (local - lambda0) * gap < -SUPPORT_LLR;
}

/**
 * The failure that stands for a rise in a failure share: of the observations [a, limit) that look
 * like the incident (a failure, or a record whose share is nearer the incident's), the one whose
 * time most probably lies in the first `ROOT_SPAN_MS` of the change, P(t − span ≤ τ ≤ t), under
 * the posterior of the change time τ (`rootByMass`: a uniform prior over time, the Bernoulli
 * change point's likelihood constant between two observations). A count of observations is no
 * measure of evidence on a sparse series: the next four requests after a first failure span
 * a minute on a busy model and ten on one called twice a minute, and asking them for 20 : 1 (the
 * support rule) skipped the first failures of bursts that begin at a fraction of their later
 * share. The posterior weighs each failure by how surely the change had begun by then, however
 * the requests are spread: a stray failure minutes before a burst, followed by successes at the
 * baseline's share, carries little of it. Used only where the traffic before the first anomalous
 * window is thinner than in it (`Scope.thin`): on steady traffic a blip (two failures in a
 * second, then four minutes of successes) fits a step at the blip better than one at the burst,
 * and the posterior named it (held-out 770413 day 10, 6262 day 8: roots 3–4 min early), where the
 * latest plausible change point and the four observations' support, a few seconds to a minute of
 * traffic there, pass it over. -1 when none qualifies. O(observations · log).
 */
function failureRoot(change: TimeChange, model: Model, pick: Pickers): number {
  const { order } = change;
  const n = order.length;
  if (n < 2) return -1;
  const a = order[0] as number;
  const candidate = (k: number): boolean => model.incidentLike(a + k) && pick.usable(a + k);
  let any = false;
  for (let k = 0; k < n && !any; k++) any = candidate(k);
  if (!any) return -1;
  const k = rootByMass(change, candidate);
  return candidate(k) ? a + k : -1;
}

/**
 * A change found in time order (`cusumOnset`): its observations as `rootByMass` reads them, with
 * the posterior `failureRoot` picks by (`within`: from the first observation, the likelihood
 * constant between two), and the posterior an onset's mass is stated by (`mass`: from the
 * searched span's start, an event rate's likelihood integrated over each gap; see Onset.mass).
 */
interface TimeChange extends ChangeOrder {
  readonly end: (i: number) => number;
  readonly within: ((t: number) => number) | undefined;
  readonly mass: ((t: number) => number) | undefined;
}

/**
 * The scope's observations from a to the end of the incident's windows (or b, when later), in
 * time order, with the posteriors of their change time (`changePosterior` over `cusumPrefixes`).
 * O(observations).
 */
function timeChange(s: ScoredSeries, scope: Scope, model: Model): TimeChange {
  const { a } = scope;
  const limit = Math.max(scope.endOfInc, scope.b);
  const order = Array.from({ length: Math.max(0, limit - a) }, (_, k) => a + k);
  const { prefixes, best } = cusumPrefixes(s, scope, model, limit);
  const time = (i: number): number => s.times[i] as number;
  return {
    order,
    prefixes,
    best,
    first: 0,
    end: time,
    within: changePosterior({ order, prefixes, best, begin: time }),
    mass: changePosterior({ order, prefixes, best, begin: time, drift: model.drift, from: scope.startMs }),
  };
}

/** Whether the series' observations are measurements over spans (throughput payloads), not occurrences. */
function spansTime(s: ScoredSeries): boolean {
  return s.totals.length > 0 && (s.totals[0] as number) > 0;
}

/**
 * For a fall in an event rate: the quiet stretch starts just after the event that maximizes the
 * suffix likelihood (the onset), and the series' event is the one most probably among the fall's
 * first `ROOT_SPAN_MS` (see `fallEvent`).
 */
function downOnset(
  s: ScoredSeries,
  scan: {
    readonly a: number;
    readonly b: number;
    readonly startMs: number;
    /** End of the searched windows. */
    readonly endMs: number;
    readonly j0: number;
    readonly j0Start: number;
  },
  model: { readonly perEvent: number; readonly drift: number; readonly usable: (i: number) => boolean },
): Onset {
  const { a, b, startMs, j0, j0Start } = scan;
  const { perEvent, drift, usable } = model;
  // suffix(τ) = N(τ, end]·perEvent + drift·(end − τ); maximal just after an event (or at the start).
  const end = b > a ? (s.times[b - 1] as number) : startMs;
  const suffix = (i: number): number => (b - i - 1) * perEvent + drift * (end - (s.times[i] as number));
  let bestValue = (b - a) * perEvent + drift * (end - startMs);
  for (let i = a; i < b; i++) bestValue = Math.max(bestValue, suffix(i));
  // The latest τ within a factor 3 of the best: the quiet stretch starts after the last event the data can put before it.
  let bestTau = startMs;
  for (let i = b - 1; i >= a; i--) {
    if (suffix(i) >= bestValue - NEAR) {
      bestTau = s.times[i] as number;
      break;
    }
  }
  // Whether a request comes after the quiet stretch began within the first two anomalous windows
  // (else an outage, or a collapse to a few percent of a sparse model's traffic: the onset is
  // then at least the first anomalous window's start, as the windows say).
  const limit = Math.min(s.times.length, (s.starts[j0 + QUIET_WINDOWS] ?? s.times.length) as number);
  let after = false;
  for (let i = a; i < limit && !after; i++) after = (s.times[i] as number) > bestTau && usable(i);
  const ms = after ? bestTau : Math.max(bestTau, j0Start);
  const { index, mass } = fallEvent(s, scan, model);
  return index < 0 ? { ms, index: -1, event: -1 } : { ms, index, event: s.events[index] as number, mass };
}

/**
 * The event that stands for a fall in an event rate: of the series' events around it, the one
 * whose time most probably lies in the first `ROOT_SPAN_MS` of the change, P(t − span ≤ τ ≤ t)
 * under the posterior of the change point τ (a uniform prior over the searched span, the
 * two-rate Poisson likelihood of `downOnset`; ties to the earliest). A fall shows in absence: the
 * first request after the quiet stretch began may come long after it (a collapse to a few percent
 * of a sparse model's traffic: its first request 18 minutes on), and the last one before it may
 * be the fall's own (a request that was in flight when the fall began, stamped when it ended) or
 * the baseline's last. The posterior weighs both: over a gap after event k, the log-likelihood of
 * τ is that of the gap's start less drift·(τ − t_k) (the baseline's rate λ0 kept for longer
 * instead of the fallen λ1), so its mass is exp(suffix)·(1 − e^(−drift·gap))/drift; a request
 * that comes a minute after the gap opened at four a minute carries most of it, one that comes
 * twenty minutes after at three a minute none of it, and then the last request before the quiet
 * stretch is the better bet when the data leave the fall as likely begun before it as after.
 * Returns its index (-1 when none) and that mass, normalized (`Onset.mass`). O(events searched).
 */
function fallEvent(
  s: ScoredSeries,
  scan: { readonly a: number; readonly b: number; readonly startMs: number; readonly endMs: number },
  model: { readonly perEvent: number; readonly drift: number; readonly usable: (i: number) => boolean },
): { index: number; mass: number } {
  const mass = fallPosterior(s, scan, model);
  if (mass === undefined) return { index: -1, mass: 0 };
  const { a } = scan;
  const { usable } = model;
  const endMs = Math.max(scan.endMs, scan.b > a ? (s.times[scan.b - 1] as number) : scan.startMs);
  let best = -1;
  let bestMass = 0;
  for (let i = a; i < s.times.length; i++) {
    const t = s.times[i] as number;
    if (t - ROOT_SPAN_MS >= endMs) break;
    if (!usable(i)) continue;
    const m = mass(t - ROOT_SPAN_MS, t);
    if (m > bestMass * (1 + 1e-9)) {
      best = i;
      bestMass = m;
    }
  }
  const total = mass(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
  return { index: best, mass: total > 0 ? bestMass / total : 0 };
}

/**
 * The posterior mass of a fall's change point τ between two times (unnormalized; the whole of it
 * from −∞ to ∞; see `fallEvent`), or undefined when the rates give no fall. O(events searched) to build, O(log) a call.
 */
function fallPosterior(
  s: ScoredSeries,
  scan: { readonly a: number; readonly b: number; readonly startMs: number; readonly endMs: number },
  model: { readonly perEvent: number; readonly drift: number },
): ((u: number, v: number) => number) | undefined {
  const { a, b, startMs } = scan;
  const { perEvent, drift } = model;
  const endMs = Math.max(scan.endMs, b > a ? (s.times[b - 1] as number) : startMs);
  if (!(drift > 0) || !(perEvent < 0)) return undefined;
  // Gap k (k = 0 … b − a) runs from gs(k) (startMs, or the time of event a + k − 1) to the next
  // event (or endMs); its log density at its start is logAt(k), relative to the best.
  const gs = (k: number): number => (k === 0 ? startMs : (s.times[a + k - 1] as number));
  const ge = (k: number): number => (k < b - a ? (s.times[a + k] as number) : endMs);
  const logAt = (k: number): number => (b - a - k) * perEvent + drift * (endMs - gs(k));
  const gaps = b - a + 1;
  let top = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < gaps; k++) top = Math.max(top, logAt(k));
  // within(k, x): the mass of gap k before x; cumulative[k]: of the gaps before k.
  const within = (k: number, x: number): number => {
    const from = gs(k);
    const to = Math.min(x, ge(k));
    return to > from ? (Math.exp(logAt(k) - top) * -Math.expm1(-drift * (to - from))) / drift : 0;
  };
  const cumulative = new Float64Array(gaps + 1);
  for (let k = 0; k < gaps; k++) cumulative[k + 1] = (cumulative[k] as number) + within(k, Number.POSITIVE_INFINITY);
  // The posterior mass of τ before x (unnormalized): the gap holding x found by bisection.
  const before = (x: number): number => {
    if (!(x > startMs)) return 0;
    let lo = 0;
    let hi = gaps - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (gs(mid) < x) lo = mid;
      else hi = mid - 1;
    }
    return (cumulative[lo] as number) + within(lo, x);
  };
  return (u: number, v: number): number => before(v) - before(u);
}

/**
 * For a fall in an event rate found at `where`: the posterior mass of its change point between
 * two times (`fallPosterior`), to weigh events of another series of the same model as its root;
 * undefined when the series gives no fall there.
 */
export function fallMass(
  s: ScoredSeries,
  where: OnsetWhere,
  store: EventStore,
): ((u: number, v: number) => number) | undefined {
  const scope = scopeOf(s, where);
  const model = modelOf(s, scope, store);
  if (model?.fall === undefined) return undefined;
  const { a, b, startMs, toWindow } = scope;
  const endMs = where.grid.origin + (toWindow + 1) * where.grid.width;
  return fallPosterior(s, { a, b, startMs, endMs }, { perEvent: model.fall, drift: model.drift });
}

/** How many of the observations of windows `ws` carry each key (`key` of the stored event), and how many there are. */
function tallyBy(
  s: ScoredSeries,
  ws: readonly number[],
  key: (event: number) => string | undefined,
): { m: Map<string, number>; n: number } {
  const m = new Map<string, number>();
  let n = 0;
  for (const j of ws)
    for (let i = s.starts[j] as number; i < (s.starts[j + 1] as number); i++) {
      const k = key(s.events[i] as number);
      n++;
      if (k !== undefined) m.set(k, (m.get(k) ?? 0) + 1);
    }
  return { m, n };
}

/**
 * The level (`EventStore.level`: a policy violation's severity) a burst of violations rises at:
 * of the levels the anomalous windows hold more of than the baseline's share of them gives at a
 * chance below LEVEL_CHANCE, the one least likely so. The share is known only as well as the
 * baseline's count of it tells (`lnBetaBinomialUpperTail`, half a count added each way, so a
 * level the baseline never showed is rare, not impossible). A cascade from one rule
 * writes its violations at that rule's level while the baseline's come at every rule's level,
 * so a stray of the baseline just before the cascade, or inside it, is told from the cascade's
 * first violation by its level. Levels drawn per request, as often in the burst as before, mark
 * nothing. O(observations).
 */
function dominantLevel(
  s: ScoredSeries,
  ref: readonly number[],
  inc: readonly number[],
  store: EventStore,
): string | undefined {
  const now = tallyBy(s, inc, (k) => store.level(k));
  const before = tallyBy(s, ref, (k) => store.level(k));
  let top: string | undefined;
  let lowest = Math.log(LEVEL_CHANCE);
  for (const [level, k] of now.m) {
    const seen = before.m.get(level) ?? 0;
    const tail = lnBetaBinomialUpperTail(k, now.n, seen + HALF_COUNT, before.n - seen + HALF_COUNT);
    if (tail < lowest) [top, lowest] = [level, tail];
  }
  return top;
}

/**
 * ln P(X ≥ k) for X ~ BetaBinomial(n, α, β): a count of n draws whose share is itself known only
 * as Beta(α, β), the posterior of a share seen in a sample (its successes and failures plus half
 * a count each). A share read from a baseline of five events is no better known than that, and
 * a burst of 64 tested against it as if it were exact finds a "rise" in one level of three drawn
 * at random (fourth `--seed 2020` day 24). O(n − k).
 */
function lnBetaBinomialUpperTail(k: number, n: number, alpha: number, beta: number): number {
  if (k <= 0) return 0;
  if (k > n) return Number.NEGATIVE_INFINITY;
  const lnBeta = (a: number, b: number): number => lnGamma(a) + lnGamma(b) - lnGamma(a + b);
  const base = lnGamma(n + 1) - lnBeta(alpha, beta);
  const terms = new Float64Array(n - k + 1);
  for (let x = k; x <= n; x++)
    terms[x - k] = base - lnGamma(x + 1) - lnGamma(n - x + 1) + lnBeta(x + alpha, n - x + beta);
  return logSumExp(terms);
}

/**
 * The subject (model, target, policy, …) a burst of a global count concentrates on: the most
 * frequent one in the anomalous windows when it holds at least 40 % of them and less than half
 * that share in the baseline, or carries at least half of the rise over the baseline's counts
 * scaled to the anomalous windows (a baseline of one event measures no share: held-out
 * `--seed 5151` day 21).
 */
function dominantSubject(
  s: ScoredSeries,
  ref: readonly number[],
  inc: readonly number[],
  store: EventStore,
): string | undefined {
  const tally = (ws: readonly number[]) => tallyBy(s, ws, (k) => store.subject(k));
  const now = tally(inc);
  let top: string | undefined;
  let topCount = 0;
  for (const [k, v] of now.m) if (v > topCount) [top, topCount] = [k, v];
  if (top === undefined || now.n === 0 || topCount / now.n < DOMINANT_SHARE) return undefined;
  const before = tally(ref);
  const topBefore = before.m.get(top) ?? 0;
  const share = before.n === 0 ? 0 : topBefore / before.n;
  if (share < topCount / now.n / 2) return top;
  // A baseline of a few events measures no share (one earlier threat on the attacked model made
  // its share 100 %): the subject also leads when its own events carry at least half of the
  // rise over what the baseline's counts predict for the burst's windows.
  const scale = inc.length / Math.max(1, ref.length);
  const rise = now.n - before.n * scale;
  return rise > 0 && topCount - topBefore * scale >= rise / 2 ? top : undefined;
}

/**
 * The onset of a change in request durations. A latency event is written when its request
 * ends, so a slowdown shows first in the requests that end first, minutes after it began: the
 * observations are read in the order their requests started (timestamp − duration), the change
 * point is found in that order, and the onset is the start of the first request of the change
 * that the next ones confirm. The representative event is, of the first requests of the change,
 * the one that ended first: the first slow response anyone saw.
 */
function durationOnset(
  s: ScoredSeries,
  scan: { readonly a: number; readonly b: number },
  fns: {
    readonly begin: (i: number) => number;
    readonly llr: (i: number) => number;
    /** ℓ as the support test reads it (`Model.support`; default ℓ). */
    readonly support?: (i: number) => number;
    readonly incidentLike: (i: number) => boolean;
    readonly usable: (i: number) => boolean;
    readonly fallback: () => Onset;
    /**
     * Whether observation i is a timed-out request, its duration only a lower bound (right
     * censored at the deadline): it shows the change as a failure, so a served slow request
     * among the change's first is its representative before it.
     */
    readonly censored?: (i: number) => boolean;
  },
): Onset {
  const { a, b } = scan;
  const { begin, llr, incidentLike, usable, fallback } = fns;
  const n = b - a;
  if (n <= 0) return fallback();
  const order = byBegin(a, b, begin);
  const prefixes = new Float64Array(n);
  let prefix = 0;
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < n; k++) {
    prefixes[k] = prefix;
    if (prefix < best) best = prefix;
    prefix += llr(order[k] as number);
  }
  let from = 0;
  for (let k = n - 1; k >= 0; k--) {
    if ((prefixes[k] as number) <= best + NEAR) {
      from = k;
      break;
    }
  }
  let plausible = from;
  for (let k = n - 1; k > from; k--) {
    if ((prefixes[k] as number) <= best + PLAUSIBLE) {
      plausible = k;
      break;
    }
  }
  const evidence = fns.support ?? llr;
  const supported = (k: number): boolean => {
    let sum = 0;
    const end = Math.min(n, k + 1 + SUPPORT);
    for (let l = k; l < end; l++) sum += evidence(order[l] as number);
    return sum >= SUPPORT_LLR;
  };
  let first = -1;
  for (let k = from; k < n; k++) {
    const i = order[k] as number;
    if (incidentLike(i) && usable(i) && supported(k)) {
      first = k;
      break;
    }
  }
  if (first < 0) return fallback();
  const i0 = order[first] as number;
  const within = changePosterior({ order, prefixes, best, begin });
  const pickIndex = durationRoot(s, { order, prefixes, best, first, supported, within }, fns);
  const ms = begin(i0);
  return {
    ms,
    index: pickIndex,
    event: s.events[pickIndex] as number,
    latest: Math.max(ms, begin(order[plausible] as number)),
    first: i0,
    ...massAt(within, s.times[pickIndex] as number),
  };
}

/**
 * A change found in durations, as the roots read it: the requests in the order they began, the
 * prefix sums of their log-likelihood ratios (each a change point's negative log posterior, up
 * to a constant), the smallest of them, and the position of the change's first request.
 */
interface ChangeOrder {
  readonly order: readonly number[];
  readonly prefixes: Float64Array;
  readonly best: number;
  readonly first: number;
}

/**
 * What the duration roots ask of a request by its index: when it began, whether it looks like the
 * incident's (slow, or in its direction), whether it may be named, and whether it was cut off at
 * a deadline (right censored; none when absent).
 */
interface RequestTests {
  readonly begin: (i: number) => number;
  readonly incidentLike: (i: number) => boolean;
  readonly usable: (i: number) => boolean;
  readonly censored?: (i: number) => boolean;
}

/**
 * The request that stands for a change in durations found at `first` (`durationOnset`): of the
 * change's requests (`candidate`) the posterior puts as surely among its first (`rootByMass`),
 * the first to end, a served slow request before a timed-out one (see `censored`: the timed-out
 * one is the failure, the error series' evidence; a measured latency is the slowdown's). When
 * only timed-out requests are among the surest, the first served request to end within five
 * minutes of the change's start: a timeout says only that a request outlasted the deadline,
 * which an ordinary one does now and then too.
 */
function durationRoot(
  s: ScoredSeries,
  p: ChangeOrder & {
    readonly supported: (k: number) => boolean;
    readonly within: ((t: number) => number) | undefined;
  },
  fns: RequestTests,
): number {
  const { order, prefixes, best, first, supported, within } = p;
  const { begin, incidentLike, usable } = fns;
  const censored = fns.censored ?? (() => false);
  const candidate = (k: number): boolean => {
    const i = order[k] as number;
    return incidentLike(i) && usable(i) && (k > first || supported(k));
  };
  const served = (k: number): boolean => !censored(order[k] as number);
  const pick = order[
    rootByMass({ order, prefixes, best, first, end: (i) => s.times[i] as number, within }, candidate, served)
  ] as number;
  if (!censored(pick)) return pick;
  const firstServed = firstServedWithin(s, { order, first, until: begin(order[first] as number) + ROOT_SPAN_MS }, fns);
  return firstServed >= 0 ? firstServed : pick;
}

/**
 * Of the requests from `first` on (in the order they began) that began and ended by `until`, the
 * first served one to end (not `censored`, and `incidentLike` and `usable`); -1 when none.
 */
function firstServedWithin(
  s: ScoredSeries,
  span: { readonly order: readonly number[]; readonly first: number; readonly until: number },
  fns: RequestTests,
): number {
  const { order, first, until } = span;
  const { begin, incidentLike, usable } = fns;
  const censored = fns.censored ?? (() => false);
  let served = -1;
  for (let k = first + 1; k < order.length; k++) {
    const i = order[k] as number;
    if (begin(i) > until) break;
    if (censored(i) || (s.times[i] as number) > until || !incidentLike(i) || !usable(i)) continue;
    if (served < 0 || (s.times[i] as number) < (s.times[served] as number)) served = i;
  }
  return served;
}

/**
 * The request that stands for a change in durations: of the requests the change point says
 * belong to the change (`candidate`, from the `first` on, in the order requests began), the one
 * whose end (when its event is written) most probably lies in the first `ROOT_SPAN_MS` of the
 * change, P(t − span ≤ τ ≤ t), under the posterior of the change time τ (`within`, see
 * `changePosterior`; none: the `first`); of those within ROOT_MASS_SLACK of the best, the first
 * to end. The posterior puts a uniform prior on τ over
 * time (faults begin at any moment, not at any request: per request, a burst of requests would
 * hold most of the prior) and the likelihood of `durationOnset`'s change point, constant between
 * the starts of two requests: between order[k − 1] and order[k] it is exp(best − prefixes[k])
 * over that gap. The first request of the change is not always the best bet: an ordinary slow
 * request a minute before a slowdown (a request above the baseline's 95th percentile is one in
 * twenty) is as likely its first as the baseline's, and a request a minute later is right
 * either way; on a sharply dated change every request ending within five minutes of it is
 * equally sure, and the first to end is the first slow response anyone saw (as before). Among
 * those, a `preferred` one goes first (a served request before a timed-out one, whose duration
 * is only the deadline). O(candidates · log requests).
 */
function rootByMass(
  p: ChangeOrder & { readonly end: (i: number) => number; readonly within: ((t: number) => number) | undefined },
  candidate: (k: number) => boolean,
  preferred: (k: number) => boolean = () => true,
): number {
  const { order, first, end, within } = p;
  const n = order.length;
  if (within === undefined) return first;
  const masses: { k: number; mass: number; end: number }[] = [];
  let top = 0;
  for (let k = first; k < n; k++) {
    if (!candidate(k)) continue;
    const t = end(order[k] as number);
    const mass = within(t);
    masses.push({ k, mass, end: t });
    if (mass > top) top = mass;
  }
  let pick = first;
  let pickEnd = Number.POSITIVE_INFINITY;
  let pickPreferred = false;
  for (const m of masses) {
    if (m.mass < top - ROOT_MASS_SLACK) continue;
    const p = preferred(m.k);
    if (p !== pickPreferred ? p : m.end < pickEnd) {
      pick = m.k;
      pickEnd = m.end;
      pickPreferred = p;
    }
  }
  return pick;
}

/**
 * The posterior of a change time τ over observations read in `order` (`begin` ascending), from the
 * prefix sums of their log-likelihood ratios (`prefixes[k]`: the change just before order[k], up
 * to a constant; `best` the smallest): a uniform prior over time and, over the gap from the start
 * of order[k − 1] to that of order[k], the likelihood exp(best − prefixes[k] − drift·(τ − at(k)))
 * (see `rootByMass`; `drift` 0, constant, for sizes and failure shares, whose likelihood moves
 * only at an observation; an event rate's, −(λ1 − λ0) for a rise, falls off before the gap's end
 * as `fallPosterior`'s does: a quiet hour before a burst is not an hour of equal chances).
 * Returns, for a time t, the posterior mass of τ in [t − ROOT_SPAN_MS, t] (normalized); undefined
 * when the gaps hold none (every observation at one instant). O(n) to build, O(log n) a call.
 */
function changePosterior(p: {
  readonly order: readonly number[];
  readonly prefixes: Float64Array;
  readonly best: number;
  readonly begin: (i: number) => number;
  readonly drift?: number;
  /** Where the searched span starts, when before the first observation: a gap from it to that one (its prefix). */
  readonly from?: number;
}): ((t: number) => number) | undefined {
  const { order, prefixes, best, begin, from } = p;
  const drift = p.drift ?? 0;
  const n = order.length;
  if (n === 0) return undefined;
  // Points 0 … m − 1: the span's start (when given and earlier), then each observation's begin.
  const lead = from !== undefined && from < begin(order[0] as number) ? 1 : 0;
  const m = n + lead;
  const at = (j: number): number => (j < lead ? (from as number) : begin(order[j - lead] as number));
  // ∫ e^(drift·u) du over u in [0, len): the likelihood's integral over len ms before a gap's end, relative to its end.
  const integral = (len: number): number => (drift === 0 ? len : Math.expm1(drift * len) / drift);
  // cumulative[j]: the posterior mass of τ before point j (gap j runs from at(j − 1) to at(j)).
  const cumulative = new Float64Array(m);
  for (let j = 1; j < m; j++)
    cumulative[j] =
      (cumulative[j - 1] as number) + Math.exp(best - (prefixes[j - lead] as number)) * integral(at(j) - at(j - 1));
  const total = cumulative[m - 1] as number;
  if (!(total > 0)) return undefined;
  const before = (x: number): number => {
    if (!(x > at(0))) return 0;
    if (x >= at(m - 1)) return total;
    let lo = 0;
    let hi = m - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (at(mid) <= x) lo = mid;
      else hi = mid;
    }
    const gap = at(hi) - at(lo);
    const share = !(gap > 0) ? 1 : drift === 0 ? (x - at(lo)) / gap : 1 - integral(at(hi) - x) / integral(gap);
    return (cumulative[lo] as number) + share * ((cumulative[hi] as number) - (cumulative[lo] as number));
  };
  return (t: number): number => (before(t) - before(t - ROOT_SPAN_MS)) / total;
}

/** `{ mass }` of an event at time t under `within` (see Onset.mass), or nothing where there is no posterior. */
function massAt(within: ((t: number) => number) | undefined, t: number): { mass?: number } {
  return within === undefined ? {} : { mass: within(t) };
}

/** The onset without its `mass`: for an onset whose event or dating another rule changed. */
export function withoutMass(onset: Onset): Onset {
  const { mass: _mass, ...rest } = onset;
  return rest;
}

/**
 * Least-squares change point of a ramp against a step (segmented regression: Hudson 1966,
 * "Fitting segmented curves whose join points have to be estimated", JASA 61; Hinkley 1971),
 * over observations [a, b) read in the order their requests began, on the duration scale with
 * values above the range's 95th percentile capped (winsorized). The duration scale, not the log
 * scale: a leak or a drift slows requests in proportion to what it holds, and a line fitted on
 * the log scale to that concave curve meets the flat level before the ramp starts (it dated the
 * held-out generator's ramps 10–20 minutes early). Ramp: flat, a straight rise from τ₁ to τ₂,
 * flat again (τ₂ may be the end: no plateau), y = m₀ + β·min(max(0, t − τ₁), τ₂ − τ₁), four
 * parameters; step: y = m₀ before τ, m₁ after, three. The ramp's τ₁ is returned when its
 * Gaussian log-likelihood ratio (n/2)·ln(SSE_step / SSE_ramp) exceeds RAMP_LLR plus 1 for its
 * extra parameter (Akaike's criterion) and it rises in `sign`'s direction (of the τ₁ within a
 * factor 3 of the best, the latest). Join points are searched on a grid of at most
 * RAMP_GRID + 1 observations each: O(n log n + RAMP_GRID²) with prefix sums.
 */
function rampOnset(
  s: ScoredSeries,
  scan: { readonly a: number; readonly b: number; readonly sign: number },
  begin: (i: number) => number,
  served?: (i: number) => boolean,
): { tau: number; level: number } | undefined {
  const { a, b, sign } = scan;
  if (b - a < RAMP_MIN_POINTS) return undefined;
  const order = byBegin(a, b, begin, served);
  const n = order.length;
  if (n < RAMP_MIN_POINTS) return undefined;
  const t0 = begin(order[0] as number);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = order[k] as number;
    x[k] = (begin(i) - t0) / 60_000;
    y[k] = s.values[i] as number;
  }
  // Queueing tails (a few requests many times slower) would dominate squared errors: values
  // above the range's 95th percentile count as that percentile (winsorized least squares).
  const cap = quantile(
    [...y].sort((p, q) => p - q),
    RAMP_WINSOR_Q,
  );
  for (let k = 0; k < n; k++) y[k] = Math.min(y[k] as number, cap);
  const sums = prefixSums(x, y);
  const minSide = RAMP_MIN_SIDE;
  const bestStep = bestStepSse(sums, minSide);
  const { rampSse, bestRamp, bestC } = rampFits({ x, sums, sign }, minSide);
  if (bestC < 0 || !(bestRamp > 0) || !(bestStep > 0)) return undefined;
  if ((n / 2) * Math.log(bestStep / bestRamp) < RAMP_LLR + 1) return undefined;
  // Of the starts the data cannot tell from the best (within a factor 3), the latest: a drift
  // is never dated before the data show it.
  let pick = bestC;
  for (const [c1, fit] of rampSse) if (c1 > pick && (n / 2) * Math.log(fit.sse / bestRamp) <= NEAR) pick = c1;
  return { tau: begin(order[pick] as number), level: (rampSse.get(pick) as { level: number }).level };
}

/** Prefix sums over [0, k) of x, x², y and xy, with Σy² overall. */
interface PrefixSums {
  readonly n: number;
  readonly Px: Float64Array;
  readonly Pxx: Float64Array;
  readonly Py: Float64Array;
  readonly Pxy: Float64Array;
  readonly Syy: number;
}

function prefixSums(x: Float64Array, y: Float64Array): PrefixSums {
  const n = x.length;
  const Px = new Float64Array(n + 1);
  const Pxx = new Float64Array(n + 1);
  const Py = new Float64Array(n + 1);
  const Pxy = new Float64Array(n + 1);
  let Syy = 0;
  for (let k = 0; k < n; k++) {
    const xk = x[k] as number;
    const yk = y[k] as number;
    Px[k + 1] = (Px[k] as number) + xk;
    Pxx[k + 1] = (Pxx[k] as number) + xk * xk;
    Py[k + 1] = (Py[k] as number) + yk;
    Pxy[k + 1] = (Pxy[k] as number) + xk * yk;
    Syy += yk * yk;
  }
  return { n, Px, Pxx, Py, Pxy, Syy };
}

/** The step's least squares: exact over every split with at least `minSide` observations a side. */
function bestStepSse(sums: PrefixSums, minSide: number): number {
  const { n, Py, Syy } = sums;
  const Y = Py[n] as number;
  let bestStep = Number.POSITIVE_INFINITY;
  for (let c = minSide; c <= n - minSide; c++) {
    const before = Py[c] as number;
    const after = Y - before;
    const sse = Syy - (before * before) / c - (after * after) / (n - c);
    if (sse < bestStep) bestStep = sse;
  }
  return bestStep;
}

/**
 * The ramp's least squares: τ₁ at observation c1, τ₂ at c2 (> c1; n = no plateau), on a grid of
 * at most RAMP_GRID + 1 join points each; per c1 its best fit (SSE and flat level m₀) among
 * those rising in `sign`'s direction, and the best overall.
 */
function rampFits(
  data: { readonly x: Float64Array; readonly sums: PrefixSums; readonly sign: number },
  minSide: number,
): { rampSse: Map<number, { sse: number; level: number }>; bestRamp: number; bestC: number } {
  const { x, sign } = data;
  const { n, Px, Pxx, Py, Pxy, Syy } = data.sums;
  const Y = Py[n] as number;
  const stride = Math.max(1, Math.floor((n - 2 * minSide) / RAMP_GRID));
  const grid: number[] = [];
  for (let c = minSide; c <= n - minSide; c += stride) grid.push(c);
  const rampSse = new Map<number, { sse: number; level: number }>();
  let bestRamp = Number.POSITIVE_INFINITY;
  let bestC = -1;
  for (const c1 of grid) {
    const tau1 = x[c1] as number;
    for (const c2 of [...grid.filter((c) => c > c1), n]) {
      const span = (c2 === n ? (x[n - 1] as number) : (x[c2] as number)) - tau1;
      if (!(span > 0)) continue;
      const mid = c2 - c1;
      const after = n - c2;
      const midX = (Px[c2] as number) - (Px[c1] as number);
      const midXX = (Pxx[c2] as number) - (Pxx[c1] as number);
      const midY = (Py[c2] as number) - (Py[c1] as number);
      const midXY = (Pxy[c2] as number) - (Pxy[c1] as number);
      const afterY = Y - (Py[c2] as number);
      const U = midX - tau1 * mid + after * span;
      const UU = midXX - 2 * tau1 * midX + tau1 * tau1 * mid + after * span * span;
      const UY = midXY - tau1 * midY + span * afterY;
      const det = n * UU - U * U;
      if (!(det > 1e-9)) continue;
      const beta = (n * UY - U * Y) / det;
      if (!(sign * beta > 0)) continue;
      const m0 = (Y - beta * U) / n;
      const sse = Syy - m0 * Y - beta * UY;
      const seen = rampSse.get(c1);
      if (seen === undefined || sse < seen.sse) rampSse.set(c1, { sse, level: m0 });
      if (sse < bestRamp) {
        bestRamp = sse;
        bestC = c1;
      }
    }
  }
  return { rampSse, bestRamp, bestC };
}

/** The observation indices a…b − 1 in the order their requests began (ties by index). */
function byBegin(a: number, b: number, begin: (i: number) => number, keep?: (i: number) => boolean): number[] {
  const all = Array.from({ length: b - a }, (_, k) => a + k);
  return (keep === undefined ? all : all.filter(keep)).sort((x, y) => begin(x) - begin(y) || x - y);
}
