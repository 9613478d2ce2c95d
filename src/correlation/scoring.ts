import { epochNanosOf } from "../core/timestamp.js";
import type { SourceModule } from "../events/index.js";
import { assertPositive, assertProbability, assertWholeAtLeast, describe } from "../stats/validate.js";
import { twoSidedNormalConfidence } from "./normal.js";

/**
 * The constants of the hub's correlation engine (src/analytics/correlation_engine.rs):
 * temporal window 5 minutes, minimum strength 0.6, the causal strength it always returns
 * (0.9), the fixed strengths of its performance-impact (0.8) and compliance-impact (0.75)
 * correlations, and the factor applied to two events of one module (0.5).
 */
export const CORRELATION_ENGINE_DEFAULTS = Object.freeze({
  temporalWindowMs: 300_000,
  minStrength: 0.6,
  causalStrength: 0.9,
  performanceImpactStrength: 0.8,
  complianceImpactStrength: 0.75,
  sameModuleFactor: 0.5,
});

/**
 * The least strength of a link an emitter wrote down (internal): 0.5, even odds. A parent named
 * in `parent_event_id`, a shared `correlation_id` or a pattern step that met its deadline is
 * evidence that the events belong together however long the delay, so its strength decays with
 * the delay to this floor and no lower; a link that says no more than chance is the uninformative
 * prior p = ½ (the reliability of a temporal link, `LINK_RELIABILITY.temporal`). Used by
 * `causalStrength`, `correlateEvents`' shared-id links and pattern timing, and the weight of a
 * `causes` edge whose parent is outside the graph (its delay is unknown).
 */
export const EXPLICIT_LINK_FLOOR = 0.5;

/** What the strength functions read from an event (an AnalyticsEvent, CorrelatedEvent or EventNode fits). */
export interface TimedEvent {
  readonly timestamp: string;
  readonly source_module: SourceModule;
}

const NANOS_PER_SECOND = 1_000_000_000n;

/** Options of `temporalStrength`. */
export interface TemporalStrengthOptions {
  /** The temporal window (default 300 000, the hub's 5 minutes); at least 1 s. */
  readonly windowMs?: number;
}

/**
 * The hub engine's temporal strength of two events:
 * `clamp((1 − |Δt| / window) × m, 0, 1)` with m = 0.5 when both come from one module and 1.0
 * across modules. As in the hub, |Δt| and the window are whole seconds truncated toward zero
 * (chrono's `num_seconds`), so 17.9 s apart counts as 17 s. In [0, 1] by construction: 1 for
 * simultaneous events of two modules, 0 at or beyond the window. O(1).
 *
 * @example
 * temporalStrength(a, b, { windowMs: 600_000 })
 */
export function temporalStrength(a: TimedEvent, b: TimedEvent, options: TemporalStrengthOptions = {}): number {
  const fn = "temporalStrength";
  const ms = optionsOf(fn, options).windowMs ?? CORRELATION_ENGINE_DEFAULTS.temporalWindowMs;
  return temporalStrengthIn(a, b, { fn, label: "options.windowMs", ms });
}

/**
 * The window of a strength computed inside a public function: `ms` as that function's setting
 * `label` (such as `options.temporalWindowMs`), so an error names the function called and its
 * own option. Built once per call of the public function, not per pair.
 */
export interface StrengthWindow {
  readonly fn: string;
  readonly label: string;
  readonly ms: number;
}

/** `temporalStrength` for the scoring loops of other public functions (internal). */
export function temporalStrengthIn(a: TimedEvent, b: TimedEvent, window: StrengthWindow): number {
  const { fn, label, ms } = window;
  const windowSeconds = Math.trunc(assertPositive(fn, ms, label) / 1000);
  if (windowSeconds < 1) throw new RangeError(`${fn}: ${label} must be at least 1000 (one second), received ${ms}`);
  const delta = epochNanosOf(fn, "a.timestamp", a.timestamp) - epochNanosOf(fn, "b.timestamp", b.timestamp);
  const seconds = Number((delta < 0n ? -delta : delta) / NANOS_PER_SECOND);
  const factor = a.source_module === b.source_module ? CORRELATION_ENGINE_DEFAULTS.sameModuleFactor : 1;
  return clamp01((1 - seconds / windowSeconds) * factor);
}

/** Options of `causalStrength`. */
export interface CausalStrengthOptions {
  /**
   * The delay at which the link reaches its floor (default one hour, the hub's
   * `correlation_window_minutes` default).
   */
  readonly windowMs?: number;
}

/**
 * Strength of an explicit causal link (the child names the parent in `parent_event_id`).
 * The hub returns the constant 0.9; here the link decays with the delay but never below 0.5,
 * because the link itself is evidence: `s = 0.5 + 0.5 × max(0, 1 − |Δt| / window)`, halved
 * when the child is timestamped before its parent (clock skew or a wrong link). In [0.25, 1].
 * O(1).
 *
 * @example
 * causalStrength(parent, child, { windowMs: 600_000 })
 */
export function causalStrength(parent: TimedEvent, child: TimedEvent, options: CausalStrengthOptions = {}): number {
  const fn = "causalStrength";
  return causalStrengthIn(parent, child, {
    fn,
    label: "options.windowMs",
    ms: optionsOf(fn, options).windowMs ?? 3_600_000,
  });
}

/** `causalStrength` for the scoring loops of other public functions (internal). */
export function causalStrengthIn(parent: TimedEvent, child: TimedEvent, window: StrengthWindow): number {
  const { fn, label, ms: windowMs } = window;
  assertPositive(fn, windowMs, label);
  const delta =
    epochNanosOf(fn, "child.timestamp", child.timestamp) - epochNanosOf(fn, "parent.timestamp", parent.timestamp);
  const deltaMs = Number(delta) / 1e6;
  const proximity = Math.max(0, 1 - Math.abs(deltaMs) / windowMs);
  const strength = EXPLICIT_LINK_FLOOR + (1 - EXPLICIT_LINK_FLOOR) * proximity;
  return deltaMs < 0 ? strength / 2 : strength;
}

function optionsOf<T extends object>(fn: string, options: T): T {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${fn}: options must be an object such as { windowMs }, received ${describe(options)}`);
  }
  return options;
}

/**
 * Confidence that a correlation coefficient `r` measured on `n` pairs is not zero, from the
 * Fisher z-transform: z = atanh(|r|)·√(n − 3) is approximately standard normal under ρ = 0, and
 * the confidence is 1 − its two-sided p-value, `erf(z / √2)`. In [0, 1] by construction:
 * 0 when n ≤ 3 (no information) or r = 0, 1 when |r| = 1 and n > 3. Same as
 * `1 − 2·scipy.stats.norm.sf(np.arctanh(abs(r)) * np.sqrt(n - 3))`. O(1).
 */
export function correlationConfidence(r: number, n: number): number {
  const fn = "correlationConfidence";
  if (typeof r !== "number" || !Number.isFinite(r) || r < -1 || r > 1) {
    throw new RangeError(`${fn}: r must be within [-1, 1], received ${String(r)}`);
  }
  assertWholeAtLeast(fn, n, 0, "n");
  if (n <= 3) return 0;
  const abs = Math.abs(r);
  if (abs === 1) return 1;
  return clamp01(twoSidedNormalConfidence(Math.atanh(abs) * Math.sqrt(n - 3)));
}

/**
 * Maps a detector's z-score to `anomaly_score` in [0, 1]: |z| / (|z| + threshold), where
 * `threshold` is the |z| the detector flags at (`detectAnomalies`' `3 − 2 × sensitivity` or its
 * `threshold` option, `analyzeIncidents`' `threshold`). A window at the threshold scores 0.5, at
 * 3× it 0.75, at 9× 0.9, at 99× 0.99; only an infinite z (a flat baseline that moved) scores 1
 * (in doubles, also a |z| beyond 2⁵³ × threshold), so the score ranks: an extreme spike scores
 * above a mild one. The two-sided normal
 * confidence erf(|z| / √2) it replaces is 0.9999994 at z 5 and exactly 1 in doubles from
 * |z| ≈ 8.3, so every ordinary incident scored 1. O(1).
 *
 * @example
 * anomalyScore(15, 5) // 0.75
 */
export function anomalyScore(z: number, threshold: number): number {
  const fn = "anomalyScore";
  if (typeof z !== "number" || Number.isNaN(z)) {
    throw new RangeError(`${fn}: z must be a number, received ${describe(z)}`);
  }
  assertPositive(fn, threshold, "threshold");
  const a = Math.abs(z);
  const sum = a + threshold;
  // The same ratio as 1 / (1 + threshold / |z|) where the sum overflows (an infinite or near-largest |z|).
  return sum === Number.POSITIVE_INFINITY ? 1 / (1 + threshold / a) : a / sum;
}

/**
 * Noisy-OR of independent pieces of evidence, each in [0, 1]: `1 − Π (1 − pᵢ)`. One certain
 * piece gives 1, none gives 0; in [0, 1] by construction. O(n).
 */
export function noisyOr(evidence: readonly number[]): number {
  let miss = 1;
  for (const [i, p] of evidence.entries()) miss *= 1 - assertProbability("noisyOr", p, `evidence[${i}]`);
  return clamp01(1 - miss);
}

/** Clamps to [0, 1]; NaN is a programming error here, never a score. */
function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
