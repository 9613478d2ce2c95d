import { fromEpochMillis } from "../../core/timestamp.js";
import type { AnalyticsEvent } from "../../events/index.js";
import { MAD_NORMAL_SCALE } from "../../stats/dispersion.js";
import { quantile } from "../../stats/quantile.js";
import { assertPositive, assertWholeAtLeast, describe } from "../../stats/validate.js";
import { LINK_RELIABILITY } from "../correlate.js";
import { graphMetadataOf } from "../graph.js";
import { contentId } from "../ids.js";
import { emptySecurityCounts, type SecurityCounts, securityImpactOf } from "../impact.js";
import { laggedCorrelationOf } from "../lagged.js";
import { EFFECT_ADVICE, rootAdvice } from "../root-cause.js";
import type {
  AnomalyEvent,
  CausalLink,
  CorrelatedEvent,
  CorrelationType,
  EventEdge,
  EventGraph,
  EventNode,
  EventRole,
  ImpactAssessment,
  ImpactSeverity,
  RootCauseAnalysis,
} from "../schema.js";
import { anomalyScore, correlationConfidence, noisyOr } from "../scoring.js";
import { confidencesOf, incidentPeakOf, tieToleranceMs } from "./confidence.js";
import {
  allanFanoOf,
  BUSY_COUNT,
  DEFAULT_DETECTION,
  type DetectionSettings,
  excessFailureStretch,
  failuresPersistInStretch,
  failuresPersistWithin,
  failuresStraddle,
  type Grid,
  HALF_COUNT,
  LEAN_Z,
  longestEmptyRun,
  MIN_EFFECT,
  medianOf,
  REFERENCE_MS,
  RUN_BLOCKS,
  type ScoredSeries,
  scoreSeries,
  trafficExposure,
  windowCounts,
  windowCountsBy,
  zFor,
} from "./detect.js";
import {
  changeCandidates,
  FIT_WINDOWS,
  fallMass,
  findModelledOnset,
  findOnset,
  lowerBoundOf,
  type Onset,
  ROOT_SPAN_MS,
  SEARCH_WINDOWS,
  withoutMass,
} from "./onset.js";
import { causalRelationOf } from "./relations.js";
import type {
  AnalyzedSeries,
  CausalEvidence,
  DetectedAnomaly,
  Incident,
  IncidentAnalysis,
  IncidentRoot,
  IncidentSeries,
  SeriesWindow,
} from "./schema.js";
import { INCIDENT_SIGNAL_SOURCES, type IncidentSignal, isTimeoutClass, SIGNAL_SPECS, SOURCE } from "./signals.js";
import { lnBinomialUpperTail, lnPoissonLowerTail, lnPoissonUpperTail, zOfLogUpperTail } from "./special.js";
import { type Deployment, EventStore, RawSeries, type StoredEvent } from "./store.js";
import { sameCaller, sameProvider, type UpstreamIdentity } from "./upstream.js";

export interface AnalyzeIncidentsOptions {
  /** Window width in ms (default: chosen from the data, see `chooseWindowMs`). */
  readonly windowMs?: number;
  /** |z| at or above which a window is anomalous (default 5). */
  readonly threshold?: number;
  /** Earlier windows a baseline is taken from (default 24). */
  readonly baselineWindows?: number;
  /** Fewest baseline windows needed to score a window (default 6): the minimum history. */
  readonly minHistory?: number;
  /** `detected_at` of the results (default: the latest event's time, so the result is a pure function of the events). */
  readonly detectedAt?: string;
  /** Which series carry their window points: those in an incident (default), all, or none. */
  readonly seriesPoints?: "incidents" | "all" | "none";
}

/**
 * Window widths the automatic choice picks from, in minutes. Each divides a day, and those under
 * an hour divide an hour, so windows aligned on multiples of their width since the epoch start on
 * whole hours and UTC days. The set is Grafana's `roundInterval` ladder from 1 min to 1 d
 * (grafana/grafana, packages/grafana-data/src/datetime/rangeutil.ts: 1, 2, 5, 10, 15, 20, 30 min,
 * 1, 2, 3, 6, 12 h, 1 d) less its 20 min and 3 h, which are left out by choice. Row:
 * docs/correlation.md, "The constants of window choice, grouping and evidence".
 */
const WINDOW_LADDER_MINUTES = Object.freeze([1, 2, 5, 10, 15, 30, 60, 120, 360, 720, 1440]);
/**
 * Half the span over which a thin traffic index (one or two other models) is averaged: a daily
 * curve is slow. Partly derived: a centred mean over T of a 24-h sinusoid (every generator of the
 * suites draws its daily curve as one: eval/world.ts, eval/heldout/day.ts, eval/third/day.ts)
 * keeps sin(πT/24 h) / (πT/24 h) of its swing, 99.7 % over this hour (98.9 % over two hours,
 * 99.93 % over half of one). Measured, with the windows either side (round twenty, const20: traced
 * over the twelve draws' 556 days and run on every day where a value changes a flagged window):
 * 15 min loses 4 roots and 4 incidents (throughput collapses: main suite day 23, held-out 9595
 * days 17 and 19, fourth 31337 day 15) for an other incident fewer (fourth 31337 day 13); 60 min removes that other
 * incident and changes no root or recall (one onset moves within its window), a gain on one day
 * of 556, not taken (a candidate; the thin index is throughput scoring, where this round's
 * collapse work lives); at least 1 window either side changes no line, 4 adds a false incident
 * (fourth 31337 day 36). Row: docs/correlation.md, "The constants of window choice, grouping and
 * evidence".
 */
const THIN_INDEX_HALF_SPAN_MS = 30 * 60_000;
/** ...and at least this many windows either side of each window (five windows averaged). Measured (same row). */
const THIN_INDEX_MIN_HALF_WINDOWS = 2;
/**
 * Other busy models a robust traffic index is the median over: a median of n values ignores up to
 * ⌊(n − 1) / 2⌋ outliers (its breakdown point, Hampel 1971, Ann. Math. Stat. 42), and 3 is the
 * fewest that ignores one model's storm. With one or two the index is a thin one.
 */
const MIN_INDEX_MODELS = 3;
/**
 * A peer's window is one of its batches when it holds more than this many times the larger of its
 * two neighbours: a calling population's traffic moves slowly (a daily curve changes by a few
 * percent from one window to the next, and even a ×5 day–night swing or an office day's morning
 * ramp is spread over hours), while a scheduled job lands its requests at once (a cron batch of
 * 200 beside a trickle of 5). 3 is the least jump no Poisson window of a busy peer (≥ 5) reaches
 * beside its neighbours (5 → 15 is 4σ).
 */
const BATCH_JUMP = 3;
/**
 * A source, or a model's deployment, has data of its own from this many minimum histories of
 * observations (4 × minHistory: a baseline's worth and three more to score; the factor chosen,
 * from the sweep below). Swept in round nineteen over 556 suite days: 1 changes a
 * choice on 4 days and no line, 4 on 11 days and one line (held-out 4242 day 20, a collapse found
 * and rooted: a one-hour capture whose throughput report came every 5 minutes, 12 reports, was
 * preferred to its 138 request events; round twenty took 4). Row:
 * docs/correlation.md, "The constants of window choice, grouping and evidence".
 */
const SERIES_MIN_HISTORIES = 4;
/**
 * A window at a ragged end of the capture holds under 1/RAGGED_PART of the median window's
 * observations (a partial window, or requests in flight at the cut); ends are only trimmed on a
 * capture of at least STEADY_MIN_WINDOWS windows. Chosen; swept in round seventeen (the part at
 * ½ and ⅛; STEADY_MIN_WINDOWS at 2 and 6 decides nothing differently on the 114 suite days
 * read). Row: docs/correlation.md, "The constants of window choice, grouping and evidence".
 */
const RAGGED_PART = 4;
const STEADY_MIN_WINDOWS = 3;
/**
 * Anomalous windows within GAP_SPANS of the longest payload span of the scope (a windowed
 * payload's reporting interval) are one cluster, besides MAX_GAP_WINDOWS and MIN_GAP_MS: the
 * windows' two, counted in spans. Chosen; round seventeen's trace: 1 or 4 spans decide nothing
 * differently on any of the 114 suite days read (swept, not binding). Row: docs/correlation.md,
 * "The constants of window choice, grouping and evidence".
 */
const GAP_SPANS = 2;
/**
 * A cluster opens an incident when its change shows in PERSIST_WINDOWS distinct windows, or in one
 * at BEYOND_DOUBT_FACTOR times the threshold (or as a burst of findings): see "Which clusters are
 * incidents" in docs/correlation.md; a blip fills one window. Chosen; swept, not binding (round
 * sixteen: the factor at 1.5 and 3 changed no day of 29). Row: docs/correlation.md, "The
 * constants of window choice, grouping and evidence".
 */
const PERSIST_WINDOWS = 2;
const BEYOND_DOUBT_FACTOR = 2;
/**
 * The fewest excesses a model's gap tail is read from (`longestGapBeyondOwn`): k = ⌈√(N ÷ F)⌉ ≥ 10,
 * about 82 clusters of traffic or more. Chosen: at 5 (17 clusters) a sessions model's 6-hour
 * capture with a few sessions (fourth --seed 8282 day 17's lumen-vision-11b, a 163-minute lull
 * before it left) read its within-session gaps as its tail and opened a false incident. Row:
 * docs/correlation.md, "The constants of window choice, grouping and evidence".
 */
const MIN_GAP_EXCESSES = 10;

/**
 * Request observations per model and window the automatic choice aims for ("Choosing the window"
 * in docs/correlation.md). Measured: round sixteen's sweep on 29 suite days, 5 and 20 against 10
 * (root and recall 19, 18 and 18, 19 against 23, 23). Row: docs/correlation.md, "The constants of
 * window choice, grouping and evidence".
 */
const TARGET_PER_WINDOW = 10;
/**
 * Fewest windows the automatic choice keeps when the span allows: twice the default minHistory,
 * so half of them can be scored (the factor 2 chosen). Round seventeen's sweep: 24 loses roots
 * and incidents on the days where it binds, 6 changes windows but no verdict. Row: docs/correlation.md, "The constants of window choice, grouping and evidence".
 */
const MIN_WINDOWS = 12;
/**
 * Anomalous windows of one scope further apart than this many windows (and 10 minutes) are
 * separate incidents. Chosen; round seventeen's sweep of both on the days where they bind:
 * see the row, docs/correlation.md, "The constants of window choice, grouping and evidence".
 */
const MAX_GAP_WINDOWS = 2;
const MIN_GAP_MS = 10 * 60_000;
/**
 * A series seen back at its ordinary level, window after window, for this long has recovered: a
 * later change of it is a new episode, whatever the clustering gap (`recoveredBetween`). Cited:
 * Prometheus Alertmanager's default `resolve_timeout` (5m), the time after which a firing alert
 * that stopped firing is declared resolved; a new firing after it is a new notification.
 * Row: docs/correlation.md, "The constants of window choice, grouping and evidence".
 */
const RECOVERY_MS = 5 * 60_000;
/**
 * The finest width a busy scope is cut at on a day whose common width is wide (see `windowGrids`):
 * a change of d fills a window of width w whole wherever it starts when w ≤ d / 2, here for
 * d = 10 minutes, the shortest token runaways and error bursts of the suites' misses (fourth
 * `--seed 7` days 13 and 14: 11.4 and 10.2 minutes). Measured on the twelve draws' wide days
 * against 15 minutes (round twenty-one, tok21; docs/correlation.md, "Wide days").
 */
const RESOLUTION_MS = 5 * 60_000;
/**
 * A common width of at least this is wide: 60 minutes (30 measured as a loss in round fourteen,
 * "Wide days" in docs/correlation.md). Four RESOLUTION_MS of 15 minutes until round twenty-one.
 */
const WIDE_MS = 60 * 60_000;

/** The defaults of `analyzeIncidents`, in one place (documented in docs/correlation.md). */
export const INCIDENT_DEFAULTS = Object.freeze({
  /** |z| at or above which a window is anomalous. */
  threshold: DEFAULT_DETECTION.threshold,
  /** Earlier windows a baseline is taken from. */
  baselineWindows: DEFAULT_DETECTION.baselineWindows,
  /** Fewest baseline windows a window needs to be scored: the minimum history. */
  minHistory: DEFAULT_DETECTION.minHistory,
  /** Window widths the automatic choice picks from, in minutes. */
  windowLadderMinutes: WINDOW_LADDER_MINUTES,
  /** Request observations per model and window the automatic choice aims for. */
  targetPerWindow: TARGET_PER_WINDOW,
  /** Fewest windows the automatic choice keeps when the span allows. */
  minWindows: MIN_WINDOWS,
  /** Anomalous windows of one scope at most this many windows apart belong to one incident. */
  maxGapWindows: MAX_GAP_WINDOWS,
  /** The smallest change that counts (see MIN_EFFECT in detect.ts). */
  minEffect: MIN_EFFECT,
});

const MINUTE = 60_000;

/**
 * The automatic window: the smallest width of WINDOW_LADDER_MINUTES at which the median model
 * has about TARGET_PER_WINDOW request observations per window, but at most span / MIN_WINDOWS
 * (a short file is still cut into enough windows for a baseline).
 */
export function chooseWindowMs(spanMs: number, perModelObservations: readonly number[]): number {
  const typical = perModelObservations.length === 0 ? 0 : medianOf(perModelObservations);
  const span = Math.max(spanMs, 1);
  let pick: number | undefined;
  for (const minutes of WINDOW_LADDER_MINUTES) {
    if ((typical * minutes * MINUTE) / span >= TARGET_PER_WINDOW) {
      pick = minutes;
      break;
    }
  }
  const cap = WINDOW_LADDER_MINUTES.filter((m) => span / (m * MINUTE) >= MIN_WINDOWS);
  const largest = cap.length === 0 ? 1 : (cap[cap.length - 1] as number);
  return (pick === undefined ? largest : Math.min(pick, largest)) * MINUTE;
}

/**
 * Incident analysis over a stream of events: `add` each event (any order), then `finish`.
 * Memory is a few hundred bytes per event that feeds a signal; the events themselves are not
 * kept. See `analyzeIncidents` for the method and the result.
 */
export class IncidentAnalyzer {
  private readonly store = new EventStore();
  private done = false;

  constructor(private readonly options: AnalyzeIncidentsOptions = {}) {
    assertIncidentOptions("IncidentAnalyzer", options);
  }

  /** Adds one event. Returns false when its event_id repeats an earlier event (that copy is not analysed). */
  add(event: AnalyticsEvent): boolean {
    if (this.done) throw new Error("IncidentAnalyzer.add: finish() was already called");
    return this.store.add(event);
  }

  /** Events added so far (duplicates not counted). */
  get events(): number {
    return this.store.events;
  }

  finish(): IncidentAnalysis {
    if (this.done) throw new Error("IncidentAnalyzer.finish: called twice");
    this.done = true;
    this.store.seal();
    return analyzeStore(this.store, this.options);
  }
}

/**
 * Throws unless the options are in range, naming `fn` (`analyzeIncidents` or `IncidentAnalyzer`,
 * whichever the caller used). `baselineWindows` needs at least `minHistory` windows.
 */
function assertIncidentOptions(fn: string, o: AnalyzeIncidentsOptions): void {
  if (o.windowMs !== undefined) assertWholeAtLeast(fn, o.windowMs, 1000, "options.windowMs");
  if (o.threshold !== undefined) assertPositive(fn, o.threshold, "options.threshold");
  const minHistory = o.minHistory ?? DEFAULT_DETECTION.minHistory;
  if (o.minHistory !== undefined) assertWholeAtLeast(fn, o.minHistory, 2, "options.minHistory");
  if (o.baselineWindows !== undefined) assertWholeAtLeast(fn, o.baselineWindows, minHistory, "options.baselineWindows");
}

/**
 * Finds the incidents in `events` and their root causes, anomaly first:
 *
 * 1. Signals: every event is read for the signals of INCIDENT_SIGNALS (per model: p95 latency,
 *    error rate, throughput, tokens per request, spend, quality; over all events: security and
 *    governance event rates, budget alerts) from its payload and tags; severity is never used.
 * 2. Detection: each series is cut into windows (auto width, see `chooseWindowMs`) and each
 *    window scored against a robust baseline of earlier windows (median/MAD; binomial for error
 *    rates, Poisson for event counts), frozen while anomalous. A window needs `minHistory`
 *    baseline windows (6 by default); a short file borrows the nearest clean windows after it.
 * 3. Incidents: anomalous windows of one model (or of the global signals) that overlap or
 *    follow within MAX_GAP_WINDOWS form a cluster; a global burst joins a model's cluster only
 *    through a relation of CAUSAL_RELATIONS. A cluster is an incident on evidence (`isIncident`):
 *    a primary series whose own observations carry the change, in two distinct windows, or in
 *    one beyond doubt (twice the threshold, or a burst of findings against the upper bound of
 *    its baseline rate). Clusters of models that one upstream explains (same leading symptom
 *    within the clustering gap, starting or ending at the same time, and the same host or
 *    provider, or three or more models of one calling service) are one incident
 *    (`joinSharedUpstream`); two simultaneous incidents of unrelated models, or of one
 *    provider's models minutes apart, stay two. A model id called from two deployments with
 *    enough requests each is two scopes (`EventStore.keyDeployments`).
 * 4. Root cause: per series the event-level onset (maximum-likelihood change point); the root is
 *    the earliest onset; onsets within a minute (or a fifth of a window) are ordered by the
 *    relation table, then by onset and |z|. Effects hang on their latest possible cause in the table;
 *    series without one are related, not caused. Confidence is calibrated (see confidence.ts).
 *
 * Pure: the same events give the same result (ids are v5 UUIDs of the content; `detected_at` is
 * the latest event's time unless given). O(n log n) in the observations.
 */
export function analyzeIncidents(
  events: Iterable<AnalyticsEvent>,
  options: AnalyzeIncidentsOptions = {},
): IncidentAnalysis {
  if (typeof (events as Partial<Iterable<unknown>> | null | undefined)?.[Symbol.iterator] !== "function") {
    throw new TypeError(`analyzeIncidents: events must be an iterable of AnalyticsEvent, received ${describe(events)}`);
  }
  assertIncidentOptions("analyzeIncidents", options);
  const analyzer = new IncidentAnalyzer(options);
  for (const event of events) analyzer.add(event);
  return analyzer.finish();
}

interface Chosen {
  readonly raw: RawSeries;
  readonly signal: IncidentSignal;
  readonly model: string | undefined;
  /** The deployment the series is kept for, when its model's series are kept per deployment (`EventStore.keyDeployments`). */
  readonly deployment: Deployment | undefined;
  /** What the series belongs to: its model, or its model in one deployment; undefined for a signal over all events. */
  readonly scope: string | undefined;
  readonly id: string;
}

/** The labels of a model's series: `model_id`, and `environment` (and `service_name`) when kept per deployment. */
function seriesLabels(model: string, deployment: Deployment | undefined): string {
  if (deployment === undefined) return `model_id=${model}`;
  const service = deployment.service === undefined ? "" : `,service_name=${deployment.service}`;
  return `model_id=${model},environment=${deployment.environment}${service}`;
}

function seriesId(signal: IncidentSignal, model: string | undefined, deployment: Deployment | undefined): string {
  return model === undefined ? signal : `${signal}{${seriesLabels(model, deployment)}}`;
}

/** Per model and signal, the preferred source with enough data (IncidentSourceSpec.priority). */
function chooseSources(store: EventStore, minObservations: number): Chosen[] {
  const groups = new Map<string, RawSeries[]>();
  for (const raw of store.series) {
    const spec = INCIDENT_SIGNAL_SOURCES[raw.source]!;
    if (spec.kind === "ratio" && spec.name === "error_rate_requests") {
      let failures = 0;
      for (let i = 0; i < raw.values.length; i++) failures += raw.values.data[i] as number;
      if (failures === 0) continue;
    }
    const scope = raw.model === undefined ? undefined : `{${seriesLabels(raw.model, raw.deployment)}}`;
    const key = `${spec.signal}\u0000${scope ?? ""}\u0000${raw.model === undefined ? "g" : "m"}`;
    const list = groups.get(key) ?? [];
    list.push(raw);
    groups.set(key, list);
  }
  const chosen: Chosen[] = [];
  for (const list of groups.values()) {
    const byPriority = [...list].sort(
      (a, b) => INCIDENT_SIGNAL_SOURCES[a.source]!.priority - INCIDENT_SIGNAL_SOURCES[b.source]!.priority,
    );
    const pick =
      byPriority.find((r) => r.times.length >= minObservations) ??
      byPriority.reduce((a, b) => (b.times.length > a.times.length ? b : a));
    const signal = INCIDENT_SIGNAL_SOURCES[pick.source]!.signal;
    const deployment = pick.deployment;
    const scope = pick.model === undefined ? undefined : `{${seriesLabels(pick.model, deployment)}}`;
    chosen.push({
      raw: pick,
      signal,
      model: pick.model,
      deployment,
      scope,
      id: seriesId(signal, pick.model, deployment),
    });
  }
  return chosen.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The model id of each model scope (a model, or a model in one deployment). */
function scopeModels(chosen: readonly Chosen[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of chosen) if (c.scope !== undefined && c.model !== undefined) out.set(c.scope, c.model);
  return out;
}

interface Cluster {
  /** The model scope of its series (`Chosen.scope`), or `*<signal>` for a signal over all events. */
  scope: string;
  /** Start of its first anomalous window and end of its last, in ms (its series' widths may differ). */
  fromMs: number;
  toMs: number;
  members: Map<number, number[]>; // series index → flagged windows (of that series' grid)
}

/** The coarsest window width among a cluster's series. */
function clusterWidth(cluster: Cluster, scored: readonly ScoredSeries[]): number {
  let width = 0;
  for (const s of cluster.members.keys()) width = Math.max(width, scored[s]!.grid.width);
  return width;
}

/** Whether a raw series counts a model scope's requests: its request events, or its bills when it has none. */
function isRequestSeries(store: EventStore, raw: RawSeries): boolean {
  return (
    raw.model !== undefined &&
    (raw.source === 4 ||
      (raw.source === 5 &&
        !store.series.some((r) => r.model === raw.model && r.deployment === raw.deployment && r.source === 4)))
  );
}

/**
 * Request observations per model scope (a model, or a model in one deployment), the traffic the
 * common window is chosen from (one entry per request series); with no model at all, every series.
 */
function scopeRequestCounts(store: EventStore): number[] {
  const requestCounts: number[] = [];
  for (const raw of store.series) if (isRequestSeries(store, raw)) requestCounts.push(raw.times.length);
  if (requestCounts.length === 0) {
    for (const raw of store.series) requestCounts.push(raw.times.length);
  }
  return requestCounts;
}

/** The requests of each model scope, keyed as `Chosen.scope`: the largest of its request series (`scopeRequestCounts`). */
function scopeTraffic(store: EventStore): Map<string, number> {
  const traffic = new Map<string, number>();
  for (const raw of store.series) {
    if (raw.model === undefined || !isRequestSeries(store, raw)) continue;
    const scope = `{${seriesLabels(raw.model, raw.deployment)}}`;
    traffic.set(scope, Math.max(traffic.get(scope) ?? 0, raw.times.length));
  }
  return traffic;
}

/** One series as the result reports it: what it measures, how much of it was scored and flagged, and (when asked) its points. */
function analyzedSeries(s: ScoredSeries, c: Chosen, withPoints: (seriesId: string) => boolean): AnalyzedSeries {
  let scoredWindows = 0;
  let anomalous = 0;
  let withData = 0;
  for (let j = 0; j < s.grid.windows; j++) {
    if (!Number.isNaN(s.z[j] as number)) scoredWindows++;
    if (s.flagged[j] === 1) anomalous++;
    if (s.has[j] === 1) withData++;
  }
  return {
    series_id: c.id,
    signal: c.signal,
    model: c.model ?? null,
    deployment:
      c.deployment === undefined
        ? null
        : { environment: c.deployment.environment, service_name: c.deployment.service ?? null },
    source: s.spec.from,
    source_module: SIGNAL_SPECS[c.signal].sourceModule,
    metric: s.spec.metric,
    unit: s.spec.unit,
    kind: s.spec.kind,
    direction: s.spec.direction,
    window_ms: s.grid.width,
    observations: s.times.length,
    windows_with_data: withData,
    scored_windows: scoredWindows,
    anomalous_windows: anomalous,
    typical: Number.isNaN(s.typical) ? null : s.typical,
    points: withPoints(c.id) ? seriesPoints(s) : null,
  };
}

/**
 * The traffic indexes a model's throughput is scored against (see the comments inside): a robust
 * one over at least three other busy models, or a thin one over one or two.
 */
/**
 * The calling service of a chosen series' requests, as `sameCaller` compares them: its
 * deployment's when the model's series are kept per deployment, else every caller its model's
 * events name (upstream.ts).
 */
function callerOf(c: Chosen, store: EventStore): UpstreamIdentity | undefined {
  if (c.deployment === undefined) return c.model === undefined ? undefined : store.upstream.get(c.model);
  const { service, environment } = c.deployment;
  return {
    providers: new Set(),
    hosts: new Set(),
    callers: new Set(service === undefined ? [] : [service]),
    environments: new Set(service === undefined ? [environment] : []),
    prefix: undefined,
  };
}

/** A model's traffic peers for its throughput index: every other busy model, and those of its own calling service. */
interface Peers {
  readonly all: readonly Traffic[];
  readonly own: readonly Traffic[];
}
interface Traffic {
  readonly counts: Float64Array;
  /** Its median count over the windows of its life (`from`–`to`). */
  readonly level: number;
  /** Its first and last window with requests: before and after them it has not joined or has left. */
  readonly from: number;
  readonly to: number;
  readonly caller: UpstreamIdentity | undefined;
  /** Whether most of its requests come in batches (`mostlyBatches`): a scheduled job is no peer. */
  readonly batched: boolean;
}

/**
 * A model's traffic as a peer of a traffic index. It is a peer over its life only, from its first
 * window with requests to its last: a model that joins or is retired mid-capture says nothing
 * about the traffic of the hours it does not serve, and its zeros there would read as every
 * caller gone (fourth suite day 16: two of three busy peers at zero, the median index 0, a
 * model's 37-minute silence scored against a rate of 0). Its level is its median count over
 * those windows, the empty ones included: a peer is busy (BUSY_COUNT) when at least half of its
 * windows hold five requests, so a sparse, bursty model (a burst of 13 every hour) is no busy
 * peer whose ordinary empty windows read as the traffic gone.
 */
function peerTraffic(counts: Float64Array, caller: UpstreamIdentity | undefined): Traffic {
  let from = 0;
  while (from < counts.length && counts[from] === 0) from++;
  let to = counts.length - 1;
  while (to > from && counts[to] === 0) to--;
  const level = from >= counts.length ? 0 : medianOf(counts.subarray(from, to + 1));
  return { counts, level, from, to, caller, batched: mostlyBatches(counts, from, to) };
}

/**
 * Whether most of a peer's requests (over its life, `from`–`to`) come in batches: windows holding
 * more than BATCH_JUMP times the larger of their neighbours. Such a peer is a scheduled job, not a
 * calling population: its median is the trickle between batches, so each batch reads as traffic
 * ×50 at once, and three cron jobs of one environment that fire at the same minute would make a
 * steady model's every batch window read as a fall to a seventh of its baseline (third suite 3779
 * day 5). It is no peer of a traffic index.
 */
function mostlyBatches(counts: Float64Array, from: number, to: number): boolean {
  let total = 0;
  let batched = 0;
  for (let j = from; j <= to; j++) {
    const c = counts[j] as number;
    total += c;
    const before = j > from ? (counts[j - 1] as number) : 0;
    const after = j < to ? (counts[j + 1] as number) : 0;
    if (c > BATCH_JUMP * Math.max(before, after, 1)) batched += c;
  }
  return batched > total / 2;
}

/** Whether a peer serves in window j (`peerTraffic`). */
const serves = (t: Traffic, j: number): boolean => j >= t.from && j <= t.to;

function trafficIndexes(
  chosen: readonly Chosen[],
  grid: Grid,
  store: EventStore,
): {
  peersOf: (model: string) => Peers;
  indexOf: (others: readonly Traffic[]) => Float64Array | undefined;
  thinIndexOf: (others: readonly Traffic[]) => Float64Array | undefined;
  total: Float64Array;
  byEnvironment: Map<string, Float64Array>;
} {
  // Throughput is scored against the other models' traffic: a robust traffic index (the median
  // over at least three other busy models of their traffic relative to their usual level), so a
  // daily curve that moves every model alike is no anomaly, and one model's storm moves no other.
  // A daily curve is the curve of a calling service's users: the models one service calls follow
  // it together, while another service (another tenant's time zone, a nightly pipeline) peaks at
  // other hours, and against its traffic a model's ordinary day looks like a ×5 rise or fall. The
  // peers that share a model's curve are therefore the busy models of its own caller
  // (`sameCaller`); `scoreAll` decides how to use them.
  const { windows, width } = grid;
  const traffic = new Map<string, Traffic>();
  for (const c of chosen) {
    if (c.signal !== "throughput" || c.scope === undefined) continue;
    traffic.set(c.scope, peerTraffic(windowCounts(c.raw, grid), callerOf(c, store)));
  }
  const peersOf = (model: string): Peers => {
    const all = [...traffic.entries()]
      .filter(([m, t]) => m !== model && t.level >= BUSY_COUNT && !t.batched)
      .map(([, t]) => t);
    const caller = traffic.get(model)?.caller;
    const own = caller === undefined ? [] : all.filter((t) => t.caller !== undefined && sameCaller(caller, t.caller));
    return { all, own };
  };
  const indexOf = (others: readonly Traffic[]): Float64Array | undefined => {
    if (others.length < MIN_INDEX_MODELS) return undefined;
    const index = new Float64Array(windows);
    const ratios = new Float64Array(others.length);
    for (let j = 0; j < windows; j++) {
      let n = 0;
      for (const t of others) if (serves(t, j)) ratios[n++] = (t.counts[j] as number) / t.level;
      index[j] = n === 0 ? 0 : medianOf(ratios.subarray(0, n));
    }
    return index;
  };
  // With one or two other busy models there is no robust index; their summed traffic is a thin
  // one (a storm on either of them moves it). A throughput window is then anomalous only when it
  // is also anomalous by a second test (`scoreAll`): a daily curve that moves every model alike
  // fails the thin one, another model's storm the second.
  const thinIndexOf = (others: readonly Traffic[]): Float64Array | undefined => {
    if (others.length === 0 || others.length >= MIN_INDEX_MODELS) return undefined;
    // A daily curve is slow: the others' summed counts are averaged over the hour around each
    // window, so their own Poisson noise (a few requests per window at night) is no anomaly.
    // Each window's sum and the levels it is relative to are those of the peers serving then.
    const sums = new Float64Array(windows + 1);
    const levels = new Float64Array(windows + 1);
    for (let j = 0; j < windows; j++) {
      let sum = 0;
      let level = 0;
      for (const t of others) {
        if (!serves(t, j)) continue;
        sum += t.counts[j] as number;
        level += t.level;
      }
      sums[j + 1] = (sums[j] as number) + sum;
      levels[j + 1] = (levels[j] as number) + level;
    }
    const half = Math.max(THIN_INDEX_MIN_HALF_WINDOWS, Math.ceil(THIN_INDEX_HALF_SPAN_MS / width));
    const index = new Float64Array(windows);
    for (let j = 0; j < windows; j++) {
      const lo = Math.max(0, j - half);
      const hi = Math.min(windows, j + half + 1);
      const level = (levels[hi] as number) - (levels[lo] as number);
      // NaN where no peer serves within the span: the index says nothing there (`scoreAll`).
      index[j] = level > 0 ? ((sums[hi] as number) - (sums[lo] as number)) / level : Number.NaN;
    }
    return index;
  };
  // Every model's requests summed: the exposure of a count over all events (`followsTraffic`).
  const total = new Float64Array(windows);
  for (const t of traffic.values())
    for (let j = 0; j < windows; j++) total[j] = (total[j] as number) + (t.counts[j] as number);
  return { peersOf, indexOf, thinIndexOf, total, byEnvironment: environmentTraffic(chosen, grid, store) };
}

/** Every model's requests summed per environment (a deployment's requests: the exposure of its own guardrail's findings). */
function environmentTraffic(chosen: readonly Chosen[], grid: Grid, store: EventStore): Map<string, Float64Array> {
  const byEnvironment = new Map<string, Float64Array>();
  for (const c of chosen) {
    if (c.signal !== "throughput" || c.scope === undefined) continue;
    const events = c.raw.events.data;
    for (const [environment, counts] of windowCountsBy(c.raw, grid, (i) => store.environment(events[i] as number))) {
      const sum = byEnvironment.get(environment);
      if (sum === undefined) byEnvironment.set(environment, counts);
      else for (let j = 0; j < grid.windows; j++) sum[j] = (sum[j] as number) + (counts[j] as number);
    }
  }
  return byEnvironment;
}

/**
 * Every chosen series scored (throughput against its traffic index), then each series of a model
 * with an anomaly scored again without the windows the model's other series flagged. A model's
 * throughput reference is its own caller's busy models, else every other busy model: with three
 * or more, their robust index alone; with one or two, their thin index and a second test — the
 * index of every busy model when there are three (another caller's curve cannot pass the thin
 * test of the model's own, a storm on its one peer cannot pass the wide index), else the model's
 * own trend.
 */
function scoreAll(
  chosen: readonly Chosen[],
  gridOf: (c: Chosen) => Grid,
  settings: DetectionSettings,
  store: EventStore,
): ScoredSeries[] {
  // Traffic indexes are counted at each width in use (per-scope widths on capped days).
  const indexes = new Map<Grid, ReturnType<typeof trafficIndexes>>();
  const indexesAt = (grid: Grid): ReturnType<typeof trafficIndexes> => {
    const known = indexes.get(grid);
    if (known !== undefined) return known;
    const at = trafficIndexes(chosen, grid, store);
    indexes.set(grid, at);
    return at;
  };
  const at: ScoreContext = { gridOf, settings, store, indexesAt };
  const scoreOne = (c: Chosen, exclude?: Uint8Array): ScoredSeries => scoreChosen(c, at, exclude);
  const scored = chosen.map((c) => scoreOne(c));
  // A model's anomalous windows are no baseline for its other series: spend during a traffic
  // collapse is not the spend to compare the recovery with. Series of models with an anomaly are
  // scored again without the windows the model's other series flagged (one scope, one grid).
  // Sizes and error rates are measured per request: a window where only the model's traffic (and
  // with it its spend) rose — a cron batch, a busy hour — holds more samples of the same requests,
  // not anomalous ones, and stays in their baselines; left out, a batch job's every batch would
  // be, and its requests never compared with earlier batches (`comparableLevel` in detect.ts).
  // Bigger requests show in the size series themselves.
  for (const [i, c] of chosen.entries()) {
    if (c.scope === undefined) continue;
    const perRequest = scored[i]!.spec.kind !== "sum" && scored[i]!.spec.kind !== "count";
    let exclude: Uint8Array | undefined;
    for (const [k, other] of chosen.entries()) {
      if (k === i || other.scope !== c.scope) continue;
      const flags = scored[k]!.flagged;
      const otherKind = scored[k]!.spec.kind;
      const rises = perRequest && (otherKind === "sum" || otherKind === "count");
      for (let j = 0; j < flags.length; j++) {
        if (flags[j] !== 1) continue;
        if (rises && (scored[k]!.z[j] as number) > 0) continue;
        exclude ??= new Uint8Array(flags.length);
        exclude[j] = 1;
      }
    }
    if (exclude !== undefined) scored[i] = scoreOne(c, exclude);
  }
  return scored;
}

/** What `scoreChosen` scores a series with: its grid, the settings, the store, the traffic indexes at a grid. */
interface ScoreContext {
  readonly gridOf: (c: Chosen) => Grid;
  readonly settings: DetectionSettings;
  readonly store: EventStore;
  readonly indexesAt: (grid: Grid) => ReturnType<typeof trafficIndexes>;
}

/**
 * One chosen series scored (`scoreAll`), without the windows `exclude` marks; a model's throughput
 * with its silence beyond its own gaps flagged as a fall whatever the window width (`withLongGap`).
 */
function scoreChosen(c: Chosen, at: ScoreContext, exclude?: Uint8Array): ScoredSeries {
  const series = scoreChosenCounts(c, at, exclude);
  return c.signal === "throughput" && c.scope !== undefined ? withLongGap(series, at.settings) : series;
}

/** One chosen series scored by its windows (`scoreAll`): throughput against its traffic index. */
function scoreChosenCounts(c: Chosen, at: ScoreContext, exclude?: Uint8Array): ScoredSeries {
  const { gridOf, settings, store, indexesAt } = at;
  const grid = gridOf(c);
  const overAll = c.scope === undefined || TARGETED_FINDINGS.has(c.signal);
  if (overAll && INCIDENT_SIGNAL_SOURCES[c.raw.source]!.kind === "count") {
    // A count over all events that follows the traffic is rated against it (see `followsTraffic`),
    // the events of each environment against that environment's requests when it has any, else
    // against every request (`trafficExposure`); so are one model's findings cut from it (a
    // scanner's strays come with the requests it judges, over the day's curve).
    const { total, byEnvironment } = indexesAt(grid);
    const events = c.raw.events.data;
    const groups = [...windowCountsBy(c.raw, grid, (i) => store.environment(events[i] as number))].map(
      ([environment, counts]) => ({ counts, traffic: byEnvironment.get(environment) ?? total }),
    );
    const exposure = trafficExposure(groups, grid, settings.minHistory);
    return scoreSeries(c.raw, grid, settings, { exposure, exclude });
  }
  if (c.signal !== "throughput" || c.scope === undefined) return scoreSeries(c.raw, grid, settings, { exclude });
  const { peersOf, indexOf, thinIndexOf } = indexesAt(grid);
  const { all, own } = peersOf(c.scope);
  const reference = own.length > 0 ? own : all;
  const index = indexOf(reference);
  if (index !== undefined) return scoreSeries(c.raw, grid, settings, { exposure: index, exclude });
  const wide = own.length > 0 ? indexOf(all) : undefined;
  const first = scoreSeries(c.raw, grid, settings, { exposure: wide, exclude });
  const thin = thinIndexOf(reference);
  if (thin === undefined || !first.flagged.includes(1)) return first;
  const exposure = thin.map((x) => (Number.isNaN(x) ? 0 : x));
  const relative = scoreSeries(c.raw, grid, settings, { exposure, exclude });
  const flagged = keptAgainstThinIndex(first, relative, thin, settings.threshold);
  return { ...first, flagged };
}

/**
 * The first test's flags the relative test against a thin index (one or two peers) lets stand.
 * A silence is not what the thin index's veto is for (a fall the peers share, or a share the
 * index misfits): where the peers' traffic did not itself fall ×3, a first-test flag in a
 * silence the model's own clusters cannot explain stands (`silenceBeyondOwnClusters`). Nor is
 * a window no peer serves near (retired, not yet joined): the index holds no traffic there to
 * share a fall with, and the first test stands as it does for a model without thin peers.
 * Nor is a frozen run (`frozenRunFalls`) where the peers did not fall ×3: it carries its own
 * curve guards (a trending reference, a return to level, the third-of-capture cap, the same
 * hours, the Allan Fano factor with the run left out), while a thin index from one or two
 * bursty peers is a noisy exposure the relative test would treat as exact.
 */
function keptAgainstThinIndex(
  first: ScoredSeries,
  relative: ScoredSeries,
  thin: ArrayLike<number>,
  threshold: number,
): Uint8Array {
  const peersHeld = (j: number) => (thin[j] as number) * MIN_EFFECT.trafficRatio > 1;
  const silentAmongPeers = (j: number) => peersHeld(j) && silenceBeyondOwnClusters(first, j, threshold);
  const frozenAmongPeers = (j: number) => peersHeld(j) && first.runWindows?.has(j) === true;
  return first.flagged.map((f, j) =>
    f === 1 && (relative.flagged[j] === 1 || Number.isNaN(thin[j]) || silentAmongPeers(j) || frozenAmongPeers(j))
      ? 1
      : 0,
  );
}

/** Every flagged window as a DetectedAnomaly (with its incident, if any), in time order. */
function detectedAnomalies(
  flagged: readonly { s: number; j: number }[],
  at: {
    chosen: readonly Chosen[];
    scored: readonly ScoredSeries[];
    Z: number;
    incidentOf: ReadonlyMap<string, string>;
  },
): DetectedAnomaly[] {
  const { chosen, scored, Z, incidentOf } = at;
  const windowStart = (s: number, j: number): string => fromEpochMillis(windowStartMs(scored[s]!, j));
  return flagged
    .map(({ s, j }) => ({
      anomaly: anomalyEvent(scored[s]!, chosen[s]!, { j, timestamp: windowStart(s, j), Z }),
      series_id: chosen[s]!.id,
      signal: chosen[s]!.signal,
      model: chosen[s]!.model ?? null,
      window_start: windowStart(s, j),
      window_end: windowStart(s, j + 1),
      z: scored[s]!.z[j] as number,
      count: scored[s]!.count[j] as number,
      incident_id: incidentOf.get(`${s}:${j}`) ?? null,
    }))
    .sort((a, b) =>
      a.window_start < b.window_start ? -1 : a.window_start > b.window_start ? 1 : a.series_id < b.series_id ? -1 : 1,
    );
}

function detectionSettings(options: AnalyzeIncidentsOptions): DetectionSettings {
  return {
    threshold: options.threshold ?? DEFAULT_DETECTION.threshold,
    baselineWindows: options.baselineWindows ?? DEFAULT_DETECTION.baselineWindows,
    minHistory: options.minHistory ?? DEFAULT_DETECTION.minHistory,
    referenceMs: REFERENCE_MS,
  };
}

/**
 * The windows: the width given, or chosen from the traffic per model scope (a model, or a model
 * in one deployment when its series are kept per deployment); aligned on multiples of the width
 * since the epoch; dataStart/dataEnd narrowed to the steady range (see `steadyRange`).
 *
 * The common width is the median scope's (`chooseWindowMs`); it cuts the signals over all events
 * and, when the median scope reaches TARGET_PER_WINDOW in it, every scope. When it does not (the
 * width is the span's cap, set by a long tail of sparse scopes), a scope whose own traffic
 * supports a narrower width (the same ladder, target and twelve-window minimum applied to its
 * count alone) is cut at that one (`scopeWidthMs`), so a busy model's short change is not diluted
 * in windows sized for the sparse ones. When it does and the width is wide (WIDE_MS and up), a
 * busier scope is cut at its own width but no finer than RESOLUTION_MS; those scopes are `finer` (their throughput opens no incident, `isIncident`).
 */
function windowGrids(
  store: EventStore,
  data: { dataStart: number; dataEnd: number; hasData: boolean; windowMs: number | undefined },
): { common: Grid; ofScope: Map<string, Grid>; finer: Set<string> } {
  const traffic = scopeTraffic(store);
  const span = data.dataEnd - data.dataStart;
  const counts = scopeRequestCounts(store);
  const width = data.windowMs ?? chooseWindowMs(span, counts);
  const byWidth = new Map<number, Grid>();
  const gridOf = (w: number): Grid => {
    const known = byWidth.get(w);
    if (known !== undefined) return known;
    const grid = gridAt(store, w, data);
    byWidth.set(w, grid);
    return grid;
  };
  const common = gridOf(width);
  const ofScope = new Map<string, Grid>();
  // The median scope's traffic reaches the target at the common width: that width is what the
  // typical scope supports and every scope keeps it. Otherwise the width is the span's cap, which
  // says nothing about the busier scopes: each is cut at the width its own traffic supports.
  const typical = counts.length === 0 ? 0 : medianOf(counts);
  const capped = (typical * width) / Math.max(span, 1) < TARGET_PER_WINDOW;
  if (data.windowMs === undefined && capped)
    for (const [scope, n] of traffic) ofScope.set(scope, gridOf(scopeWidthMs(span, n, width)));
  // Not capped but wide (at least four resolution widths): the median scope's traffic sets a width
  // that dilutes a busy scope's short change (a 20-minute incident is a sixth of a 2-hour window),
  // so a busier scope is cut at its own width, but no finer than RESOLUTION_MS.
  const finer = new Set<string>();
  if (data.windowMs === undefined && !capped && width >= WIDE_MS)
    for (const [scope, n] of traffic) {
      const own = Math.max(RESOLUTION_MS, scopeWidthMs(span, n, width));
      if (own >= width) continue;
      ofScope.set(scope, gridOf(own));
      finer.add(scope);
    }
  return { common, ofScope, finer };
}

/**
 * A model scope's width: the automatic width of its own traffic (`chooseWindowMs` over its count
 * alone), but never wider than the common one. A scope as busy as the median keeps the common
 * width; a sparser one keeps it too (its own count would ask for wider windows, but its tests are
 * exact at any count: a thin window loses power, not correctness, and widening would only dilute
 * its changes further).
 */
function scopeWidthMs(spanMs: number, requests: number, commonMs: number): number {
  return Math.min(commonMs, chooseWindowMs(spanMs, [requests]));
}

/** The windows of one width over the data (see `windowGrids`). */
function gridAt(
  store: EventStore,
  width: number,
  data: { dataStart: number; dataEnd: number; hasData: boolean },
): Grid {
  const { dataStart, dataEnd } = data;
  const origin = Math.floor(dataStart / width) * width;
  const windows = data.hasData ? Math.floor((dataEnd - origin) / width) + 1 : 0;
  const { start, end } = steadyRange(store, { origin, width, windows, dataStart, dataEnd });
  return { origin, width, windows, dataStart: start, dataEnd: end };
}

/** The window of `grid` that holds time `ms`, clamped to the grid. */
function windowAt(grid: Grid, ms: number): number {
  return Math.min(grid.windows - 1, Math.max(0, Math.floor((ms - grid.origin) / grid.width)));
}

/** When window `j` of a series starts, in ms. */
function windowStartMs(series: ScoredSeries, j: number): number {
  return series.grid.origin + j * series.grid.width;
}

/** Every (series, window) flagged anomalous, series by series. */
function flaggedWindows(scored: readonly ScoredSeries[]): { s: number; j: number }[] {
  const flagged: { s: number; j: number }[] = [];
  for (const [s, series] of scored.entries()) {
    for (let j = 0; j < series.flagged.length; j++) if (series.flagged[j] === 1) flagged.push({ s, j });
  }
  return flagged;
}

/**
 * The flagged windows that may join an incident: all but a model's load alone. A window where the
 * model's request rate rose (its throughput flagged up) and none of its per-request series
 * (latency, error rate, tokens per request, quality) is flagged is load that hurt nothing there —
 * a cron batch, a busy hour: its throughput window, and its spend window (more bills), stay
 * anomalies but join no incident. Where load does hurt, it does so while it lasts (requests
 * queue, are shed, or change the mix in the same windows), and there the rise still joins —
 * unless the model carried as much load before without harm (`loadCarriedBefore`): then the load
 * is its schedule, not the cause. Left in, a batch minutes before a fault on the same model was
 * clustered with it and, being earlier, named its root. O(flagged · windows).
 */
function withoutLoadOnly(
  flagged: readonly { s: number; j: number }[],
  ctx: { readonly chosen: readonly Chosen[]; readonly scored: readonly ScoredSeries[] },
): { s: number; j: number }[] {
  const { chosen, scored } = ctx;
  const loads = modelLoads(chosen, scored);
  const rose = new Set<string>();
  const hurt = new Set<string>();
  for (const { s, j } of flagged) {
    const c = chosen[s]!;
    if (c.scope === undefined) continue;
    const kind = scored[s]!.spec.kind;
    if (c.signal === "throughput" && (scored[s]!.z[j] as number) > 0) rose.add(`${c.scope}|${j}`);
    else if (kind !== "count" && kind !== "sum") hurt.add(`${c.scope}|${j}`);
  }
  if (rose.size === 0) return [...flagged];
  return flagged.filter(({ s, j }) => {
    const c = chosen[s]!;
    if (c.scope === undefined) return true;
    const key = `${c.scope}|${j}`;
    if (!rose.has(key)) return true;
    if (hurt.has(key))
      return !(c.signal === "throughput" && loadCarriedBefore(loads.get(c.scope) ?? [], scored[s]!, j));
    const kind = scored[s]!.spec.kind;
    return !(c.signal === "throughput" || kind === "sum");
  });
}

/**
 * The longest a planned removal drains a model's traffic: a retire record may come at the start of
 * the drain or at its end, and the traffic ends within this much of it. 1 hour, the largest
 * connection-draining time the common load balancers allow (AWS ELB target groups'
 * `deregistration_delay.timeout_seconds`, 0–3600 s; Google Cloud backend services'
 * `connectionDraining.drainingTimeoutSec`, 0–3600 s); a window wider than that is the tolerance
 * itself. Row: docs/correlation.md, "Models retired on purpose".
 */
const RETIRE_DRAIN_MS = 60 * 60_000;

/** A model the registry retired whose traffic then ended: its falls are no incident (`withoutRetired`). */
interface Retirement {
  readonly model: string;
  readonly recordMs: number;
  /** The end of the last window of the model's throughput with a request. */
  readonly lastMs: number;
}

/**
 * The flagged windows that may join an incident, without a model's planned removal: the fall of
 * a model's throughput when the registry recorded that model's retirement (`modelLifecycle`:
 * retired, deprecated, archived, undeployed, …; no later record putting it back) at most
 * RETIRE_DRAIN_MS before its last request's window ends and no more than a window after (the
 * record may come at the drain's start or at its end), from RETIRE_DRAIN_MS before the record
 * on and after the last window at or above its baseline (the fall never recovers: a collapse
 * that recovered before the drain is no part of it); and every window of the model's series
 * after its traffic ended (a silent model's series hold nothing to judge). The drain's other anomalies
 * (errors, latency, tokens while requests are still served) stay: a fault on a retiring model is
 * still a fault. A fall without a record stays too: an outage looks the same. The falls stay
 * anomalies and are named in the summary. O(flagged + lifecycle records × models + windows).
 */
function withoutRetired(
  flagged: readonly { s: number; j: number }[],
  ctx: { readonly chosen: readonly Chosen[]; readonly scored: readonly ScoredSeries[]; readonly store: EventStore },
): { kept: { s: number; j: number }[]; retired: Retirement[] } {
  const { chosen, scored, store } = ctx;
  if (store.lifecycles.length === 0) return { kept: [...flagged], retired: [] };
  const models = store.modelNames();
  const named = (name: string): string | undefined =>
    models.includes(name) ? name : models.find((m) => name.endsWith(`:${m}`) || name.endsWith(`/${m}`));
  // Per scope, from when its windows are excused: the fall's earliest allowed start and the traffic's end.
  const excused = new Map<string, { fallFrom: number; silentFrom: number }>();
  const retired: Retirement[] = [];
  for (const [s, c] of chosen.entries()) {
    if (c.signal !== "throughput" || c.scope === undefined || c.model === undefined) continue;
    const series = scored[s]!;
    let last = series.grid.windows - 1;
    while (last >= 0 && !(series.has[last] === 1 && (series.value[last] as number) > 0)) last--;
    if (last < 0) continue;
    const lastMs = windowStartMs(series, last) + series.grid.width;
    const tolerance = Math.max(RETIRE_DRAIN_MS, series.grid.width);
    const records = store.lifecycles.filter((r) => named(r.model) === c.model);
    const record = records.find(
      (r) =>
        r.state === "retired" &&
        r.ms >= lastMs - tolerance - series.grid.width &&
        r.ms <= lastMs + series.grid.width &&
        !records.some((o) => o.state === "active" && o.ms > r.ms),
    );
    if (record === undefined) continue;
    // The fall never recovers: it starts after the last window at or above its baseline.
    let held = last;
    while (held >= 0 && !((series.z[held] as number) >= 0)) held--;
    const heldMs = held < 0 ? Number.NEGATIVE_INFINITY : windowStartMs(series, held) + series.grid.width;
    excused.set(c.scope, { fallFrom: Math.max(record.ms - tolerance, heldMs), silentFrom: lastMs });
    retired.push({ model: c.model, recordMs: record.ms, lastMs });
  }
  if (excused.size === 0) return { kept: [...flagged], retired: [] };
  const kept = flagged.filter(({ s, j }) => {
    const c = chosen[s]!;
    const e = c.scope === undefined ? undefined : excused.get(c.scope);
    if (e === undefined) return true;
    const series = scored[s]!;
    const start = windowStartMs(series, j);
    if (start >= e.silentFrom) return false;
    return !(c.signal === "throughput" && (series.z[j] as number) < 0 && start + series.grid.width > e.fallFrom);
  });
  return { kept, retired: retired.filter((r, i) => retired.findIndex((o) => o.model === r.model) === i) };
}

/** Each model scope's per-request series (latency, error rate, tokens per request, quality): what load would hurt. */
type ModelLoads = ReadonlyMap<string, readonly ScoredSeries[]>;

function modelLoads(chosen: readonly Chosen[], scored: readonly ScoredSeries[]): ModelLoads {
  const out = new Map<string, ScoredSeries[]>();
  for (const [i, c] of chosen.entries()) {
    const kind = scored[i]!.spec.kind;
    if (c.scope === undefined || kind === "count" || kind === "sum") continue;
    const list = out.get(c.scope) ?? [];
    list.push(scored[i]!);
    out.set(c.scope, list);
  }
  return out;
}

/**
 * Whether the model whose throughput is `t` carried the load of window `j` before without harm:
 * ORDINARY_LOADS earlier windows of its throughput, each with as many requests as `j` within
 * counting noise (at least n − 2√n of its n: two Poisson standard deviations, so a batch of a
 * schedule is as large as the one before whichever drew a few more), in which none of the model's per-request series (latency, error rate, tokens per request,
 * quality) was flagged while one of them had data (the requests were seen served). More load does
 * not make fewer overload failures or a shorter queue, so load that came and went before without
 * the change is not what changed now: it neither joins an incident that load alone would not open
 * (`withoutLoadOnly`) nor roots one (`loadSeenWithout`). The same definition serves both. A load
 * the model never carried (the first batch of a capture, a new tenant) stays a candidate.
 * O(j · per-request series).
 */
function loadCarriedBefore(perRequest: readonly ScoredSeries[], t: ScoredSeries, j: number): boolean {
  const n = t.value[j] as number;
  if (!(n > 0) || perRequest.length === 0) return false;
  let seen = 0;
  for (let w = t.first; w < j; w++) {
    if (t.has[w] !== 1 || !((t.value[w] as number) >= n - LOAD_NOISE_SDS * Math.sqrt(n))) continue;
    const ms = windowStartMs(t, w);
    let served = false;
    let harmed = false;
    for (const p of perRequest) {
      const k = windowAt(p.grid, ms);
      if (windowStartMs(p, k) !== ms || p.has[k] !== 1) continue;
      served = true;
      if (p.flagged[k] === 1) harmed = true;
    }
    if (served && !harmed && ++seen >= ORDINARY_LOADS) return true;
  }
  return false;
}

/**
 * Earlier windows without harm, each with as many requests, that make a load one the model
 * carried before (`loadCarriedBefore`): 1. One such window already shows that this much load does
 * not cause the harm; 3 (round twelve's clustering rule) kept a batch model's next batch in an
 * error burst's cluster as its root (third suite `--seed 2026` day 7) and added a throughput
 * incident (seed 424242 day 34) in `--pick` runs.
 */
const ORDINARY_LOADS = 1;
/**
 * "As many requests within counting noise": at least n − LOAD_NOISE_SDS·√n of n, two Poisson
 * standard deviations (`loadCarriedBefore`): a conventional two-sigma allowance; the measurement that asked for an
 * allowance at all is written in docs/correlation.md ("strictly as large" failed a seed of three).
 */
const LOAD_NOISE_SDS = 2;

/** One incident per cluster, in order of start (then id), and the incident of each flagged window ("s:j"). */
function buildIncidents(
  clusters: readonly Cluster[],
  ctx: Omit<IncidentContext, "cluster" | "loads">,
): { incidents: Incident[]; incidentOf: Map<string, string> } {
  const loads = modelLoads(ctx.chosen, ctx.scored);
  let joined = [...clusters];
  let incidents = joined.map((cluster) => buildIncident({ ...ctx, loads, cluster }));
  // Rare (an overlap needs an onset dated back past an earlier run of its own series): only the
  // joined incident is built again, the others' findings being their own clusters'; the
  // confidences, which read every incident of the analysis, are stated once all are built.
  const nextPair = (): [number, number] | undefined =>
    overlapOnOneSeries(joined, incidents, ctx) ?? rampOnOneSeries(joined, ctx.scored);
  let pair = nextPair();
  while (pair !== undefined) {
    const [a, b] = pair;
    const joint = joinTwo(joined[a]!, joined[b]!);
    joined = [...joined.filter((_, i) => i !== a && i !== b), joint];
    incidents = [...incidents.filter((_, i) => i !== a && i !== b), buildIncident({ ...ctx, loads, cluster: joint })];
    pair = nextPair();
  }
  const incidentOf = new Map<string, string>();
  joined.forEach((cluster, k) => {
    for (const [s, ws] of cluster.members) for (const j of ws) incidentOf.set(`${s}:${j}`, incidents[k]!.incident_id);
  });
  const strays = straySeries(flaggedWindows(ctx.scored), incidentOf);
  incidents = withPeerConfidences(incidents, { threshold: ctx.settings.threshold, strays });
  incidents.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.incident_id < b.incident_id ? -1 : 1));
  return { incidents, incidentOf };
}

/**
 * The series with a flagged window that joined no incident (`incidentOf` keys "s:j"): the
 * analysis' anomalies whose `incident_id` is null, counted by series (confidence.ts
 * `ConfidenceContext.strays`).
 */
function straySeries(flagged: readonly { s: number; j: number }[], incidentOf: ReadonlyMap<string, string>): number {
  return new Set(flagged.filter(({ s, j }) => !incidentOf.has(`${s}:${j}`)).map(({ s }) => s)).size;
}

/**
 * The incidents with their confidences, stated here once every incident is built (`buildIncident`
 * leaves them unstated): each incident's evidence counts the others reported (`concurrent`),
 * those at least as strong (confidence.ts `IncidentEvidence.outranked`, from the peaks of their
 * findings) and the series flagged outside every incident (`ConfidenceContext.strays`), which
 * only the whole analysis knows.
 */
function withPeerConfidences(
  incidents: readonly Incident[],
  day: { readonly threshold: number; readonly strays: number },
): Incident[] {
  const peaks = incidents.map((i) => incidentPeakOf(i, day.threshold));
  return incidents.map((incident, k) => {
    const peers = peaks.filter((_, j) => j !== k);
    return withConfidences(incident, confidencesOf(incident, { ...day, incidents: incidents.length, peers }));
  });
}

/**
 * The incident with its confidence that it is real and that its root is right, in every place the
 * result states them: the incident's, its correlation's, and its root cause's, which the
 * anomaly correlation carries too.
 */
function withConfidences(incident: Incident, stated: { readonly incident: number; readonly root: number }): Incident {
  const rootCause = incident.root_cause === null ? null : { ...incident.root_cause, confidence: stated.root };
  return {
    ...incident,
    confidence: stated.incident,
    root_cause: rootCause,
    correlation: { ...incident.correlation, confidence: stated.incident },
    anomaly_correlation: {
      ...incident.anomaly_correlation,
      ...(rootCause === null ? {} : { root_cause: rootCause }),
    },
  };
}

/**
 * Two incidents that one series of both dates into each other: the series' spans in them, from
 * its onset to the end of its last flagged window, overlap (for runs one after the other: the
 * later one's onset lies before the end of the earlier run). The onset says the series had
 * already changed while the earlier run was flagged — one change seen in several runs (the
 * batches of a cron model after a deploy, third --seed 5353 day 37: three runs of
 * gemini-2.0-flash's p95 at 01:14, 01:28 and 01:44, each dated back to 00:08–00:14), which no
 * reader can take for several incidents; runs joined so may enclose another's, which overlaps
 * them too. Only series flagged in both clusters count (a sub-threshold cause is no run).
 * Indexes into `clusters`, or undefined. O(incidents² · series).
 */
function overlapOnOneSeries(
  clusters: readonly Cluster[],
  incidents: readonly Incident[],
  ctx: { readonly chosen: readonly Chosen[]; readonly scored: readonly ScoredSeries[] },
): [number, number] | undefined {
  const spanOf = (k: number, s: number): [number, number] => {
    const series = ctx.scored[s]!;
    const ws = clusters[k]!.members.get(s)!;
    const end = windowStartMs(series, ws[ws.length - 1]!) + series.grid.width;
    const finding = incidents[k]!.series.find((f) => f.series_id === ctx.chosen[s]!.id);
    return [finding === undefined ? windowStartMs(series, ws[0]!) : Date.parse(finding.onset), end];
  };
  for (let a = 0; a < clusters.length; a++)
    for (let b = a + 1; b < clusters.length; b++)
      for (const s of clusters[a]!.members.keys()) {
        if (!clusters[b]!.members.has(s)) continue;
        const [fromA, toA] = spanOf(a, s);
        const [fromB, toB] = spanOf(b, s);
        if (fromA < toB && fromB < toA) return [a, b];
      }
  return undefined;
}

/**
 * Two incidents of one size series (a latency, a token count, a bill each) whose level never
 * returned to its baseline between its runs: one ramp, flagged where it rose fastest or where its
 * noise allowed, quiet in between (fourth --seed 8282 day 30: a convex ×2.33 ramp over 49 minutes
 * flagged 16:50–17:00 and 17:10–17:36; day 32: a linear ×3.26 ramp held for two hours, flagged
 * 03:29–06:18 and 06:57–07:24, the baseline of the windows between having crept up with them).
 * Both runs rise, the later one starts after the earlier one ends, and the observations between
 * them (`neverReturned`) stay above the baseline the earlier run was scored against. A fault
 * that recovered fully in between (recurring bursts) leaves them at that baseline and stays two.
 * Indexes into `clusters`, or undefined. O(incidents² · series · gap observations).
 */
function rampOnOneSeries(clusters: readonly Cluster[], scored: readonly ScoredSeries[]): [number, number] | undefined {
  for (let a = 0; a < clusters.length; a++)
    for (let b = a + 1; b < clusters.length; b++)
      for (const [s, inA] of clusters[a]!.members) {
        const inB = clusters[b]!.members.get(s);
        const series = scored[s]!;
        if (inB === undefined || !risesInSize(series)) continue;
        const [earlier, later] = (inA[0] as number) < (inB[0] as number) ? [inA, inB] : [inB, inA];
        const end = earlier[earlier.length - 1] as number;
        const next = later[0] as number;
        if (!(end < next && (series.z[end] as number) > 0 && (series.z[next] as number) > 0)) continue;
        if (reachesBack(series, end, next) && neverReturned(series, earlier[0] as number, end, next)) return [a, b];
      }
  return undefined;
}

/**
 * Whether the baseline the later run (first window `next`) was scored against reaches back to the
 * earlier run (last window `end`): its reference windows (`ScoredSeries.refs`, masked where
 * anomalous) begin at or before `end`. A later run whose whole reference lies after the earlier
 * run was judged against a baseline of the level in between alone (a reference spans REFERENCE_MS,
 * two hours, or 24 windows): a change of its own against what had become ordinary, not the rest
 * of the earlier one (third --seed 5353 day 30: two latency spikes 5.5 hours apart, the level
 * between them a few per cent up on a rising daily curve of thousands of requests, which the
 * share above the p90 alone took for a level never returned).
 */
function reachesBack(series: ScoredSeries, end: number, next: number): boolean {
  const ref = series.refs.get(next);
  return ref !== undefined && ref.length > 0 && Math.min(...ref) <= end;
}

/**
 * Whether the observations of `series` strictly between windows `end` and `next` stay above the
 * baseline window `first` (an earlier run's first) was scored against: more of them above that
 * reference's SUPPORT_QUANTILE than the 10 % expected, at SUPPORT_Z over the gap (the support a
 * series' own requests need to be evidence, `requestSupport`) and at LEAN_Z in each half of it,
 * in time order (the persistence test of `sizesPersistWithin`): a level that returned for the
 * later half of the gap (the first run's slow requests completing after it) is no ramp.
 * False without SUPPORT_MIN_REFERENCE reference observations or two between. O(reference log reference).
 */
function neverReturned(series: ScoredSeries, first: number, end: number, next: number): boolean {
  const reference = finiteValuesOf(series, series.refs.get(first) ?? []);
  const from = series.starts[end + 1] as number;
  const to = series.starts[next] as number;
  if (reference.length < SUPPORT_MIN_REFERENCE || to - from < 2) return false;
  const high = quantile(reference, SUPPORT_QUANTILE);
  const mid = from + Math.ceil((to - from) / 2);
  const leans = (x: number, y: number): boolean => exceedanceZ(countAbove(series, high, x, y), y - x) >= LEAN_Z;
  return exceedanceZ(countAbove(series, high, from, to), to - from) >= SUPPORT_Z && leans(from, mid) && leans(mid, to);
}

/** One cluster of two: their windows, the span of both, a model's scope over a global one. */
function joinTwo(a: Cluster, b: Cluster): Cluster {
  const members = new Map<number, number[]>();
  for (const c of [a, b])
    for (const [s, ws] of c.members)
      members.set(
        s,
        [...new Set([...(members.get(s) ?? []), ...ws])].sort((x, y) => x - y),
      );
  return {
    scope: a.scope.startsWith("*") ? b.scope : a.scope,
    fromMs: Math.min(a.fromMs, b.fromMs),
    toMs: Math.max(a.toMs, b.toMs),
    members,
  };
}

function timeRangeOf(startMs: number, endMs: number): { start: string; end: string } {
  return { start: fromEpochMillis(Math.floor(startMs)), end: fromEpochMillis(Math.floor(endMs)) };
}

/** The store's series as the detection reads them: counters, missing reports, timeouts, deployments. */
function readStore(store: EventStore, minHistory: number): void {
  // An error reporter that forwards cumulative counters (a Prometheus bridge) is read as increments.
  store.readCounters(SOURCE.errorPayload);
  // A regular throughput exporter's missing window is a window without requests (delta exporters leave empty ones out).
  store.fillMissingReports(SOURCE.throughputPayload);
  // Timed-out requests are censored latencies: latency evidence unless the model's p95 is censored anyway.
  store.dropCensoredLatency(SOURCE.latency, MIN_EFFECT.ratio);
  // One model id that two deployments call with enough traffic each is two series (day 27 of the held-out suite).
  store.keyDeployments(SERIES_MIN_HISTORIES * minHistory);
}

function analyzeStore(store: EventStore, options: AnalyzeIncidentsOptions): IncidentAnalysis {
  const settings = detectionSettings(options);
  readStore(store, settings.minHistory);
  const models = store.modelNames();
  const hasData = store.observations > 0;
  const [dataStart, dataEnd] = hasData ? [store.minMs, store.maxMs] : [0, 0];
  const detectedAt = options.detectedAt ?? (hasData ? fromEpochMillis(Math.floor(dataEnd)) : fromEpochMillis(0));

  const grids = windowGrids(store, { dataStart, dataEnd, hasData, windowMs: options.windowMs });
  const grid = grids.common;
  const { width, windows } = grid;

  const sources = hasData ? chooseSources(store, SERIES_MIN_HISTORIES * settings.minHistory) : [];
  const chosen = withTargetedFindings(sources, store, models);
  const gridOf = (c: Chosen): Grid => (c.scope === undefined ? grid : (grids.ofScope.get(c.scope) ?? grid));
  const scored = scoreAll(chosen, gridOf, settings, store);

  // Anomalies, grouped per scope, then across models (in time: scopes may have different widths).
  const flaggedAll = flaggedWindows(scored);
  const { kept, retired } = withoutRetired(withoutLoadOnly(flaggedAll, { chosen, scored }), { chosen, scored, store });
  const merged = mergeGlobalClusters(clusterByScope(kept, { chosen, scored }), { chosen, scored, store, models });

  // Gate, join the clusters of a shared upstream, and build incidents.
  const Z = settings.threshold;
  const gated = merged.filter((cluster) => isIncident(cluster, { chosen, scored, Z, finer: grids.finer }));
  const witnesses = merged.filter((c) => !c.scope.startsWith("*") && !gated.includes(c));
  const quiet = quietFirstModels(gated, merged, { chosen, scored, store });
  const joined = joinSharedUpstream(gated, { chosen, scored, store, witnesses, quiet });
  const { incidents, incidentOf } = buildIncidents(joined, { scored, chosen, store, grid, settings, detectedAt });
  const anomalies = detectedAnomalies(flaggedAll, { chosen, scored, Z, incidentOf });

  const inIncident = new Set(incidents.flatMap((incident) => incident.series.map((s) => s.series_id)));
  const mode = options.seriesPoints ?? "incidents";
  const series = scored.map((s, i) =>
    analyzedSeries(s, chosen[i]!, (id) => mode === "all" || (mode === "incidents" && inIncident.has(id))),
  );

  return {
    version: 1,
    detected_at: detectedAt,
    summary: summarize(incidents, {
      anomalies: anomalies.length,
      series: series.length,
      windows,
      width,
      events: store.events,
      narrower: new Set(chosen.filter((_, i) => scored[i]!.grid.width < width).map((c) => c.model)).size,
      retired,
    }),
    input: {
      events: store.events,
      duplicate_events: store.duplicates,
      events_with_signals: store.size,
      observations: store.observations,
      time_range: hasData ? timeRangeOf(dataStart, dataEnd) : null,
      models,
    },
    method: {
      window_ms: width,
      window_choice: options.windowMs === undefined ? "auto" : "given",
      windows,
      threshold_z: Z,
      min_history_windows: settings.minHistory,
      baseline_windows: settings.baselineWindows,
    },
    series,
    anomalies,
    incidents,
  };
}

/**
 * The span over which events arrive at their usual rate: windows at either end holding fewer
 * than a quarter of the median window's observations are the ragged edges of the capture (late
 * completions of requests started before it ended), not a fall in traffic. Event-rate series
 * are not scored there. A cut leaves at most the partial window at each end plus the windows
 * the longest request in flight reaches into (a request is logged when it ends: one that began
 * before the end and ends after it is missing from the windows up to its length before the
 * end), so no more is trimmed: a collapse that runs to the end of the capture is a fall, not an
 * edge (before, a busy model's last 17 minutes at ×0.04 were all trimmed and nothing was found).
 */
function steadyRange(
  store: EventStore,
  range: {
    readonly origin: number;
    readonly width: number;
    readonly windows: number;
    readonly dataStart: number;
    readonly dataEnd: number;
  },
): { start: number; end: number } {
  const { origin, width, windows, dataStart, dataEnd } = range;
  if (windows < STEADY_MIN_WINDOWS) return { start: dataStart, end: dataEnd };
  const hist = new Float64Array(windows);
  for (const raw of store.series) {
    const t = raw.times.data;
    for (let i = 0; i < raw.times.length; i++) {
      const j = Math.min(windows - 1, Math.max(0, Math.floor(((t[i] as number) - origin) / width)));
      hist[j] = (hist[j] as number) + 1;
    }
  }
  const typical = medianOf(hist);
  // The longest request duration observed (served requests; a timed-out one ends at the deadline
  // as a failure and is not in the latency series).
  let longest = 0;
  for (const raw of store.series) {
    if (raw.source !== SOURCE.latency) continue;
    const v = raw.values.data;
    for (let i = 0; i < raw.values.length; i++) longest = Math.max(longest, finite(v[i] as number));
  }
  const firstAtMost = Math.floor((dataStart + longest - origin) / width);
  const lastAtLeast = Math.floor((dataEnd - longest - origin) / width);
  let first = 0;
  while (first < Math.min(windows - 1, firstAtMost) && (hist[first] as number) < typical / RAGGED_PART) first++;
  let last = windows - 1;
  while (last > Math.max(first, lastAtLeast) && (hist[last] as number) < typical / RAGGED_PART) last--;
  return {
    start: first === 0 ? dataStart : origin + first * width,
    end: last === windows - 1 ? dataEnd : origin + (last + 1) * width - 1,
  };
}

function seriesPoints(s: ScoredSeries): SeriesWindow[] {
  const out: SeriesWindow[] = [];
  const num = (x: number): number | null => (Number.isFinite(x) ? x : null);
  for (let j = 0; j < s.grid.windows; j++) {
    out.push({
      window_start: fromEpochMillis(windowStartMs(s, j)),
      value: s.has[j] === 1 ? num(s.value[j] as number) : null,
      baseline: num(s.baseline[j] as number),
      lower: num(s.lower[j] as number),
      upper: num(s.upper[j] as number),
      z: num(s.z[j] as number),
      count: s.count[j] as number,
      anomalous: s.flagged[j] === 1,
    });
  }
  return out;
}

/**
 * Whether throughput window j, flagged as a fall, continues the fall flagged at window i of the
 * same series: no request in any window from i to j. The windows between may go unflagged — a
 * baseline that follows a declining evening, or that takes in the silence's first windows,
 * expects a few requests there and a window without them is then no anomaly by itself (fourth
 * day 15: the first silent 5-minute window z −7.9, the next five z −1.3 to 0, the next two
 * z −7.7 when the reference was the night) — but nothing returned between them: one outage, not
 * two episodes, whatever the gap.
 */
function silentSince(series: ScoredSeries, i: number | undefined, j: number): boolean {
  if (i === undefined || series.spec.signal !== "throughput") return false;
  if (!((series.z[i] as number) < 0 && (series.z[j] as number) < 0)) return false;
  for (let k = i; k <= j; k++) if (series.has[k] === 1 && (series.value[k] as number) > 0) return false;
  return true;
}

/**
 * Whether the per-request series that was flagged at window `last` of a scope's cluster (the
 * cluster's latest flagged window being `to`) is seen back at its ordinary level after it up to
 * `j`: every window holds at least half the requests of the series' median window (a model
 * serving at its usual volume, where the fault would show as it did: a window of one or two
 * requests under a 16 % failure share shows nothing either way — third 6161 day 7, a 22-minute
 * burst on a model of 3 requests a median 2-minute window, was split by a first version on
 * 1, 2 and 1 requests), and read as one run (Stouffer's Σz ÷ √n of the windows' own z,
 * as runs are tested) they lean neither way (|z| < LEAN_Z), over at least MAX_GAP_WINDOWS windows
 * and RECOVERY_MS. One slow tail window among them is an ordinary window's chance (7 % lean a
 * given way), not the fault still on. A service that recovered and then fails again
 * is two episodes, as an alert that resolved and fires again is two notifications: the
 * clustering gap bridges windows that say nothing (a sparse model's empty windows, a windowed
 * payload's quiet ones), not windows that show the model healthy (third 8128 day 29: a latency
 * spike on a 27-a-minute model, again 10 minutes after it ended, nine ordinary 1-minute windows
 * between, one incident). Counts (throughput, findings) are left to the gap: their windows
 * always hold a value, and a lull or a burst is not a request served at its ordinary level.
 */
function recoveredBetween(series: ScoredSeries, last: number | undefined, to: number, j: number): boolean {
  if (last === undefined || last !== to || series.spec.kind === "count") return false;
  const need = Math.max(MAX_GAP_WINDOWS, Math.ceil(RECOVERY_MS / series.grid.width));
  if (j - last - 1 < need) return false;
  const counts: number[] = [];
  for (let k = series.first; k <= series.last; k++) if (series.has[k] === 1) counts.push(series.count[k] as number);
  const ordinary = medianOf(counts);
  let sum = 0;
  for (let k = last + 1; k < j; k++) {
    const z = series.z[k] as number;
    if (series.has[k] !== 1 || !Number.isFinite(z) || 2 * (series.count[k] as number) < ordinary) return false;
    sum += z;
  }
  return Math.abs(sum) / Math.sqrt(j - last - 1) < LEAN_Z;
}

/**
 * The flagged windows grouped per scope (a model, or one global signal: the relation table decides
 * later which belong together) into runs whose quiet gaps are at most the clustering gap. Windowed
 * payloads (one record per 5 minutes, say) and sparse counts leave quiet windows between anomalous
 * ones: the allowed gap is at least MAX_GAP_WINDOWS windows, 10 minutes and two payload spans.
 * O(f log f) in the flagged windows.
 */
function clusterByScope(
  flaggedAll: readonly { s: number; j: number }[],
  ctx: { readonly chosen: readonly Chosen[]; readonly scored: readonly ScoredSeries[] },
): Cluster[] {
  const { chosen, scored } = ctx;
  const clusters: Cluster[] = [];
  const byScope = new Map<string, { s: number; j: number }[]>();
  for (const f of flaggedAll) {
    const scope = chosen[f.s]!.scope ?? `*${chosen[f.s]!.signal}`;
    const list = byScope.get(scope) ?? [];
    list.push(f);
    byScope.set(scope, list);
  }
  for (const [scope, list] of byScope) {
    // One scope, one grid: its windows are comparable by index.
    list.sort((a, b) => a.j - b.j || a.s - b.s);
    const width = scored[list[0]!.s]!.grid.width;
    let longest = 0;
    for (const f of list) longest = Math.max(longest, scored[f.s]!.raw.span);
    const gap = Math.max(MAX_GAP_WINDOWS, Math.ceil(MIN_GAP_MS / width), Math.ceil((GAP_SPANS * longest) / width));
    let current: Cluster | undefined;
    let to = 0;
    for (const f of list) {
      const start = windowStartMs(scored[f.s]!, f.j);
      const continues = current !== undefined && silentSince(scored[f.s]!, current.members.get(f.s)?.at(-1), f.j);
      const recovered =
        current !== undefined && recoveredBetween(scored[f.s]!, current.members.get(f.s)?.at(-1), to, f.j);
      if (current === undefined || (f.j > to + gap && !continues) || recovered) {
        current = { scope, fromMs: start, toMs: start + width, members: new Map() };
        clusters.push(current);
      }
      to = Math.max(to, f.j);
      current.toMs = Math.max(current.toMs, start + width);
      const ws = current.members.get(f.s) ?? [];
      ws.push(f.j);
      current.members.set(f.s, ws);
    }
  }
  return clusters;
}

/**
 * The models a global cluster's anomaly is about, or undefined when it is about none in
 * particular. The anomalous part of a burst of findings is its excess over the baseline (Σ count −
 * baseline over its flagged windows); the fewest targets whose findings cover that excess carry
 * it (largest first). When each of them names a model of the day (exactly, or as the last part of
 * a resource such as `model:gpt-4o-mini` or `models/gemini-1.5-pro`), those are the models; a
 * target naming none (a user, an endpoint, no target at all) leaves the cluster unrestricted.
 * O(findings in its windows × models).
 */
function modelsNamedBy(
  cluster: Cluster,
  ctx: { readonly scored: readonly ScoredSeries[]; readonly store: EventStore; readonly models: readonly string[] },
): Set<string> | undefined {
  const { scored, store, models } = ctx;
  const modelOf = (target: string | undefined): string | undefined => modelOfTarget(target, models);
  const counts = new Map<string, number>(); // model, or "" for a finding naming none
  let excess = 0;
  for (const [s, ws] of cluster.members) {
    const series = scored[s]!;
    for (const j of ws) {
      const baseline = series.baseline[j] as number;
      excess += (series.count[j] as number) - (Number.isFinite(baseline) ? baseline : 0);
      for (let i = series.starts[j] as number; i < (series.starts[j + 1] as number); i++) {
        const key = modelOf(store.target(series.events[i] as number)) ?? "";
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const named = new Set<string>();
  let covered = 0;
  for (const [key, n] of ranked) {
    if (covered >= excess && named.size > 0) break;
    if (key === "") return undefined;
    named.add(key);
    covered += n;
  }
  return named.size === 0 ? undefined : named;
}

/**
 * The model of the day a finding's target names: exactly, as the last part of a resource
 * (`model:gpt-4o-mini`, `models/gemini-1.5-pro`), or as a model id behind a provider prefix, the
 * LiteLLM form `<provider>/<model>` (docs.litellm.ai, "Providers"): a guard that tags
 * `meta-llama/Llama-3.1-8B-Instruct` names the gateway's `hosted_vllm/meta-llama/Llama-3.1-8B-Instruct`
 * when no other model id of the day ends so (held-out --seed 1111 days 22 and 28: the attacked
 * models are logged through LiteLLM, their threats tagged with the bare name).
 */
function modelOfTarget(target: string | undefined, models: readonly string[]): string | undefined {
  if (target === undefined || models.includes(target)) return target;
  const named = models.find((m) => target.endsWith(`:${m}`) || target.endsWith(`/${m}`));
  if (named !== undefined) return named;
  const name = /^[A-Za-z_]+:(.+)$/.exec(target)?.[1] ?? target;
  const prefixed = models.filter((m) => m.endsWith(`/${name}`));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/**
 * The security findings aimed at one model, as a series of that model (`TARGETED_FINDINGS`). A
 * wave of threats against one model of many is a change of that model's own finding rate; read
 * only over all events it is compared with every model's findings together, a background that
 * the other models' targets make many times the targeted model's own (held-out --seed 6262 day
 * 27: 14 threats in a 30-minute window against 3.6 over all targets, z 4.1; almost none of
 * them named gemini-2.0-flash before). The series over all events stays (a finding naming no
 * model, a wave spread over many); the two are one burst and join (`mergeGlobalClusters`).
 * O(findings · models).
 */
function withTargetedFindings(chosen: readonly Chosen[], store: EventStore, models: readonly string[]): Chosen[] {
  const scopeOf = new Map<string, string | undefined>(); // undefined: the model has several scopes
  for (const c of chosen)
    if (c.model !== undefined)
      scopeOf.set(c.model, !scopeOf.has(c.model) || scopeOf.get(c.model) === c.scope ? c.scope : undefined);
  const added: Chosen[] = [];
  for (const c of chosen) {
    if (c.scope !== undefined || !TARGETED_FINDINGS.has(c.signal)) continue;
    const byModel = new Map<string, RawSeries>();
    const events = c.raw.events.data;
    for (let i = 0; i < c.raw.times.length; i++) {
      const model = modelOfTarget(store.target(events[i] as number), models);
      if (model === undefined) continue;
      let raw = byModel.get(model);
      if (raw === undefined) {
        raw = new RawSeries(c.raw.source, model, undefined);
        byModel.set(model, raw);
      }
      raw.times.push(c.raw.times.data[i] as number);
      raw.values.push(c.raw.values.data[i] as number);
      raw.totals.push(c.raw.totals.data[i] as number);
      raw.events.push(events[i] as number);
    }
    for (const [model, raw] of byModel) {
      // The model's own scope when its series are pooled, so the wave clusters with what it does to
      // the model; a model kept per deployment has no one scope and the findings keep their own.
      const scope = scopeOf.get(model) ?? `{${seriesLabels(model, undefined)}}`;
      added.push({
        raw,
        signal: c.signal,
        model,
        deployment: undefined,
        scope,
        id: seriesId(c.signal, model, undefined),
      });
    }
  }
  return [...chosen, ...added].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Global clusters (security, governance, budget signals) join other clusters when they overlap
 * them and the relation table links one of their signals to one of the other's: as a cause
 * (starting no later) they join every such cluster, which then share the incident; as an effect
 * they join the earliest one. A global cluster whose findings are about particular models
 * (`modelsNamedBy`: a threat burst aimed at one model) joins only those models' clusters: an
 * attack on one model neither causes nor follows another model's latency spike. Model clusters
 * join each other only in `joinSharedUpstream`.
 */
function mergeGlobalClusters(
  clusters: readonly Cluster[],
  ctx: {
    readonly chosen: readonly Chosen[];
    readonly scored: readonly ScoredSeries[];
    readonly store: EventStore;
    readonly models: readonly string[];
  },
): Cluster[] {
  const { chosen, scored } = ctx;
  const globals = clusters.filter((c) => c.scope.startsWith("*"));
  // Within MAX_GAP_WINDOWS of each other: the gap between the windows, at the coarser width.
  const near = (a: Cluster, b: Cluster): boolean => {
    const reach = (MAX_GAP_WINDOWS - 1) * Math.max(clusterWidth(a, scored), clusterWidth(b, scored));
    return a.fromMs <= b.toMs + reach && b.fromMs <= a.toMs + reach;
  };
  const modelOf = scopeModels(chosen);
  const parent = new Map<Cluster, Cluster>();
  const find = (c: Cluster): Cluster => {
    let r = c;
    while (parent.has(r)) r = parent.get(r)!;
    return r;
  };
  const union = (a: Cluster, b: Cluster): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  const signalsOf = (c: Cluster): IncidentSignal[] => [...c.members.keys()].map((s) => chosen[s]!.signal);
  const links = (from: Cluster, to: Cluster): boolean =>
    signalsOf(from).some((a) => signalsOf(to).some((b) => a === b || causalRelationOf(a, b) !== undefined));
  for (const g of globals) {
    const named = withOwnBurst(
      modelsNamedBy(g, ctx),
      g,
      clusters.filter((c) => c !== g && near(g, c)),
      ctx,
    );
    const overlapping = clusters.filter(
      (c) =>
        c !== g &&
        near(g, c) &&
        (named === undefined || c.scope.startsWith("*") || named.has(modelOf.get(c.scope) ?? c.scope)),
    );
    const caused = overlapping.filter((c) => g.fromMs <= c.fromMs && links(g, c));
    for (const c of caused) union(c, g);
    if (caused.length > 0) continue;
    const causes = overlapping.filter((c) => c.fromMs <= g.fromMs && links(c, g)).sort((a, b) => a.fromMs - b.fromMs);
    if (causes.length > 0) union(g, causes[0]!);
  }
  const groups = new Map<Cluster, Cluster>();
  for (const c of clusters) {
    const root = find(c);
    let merged = groups.get(root);
    if (merged === undefined) {
      merged = { scope: root.scope, fromMs: c.fromMs, toMs: c.toMs, members: new Map() };
      groups.set(root, merged);
    }
    merged.fromMs = Math.min(merged.fromMs, c.fromMs);
    merged.toMs = Math.max(merged.toMs, c.toMs);
    if (!c.scope.startsWith("*")) merged.scope = c.scope;
    for (const [s, ws] of c.members)
      merged.members.set(
        s,
        [...(merged.members.get(s) ?? []), ...ws].sort((a, b) => a - b),
      );
  }
  return [...groups.values()].sort((a, b) => a.fromMs - b.fromMs || (a.scope < b.scope ? -1 : 1));
}

/**
 * Of the models a global cluster of findings names, those whose own findings burst with it (their
 * series cut by target, `withTargetedFindings`, is flagged in a cluster near it), when any does:
 * the burst is theirs, and a few findings the wave's windows hold on other models are strays
 * (a test case: 90 threats on one model in 30 minutes, 2 on the model slowed 3 minutes later, 1
 * on a third, against 0.6 the baseline expected: the three models covered the excess). `named`
 * as it is otherwise. O(near clusters · members).
 */
function withOwnBurst(
  named: Set<string> | undefined,
  g: Cluster,
  near: readonly Cluster[],
  ctx: { readonly chosen: readonly Chosen[] },
): Set<string> | undefined {
  if (named === undefined) return undefined;
  const signals = new Set([...g.members.keys()].map((s) => ctx.chosen[s]!.signal));
  const bursting = new Set<string>();
  for (const c of near)
    for (const s of c.members.keys()) {
      const x = ctx.chosen[s]!;
      if (x.model !== undefined && TARGETED_FINDINGS.has(x.signal) && signals.has(x.signal) && named.has(x.model))
        bursting.add(x.model);
    }
  return bursting.size > 0 ? bursting : named;
}

/**
 * The flagged windows of each member that count as evidence of an incident (`isIncident`). A
 * model's throughput counts only where it collapses from regular traffic (`isCollapse`): a rise
 * opens none, though it stays a member. A policy-violation count over all events counts where
 * the traffic does not explain it (`trafficExplains`). One model's findings cut from a count over
 * all events (`withTargetedFindings`) count where that count rose too (its series is a member:
 * the same burst), else only as a burst beyond the highest rate their sparse baseline allows
 * (`findingsBurstZ`): a few findings a window that move between the targets with their tenants'
 * daily curves and sessions, and leave the total as it was, are no wave. O(members × windows).
 */
function evidenceWindows(
  cluster: Cluster,
  ctx: { readonly chosen: readonly Chosen[]; readonly scored: readonly ScoredSeries[]; readonly Z: number },
): Map<number, readonly number[]> {
  const { chosen, scored, Z } = ctx;
  let requestSeries: ScoredSeries[] | undefined;
  const requests = (): readonly ScoredSeries[] => {
    requestSeries ??= scored.filter((_, i) => chosen[i]!.signal === "throughput" && chosen[i]!.scope !== undefined);
    return requestSeries;
  };
  const overAllRose = new Set<IncidentSignal>();
  for (const s of cluster.members.keys()) if (chosen[s]!.scope === undefined) overAllRose.add(chosen[s]!.signal);
  const out = new Map<number, readonly number[]>();
  for (const [s, all] of cluster.members) {
    const series = scored[s]!;
    const c = chosen[s]!;
    const ws =
      c.signal === "throughput"
        ? all.filter((j) => isCollapse(series, j, Z))
        : c.signal === "policy_violations" && c.scope === undefined
          ? all.filter((j) => !trafficExplains(series, j, requests()))
          : c.model !== undefined && TARGETED_FINDINGS.has(c.signal)
            ? all.filter((j) => overAllRose.has(c.signal) || findingsBurstZ(series, j) >= Z)
            : all;
    if (ws.length > 0) out.set(s, ws);
  }
  return out;
}

/**
 * Whether a cluster is reported as an incident: its evidence, not its size. The series that
 * count are those whose own observations carry the change (`requestSupport`), and one of them
 * must be primary (a budget alert alone is no incident). Then the change must persist, in two
 * distinct windows (the same window seen through two series of the same requests, such as
 * throughput and their spend, is one), or be beyond doubt in one: |z| at twice the threshold, or
 * a burst of findings (security and governance events, which are alarms already, unlike traffic
 * that is bursty by nature) anomalous even against the highest rate its baseline allows
 * (`findingsBurstZ`). O(members × windows).
 */
function isIncident(
  cluster: Cluster,
  ctx: {
    readonly chosen: readonly Chosen[];
    readonly scored: readonly ScoredSeries[];
    readonly Z: number;
    readonly finer: ReadonlySet<string>;
  },
): boolean {
  const { chosen, scored, Z, finer } = ctx;
  const evidence = evidenceWindows(cluster, ctx);
  const distinct = new Set<number>();
  let maxZ = 0;
  let primary = false;
  let burst = false;
  for (const [s, ws] of evidence) {
    const series = scored[s]!;
    const targeted = chosen[s]!.model !== undefined && TARGETED_FINDINGS.has(chosen[s]!.signal);
    // A scope cut finer than the common width on a wide day (`windowGrids`): its traffic counts are
    // judged against an index of peers that mostly do not reach 5 requests at that width, and
    // sessions and bursts that a wide window averages out; its throughput stays a member but
    // opens no incident (held-out --seed 6262 day 12: two hour-long falls of a model's sessions)
    // — except through its silent windows (`silentWindows`).
    const finerThroughput = chosen[s]!.signal === "throughput" && finer.has(chosen[s]!.scope ?? "");
    const counted = finerThroughput ? silentWindows(series, ws) : ws;
    if (counted.length === 0) continue;
    if (requestSupport(series, counted) < SUPPORT_Z && supportBesideRun(series, counted) < SUPPORT_Z) continue;
    for (const j of counted) {
      distinct.add(windowStartMs(series, j));
      if (!failureBlip(series, j)) maxZ = Math.max(maxZ, Math.abs(series.z[j] as number));
      // Failures that hold through both halves of a window's requests persist within it (a
      // batch's window): a second distinct time, as a second window would be.
      // So do sizes whose rise holds through both halves (`sizesPersistWithin`), and a change
      // that holds through the halves either side of the window's boundary with a neighbour
      // (`persistsAcross`).
      if (ws.length === 1 && (persistsWithin(series, j) || persistsAcross(series, j)))
        distinct.add(windowStartMs(series, j) + 1);
    }
    const isPrimary = !SIGNAL_SPECS[chosen[s]!.signal].secondary && !series.spec.secondary;
    if (isPrimary) primary = true;
    if (isPrimary && (chosen[s]!.model === undefined || targeted) && series.spec.kind === "count")
      for (const j of ws) if (findingsBurstZ(series, j) >= Z) burst = true;
  }
  return primary && (distinct.size >= PERSIST_WINDOWS || maxZ >= BEYOND_DOUBT_FACTOR * Z || burst);
}

/**
 * Whether flagged window `j` of an error-rate series is a blip: its failures beyond the
 * baseline's share all fall within less than a minute, the finest window the analysis reads,
 * among under a third of the window's requests (`excessFailureStretch`), so that most of its
 * requests were served at the usual share around them. Such a window is no evidence beyond
 * doubt however large its z: a deployment's restart drops the requests in flight in a few
 * seconds, and a model serving thousands of requests a minute turns those into a z of 15–30
 * (third --seed 6174 day 36: about 400 failures of 5 742 in 4 seconds, z 16.7 and 30.4 in its two
 * tenants' scopes), while a user or an operator saw a few seconds of 503s that retries absorb. A
 * fault that lasts as long as the finest window is seen in a second window (PERSIST_WINDOWS), so
 * only a change over within a minute is set aside, as `sizesPersistWithin` asks its halves to
 * span a minute each. Failures that fill a batch landing in one window are no blip: the batch is
 * most of the window's requests, and the trickle after it cannot show the model recovered
 * (batch-faults.test.ts, a burst from the middle of an hourly batch of 200).
 */
function failureBlip(series: ScoredSeries, j: number): boolean {
  const stretch = excessFailureStretch(series, j);
  if (stretch === undefined || stretch.ms >= (WINDOW_LADDER_MINUTES[0] as number) * MINUTE) return false;
  const from = series.starts[j] as number;
  const to = series.starts[j + 1] as number;
  return 3 * stretch.requests < to - from;
}

/**
 * The flagged falls among throughput windows `ws` that hold no request at all. A narrowed scope's
 * counts are evidence of an incident only there (`isIncident`): what keeps its throughput out —
 * sessions and bursts a wide window averages out, an index of peers too thin at its width —
 * explains fewer requests, not none. A lull between sessions is a silence too, but the baseline
 * that shows such lulls judges a silence no longer than them with φ_k (`silenceDispersion`, the
 * avoidance function of a cluster process), so an empty window flagged is one longer than any the
 * baseline held (held-out --seed 991 day 19: a 15-minute scope's 1, 0, 0, 0 against 9–13, z −6.8,
 * on a day of 120-minute windows; the false falls of --seed 6262 day 12 kept 3–9 requests a window).
 */
function silentWindows(series: ScoredSeries, ws: readonly number[]): number[] {
  // A window flagged only within a fall judged as one run (detect.ts `frozenRunFalls`) was not
  // judged as a silence against the model's lulls: an empty one there is a Poisson zero of the
  // run's lower level (wide-window.test.ts: 4.5 a window at 5 minutes).
  return ws.filter((j) => (series.z[j] as number) < 0 && !series.runWindows?.has(j) && silentWindow(series, j));
}

/**
 * Whether the requests evaluated explain flagged window `j` of the policy-violation count: a
 * policy engine judges requests (every prompt or response it is given), so its violations are a
 * share of the traffic it saw, and more traffic brings more violations at the same share (a busy
 * hour, a batch, a tenant's burst) with no change in what is asked or in the policies. The window's
 * count is compared with the baseline's violations per request (its reference windows', the same
 * windows its z was scored against) times the requests of the window, all models' requests
 * counted from their throughput series (a request event is one, a windowed report its count): window `j`
 * is explained by its traffic when the traffic itself rose beyond chance (its requests beyond
 * their references' mean at the tail a series' own requests must reach to be evidence,
 * `SUPPORT_Z`, 0.1 %, exact Poisson) and the count is short of that tail against the traffic's
 * expectation. A count that rose while the traffic did not (or by a few percent: held-out
 * `--seed 6262` day 26's second window, 48 requests against 45) is judged as before.
 * O(requests in the windows · log).
 */
function trafficExplains(series: ScoredSeries, j: number, requests: readonly ScoredSeries[]): boolean {
  const ref = series.refs.get(j);
  if (ref === undefined || ref.length === 0 || requests.length === 0) return false;
  const width = series.grid.width;
  const inWindow = (w: number): number => {
    const from = windowStartMs(series, w);
    let n = 0;
    for (const r of requests) {
      for (let i = lowerBoundOf(r.times, from); i < r.times.length && (r.times[i] as number) < from + width; i++) {
        // A windowed report (v requests over d ms) counts its requests; an event is one.
        const span = r.totals.length > i ? (r.totals[i] as number) : 0;
        n += span > 0 ? Math.max(0, finite(r.values[i] as number)) : 1;
      }
    }
    return n;
  };
  let refRequests = 0;
  let refCount = 0;
  for (const w of ref) {
    refRequests += inWindow(w);
    refCount += Math.max(0, finite(series.value[w] as number));
  }
  const here = inWindow(j);
  if (!(refRequests > 0) || !(here > refRequests / ref.length)) return false;
  // The traffic rose beyond chance itself, and at the baseline's share it leaves the count unremarkable.
  if (zOfLogUpperTail(lnPoissonUpperTail(here, refRequests / ref.length)) < SUPPORT_Z) return false;
  const expected = (Math.max(refCount, 0.5) * here) / refRequests;
  const count = series.value[j] as number;
  return zOfLogUpperTail(lnPoissonUpperTail(count, expected)) < SUPPORT_Z;
}

/**
 * The largest share of a collapse's baseline windows that may be as low as a collapse (1 in 8).
 * Chosen; swept in round seventeen (1 in 16 and 1 in 4 on the days where they bind). Row:
 * docs/correlation.md, "The constants of onset and root choice".
 */
const IRREGULAR_SHARE = 1 / 8;

/**
 * Whether flagged throughput window `j` is evidence of an incident: a fall, from traffic that
 * was regular. A rise in a model's request rate is no incident kind (a latency spike, an error
 * burst, a token explosion, a collapse, an attack or a governance cascade is): load that hurts
 * nothing — a cron batch, a backfill, a busy hour — is only load; where it does hurt, the
 * latency or errors it causes open the incident, and the rise joins it as a member (overload is
 * in the relations table; so is a retry storm after errors). A fall counts only when the
 * windows its baseline spans (every window from its first reference window to its last,
 * masked or not, an empty one as zero) were rarely as low: at most IRREGULAR_SHARE of them at
 * or below their median ÷ MIN_EFFECT.trafficRatio — of their k-window sums, for a fall silent
 * over k windows (`regularAtLength`). Intermittent traffic (batches every
 * 15 minutes on 10-minute windows leave every third window empty) has such gaps in its own
 * baseline, so the next gap is no collapse; steady traffic large enough for a fall to reach
 * the threshold (tens of requests a window) is that low by chance with negligible probability.
 * O(baseline span).
 */
function isCollapse(series: ScoredSeries, j: number, Z: number): boolean {
  if (!((series.z[j] as number) < 0)) return false;
  const ref = series.refs.get(j);
  if (ref === undefined || ref.length === 0 || series.gapWindows?.has(j) === true) return true;
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const w of ref) {
    from = Math.min(from, w);
    to = Math.max(to, w);
  }
  // The fall under test is no part of its own baseline's span: a short history is topped up with
  // the windows after the run (`referenceWindows` in detect.ts), which may be the fall's own.
  const fell = (w: number) => series.flagged[w] === 1 && (series.z[w] as number) < 0;
  let runFrom = j;
  let runTo = j;
  while (runFrom - 1 >= from && fell(runFrom - 1)) runFrom--;
  while (runTo + 1 <= to && fell(runTo + 1)) runTo++;
  // The whole fall, wherever its baseline lies: after traffic, longer than the model's own lulls,
  // and against the same hours of the other days.
  let fallFrom = j;
  let fallTo = j;
  while (fallFrom - 1 >= series.first && fell(fallFrom - 1)) fallFrom--;
  while (fallTo + 1 <= series.last && fell(fallTo + 1)) fallTo++;
  if (!regularAtLength(series, { from, to }, { from: runFrom, to: runTo }, fallStretch(series, fallFrom, fallTo)))
    return false;
  if (!heldTrafficBefore(series, fallFrom) || lullsAsLong(series, fallFrom, fallTo)) return false;
  return !dailyCycleExplains(series, fallFrom, fallTo, Z);
}

/**
 * Whether a throughput series held traffic before window `runFrom`: some earlier window of its
 * scored range with a request. A fall is a change from a level the model held; a run that opens
 * the series (its first windows, the reference topped up from the windows after it, detect.ts
 * `referenceWindows`) is a model joining and ramping up to its level (fourth --seed 7 day 28:
 * harbor-rag-13b joins at 20:32 and sends 8, 10, 41, 45, 78, … 146 a minute against a reference
 * of its 200 a minute ten minutes later), which the capture cannot tell from a collapse it began in.
 * O(run start).
 */
function heldTrafficBefore(series: ScoredSeries, runFrom: number): boolean {
  for (let w = series.first; w < runFrom; w++) if (series.has[w] === 1 && (series.value[w] as number) > 0) return true;
  return false;
}

/**
 * The lower tail a window's count must reach against its baseline to be a lull (`isLull`): 5 %,
 * the level at which the dispersion tests read a pattern (detect.ts `DISPERSION_ALPHA`).
 */
const LULL_LN_ALPHA = Math.log(0.05);

/**
 * Whether window `w` of a throughput series is a lull: its count MIN_EFFECT.trafficRatio (×3) or
 * more below its baseline (the least fall a throughput window may flag) and in the 5 % lower tail
 * of a Poisson count at that baseline (an empty window where 1.5 requests were due is no lull:
 * e^−1.5 = 22 %). O(1).
 */
function isLull(series: ScoredSeries, w: number): boolean {
  const expected = series.baseline[w] as number;
  const count = series.value[w] as number;
  if (series.has[w] !== 1 || !(expected > 0) || !Number.isFinite(count)) return false;
  if (count * MIN_EFFECT.trafficRatio > expected) return false;
  return lnPoissonLowerTail(Math.max(0, count), expected) < LULL_LN_ALPHA;
}

/**
 * A run of flagged falls (`runFrom`…`runTo`) grown over the lulls, empty windows and flagged falls
 * that follow within the clustering gap (MAX_GAP_WINDOWS): the fall's whole stretch (`lullsAsLong`).
 */
function fallStretch(series: ScoredSeries, runFrom: number, runTo: number): { from: number; to: number } {
  const fell = (w: number) => series.flagged[w] === 1 && (series.z[w] as number) < 0;
  const silent = (w: number) => silentWindow(series, w);
  const inFall = (w: number) => fell(w) || silent(w) || isLull(series, w);
  // The edge moved outward over windows in the fall, each within MAX_GAP_WINDOWS of the last.
  const grow = (edge: number, step: 1 | -1): number => {
    for (let k = 1; k <= MAX_GAP_WINDOWS; k++) {
      const w = edge + step * k;
      if (w < series.first || w > series.last) break;
      if (inFall(w)) {
        edge = w;
        k = 0;
      }
    }
    return edge;
  };
  return { from: grow(runFrom, -1), to: grow(runTo, 1) };
}

/** Whether window `w` of a series is scored and holds no request (a silent window). */
function silentWindow(series: ScoredSeries, w: number): boolean {
  return series.has[w] === 1 && !((series.value[w] as number) > 0);
}

/**
 * Whether window `j` of a throughput series lies in a silence (consecutive windows without a
 * request) its own traffic's clusters cannot explain: a silence of k windows where its baseline
 * expected E requests is beyond the threshold for a run of k windows (`zFor`) at
 * P = e^(−E/F_k), F_k the Fano factor (variance over mean) of the series' own sums over k
 * consecutive windows in the rest of its scored range, at least 1, k capped at a third of it
 * (RUN_BLOCKS). When clusters (sessions, Hawkes bursts) begin as a Poisson stream and each opens
 * with a request, no request over the run means no cluster began: P ≤ e^(−E/E[S]) (the avoidance
 * function, as `silenceDispersion`), and the variance–time curve F_k tends to E[S²]/E[S] ≥ E[S]
 * (Cox and Lewis 1966, §5.2), so the bound errs toward no. Moments, not a MAD: a session model's
 * windows have a compact middle and deep lulls, and the MAD reads φ near 1 there (clust20).
 * O(series windows).
 */
function silenceBeyondOwnClusters(series: ScoredSeries, j: number, Z: number): boolean {
  const silent = (w: number) => silentWindow(series, w);
  if (!silent(j)) return false;
  let a = j;
  let b = j;
  while (a - 1 >= series.first && silent(a - 1)) a--;
  while (b + 1 <= series.last && silent(b + 1)) b++;
  const k = b - a + 1;
  let E = 0;
  for (let w = a; w <= b; w++) E += Number.isFinite(series.baseline[w] as number) ? (series.baseline[w] as number) : 0;
  const rest: number[] = [];
  for (let w = series.first; w <= series.last; w++)
    if (w < a || w > b) rest.push(series.has[w] === 1 ? Math.max(0, finite(series.value[w] as number)) : 0);
  const sums = slidingSums(rest, Math.max(1, Math.min(k, Math.floor(rest.length / RUN_BLOCKS))));
  if (sums.length < 2) return false;
  const mean = sums.reduce((t, x) => t + x, 0) / sums.length;
  const variance = sums.reduce((t, x) => t + (x - mean) ** 2, 0) / (sums.length - 1);
  const fano = mean > 0 ? Math.max(1, variance / mean) : 1;
  return zOfLogUpperTail(-E / fano) >= zFor(Z, k);
}

/**
 * The longest silence of a request series against its own silences, at their own scale: each gap
 * between two consecutive requests measured as the requests its windows' baselines expected over
 * it, E = Σ baseline_w ÷ width × overlap (a gap in a busy hour and one at night on the same
 * scale). Under a Poisson process a gap covers E ~ Exp(1); under a cluster process (Hawkes,
 * sessions, on/off) the gaps between clusters are longer, and their upper tail is read from the
 * model's own gaps: peaks over a threshold (Pickands 1975; Davison and Smith 1990, shape 0), the
 * k largest of the N other gaps above the (k+1)-th, u, their mean excess σ (at least 1, the
 * Poisson scale: no traffic is judged more regular than Poisson). The tail's independent gaps are
 * those between clusters, about N ÷ F of them, F the model's trend-free Fano factor (`allanFano`,
 * at least its mean cluster size), and k = ⌈√(N ÷ F)⌉ of them (the square-root rule for the
 * number of upper order statistics) keeps the gaps within a cluster out of the tail; with fewer
 * than MIN_GAP_EXCESSES the tail is unknown and nothing is tested. The number of gaps beyond
 * the longest one expected from that tail is k·e^(−(E − u)/σ); its z (`zOfLogUpperTail`) is the
 * silence's. One test per series (its longest gap), so no multiplicity beyond the windows'. Only
 * series of request events (a windowed report's gaps are its scrape's); a gap needs a request at
 * both ends (a model that leaves, or joins, has none); every window it overlaps must be scored.
 * O(requests + N log N).
 */
function longestGapBeyondOwn(series: ScoredSeries): { from: number; to: number; z: number } | undefined {
  const { times, totals, grid } = series;
  for (let i = 0; i < totals.length; i++) if ((totals[i] as number) > 0) return undefined;
  const expectedOver = (a: number, b: number): number => {
    let e = 0;
    for (let w = Math.floor((a - grid.origin) / grid.width); w * grid.width + grid.origin < b; w++) {
      const base = series.baseline[w] as number;
      if (w < series.first || w > series.last || series.has[w] !== 1 || !Number.isFinite(base)) return Number.NaN;
      const start = grid.origin + w * grid.width;
      e += (Math.max(0, base) / grid.width) * (Math.min(b, start + grid.width) - Math.max(a, start));
    }
    return e;
  };
  const gaps: number[] = [];
  let best = -1;
  let bestE = -1;
  for (let i = 0; i + 1 < times.length; i++) {
    const e = expectedOver(times[i] as number, times[i + 1] as number);
    if (!Number.isFinite(e)) continue;
    if (e > bestE) {
      if (best >= 0) gaps.push(bestE);
      best = i;
      bestE = e;
    } else gaps.push(e);
  }
  // Clusters, not requests, are the independent lulls: about N ÷ F of them (F ≥ the mean cluster size).
  const k = Math.ceil(Math.sqrt(gaps.length / allanFano(series)));
  if (best < 0 || k < MIN_GAP_EXCESSES || gaps.length <= k) return undefined;
  const top = gaps.sort((x, y) => y - x).slice(0, k + 1);
  const u = top[k] as number;
  const sigma = Math.max(1, top.slice(0, k).reduce((t, x) => t + x - u, 0) / k);
  const z = zOfLogUpperTail(Math.log(k) - (bestE - u) / sigma);
  return { from: times[best] as number, to: times[best + 1] as number, z };
}

/**
 * The Fano factor of a count series' scored windows (`allanFanoOf` with k = 1; a window without
 * data counts 0), 1 with fewer than two windows. O(windows).
 */
function allanFano(series: ScoredSeries): number {
  const xs: number[] = [];
  for (let w = series.first; w <= series.last; w++)
    xs.push(series.has[w] === 1 ? Math.max(0, finite(series.value[w] as number)) : 0);
  return allanFanoOf(xs, 1) ?? 1;
}

/**
 * Series `series` with the windows of its longest silence flagged when that silence is beyond its
 * own (`longestGapBeyondOwn`, |z| at the threshold): every window the silence covers for at least
 * half its width, or the one it covers most, or every one it reaches when it lasts a window or longer,
 * each carrying −z unless it was flagged lower already.
 * A hard stop inside one window (fourth --seed 8282 day 16: 28.7 minutes of a 30-minute window) or
 * one the window's φ prices as a lull (--seed 1357 day 16: 136 minutes of zeros at z −1.2 on a
 * diurnal Hawkes model) is a gap no request of the model's history came near. O(requests).
 */
function withLongGap(series: ScoredSeries, settings: DetectionSettings): ScoredSeries {
  const gap = longestGapBeyondOwn(series);
  if (gap === undefined || gap.z < settings.threshold) return series;
  const { origin, width } = series.grid;
  const overlap = (w: number) => Math.min(gap.to, origin + (w + 1) * width) - Math.max(gap.from, origin + w * width);
  const first = Math.floor((gap.from - origin) / width);
  const last = Math.floor((gap.to - origin) / width);
  let most = first;
  for (let w = first; w <= last; w++) if (overlap(w) > overlap(most)) most = w;
  const flagged = series.flagged.slice();
  const z = series.z.slice();
  const flag = (w: number) => {
    flagged[w] = 1;
    z[w] = Math.min(z[w] as number, -gap.z);
  };
  for (let w = first; w <= last; w++) if (w === most || overlap(w) * 2 >= width) flag(w);
  // A silence a window long or longer persisted as two windows do (`isIncident`), though it may fill
  // neither of the two it straddles: where fewer than two of its windows are flagged, the one it
  // reaches most of the others is too (the window the silence began in, not its start, dates it then).
  let held = 0;
  let next = -1;
  for (let w = first; w <= last; w++) {
    if (flagged[w] === 1) held++;
    else if (next < 0 || overlap(w) > overlap(next)) next = w;
  }
  if (gap.to - gap.from >= width && held < PERSIST_WINDOWS && next >= 0) flag(next);
  const gapWindows = new Set<number>();
  for (let w = first; w <= last; w++) if (flagged[w] === 1 && !series.refs.has(w)) gapWindows.add(w);
  const refs = gapRefs({ ...series, flagged }, gapWindows, settings.baselineWindows);
  return { ...series, flagged, z, refs, gapWindows };
}

/**
 * The baseline windows of the windows a silence newly flagged (`withLongGap`, `windows`), so its
 * fall is dated and rooted as the counts' own are (`downOnset`: the rate before against the rate
 * in the first flagged windows, the quiet stretch from the last request in flight): the
 * reference of a window of the silence the counts flagged, else the `baselineWindows` unflagged
 * windows with data before the silence (`baselineWindowsOf`). Without one, the onset model had
 * no baseline rate and dated the fall at the first request of its first window, before the stop
 * (root-after-onset.test.ts: 7 s early).
 */
function gapRefs(
  series: ScoredSeries,
  windows: ReadonlySet<number>,
  baselineWindows: number,
): Map<number, readonly number[]> {
  const refs = new Map(series.refs);
  if (windows.size === 0) return refs;
  const first = Math.min(...windows);
  let ref: readonly number[] | undefined;
  for (let w = first; w <= Math.max(...windows) && ref === undefined; w++) ref = series.refs.get(w);
  ref ??= baselineWindowsOf(series, first, baselineWindows);
  for (const w of windows) refs.set(w, ref);
  return refs;
}

/**
 * Whether the windows of a fall's baseline span (`span`, less the flagged run `run`, an empty one
 * as zero) were rarely as low as the fall, for as long as it was silent: at most IRREGULAR_SHARE
 * of their sums over k consecutive windows at or below the median such sum ÷
 * MIN_EFFECT.trafficRatio, k the longest run of windows without a request in the fall's stretch
 * (`fall`, `fallStretch`), at least 1 (the one-window rule) and at most a third of the span
 * (RUN_BLOCKS, as φ_k is read). A window a third of the median comes by chance where one is short
 * (a Poisson count of 2 where 6 are due: 6.2 %, so 2 of 14 such windows on one reference in five),
 * two windows' sum a third of theirs rarely (P(Poisson(12) ≤ 4) = 0.76 %): a silence of k windows
 * is judged against the lulls of its own length, a fall with requests left by the one-window rule
 * (at its own length too, it opened lulls of clustered traffic after a burst: docs/correlation.md,
 * "A silence judged at its own length", round twenty-three). O(span).
 */
function regularAtLength(
  series: ScoredSeries,
  span: { readonly from: number; readonly to: number },
  run: { readonly from: number; readonly to: number },
  fall: { readonly from: number; readonly to: number },
): boolean {
  const count = (w: number) => Math.max(0, finite(series.value[w] as number));
  const counts: number[] = [];
  for (let w = span.from; w <= span.to; w++) if (w < run.from || w > run.to) counts.push(count(w));
  if (counts.length === 0) return true;
  const fallen: number[] = [];
  for (let w = fall.from; w <= fall.to; w++) fallen.push(count(w));
  const k = Math.max(1, Math.min(longestEmptyRun(fallen), Math.floor(counts.length / RUN_BLOCKS)));
  const sums = slidingSums(counts, k);
  const low = medianOf(sums) / MIN_EFFECT.trafficRatio;
  let lows = 0;
  for (const c of sums) if (c <= low) lows++;
  return lows <= IRREGULAR_SHARE * sums.length;
}

/** The sums of every k consecutive entries of `xs`. */
function slidingSums(xs: readonly number[], k: number): number[] {
  const sums: number[] = [];
  let sum = 0;
  for (let i = 0; i < xs.length; i++) {
    sum += (xs[i] as number) - (i >= k ? (xs[i - k] as number) : 0);
    if (i >= k - 1) sums.push(sum);
  }
  return sums;
}

/**
 * Whether the series lulled as long as a fall elsewhere in its scored range. The fall is its run of
 * flagged falls (`runFrom`…`runTo`) grown over the lulls, empty windows and flagged falls that
 * follow within the clustering gap (MAX_GAP_WINDOWS, as `clusterByScope` joins windows: a collapse
 * whose traffic flickers back for a window, or whose later windows the rolling baseline learned, is
 * one stretch), L windows. Any other stretch of the model's ordinary lulls (`isLull`, not flagged),
 * joined the same way, that spans L windows, before or after the fall and at least L windows apart
 * from it, shows that the model's own traffic is that quiet that long without an incident:
 * sessions, on/off clients, Hawkes bursts and the gaps between them (the fourth suite's "On/off
 * traffic read as collapses"; fourth 31337 day 11's basalt-translate, 3 and 1 requests in two
 * 1-minute windows against 9.5 and 5.3, on a day it sent 0 or 1 in seven other windows). A
 * reference of a few windows cannot show such lulls; the model's whole capture can. A collapse
 * longer than any lull of its model is kept. O(series windows).
 */
function lullsAsLong(series: ScoredSeries, runFrom: number, runTo: number): boolean {
  const { from, to } = fallStretch(series, runFrom, runTo);
  const length = to - from + 1;
  let start = -1;
  let last = -1;
  for (let w = series.first; w <= series.last; w++) {
    const ordinary = (w < from - length || w > to + length) && series.flagged[w] !== 1 && isLull(series, w);
    if (!ordinary) continue;
    if (start < 0 || w - last > MAX_GAP_WINDOWS) start = w;
    last = w;
    if (last - start + 1 >= length) return true;
  }
  return false;
}

const DAY_MS = 86_400_000;

/**
 * Whether a fall (windows `runFrom`…`runTo` of a throughput series) is the model's own daily
 * cycle, by the seasonal naive forecast (the same hours on other days): on a capture long enough
 * to hold the same hours of another day, the model's requests over those hours (the run shifted
 * by whole days, every shifted window inside the series' scored range and outside the run) are
 * summed day by day, and their median is the forecast. The fall is the cycle when it is less than
 * MIN_EFFECT.countRatio (×2) below the forecast — the ×3 that traffic needs against a flat or
 * indexed baseline allows for its moving by half within a day, which the same hours of other
 * days already hold, so what is left is a count against its forecast, whose least change is ×2
 * — or when its count is not anomalous against the forecast at the threshold `Z` (the exact
 * Poisson lower tail: a fall of a few windows of a sparse model, 3 requests against 9, is a
 * draw of the same hours). Poisson ignores the day-to-day spread of traffic, so it flags more
 * than it should, never less: a veto it grants is safe. A model's users sleep at their own
 * hours: a tenant in another time zone, an office service or a nightly pipeline falls ×3–10
 * every evening against the other callers' index, and its other evenings are just as low; a
 * collapse is ×3–20 below its own traffic at those hours as well, unless it recurs every day
 * at the same hour, which is the schedule. No other day's hours in the capture (under a day, or
 * a fall longer than the rest): no verdict. O(run · days).
 */
function dailyCycleExplains(series: ScoredSeries, runFrom: number, runTo: number, Z: number): boolean {
  const width = series.grid.width;
  if (!(width > 0) || DAY_MS % width !== 0) return false;
  const period = DAY_MS / width;
  const count = (w: number) => Math.max(0, finite(series.value[w] as number));
  let fallen = 0;
  for (let w = runFrom; w <= runTo; w++) fallen += count(w);
  const days: number[] = [];
  const kMax = Math.floor((series.last - series.first) / period);
  for (let k = -kMax; k <= kMax; k++) {
    if (k === 0) continue;
    const from = runFrom + k * period;
    const to = runTo + k * period;
    if (from < series.first || to > series.last || (from <= runTo && to >= runFrom)) continue;
    let sum = 0;
    for (let w = from; w <= to; w++) sum += count(w);
    days.push(sum);
  }
  if (days.length === 0) return false;
  const forecast = medianOf(days);
  if (fallen * MIN_EFFECT.countRatio > forecast) return true;
  return zOfLogUpperTail(lnPoissonLowerTail(fallen, forecast)) < Z;
}

/** The confidence of the upper bound of a baseline rate in `findingsBurstZ`: 99.9 %. */
const RATE_BOUND_LN_ALPHA = Math.log(0.001);

/**
 * The z of window `j`'s count against the upper 99.9 % confidence bound of its baseline rate:
 * Garwood's exact Poisson bound of the baseline windows' total R over n windows (the λ with
 * P(Poisson(λ) ≤ R) = 0.001), scaled to the window's baseline, then the exact Poisson tail of
 * the window's count. A count of 14 against a rate of 1.25 from 24 windows (R = 30, bound
 * 2.13 a window) has a tail of 6.2e-8 there (z 5.3): overwhelming in one window, whatever the
 * rate's sampling error. Sparse rates earn nothing: 3 events after 24 empty windows (bound
 * 0.29) have a tail of 3.2e-3 (z 2.7). Values checked against the Poisson sums in
 * docs/correlation.md. O(log R) bisection steps.
 */
function findingsBurstZ(series: ScoredSeries, j: number): number {
  const ref = series.refs.get(j);
  const count = series.value[j] as number;
  const base = series.baseline[j] as number;
  if (ref === undefined || ref.length === 0 || !(count > 0) || !Number.isFinite(base)) return 0;
  let total = 0;
  for (const w of ref) total += Math.max(0, finite(series.value[w] as number));
  let lo = total;
  let hi = total + 10 * Math.sqrt(total + 1) + 10;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (lnPoissonLowerTail(total, mid) > RATE_BOUND_LN_ALPHA) lo = mid;
    else hi = mid;
  }
  const bound = total > 0 ? (base * hi) / total : hi / ref.length;
  if (!(count > bound)) return 0;
  return zOfLogUpperTail(lnPoissonUpperTail(count, bound));
}

/**
 * Φ⁻¹(0.999): the one-sided tail of 0.1 % a series' own requests must reach to be evidence of an
 * incident, taken through the conversion every tail here takes (`zOfLogUpperTail`: Acklam's
 * quantile, relative error under 1.2e-9), so that a tail of exactly 0.1 % reaches it: three of
 * three requests above the p90 (0.1³) read 3.0902323047 there against the exact 3.0902323062
 * (third 6161 day 5: a spike's three requests on a model at 0.5 a minute, passed over by 1.5e-9).
 */
const SUPPORT_Z = zOfLogUpperTail(Math.log(0.001));
/** The share of a series' ordinary observations above its SUPPORT_QUANTILE (as detect.ts's tail test: the p90). Row: docs/correlation.md, "The constants of onset and root choice". */
const SUPPORT_QUANTILE = 0.9;
/**
 * Φ⁻¹(0.99): how far the served requests after a timeout-led change must lean slow (more of them
 * above the ordinary 90th percentile than the 10 % expected, one-sided 1 %) for one of them to
 * stand for it (`servedSlowRequest`). The change itself is established by the timeouts; this
 * asks only that the served requests are not as ever. A conventional one-sided 1 % level.
 */
const SERVED_SLOW_Z = 2.3263478740408408;
/**
 * Fewest ordinary observations the SUPPORT_QUANTILE is taken from: 10 = 1 / (1 − 0.9), the
 * fewest with one observation expected above the 90th percentile (derived); swept in round
 * seventeen. Row: docs/correlation.md, "The constants of onset and root choice".
 */
const SUPPORT_MIN_REFERENCE = 10;

/**
 * How strongly a size series' own observations (a latency, a token count, a bill each) carry a
 * rise over `windows`, as a one-sided z: of the N observations in those windows, K lie above
 * the 90th percentile of the series' observations outside its anomalous windows, where 10 % of
 * ordinary ones lie; the exact binomial tail P(X ≥ K), X ~ Binomial(N, 0.1), as a z-score. Spend
 * is scored per token (a bill's price), so more bills — more requests, a change of traffic that
 * the model's throughput series judges against the other models' traffic — never reach it, and
 * larger bills are the token series' (round seventeen, spend17). A window mean or p95 of
 * one or two requests can never reach SUPPORT_Z (0.1² = 1 %): a single large request on a
 * sparse model is an ordinary tail draw of a log-normal size, not an incident. Event counts,
 * error ratios and falls are tested on counts already and return +∞. O(n log n) in the
 * series' observations.
 */
function requestSupport(series: ScoredSeries, windows: readonly number[]): number {
  if (!risesInSize(series)) return Number.POSITIVE_INFINITY;
  const { high, observations } = ordinaryOf(series);
  if (observations < SUPPORT_MIN_REFERENCE) return 0;
  return runExceedance(series, high, windows);
}

/** The run's requests above `high` as `exceedanceZ` (0 where its windows hold no request). */
function runExceedance(series: ScoredSeries, high: number, windows: readonly number[]): number {
  let n = 0;
  let k = 0;
  for (const j of new Set(windows)) {
    const [a, b] = [series.starts[j] as number, series.starts[j + 1] as number];
    n += b - a;
    k += countAbove(series, high, a, b);
  }
  return n === 0 ? 0 : exceedanceZ(k, n);
}

/**
 * `requestSupport` against the series' ordinary observations without the run's neighbourhood:
 * unflagged windows within the clustering gap of the run (MAX_GAP_WINDOWS windows and
 * MIN_GAP_MS, `clusterByScope`: windows that close would have joined it) are left out with the
 * flagged ones. A ramp's own windows under the threshold, before and after the flagged ones, are
 * no ordinary observations; on a short capture they lift the p90 toward the ramp's level (fourth
 * --seed 8282 day 31: a linear ×3.22 ramp over 24 of the capture's 60 minutes; 14 of its 62
 * flagged requests above the ordinary p90 of 66.4 s, z 2.77). O(n log n) in the series' observations.
 */
function supportBesideRun(series: ScoredSeries, windows: readonly number[]): number {
  if (!risesInSize(series) || windows.length === 0) return 0;
  const gap = Math.max(MAX_GAP_WINDOWS, Math.ceil(MIN_GAP_MS / series.grid.width));
  const from = Math.min(...windows) - gap;
  const to = Math.max(...windows) + gap;
  const ordinary: number[] = [];
  for (let j = series.first; j <= series.last; j++)
    if (series.has[j] === 1 && series.flagged[j] !== 1 && (j < from || j > to)) ordinary.push(j);
  const reference = finiteValuesOf(series, ordinary);
  if (reference.length < SUPPORT_MIN_REFERENCE) return 0;
  return runExceedance(series, quantile(reference, SUPPORT_QUANTILE), windows);
}

/** The finite observations of `series` in windows `windows`, window by window in their order. */
function finiteValuesOf(series: ScoredSeries, windows: Iterable<number>): number[] {
  const values: number[] = [];
  for (const w of windows)
    for (let i = series.starts[w] as number; i < (series.starts[w + 1] as number); i++) {
      const v = series.values[i] as number;
      if (Number.isFinite(v)) values.push(v);
    }
  return values;
}

/** How many of `series`' observations `a` (inclusive) to `b` lie above `high`. */
function countAbove(series: ScoredSeries, high: number, a: number, b: number): number {
  let k = 0;
  for (let i = a; i < b; i++) if ((series.values[i] as number) > high) k++;
  return k;
}

/**
 * How far `k` of `n` observations above the ordinary SUPPORT_QUANTILE exceed the share expected
 * by chance, as the z of the binomial upper tail; 0 when they do not exceed it.
 */
function exceedanceZ(k: number, n: number): number {
  const p = 1 - SUPPORT_QUANTILE;
  return k > n * p ? zOfLogUpperTail(lnBinomialUpperTail(k, n, p)) : 0;
}

/**
 * Whether the rise of flagged size window `j` (a latency, a token count, a bill each) persists
 * through it: its observations, in time order, split into two halves of as many each, and each
 * half leans high, more of its observations above the series' ordinary 90th percentile
 * (`ordinaryOf`) than the 10 % expected at z ≥ LEAN_Z (exact binomial tail), as the second window
 * of a change that straddles two windows must lean. `failuresPersistWithin`'s test for sizes: a
 * change as long as the window fills both halves, a blip of a few requests one (held-out --seed
 * 5151 day 15: a 14-minute token explosion, its slower requests in one 15-minute latency window;
 * fourth --seed 7 day 11: a runaway over 15 of a token series' 15 minutes). Each half must span a
 * minute or more: at 1-minute windows a single window at z 5.2 whose halves both leant high was
 * a blip of one minute (held-out --seed 5151 day 14, 7373 day 14: one other incident each, in the
 * first after-run of this rule); two 1-minute windows are what the two-window rule asks there.
 * Requests of a windowed payload count as one observation here, as in `requestSupport`.
 * O(observations of the window), after `ordinaryOf`.
 */
function sizesPersistWithin(series: ScoredSeries, j: number): boolean {
  if (!risesInSize(series) || !((series.z[j] as number) > 0)) return false;
  const { high, observations } = ordinaryOf(series);
  if (observations < SUPPORT_MIN_REFERENCE) return false;
  const from = series.starts[j] as number;
  const to = series.starts[j + 1] as number;
  const mid = from + Math.ceil((to - from) / 2);
  // Each half a minute long at least (the ladder's finest width): two halves of a 1-minute window
  // are one blip's minute, where the two-window rule asks for two minutes.
  const split = series.times[mid] as number;
  const finest = (WINDOW_LADDER_MINUTES[0] as number) * MINUTE;
  const start = windowStartMs(series, j);
  if (!(split - start >= finest && start + series.grid.width - split >= finest)) return false;
  const leans = (a: number, b: number): boolean => exceedanceZ(countAbove(series, high, a, b), b - a) >= LEAN_Z;
  return to - from >= 2 && leans(from, mid) && leans(mid, to);
}

/** Whether flagged window `j`'s change holds through both halves of it (`failuresPersistWithin`, `sizesPersistWithin`). */
function persistsWithin(series: ScoredSeries, j: number): boolean {
  return (
    failuresPersistWithin(series, j) ||
    failuresPersistInStretch(series, j, (WINDOW_LADDER_MINUTES[0] as number) * MINUTE) ||
    sizesPersistWithin(series, j)
  );
}

/**
 * Whether flagged window `j`'s change holds through the halves either side of its boundary with
 * the window before or after it (`failuresStraddle`, `sizesStraddle`): the two-halves test shifted
 * by half a window. The grid does not know where a change starts; one as long as a window that
 * begins in its second half fills the last half of one window and the first half of the next
 * (third `--seed 6161` day 6: an 11-minute latency spike at 15-minute windows, 4.4 minutes of
 * it in 11:00, z 3.5, and 6.6 in 11:15, z 9.1, whose second half held none of it).
 */
function persistsAcross(series: ScoredSeries, j: number): boolean {
  return [j - 1, j + 1].some((k) => failuresStraddle(series, j, k) || sizesStraddle(series, j, k));
}

/**
 * `sizesPersistWithin` across the boundary of flagged window `j` with window `k` (j ± 1): the
 * half of each window's observations that meet at the boundary (as `sizesPersistWithin` halves
 * them, each a minute long at least) lean high, and neither holds under a third of the two
 * halves' observations (a window of three requests beside one of sixty is no pair of halves).
 * O(observations of the two windows), after `ordinaryOf`.
 */
function sizesStraddle(series: ScoredSeries, j: number, k: number): boolean {
  if (!risesInSize(series) || !((series.z[j] as number) > 0)) return false;
  if (k < series.first || k > series.last || series.has[k] !== 1) return false;
  const { high, observations } = ordinaryOf(series);
  if (observations < SUPPORT_MIN_REFERENCE) return false;
  const [a, b] = k < j ? [k, j] : [j, k];
  const { starts } = series;
  const mid = starts[b] as number;
  const from = (starts[a] as number) + Math.ceil((mid - (starts[a] as number)) / 2);
  const to = mid + Math.ceil(((starts[b + 1] as number) - mid) / 2);
  // Two observations in each window at least (sizesPersistWithin's halves of each).
  if (mid - (starts[a] as number) < 2 || (starts[b + 1] as number) - mid < 2) return false;
  if (3 * Math.min(mid - from, to - mid) < to - from) return false;
  const boundary = windowStartMs(series, b);
  const finest = (WINDOW_LADDER_MINUTES[0] as number) * MINUTE;
  if (!(boundary - (series.times[from] as number) >= finest && (series.times[to] as number) - boundary >= finest))
    return false;
  const leans = (x: number, y: number): boolean => exceedanceZ(countAbove(series, high, x, y), y - x) >= LEAN_Z;
  return leans(from, mid) && leans(mid, to);
}

/** Whether `series` is a size series scored for rises (a latency, a token count, a bill each, log-scaled). */
function risesInSize(series: ScoredSeries): boolean {
  const kind = series.spec.kind;
  const sizes = kind === "quantile" || kind === "mean" || kind === "sum";
  return sizes && series.spec.log && series.spec.direction !== "down";
}

/** Per scored series, its ordinary observations: their SUPPORT_QUANTILE and count. */
const ordinaryCache = new WeakMap<ScoredSeries, { high: number; observations: number }>();

/** The observations of `series` outside its anomalous windows, summarized once per series (O(n log n)). */
function ordinaryOf(series: ScoredSeries): { high: number; observations: number } {
  const known = ordinaryCache.get(series);
  if (known !== undefined) return known;
  const reference: number[] = [];
  for (let j = series.first; j <= series.last; j++) {
    if (series.has[j] !== 1 || series.flagged[j] === 1) continue;
    for (let i = series.starts[j] as number; i < (series.starts[j + 1] as number); i++)
      reference.push(series.values[i] as number);
  }
  let high = Number.NaN;
  if (reference.length > 0) {
    reference.sort((a, b) => a - b);
    const h = (reference.length - 1) * SUPPORT_QUANTILE;
    const lo = Math.floor(h);
    const a = reference[lo] as number;
    high = a + (h - lo) * ((reference[Math.min(lo + 1, reference.length - 1)] as number) - a);
  }
  const out = { high, observations: reference.length };
  ordinaryCache.set(series, out);
  return out;
}

/** The signals a shared upstream moves on every model it serves, with the direction it moves them. */
const UPSTREAM_SYMPTOMS: ReadonlyMap<IncidentSignal, 1 | -1> = new Map([
  ["latency_p95", 1],
  ["error_rate", 1],
  ["throughput", -1],
]);
/**
 * Fewest models one calling service must see degrade alike before that alone says they share a
 * cause: two simultaneous incidents on two models must stay two, so two are too few. Measured
 * (round seventeen's sweep on the held-out days where it binds): 2 joins two-incident days
 * (root −4, recall −2), 6 splits cascades of three to five models (16 other incidents more).
 * Row: docs/correlation.md, "The constants of window choice, grouping and evidence".
 */
const MIN_CALLER_MODELS = 3;
/**
 * Finding signals also read per model when a finding's target names one (`withTargetedFindings`):
 * threats, whose target is the model or endpoint attacked. Not a tuned value: the one kind of
 * finding whose target is a model in the events the analysis reads. Row: docs/correlation.md,
 * "A threat wave aimed at one model".
 */
const TARGETED_FINDINGS: ReadonlySet<IncidentSignal> = new Set<IncidentSignal>(["threats"]);
/**
 * How far the clocks of two producers may disagree: pods without a synchronized clock drift by
 * up to minutes (the held-out generator's pods are off by up to two: eval/heldout/day.ts offsets a
 * skewed pod by 20–110 s plus N(0, 0.8 s); OpenTelemetry's batch span processor adds its 5-s
 * export delay, OTEL_BSP_SCHEDULE_DELAY's documented default, SDK callbacks their 10-s flushes,
 * within this bound).
 */
const CLOCK_SKEW_MS = 2 * 60_000;
/**
 * Mean arrival gaps of a series' change-carrying observations after which its change has shown:
 * the first of them follows a change by an exponential gap, which exceeds three means with
 * probability e⁻³ ≈ 5 %.
 */
const SHOW_GAPS = 3;
/** Anomalous windows a lead series' dating resolution is measured over (those its onset is fitted on). Row: docs/correlation.md, "The constants of onset and root choice". */
const RESOLUTION_WINDOWS = FIT_WINDOWS;

/**
 * Joins the incidents of different models that one upstream explains (docs/correlation.md,
 * "One upstream, several models"). Two model clusters join when
 *
 * 1. they lead with the same symptom: a signal a provider or gateway controls (p95 latency up,
 *    error rate up, throughput down) is among the first anomalous signals of both, and its first
 *    anomalous windows lie within the clustering gap of each other (MAX_GAP_WINDOWS windows and
 *    10 minutes, two payload spans for windowed payloads),
 * 2. that symptom starts or ends on both at the same time (`sameTiming`): one fault of one
 *    upstream begins for every model it serves at once, or spreads from model to model and is
 *    fixed for all of them at once; two independent incidents coincide in neither but by chance
 *    (onsets a few minutes apart and different recoveries stay two), and
 * 3. they share an upstream: the same host or provider (`sameProvider`), or the same calling
 *    service when at least MIN_CALLER_MODELS models of it join so (three unrelated incidents
 *    starting with one symptom within minutes of each other are far less likely than one cause;
 *    two are left apart, since two simultaneous incidents on two models must stay two).
 *
 * Token and spend changes are never joined: a provider does not change what callers send. The
 * joined cluster holds every member of the clusters it joins; the root stage then picks the
 * root among them as for any incident. O(c²) in the gated clusters, plus one onset per lead
 * series of a candidate pair.
 */
function joinSharedUpstream(
  gated: readonly Cluster[],
  ctx: {
    readonly chosen: readonly Chosen[];
    readonly scored: readonly ScoredSeries[];
    readonly store: EventStore;
    /** Model clusters that are no incident of their own: they count toward a calling service's models, never alone. */
    readonly witnesses?: readonly Cluster[];
    /** Quiet first models (`quietFirstModels`): each joins only the incident it was found for. */
    readonly quiet?: readonly QuietModel[];
  },
): Cluster[] {
  const { store } = ctx;
  const quiet = ctx.quiet ?? [];
  const clusters = [...gated, ...(ctx.witnesses ?? []), ...quiet.map((q) => q.cluster)];
  const firstQuiet = clusters.length - quiet.length;
  const isWitness = (i: number): boolean => i >= gated.length;
  const signatures = clusters.map((c) => failureSignature(c, ctx));
  const leads = clusters.map((c, i) => leadingSymptoms(c, ctx, signatures[i]));
  const parent = clusters.map((_, i) => i);
  const modelOf = scopeModels(ctx.chosen);
  const model = (i: number): string => modelOf.get(clusters[i]!.scope) ?? clusters[i]!.scope;
  const identity = (i: number) => store.upstream.get(model(i));
  const byCaller: [number, number][] = [];
  const signed: [number, number][] = [];
  for (let a = 0; a < firstQuiet; a++) {
    for (let b = a + 1; b < firstQuiet; b++) {
      if (clusters[a]!.scope === clusters[b]!.scope) continue;
      const ua = identity(a);
      const ub = identity(b);
      if (ua === undefined || ub === undefined) continue;
      const provider = sameProvider(ua, ub) && !isWitness(a) && !isWitness(b);
      if (!provider && !sameCaller(ua, ub)) continue;
      if (!leadAlike(leads[a]!, leads[b]!, (x, y) => sameTiming(x, y, ctx))) continue;
      if (provider) unite(parent, a, b);
      else if (sameSignature(signatures[a], signatures[b]) && !isWitness(a) && !isWitness(b)) signed.push([a, b]);
      else byCaller.push([a, b]);
    }
  }
  for (const [a, b] of signed) unite(parent, a, b);
  for (const [a, b] of callerLinksKept(clusters.slice(0, firstQuiet), parent, byCaller, model)) unite(parent, a, b);
  // A quiet first model joins the incident it was found for when it leads with the same symptom at the same time.
  quiet.forEach((q, k) => {
    const i = firstQuiet + k;
    if (leadAlike(leads[i]!, leads[q.incident]!, (x, y) => sameTiming(x, y, ctx))) unite(parent, q.incident, i);
  });
  // A group of witnesses alone is no incident.
  const withIncident = new Set<number>();
  for (let i = 0; i < gated.length; i++) withIncident.add(rootOf(parent, i));
  const kept = clusters.map((_, i) => i).filter((i) => withIncident.has(rootOf(parent, i)));
  return joinGroups(
    kept.map((i) => clusters[i]!),
    kept.map((i) => kept.indexOf(rootOf(parent, i))),
  );
}

/** A model with no anomaly of its own that failed the way an incident's model did, first (`quietFirstModels`). */
interface QuietModel {
  readonly cluster: Cluster;
  /** The index in `gated` of the incident it was found for. */
  readonly incident: number;
}

/**
 * The first model of a cascade below the threshold (round fifteen, casc15). An upstream fault
 * that reaches a model with little traffic first shows there as a failure or two a window, under
 * the threshold in every window, and the incident is found only on the model it spreads to: it
 * was reported on the second model alone, and the first one, where it began, was not in it. The
 * incident is the prior evidence; what is asked is one test per other model of the same upstream.
 * For each incident that leads with failures (error rate up first) and whose rise is carried by
 * a failure class that is no timeout (`risingClasses`), each other model of the same calling
 * service or provider (`sameCaller`, `sameProvider`) with no cluster of its own from the
 * clustering gap before the incident to its end is a quiet first model when its error rate leans
 * the bad way (z ≥ LEAN_Z, the persistence test's bar) in a window from that gap on and no later
 * than the incident's first window, and the same class rose over the span from that window to the
 * incident's end at SUPPORT_Z (the exact binomial tail against the model's own requests before:
 * 8 failures in 45 requests after none in 67 is z 5.9; one failure among 4 requests, a window of
 * such a model, is z 1.9). Its member windows are those of the span leaning the bad way at all
 * (z > 0). It joins that incident alone, when its lead has the incident's timing (`leadAlike`,
 * `sameTiming`); the root stage then dates both. O(models · windows) per incident.
 */
function quietFirstModels(
  gated: readonly Cluster[],
  merged: readonly Cluster[],
  ctx: { readonly chosen: readonly Chosen[]; readonly scored: readonly ScoredSeries[]; readonly store: EventStore },
): QuietModel[] {
  const { chosen, scored, store } = ctx;
  const modelOf = scopeModels(chosen);
  const out: QuietModel[] = [];
  gated.forEach((c, incident) => {
    if (c.scope.startsWith("*")) return;
    const leads = leadingSymptoms(c, ctx, failureSignature(c, ctx));
    if (!leads.has("error_rate")) return;
    const classes = new Set(
      risingClasses(c, ctx)
        .map((x) => x.cls)
        .filter((cls) => !isTimeoutClass(cls)),
    );
    if (classes.size === 0) return;
    const identity = store.upstream.get(modelOf.get(c.scope) ?? c.scope);
    if (identity === undefined) return;
    const width = clusterWidth(c, scored);
    const lo = c.fromMs - Math.max(MAX_GAP_WINDOWS * width, MIN_GAP_MS);
    for (let s = 0; s < chosen.length; s++) {
      const ch = chosen[s]!;
      if (ch.signal !== "error_rate" || ch.scope === undefined || ch.scope === c.scope) continue;
      const scope = ch.scope;
      const other = store.upstream.get(modelOf.get(scope) ?? scope);
      if (other === undefined || !(sameCaller(identity, other) || sameProvider(identity, other))) continue;
      if (merged.some((m) => m.scope === scope && m.toMs > lo && m.fromMs < c.toMs)) continue;
      if (out.some((q) => q.cluster.scope === scope)) continue;
      const series = scored[s]!;
      // From its first window leaning the bad way (z ≥ LEAN_Z), no later than the incident's
      // first, to the incident's end: the windows whose failures are above the baseline's.
      let j0 = -1;
      for (let j = 0; j < series.grid.windows && windowStartMs(series, j) <= c.fromMs; j++)
        if (windowStartMs(series, j) >= lo && series.has[j] === 1 && (series.z[j] as number) >= LEAN_Z) {
          j0 = j;
          break;
        }
      if (j0 < 0) continue;
      const windows: number[] = [];
      for (let j = j0; j < series.grid.windows && windowStartMs(series, j) < c.toMs; j++)
        if (series.has[j] === 1 && (series.z[j] as number) > 0) windows.push(j);
      const cluster: Cluster = {
        scope,
        fromMs: windowStartMs(series, j0),
        toMs: c.toMs,
        members: new Map([[s, windows]]),
      };
      if (!risingClasses(cluster, ctx).some((x) => classes.has(x.cls))) continue;
      out.push({ cluster, incident });
    }
  });
  return out;
}

/**
 * How a model cluster's requests failed, when one failure class carries its rise in failures:
 * the class (`failureClass`: HTTP status or error type) whose rate rose most over the cluster's
 * span against the scope's requests before it, by the exact binomial tail at SUPPORT_Z (the
 * class's rate before from (count + ½) / (requests + 1), so a class never seen before needs a
 * few failures to count). Undefined when no class rose so, or the scope's failures name no class.
 * O(the scope's failed-request observations).
 */
interface FailureSignature {
  readonly cls: string;
  /** The class is a timeout (`isTimeoutClass`): a latency beyond the client's deadline. */
  readonly timeout: boolean;
}

function failureSignature(
  c: Cluster,
  ctx: { readonly chosen: readonly Chosen[]; readonly store: EventStore },
): FailureSignature | undefined {
  let best: FailureSignature | undefined;
  let bestExcess = 0;
  for (const { cls, excess } of risingClasses(c, ctx)) {
    if (excess <= bestExcess) continue;
    best = { cls, timeout: isTimeoutClass(cls) };
    bestExcess = excess;
  }
  return best;
}

/**
 * Every failure class whose rate rose over a model cluster's span against the scope's requests
 * before it, by the exact binomial tail at SUPPORT_Z (see `failureSignature`), with its excess
 * over the rate before. O(the scope's failed-request observations).
 */
function risingClasses(
  c: Cluster,
  ctx: { readonly chosen: readonly Chosen[]; readonly store: EventStore },
): { cls: string; excess: number }[] {
  if (c.scope.startsWith("*")) return [];
  const owner = ctx.chosen.find((ch) => ch.scope === c.scope);
  if (owner === undefined) return [];
  const { store } = ctx;
  const sameDeployment = (d: Deployment | undefined): boolean =>
    d === owner.deployment ||
    (d !== undefined &&
      owner.deployment !== undefined &&
      d.environment === owner.deployment.environment &&
      d.service === owner.deployment.service);
  const raw = store.series.find(
    (r) => r.source === SOURCE.errorRequests && r.model === owner.model && sameDeployment(r.deployment),
  );
  if (raw === undefined) return [];
  let during = 0;
  let before = 0;
  const inside = new Map<string, number>();
  const earlier = new Map<string, number>();
  for (let i = 0; i < raw.times.length; i++) {
    const t = raw.times.data[i] as number;
    if (t >= c.toMs) continue;
    const failed = (raw.values.data[i] as number) > 0;
    const cls = failed ? store.failures.get(raw.events.data[i] as number) : undefined;
    if (t >= c.fromMs) {
      during += raw.totals.data[i] as number;
      if (cls !== undefined) inside.set(cls, (inside.get(cls) ?? 0) + 1);
    } else {
      before += raw.totals.data[i] as number;
      if (cls !== undefined) earlier.set(cls, (earlier.get(cls) ?? 0) + 1);
    }
  }
  const out: { cls: string; excess: number }[] = [];
  for (const [cls, k] of inside) {
    // The posterior mean under Jeffreys' Beta(½, ½) prior (Jeffreys 1946): (k + ½) / (n + 1).
    const p0 = ((earlier.get(cls) ?? 0) + HALF_COUNT) / (before + 2 * HALF_COUNT);
    const excess = k - p0 * during;
    if (excess <= 0 || p0 >= 1) continue;
    if (zOfLogUpperTail(lnBinomialUpperTail(k, during, p0)) < SUPPORT_Z) continue;
    out.push({ cls, excess });
  }
  return out;
}

/**
 * Whether two clusters failed the same way: one failure class carries both rises, and it is no
 * timeout (a timeout is the latency both already show, seen through the client's deadline, not
 * a response of the failing upstream).
 */
function sameSignature(a: FailureSignature | undefined, b: FailureSignature | undefined): boolean {
  return a !== undefined && b !== undefined && !a.timeout && a.cls === b.cls;
}

/** A leading upstream symptom of a model cluster: its series, its anomalous windows in the cluster, the first of them. */
interface Lead {
  readonly s: number;
  readonly windows: readonly number[];
  readonly j: number;
  /** Its series' window width, and when its first anomalous window starts. */
  readonly width: number;
  readonly startMs: number;
  readonly span: number;
  /** Filled on first use by `timingOf`. */
  timing?: LeadTiming;
}
type Leads = Map<IncidentSignal, Lead>;

/** A lead symptom's timing: when it started (event-level onset) and ended (its last anomalous window's end), and how precisely its series dates a change. */
interface LeadTiming {
  readonly onsetMs: number;
  readonly endMs: number;
  readonly resolutionMs: number;
}

/** A model cluster's leading upstream symptoms (`UPSTREAM_SYMPTOMS` moving its way, first of all), with their first window. */
function leadingSymptoms(
  c: Cluster,
  ctx: { readonly chosen: readonly Chosen[]; readonly scored: readonly ScoredSeries[] },
  signature?: FailureSignature,
): Leads {
  const { chosen, scored } = ctx;
  const firsts: Leads = new Map();
  if (c.scope.startsWith("*")) return firsts;
  for (const [s, ws] of c.members) {
    const ch = chosen[s]!;
    const sign = UPSTREAM_SYMPTOMS.get(ch.signal);
    if (ch.scope !== c.scope || sign === undefined || ws.length === 0) continue;
    if (sign * (scored[s]!.z[ws[0]!] as number) <= 0) continue;
    const grid = scored[s]!.grid;
    const startMs = windowStartMs(scored[s]!, ws[0]!);
    firsts.set(ch.signal, { s, windows: ws, j: ws[0]!, width: grid.width, startMs, span: scored[s]!.raw.span });
  }
  let earliest = Number.POSITIVE_INFINITY;
  for (const f of firsts.values()) earliest = Math.min(earliest, f.j);
  for (const [signal, f] of [...firsts]) if (f.j !== earliest) firsts.delete(signal);
  // Failures that are timeouts are latency beyond the client's deadline: a rise in them leads as latency too.
  const errors = firsts.get("error_rate");
  if (errors !== undefined && signature?.timeout === true && !firsts.has("latency_p95"))
    firsts.set("latency_p95", errors);
  return firsts;
}

/**
 * Whether two clusters lead with one symptom whose first windows lie within the clustering gap
 * and whose timing `alike` accepts.
 */
function leadAlike(a: Leads, b: Leads, alike: (x: Lead, y: Lead) => boolean): boolean {
  for (const [signal, fa] of a) {
    const fb = b.get(signal);
    if (fb === undefined) continue;
    // The clustering gap, in windows of the coarser of the two series.
    const width = Math.max(fa.width, fb.width);
    const gap = Math.max(
      MAX_GAP_WINDOWS,
      Math.ceil(MIN_GAP_MS / width),
      Math.ceil((GAP_SPANS * Math.max(fa.span, fb.span)) / width),
    );
    if (Math.abs(fa.startMs - fb.startMs) <= gap * width && alike(fa, fb)) return true;
  }
  return false;
}

/**
 * Whether two models' changes of one symptom are one upstream's: their onsets, or their ends,
 * lie within what the data can tell apart. That is the clock skew between producers
 * (CLOCK_SKEW_MS) plus the coarser of the two series' dating resolutions (`timingOf`); an end
 * is known to its window only, so ends also get one window more. A shared fault starts for
 * every model it serves at once, or spreads over minutes (load shed onto the next model) and is
 * fixed for all at once; onsets minutes apart that also end apart are two incidents.
 */
function sameTiming(
  a: Lead,
  b: Lead,
  ctx: { readonly scored: readonly ScoredSeries[]; readonly store: EventStore },
): boolean {
  const ta = timingOf(a, ctx);
  const tb = timingOf(b, ctx);
  const tolerance = CLOCK_SKEW_MS + Math.max(ta.resolutionMs, tb.resolutionMs);
  const endTolerance = tolerance + Math.max(a.width, b.width);
  return Math.abs(ta.onsetMs - tb.onsetMs) <= tolerance || Math.abs(ta.endMs - tb.endMs) <= endTolerance;
}

/**
 * A lead symptom's timing. The onset is the series' event-level change point (`findOnset`, as
 * the root stage dates it; a windowed payload from the start of the span it covers); the end is
 * the end of its last anomalous window in the cluster. The resolution is how long the series
 * takes to show a change: SHOW_GAPS mean gaps of the observations that carry it, over the first
 * RESOLUTION_WINDOWS anomalous windows — for sizes the observations above the ordinary 90th
 * percentile beyond the 10 % expected there, for error rates the failures beyond the baseline
 * rate, for a fall in traffic the requests the baseline expected — and at least a windowed
 * payload's span. O(observations in those windows), once per lead.
 */
function timingOf(
  lead: Lead,
  ctx: { readonly scored: readonly ScoredSeries[]; readonly store: EventStore },
): LeadTiming {
  if (lead.timing !== undefined) return lead.timing;
  const { store } = ctx;
  const series = ctx.scored[lead.s]!;
  const grid = series.grid;
  const span = series.raw.span;
  let onset = findOnset(
    series,
    { j0: lead.j, windows: lead.windows, grid },
    { store, usedEvents: new Set(), usedRequests: new Set() },
  ).ms;
  if (span > 0) onset = Math.max(onset - span / 2, grid.dataStart);
  const endMs = grid.origin + ((lead.windows[lead.windows.length - 1] as number) + 1) * grid.width;
  const first = lead.windows.slice(0, RESOLUTION_WINDOWS);
  let carrying = 0;
  const kind = series.spec.kind;
  if (kind === "ratio") {
    for (const j of first) {
      const p0 = (series.baseline[j] as number) / 100;
      for (let i = series.starts[j] as number; i < (series.starts[j + 1] as number); i++)
        carrying += (series.values[i] as number) - (Number.isFinite(p0) ? p0 : 0) * (series.totals[i] as number);
    }
  } else if (kind === "count") {
    for (const j of first) carrying += finite(series.baseline[j] as number);
  } else {
    const { high } = ordinaryOf(series);
    for (const j of first) {
      const from = series.starts[j] as number;
      const to = series.starts[j + 1] as number;
      let above = 0;
      for (let i = from; i < to; i++) if ((series.values[i] as number) > high) above++;
      carrying += above - (1 - SUPPORT_QUANTILE) * (to - from);
    }
  }
  const resolutionMs = Math.max(span, (SHOW_GAPS * first.length * grid.width) / Math.max(carrying, 1));
  lead.timing = { onsetMs: onset, endMs, resolutionMs };
  return lead.timing;
}

/** The root of i in a disjoint-set forest (path halving). */
function rootOf(parent: number[], i: number): number {
  while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
  return i;
}

/** Unites the sets of a and b under the smaller root. */
function unite(parent: number[], a: number, b: number): void {
  const ra = rootOf(parent, a);
  const rb = rootOf(parent, b);
  if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
}

/**
 * The caller-only links that count: those whose component, with the provider joins already in
 * `parent` and every caller link added, spans at least MIN_CALLER_MODELS models.
 */
function callerLinksKept(
  clusters: readonly Cluster[],
  parent: readonly number[],
  byCaller: readonly [number, number][],
  model: (i: number) => string,
): [number, number][] {
  if (byCaller.length === 0) return [];
  const trial = [...parent];
  for (const [a, b] of byCaller) unite(trial, a, b);
  const modelsOf = new Map<number, Set<string>>();
  for (let i = 0; i < clusters.length; i++) {
    const r = rootOf(trial, i);
    const set = modelsOf.get(r) ?? new Set<string>();
    set.add(model(i));
    modelsOf.set(r, set);
  }
  return byCaller.filter(([a]) => modelsOf.get(rootOf(trial, a))!.size >= MIN_CALLER_MODELS);
}

/** One cluster per set of the forest, holding every member of the clusters in it. */
function joinGroups(clusters: readonly Cluster[], parent: number[]): Cluster[] {
  const groups = new Map<number, Cluster>();
  for (let i = 0; i < clusters.length; i++) {
    const c = clusters[i]!;
    const r = rootOf(parent, i);
    const g = groups.get(r);
    if (g === undefined) {
      groups.set(r, { scope: c.scope, fromMs: c.fromMs, toMs: c.toMs, members: new Map(c.members) });
      continue;
    }
    g.fromMs = Math.min(g.fromMs, c.fromMs);
    g.toMs = Math.max(g.toMs, c.toMs);
    for (const [s, ws] of c.members)
      g.members.set(
        s,
        [...new Set([...(g.members.get(s) ?? []), ...ws])].sort((x, y) => x - y),
      );
  }
  return [...groups.values()].sort((a, b) => a.fromMs - b.fromMs || (a.scope < b.scope ? -1 : 1));
}

function anomalyEvent(
  s: ScoredSeries,
  c: Chosen,
  at: { readonly j: number; readonly timestamp: string; readonly Z: number },
): AnomalyEvent {
  const { j, timestamp, Z } = at;
  const z = s.z[j] as number;
  const baseline = s.baseline[j] as number;
  const observed = s.value[j] as number;
  const metric = c.model === undefined ? s.spec.metric : `${s.spec.metric}{${seriesLabels(c.model, c.deployment)}}`;
  const type = s.spec.kind === "count" && c.model === undefined ? "frequency_anomaly" : z < 0 ? "drop" : "spike";
  return {
    event_id: contentId("incident_anomaly", [c.id, timestamp]),
    source_module: SIGNAL_SPECS[c.signal].sourceModule,
    anomaly_type: type,
    anomaly_score: anomalyScore(z, Z),
    baseline,
    observed,
    deviation: observed - baseline,
    timestamp,
    metric,
  };
}

interface Member {
  readonly s: number;
  readonly c: Chosen;
  readonly series: ScoredSeries;
  readonly windows: number[];
  onset: Onset;
  peakJ: number;
  /** A series below the threshold, joined because request-level evidence names it as the cause. */
  readonly sub?: boolean;
  /** A windowed payload whose onset its model's own requests date (`requestDated`): as precise as they. */
  requestDated?: boolean;
}

/** What building one incident reads: the cluster and everything scored around it. */
interface IncidentContext {
  readonly cluster: Cluster;
  readonly scored: readonly ScoredSeries[];
  readonly chosen: readonly Chosen[];
  readonly store: EventStore;
  /** The common windows: the data's steady range, and the width of signals over all events. */
  readonly grid: Grid;
  readonly settings: DetectionSettings;
  readonly detectedAt: string;
  /** Each model scope's per-request series (`loadCarriedBefore`). */
  readonly loads: ModelLoads;
}

/** The coarsest window width among an incident's series: what its onsets and ties are judged against. */
function membersWidth(members: readonly Member[]): number {
  let width = 0;
  for (const m of members) width = Math.max(width, m.series.grid.width);
  return width;
}

/**
 * The members that date an incident and may be its root: all but one model's findings cut from a
 * count over all events (`withTargetedFindings`) when that count is a member too. Both see one
 * burst, and the count over all events dates it as the analysis always has, its strays judged at
 * the rate of every target (a stray on the attacked model before its wave, 2 min 57 s early on
 * held-out --seed 4242 day 21, is told from the wave at that rate and not at the model's own,
 * which dated the incident's start and root at the stray). The model's series stays a member (it
 * names the model attacked) and stands for the wave where the count over all events did not rise.
 */
function standingForBursts(members: Member[]): Member[] {
  const yielding = yieldingToCounts(members);
  return yielding.size > 0 ? members.filter((m) => !yielding.has(m)) : members;
}

/**
 * The members that may lead the incident (be its root and date its start): those whose change their
 * own observations carry, by the test `isIncident` counts a member's evidence with — a rise in a
 * size series (a latency or token p95 or mean, `risesInSize`) needs more of its requests above
 * the series' ordinary 90th percentile than chance allows (`requestSupport` or
 * `supportBesideRun` at SUPPORT_Z); counts, ratios and falls are tested on counts already. A p95
 * that crossed its band while its requests did not lean high is not shown to have changed: a
 * many-request model's latency drifting a few percent with its daily load (fourth --seed 4545
 * day 07: osprey-405b's p95 flagged on and off all day, 1.1–1.2× at z 7 with its requests'
 * support z 1.8) joins a burst of 500s an hour later on the same model by adjacency and would
 * date it an hour early. A member whose support cannot be read (fewer than SUPPORT_MIN_REFERENCE
 * ordinary observations) stays, as does a latency whose model's failures in the incident are
 * timeouts (`timeoutRun`: the slowed requests failed at the deadline, and the served ones left
 * cannot carry the change); so do all when none would be left. O(members × observations).
 */
function carriedByOwnRequests(members: Member[], store: EventStore): Member[] {
  // A latency series whose slowed requests time out keeps them out of its p95 (or reads them at
  // the deadline): its change shows through the failures, and its served requests cannot carry it.
  const timingOut = new Set(
    members.filter((m) => m.c.signal === "error_rate" && timeoutRun(m, store) > 0).map((m) => m.c.scope),
  );
  const unshown = (m: Member): boolean => {
    const series = m.series;
    if (m.sub === true || !risesInSize(series) || !((series.z[m.windows[0]!] as number) > 0)) return false;
    if (m.c.signal === "latency_p95" && timingOut.has(m.c.scope)) return false;
    if (ordinaryOf(series).observations < SUPPORT_MIN_REFERENCE) return false;
    return requestSupport(series, m.windows) < SUPPORT_Z && supportBesideRun(series, m.windows) < SUPPORT_Z;
  };
  const kept = members.filter((m) => !unshown(m));
  return kept.length > 0 ? kept : members;
}

/** The members of one model's findings whose count over all events is a member too (`standingForBursts`). */
function yieldingToCounts(members: readonly Member[]): Set<Member> {
  const overAll = new Set(
    members.filter((m) => m.c.model === undefined && m.c.scope === undefined).map((m) => m.c.signal),
  );
  return new Set(
    members.filter((m) => m.c.model !== undefined && TARGETED_FINDINGS.has(m.c.signal) && overAll.has(m.c.signal)),
  );
}

/** When window `j` of a member's series starts, as a timestamp. */
function memberWindowStart(m: Member, j: number): string {
  return fromEpochMillis(windowStartMs(m.series, j));
}

/** The series' findings, the causal tree and the roles of one incident, root first. */
interface Tree {
  readonly root: Member;
  readonly ordered: readonly Member[];
  readonly parentOf: ReadonlyMap<Member, Member>;
  readonly evidence: readonly CausalEvidence[];
  readonly evidenceOf: ReadonlyMap<Member, CausalEvidence>;
  readonly roleOf: (m: Member) => EventRole;
}

/**
 * The confidences `buildIncident` leaves unstated: `withPeerConfidences` states them once every
 * incident of the analysis is built, for they read the others (round twenty-nine, cal29: they
 * were computed here as if the incident were alone, then again there).
 */
const UNSTATED = 0;

function buildIncident(ctx: IncidentContext): Incident {
  const { settings, store, detectedAt } = ctx;
  const Z = settings.threshold;
  const members = locateOnsets(ctx, clusterMembers(ctx));
  const width = membersWidth(members);
  members.sort((a, b) => a.onset.ms - b.onset.ms);
  const standing = carriedByOwnRequests(standingForBursts(members), store);
  const root = paceCheckedRoot(standing, width, ctx);
  standForByTimeout(root, standing, ctx);
  const tree = causalTree(ctx, members, root);
  const { ordered, roleOf } = tree;

  const { start: startText, end: endText } = incidentSpan(ctx, root, standing);
  const modelsList = [...new Set(members.map((m) => m.c.model).filter((x): x is string => x !== undefined))].sort();
  const incidentId = contentId("incident", [...ordered.map((m) => `${m.c.id}@${memberWindowStart(m, m.windows[0]!)}`)]);

  const seriesFindings: IncidentSeries[] = ordered.map((m) => seriesFinding(m, roleOf(m), ctx));

  const drawn = incidentGraph(ctx, tree, { incidentId, start: startText, end: endText });
  const rootEvent = root.onset.event >= 0 ? store.event(root.onset.event) : undefined;
  const anomalies = incidentAnomalies(ordered, Z);
  const impact = impactOf(ordered, ctx.cluster);
  const rootCause =
    rootEvent === undefined ? null : rootCauseOf(tree, root, { drawn, rootEvent, confidence: UNSTATED });
  const strength = incidentStrength(members, tree.evidence, Z);
  const correlation = {
    correlation_id: incidentId,
    correlation_type: correlationType(root, ordered),
    events: correlatedEvents(ctx, drawn, roleOf),
    strength,
    confidence: UNSTATED,
    time_window: { start: startText, end: endText },
    detected_at: detectedAt,
    metadata: correlationMetadata({ incidentId, root, ordered, models: modelsList, width }),
  };

  return {
    incident_id: incidentId,
    title: titleOf(root, ordered),
    start: startText,
    end: endText,
    models: modelsList,
    signals: [...new Set(ordered.map((m) => m.c.signal))],
    severity: impact.severity,
    confidence: UNSTATED,
    series: seriesFindings,
    root: rootEvent === undefined ? null : incidentRoot(root, rootEvent),
    root_cause: rootCause,
    evidence: [...tree.evidence],
    anomalies,
    correlation,
    graph: drawn.graph,
    impact,
    anomaly_correlation: {
      correlation_id: incidentId,
      anomalies,
      strength,
      ...(rootCause === null ? {} : { root_cause: rootCause }),
      impact,
      detected_at: detectedAt,
    },
  };
}

/** The incident's start (its earliest onset, not before the data) and end (its last window's end, not after the data). */
function incidentSpan(ctx: IncidentContext, root: Member, members: readonly Member[]): { start: string; end: string } {
  const { grid } = ctx;
  const startMs = Math.max(Math.min(root.onset.ms, ...members.map((m) => m.onset.ms)), grid.dataStart);
  const endMs = Math.min(ctx.cluster.toMs, Math.max(grid.dataEnd, startMs));
  return {
    start: fromEpochMillis(Math.floor(startMs)),
    end: fromEpochMillis(Math.floor(Math.max(endMs, startMs))),
  };
}

/** One AnomalyEvent per anomalous window of each member found by detection (not the sub-threshold causes), in time order. */
function incidentAnomalies(ordered: readonly Member[], Z: number): AnomalyEvent[] {
  const anomalies: AnomalyEvent[] = [];
  for (const m of ordered) {
    if (m.sub === true) continue;
    for (const j of m.windows)
      anomalies.push(anomalyEvent(m.series, m.c, { j, timestamp: memberWindowStart(m, j), Z }));
  }
  return anomalies.sort((a, b) =>
    a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : a.metric < b.metric ? -1 : 1,
  );
}

/** The correlation's strength: the mean weight of the evidence, or with none the anomaly score of the largest |z|. */
function incidentStrength(
  members: readonly Member[],
  evidence: readonly { readonly weight: number }[],
  Z: number,
): number {
  if (evidence.length > 0) return evidence.reduce((sum, e) => sum + e.weight, 0) / evidence.length;
  let maxZ = 0;
  for (const m of members) maxZ = Math.max(maxZ, Math.abs(m.series.z[m.peakJ] as number));
  return anomalyScore(maxZ, Z);
}

/** The root cause in the hub's RootCauseAnalysis: the root's event, the drawn chain, the other causes and what to do. */
function rootCauseOf(
  tree: Tree,
  root: Member,
  found: { drawn: { readonly chain: RootCauseAnalysis["causal_chain"] }; rootEvent: StoredEvent; confidence: number },
): RootCauseAnalysis {
  return {
    root_event_id: found.rootEvent.event_id,
    confidence: found.confidence,
    causal_chain: found.drawn.chain,
    contributing_factors: contributingFactors(tree),
    recommendations: recommendations(root, tree.ordered),
  };
}

/** The EventCorrelation's metadata: string values only, as the hub's map holds. */
function correlationMetadata(p: {
  incidentId: string;
  root: Member;
  ordered: readonly Member[];
  models: readonly string[];
  width: number;
}): Record<string, string> {
  return {
    incident_id: p.incidentId,
    root_series: p.root.c.id,
    series: p.ordered.map((m) => m.c.id).join(", "),
    models: p.models.join(", "),
    window_ms: String(p.width),
  };
}

function incidentRoot(root: Member, e: StoredEvent): IncidentRoot {
  return {
    event_id: e.event_id,
    timestamp: e.timestamp,
    series_id: root.c.id,
    signal: root.c.signal,
    model: root.c.model ?? null,
    summary: e.summary,
  };
}

/** The cluster's series with their peak: the window furthest from its baseline in the direction of the change. */
function clusterMembers(ctx: IncidentContext): Member[] {
  return [...ctx.cluster.members.entries()].map(([s, ws]) => {
    const series = ctx.scored[s]!;
    const down =
      series.spec.direction === "down" || (series.spec.direction === "both" && (series.z[ws[0]!] as number) < 0);
    const lift = (j: number): number => {
      const v = series.value[j] as number;
      const b = series.baseline[j] as number;
      if (!Number.isFinite(v) || !Number.isFinite(b)) return Number.NEGATIVE_INFINITY;
      return down ? b - v : v - b;
    };
    let peakJ = ws[0]!;
    for (const j of ws) if (lift(j) > lift(peakJ)) peakJ = j;
    return { s, c: ctx.chosen[s]!, series, windows: ws, onset: { ms: 0, index: -1, event: -1 }, peakJ };
  });
}

/**
 * Timed-out failures `timeoutRun` needs before it reads their median duration. Chosen; round
 * seventeen's trace: 2 or 6 decides nothing differently on any of the 114 suite days read (swept, not
 * binding). Row: docs/correlation.md, "The constants of window choice, grouping and evidence".
 */
const MIN_TIMEOUT_RUNS = 3;

/**
 * How long the requests behind a rise in failures had run when they failed, when timeouts carry
 * it: of the failed requests of the member's model (and deployment) written in its first three
 * anomalous windows, at least three and more than half timed out (`isTimeoutClass`: HTTP 504 or
 * 408, an error type naming a timeout or deadline); the run is then the median duration those
 * timed-out requests recorded (the client's deadline, as the producer measured it, not a
 * constant). 0 otherwise. A timed-out request is a right-censored latency: it began its
 * duration before it was written, and so did the change that made it time out.
 * O(the model's request observations).
 */
function timeoutRun(m: Member, store: EventStore): number {
  const { model, deployment } = m.c;
  const same = (r: RawSeries): boolean =>
    r.model === model &&
    (r.deployment === deployment ||
      (r.deployment !== undefined &&
        deployment !== undefined &&
        r.deployment.environment === deployment.environment &&
        r.deployment.service === deployment.service));
  const errors = store.series.find((r) => r.source === SOURCE.errorRequests && same(r));
  if (errors === undefined) return 0;
  const first = m.windows.slice(0, FIT_WINDOWS);
  const fromMs = windowStartMs(m.series, first[0]!);
  const toMs = windowStartMs(m.series, first[first.length - 1]!) + m.series.grid.width;
  let failures = 0;
  const runs: number[] = [];
  for (let i = 0; i < errors.times.length; i++) {
    const t = errors.times.data[i] as number;
    if (t < fromMs || t >= toMs || !((errors.values.data[i] as number) > 0)) continue;
    failures++;
    const ms = store.timeouts.get(errors.events.data[i] as number);
    if (ms !== undefined) runs.push(ms);
  }
  if (runs.length < MIN_TIMEOUT_RUNS || 2 * runs.length <= failures) return 0;
  runs.sort((x, y) => x - y);
  return runs[Math.floor((runs.length - 1) / 2)] as number;
}

/**
 * The served request that stands for a slowdown seen only through its timeouts (`timeoutRun`).
 * The model's latency series (same scope; where timeouts censor its p95 they are left out of it)
 * is read over the served requests that began in the ROOT_SPAN_MS from the member's onset (by
 * start, not end: a window of ends holds fewer of the slow ones): when more of them took longer
 * than the series' ordinary 90th percentile (`ordinaryOf`, its unflagged windows) than chance
 * allows — the exact binomial tail at SERVED_SLOW_Z against the 10 % expected there — the served
 * requests show the slowdown too, and the first of those slow ones to end, written within
 * ROOT_SPAN_MS of the onset, stands for it (a measured latency the change explains, where a
 * timed-out request is only a latency beyond the deadline). -1 otherwise: every slowed
 * request timed out, or the failures are 504s of a fast gateway and the served requests are as
 * ever, or the ordinary percentile rests on fewer than SUPPORT_MIN_REFERENCE requests.
 * O(the series' requests).
 */
function servedSlowRequest(m: Member, ctx: IncidentContext): number {
  const { chosen, scored, store } = ctx;
  const s = chosen.findIndex((c) => c.signal === "latency_p95" && c.scope === m.c.scope);
  if (s < 0) return -1;
  const series = scored[s]!;
  const { high, observations } = ordinaryOf(series);
  if (!Number.isFinite(high) || observations < SUPPORT_MIN_REFERENCE) return -1;
  const read = servedBetween(series, store, high, [m.onset.ms, m.onset.ms + ROOT_SPAN_MS]);
  if (read.pick < 0 || !servedLeanSlow(read)) return -1;
  return series.events[read.pick] as number;
}

/**
 * The served (not timed-out) requests of a latency series that began in [from, until): how many,
 * how many took longer than `high`, and the first of those slow ones to end by `until` (its
 * observation index, -1 if none). O(the series' requests).
 */
function servedBetween(
  series: ScoredSeries,
  store: EventStore,
  high: number,
  [from, until]: readonly [number, number],
): { served: number; slow: number; pick: number } {
  let served = 0;
  let slow = 0;
  let pick = -1;
  for (let i = 0; i < series.times.length; i++) {
    const end = series.times[i] as number;
    const duration = series.values[i] as number;
    const begin = end - duration;
    if (begin < from || begin >= until || store.timeouts.has(series.events[i] as number)) continue;
    served++;
    if (!(duration > high)) continue;
    slow++;
    if (end <= until && (pick < 0 || end < (series.times[pick] as number))) pick = i;
  }
  return { served, slow, pick };
}

/** Whether more served requests took longer than the ordinary 90th percentile than chance allows (SERVED_SLOW_Z). */
function servedLeanSlow(read: { readonly served: number; readonly slow: number }): boolean {
  return zOfLogUpperTail(lnBinomialUpperTail(read.slow, read.served, 1 - SUPPORT_QUANTILE)) >= SERVED_SLOW_Z;
}

/**
 * Whether latency member `m` is its model's failures' own latency, not a slowdown: over its
 * anomalous windows at least MIN_TIMEOUT_RUNS of its requests timed out (`isTimeoutClass`,
 * recorded at the deadline), while the requests served in them (began there, not timed out) are
 * as ever — no more above the series' ordinary 90th percentile than chance allows
 * (`servedLeanSlow`, SERVED_SLOW_Z; the served requests need a reference,
 * SUPPORT_MIN_REFERENCE). A gateway that answers 504 at its deadline for a share of the requests
 * writes each failure with the deadline as its duration: the p95 climbs to the deadline because
 * the failures are there, and the service that served the rest did not slow. Such a rise is a
 * symptom of the failures (the relation table's latency → error_rate needs slow responses, and
 * there are none), not their cause. A slowdown that pushes some requests past the deadline slows
 * those it serves too, and keeps its lead. All the member's windows are read, not its first
 * three: a slowdown at a long deadline leaves few served requests a window (third --seed 3030
 * day 01, ×4.81 on 42 % at 120 s: 5 of 16 served above the p90 in its first three 2-minute
 * windows, z 2.1; 14 of 46 over its eight, a slowdown), while the fourth generator's 504 bursts
 * leave their served requests ordinary (7 of 42 and 8 of 53 above the p90; z 1.2, 1.0). The
 * one-sided 1 % of SERVED_SLOW_Z: the same test that lets a served request stand for the
 * slowdown (`servedSlowRequest`) decides whether the served requests show it at all.
 * O(the series' requests).
 */
function failuresOwnLatency(m: Member, ctx: IncidentContext): boolean {
  if (m.c.signal !== "latency_p95" || m.sub === true) return false;
  const series = m.series;
  const { high, observations } = ordinaryOf(series);
  if (!Number.isFinite(high) || observations < SUPPORT_MIN_REFERENCE) return false;
  const from = windowStartMs(series, m.windows[0]!);
  const to = windowStartMs(series, m.windows[m.windows.length - 1]!) + series.grid.width;
  let timedOut = 0;
  for (let i = 0; i < series.times.length; i++) {
    const end = series.times[i] as number;
    if (end >= from && end < to && ctx.store.timeouts.has(series.events[i] as number)) timedOut++;
  }
  return timedOut >= MIN_TIMEOUT_RUNS && !servedLeanSlow(servedBetween(series, ctx.store, high, [from, to]));
}

/**
 * A root that is its model's failures' own latency (`failuresOwnLatency`: the p95 climbed to the
 * client's deadline because requests timed out there, the served ones as ever) with no error-rate
 * member of its scope to yield to (a share of a sparse model's requests failing, under the
 * threshold at its traffic: fourth --seed 1089 day 7, 504s at 12 % of 15 requests a window) is
 * stood for by its first timed-out request written from its onset on, not by a served request:
 * the served requests did not change, and what the latency's rise is made of is the failures a
 * gateway answered at its deadline. Its onset and the posterior mass stated with it are kept: the
 * change was dated in the order requests began (`durationOnset`), at the first timed-out request's
 * start when that request is the change's first observation (`Onset.first`), which then stands
 * for it; else the first written from the onset on. Unchanged when no timed-out request is written
 * in the member's span. O(the series' requests).
 */
function standForByTimeout(root: Member, standing: readonly Member[], ctx: IncidentContext): void {
  if (root.c.signal !== "latency_p95" || root.sub === true) return;
  if (standing.some((m) => m.c.signal === "error_rate" && m.c.scope === root.c.scope && m.sub !== true)) return;
  if (!failuresOwnLatency(root, ctx)) return;
  const series = root.series;
  const timedOut = (i: number): boolean => ctx.store.timeouts.has(series.events[i] as number);
  const to = windowStartMs(series, root.windows[root.windows.length - 1]!) + series.grid.width;
  let pick = root.onset.first !== undefined && timedOut(root.onset.first) ? root.onset.first : -1;
  for (let i = 0; i < series.times.length && pick < 0; i++) {
    const end = series.times[i] as number;
    if (end >= root.onset.ms && end < to && timedOut(i)) pick = i;
  }
  if (pick >= 0) root.onset = { ...root.onset, index: pick, event: series.events[pick] as number };
}

/**
 * Each member's onset, in order of the first anomalous window (earlier series claim their events
 * first); then the token series the same-request evidence names as the cause (see
 * `subThresholdCauses` and `alignSameRequest`). Returns the members (sub-threshold ones added).
 */
function locateOnsets(ctx: IncidentContext, members: Member[]): Member[] {
  const { store } = ctx;
  const firstMs = (m: Member): number => windowStartMs(m.series, m.windows[0]!);
  // One model's findings that yield to their count over all events (`standingForBursts`) are dated
  // last: the count's own onset is as it would be without them.
  const yielding = yieldingToCounts(members);
  const last = (m: Member): number => (yielding.has(m) ? 1 : 0);
  members.sort(
    (a, b) =>
      last(a) - last(b) || firstMs(a) - firstMs(b) || Math.abs(b.series.z[b.peakJ]!) - Math.abs(a.series.z[a.peakJ]!),
  );
  const usedEvents = new Set<number>();
  const usedRequests = new Set<number>();
  for (const m of members) {
    const grid = m.series.grid;
    m.onset = findOnset(m.series, { j0: m.windows[0]!, windows: m.windows, grid }, { store, usedEvents, usedRequests });
    // A windowed payload (a throughput or error_rate record covering minutes, dated here at its
    // middle) shows a change anywhere in the span it covers: its onset is the start of that span,
    // the earliest time the record is evidence for.
    if (m.series.raw.span > 0 && m.onset.index >= 0) {
      m.onset = { ...m.onset, ms: Math.max(m.onset.ms - m.series.raw.span / 2, grid.dataStart) };
      const dated = requestDated(m, ctx, { store, usedEvents, usedRequests });
      if (dated !== undefined) {
        m.onset = dated;
        m.requestDated = true;
      }
    }
    if (m.onset.event >= 0) {
      usedEvents.add(m.onset.event);
      const req = store.requests.data[m.onset.event] as number;
      if (req !== 0) usedRequests.add(req);
    }
  }
  // Failures that are timeouts began a deadline before they were written: when the model's latency
  // series does not show the change (it was censored at the deadline already), the failures are
  // dated by when their requests began. (A windowed payload dated by its requests, `requestDated`,
  // has a representative event and no observation index of its own: it is dated so too.)
  for (const m of members) {
    if (m.c.signal !== "error_rate" || m.onset.event < 0) continue;
    if (members.some((o) => o.c.signal === "latency_p95" && o.c.scope === m.c.scope)) continue;
    const run = timeoutRun(m, store);
    if (run > 0) {
      // Dated by when the requests began, not by the failures' own posterior: no mass (Onset.mass).
      m.onset = {
        ...withoutMass(m.onset),
        ms: Math.max(m.onset.ms - run, m.series.grid.dataStart),
        ...(m.onset.latest === undefined ? {} : { latest: Math.max(m.onset.latest - run, m.series.grid.dataStart) }),
      };
      // The timeouts are the slowdown seen through the client's deadline: a request it slowed
      // that was still served stands for it before a failure that says only "outlasted the deadline".
      const served = servedSlowRequest(m, ctx);
      if (served >= 0) m.onset = { ...m.onset, index: -1, event: served };
    }
  }
  // Tokens explain latency when the first slow request is itself a large one: then the token
  // series' change starts with that request (a request's size and its duration change together).
  // The token series of a slowed model is tested even when it stayed under the threshold: larger
  // requests take longer, so the latency change crosses first, yet the slow requests being the
  // large ones is evidence enough for the cause (it joins the incident only on that evidence).
  const all = [
    ...members,
    ...subThresholdCauses(members, ctx.scored, ctx.chosen, { store, baselineWindows: ctx.settings.baselineWindows }),
  ];
  alignSameRequest(all, store, { usedEvents, usedRequests, baselineWindows: ctx.settings.baselineWindows });
  // A total that leads its model's completions through long prompts is dated with them.
  const alignCtx = { store, usedEvents, usedRequests, baselineWindows: ctx.settings.baselineWindows };
  for (const m of all) totalDatedByCompletions(m, all, alignCtx);
  return all.filter((m) => m.sub !== true || m.onset.index >= 0);
}

/** The request-level source of the same signal as a windowed payload source. */
const REQUEST_SOURCE_OF: ReadonlyMap<number, number> = new Map([
  [SOURCE.throughputPayload, SOURCE.throughputRequests],
  [SOURCE.errorPayload, SOURCE.errorRequests],
]);

/**
 * A windowed payload's change dated by its model's own requests. A reporter's record (requests or
 * failures over its last minutes) says only that the change began somewhere in the span it
 * covers; where the same model and deployment also write an event per request, those requests
 * are the same traffic seen one by one, and they date the change to the request (a fall in their
 * rate by `downOnset`, a rise in their failure share by the CUSUM of `cusumOnset`), with the
 * same baseline windows and direction as the payload. Kept only where the requests show the
 * change themselves (their own series is beyond the threshold the payload's way in one of the
 * incident's first three windows, and `findModelledOnset` finds their rate or failure share moved)
 * and date it within a span of the payload's own onset (the first record like the incident
 * covers the change's start, or the change began late in the record before it and left that one
 * mostly baseline); else undefined and the record dates it. O(requests in the searched windows).
 */
function requestDated(m: Member, ctx: IncidentContext, onsetCtx: Parameters<typeof findOnset>[2]): Onset | undefined {
  const source = REQUEST_SOURCE_OF.get(m.series.raw.source);
  if (source === undefined || m.c.scope === undefined) return undefined;
  const raw = ctx.store.series.find(
    (r) => r.source === source && r.model !== undefined && `{${seriesLabels(r.model, r.deployment)}}` === m.c.scope,
  );
  if (raw === undefined || raw.times.length === 0) return undefined;
  const grid = m.series.grid;
  const own = scoreSeries(raw, grid, ctx.settings);
  const j0 = m.windows[0]!;
  // The requests show the change themselves: their own series is beyond the threshold, the
  // payload's way, in one of the incident's first windows.
  const way = Math.sign(m.series.z[j0] as number);
  const shows = m.windows.slice(0, FIT_WINDOWS).some((j) => (own.z[j] as number) * way >= ctx.settings.threshold);
  if (!shows) return undefined;
  const requests: ScoredSeries = { ...own, z: m.series.z, refs: m.series.refs };
  const where = { j0, windows: m.windows, grid, ref: m.series.refs.get(j0) ?? [] };
  const dated = findModelledOnset(requests, where, onsetCtx);
  if (dated === undefined || dated.event < 0) return undefined;
  const span = m.series.raw.span;
  // Earlier than the record by up to a span, or by the clock skew between two producers more
  // (CLOCK_SKEW_MS: a reporter whose clock is ahead stamps its records late); never later than
  // the end of the first record like the incident (it counted failures the requests' dating
  // passed over).
  if (dated.ms < m.onset.ms - span - CLOCK_SKEW_MS || dated.ms > m.onset.ms + span) return undefined;
  // A fall's root is the event most probably in its first five minutes (`fallEvent`); where no
  // request comes then, the model's record that ends in them is such an event too, and is
  // weighed by the same posterior of the change time (a record is written at its span's end).
  let event = dated.event;
  let share = dated.mass;
  const mass = dated.index >= 0 ? fallMass(requests, where, ctx.store) : undefined;
  if (mass !== undefined) {
    const t = requests.times[dated.index] as number;
    let best = mass(t - ROOT_SPAN_MS, t);
    const p = m.series;
    for (let i = 0; i < p.times.length; i++) {
      const end = (p.times[i] as number) + span / 2;
      if (end < dated.ms - span || end > dated.ms + ROOT_SPAN_MS + span) continue;
      const k = p.events[i] as number;
      if (onsetCtx.usedEvents.has(k)) continue;
      const w = mass(end - ROOT_SPAN_MS, end);
      if (w > best * (1 + 1e-9)) {
        best = w;
        event = k;
      }
    }
    const total = mass(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
    share = total > 0 ? best / total : undefined;
  }
  return {
    ms: dated.ms,
    index: -1,
    event,
    ...(dated.latest === undefined ? {} : { latest: dated.latest }),
    ...(share === undefined ? {} : { mass: share }),
  };
}

/**
 * 1 for a latency change whose first request (`Onset.first`) timed out, else 0. `durationOnset`
 * dates such a change at the request's start, but a timed-out request's duration is only the
 * deadline (right censored): what it shows is a failure, which the model's error series counts
 * when the deadline fired. Within the tie (`chooseRoot`) the two series read the same requests
 * and cannot be ordered by them; a change whose first evidence is a failure is the failures'.
 * Where the deadline is longer than the tie, the failures come too late to tie with the latency
 * dated from the requests' start, and a slowdown seen only as timeouts keeps its lead
 * (test/correlation/timeout-latency.test.ts). Fourth 31337 day 07 at 5-minute windows: a burst
 * of 504s at a 30-s deadline was rooted in latency dated 30 s "before" its own first failure, its
 * representative an ordinary served request. Unless a served request slower than the baseline's
 * p95 represents the change: then the served requests show the slowdown too.
 */
function timedOutFirst(m: Member, timeouts: ReadonlyMap<number, number>): number {
  const first = m.onset.first;
  if (m.c.signal !== "latency_p95" || first === undefined) return 0;
  if (!timeouts.has(m.series.events[first] as number)) return 0;
  // A served request slower than the baseline's p95 stands for the change: a slowdown, seen in
  // the requests that were served too (held-out 5151 day 04: ×4.6 on 79 %, its first request a
  // timeout, its representative a served 26.6-s request against a p95 of 11.6 s).
  const rep = m.onset.index;
  const served = rep >= 0 && !timeouts.has(m.series.events[rep] as number);
  return served && (m.series.values[rep] as number) > (m.series.baseline[m.windows[0]!] as number) ? 0 : 1;
}

/**
 * The root once the time per token is read: a completion-token root whose model's latency
 * (served requests of its first windows) took longer per generated token than the reference's
 * (`paceRose`, the test that keeps a sub-threshold token series from being a slowdown's cause)
 * is not the cause the slowdown needs, and the root is chosen again without it: a leak on a day
 * whose answers also ran longer is the leak's (test/correlation/token-pace.test.ts), and a token
 * explosion whose total per request crossed its threshold too stays the total's, as before the
 * completion series (held-out `--seed 4242` day 30, its latency paced slower by the load).
 */
function paceCheckedRoot(all: Member[], width: number, ctx: IncidentContext): Member {
  const rootCtx = { timeouts: ctx.store.timeouts, baselineWindows: ctx.settings.baselineWindows };
  const standing = withoutFailuresOwnLatency(all, ctx);
  const root = chooseRoot(standing, width, ctx.loads, rootCtx);
  if (root.c.signal !== "completion_tokens" || standing.length < 2) return root;
  const latency = standing.find((m) => m.c.signal === "latency_p95" && m.c.scope === root.c.scope && m.sub !== true);
  if (latency === undefined) return root;
  const a = { store: ctx.store, baselineWindows: ctx.settings.baselineWindows };
  if (paceRose(latency, root.series, latency.windows.slice(0, SUB_THRESHOLD_CAUSE_WINDOWS), a) !== true) return root;
  return chooseRoot(
    standing.filter((m) => m !== root),
    width,
    ctx.loads,
    rootCtx,
  );
}

/**
 * The members that may be the root: a latency member that is its model's failures' own latency
 * (`failuresOwnLatency`) yields to the error rate of the same model, a member too: both read the
 * same failed requests, and the latency's rise is the deadline they were written with, dated from
 * when they began. Unchanged where no such pair is present. (The error rate keeps its own dating,
 * by when the failures were written: dated by their requests' start instead, it led the token
 * series of an explosion whose grown outputs time out, test/correlation/token-size-root.test.ts.)
 */
function withoutFailuresOwnLatency(members: Member[], ctx: IncidentContext): Member[] {
  const failing = new Set(members.filter((m) => m.c.signal === "error_rate" && m.sub !== true).map((m) => m.c.scope));
  const kept = members.filter((m) => !(failing.has(m.c.scope) && failuresOwnLatency(m, ctx)));
  return kept.length > 0 && kept.length < members.length ? kept : members;
}

/**
 * Root: earliest onset. A series that only the other can cause by the table (tokens → latency,
 * cost → budget alerts), dated as precisely and starting within the tie tolerance after it,
 * yields to it: both are measured on the same requests, so their onsets say little about the
 * order. Other near-ties (within a minute, or a fifth of a window) go to the most precisely
 * dated series, then to the earlier onset, then to the larger |z|. A traffic fall is no cause of
 * a token rise whose large requests grew in number (`fallAddsNoLarge`). Sorts `members` by onset.
 */
function chooseRoot(
  members: Member[],
  width: number,
  loads: ModelLoads,
  rootCtx: { readonly timeouts: ReadonlyMap<number, number>; readonly baselineWindows: number },
): Member {
  const { timeouts, baselineWindows } = rootCtx;
  const tie = tieToleranceMs(width);
  members.sort((a, b) => a.onset.ms - b.onset.ms);
  const oneWay = (from: Member, to: Member): boolean =>
    causalRelationOf(from.c.signal, to.c.signal) !== undefined &&
    causalRelationOf(to.c.signal, from.c.signal) === undefined;
  const primary = (m: Member): number => (SIGNAL_SPECS[m.c.signal].secondary || m.series.spec.secondary ? 0 : 1);
  // A change the series' own observations date only loosely (a weak latency rise, whose start
  // is as plausible anywhere over minutes) is not shown to lead a series that changed, dated
  // more precisely, within that range: it yields the lead (see `notShownFirst`).
  const dated = members.map((m) => ({ m, onset: m.onset, series: m.series, c: m.c, primary: primary(m) === 1 }));
  const unshown = notShownFirst(dated, tie);
  const shown = dated.filter((d) => !unshown.has(d)).map((d) => d.m);
  // Load the model carried before without the incident's change is not its cause (`loadSeenWithout`).
  const causes = shown.filter((m) => !loadSeenWithout(m, loads));
  const leading = causes.length > 0 ? causes : shown;
  // A windowed payload (an error_rate or throughput record covering minutes) only dates its
  // change to within its window, so its onset ties with any within half that span; among tied
  // series the one dated most precisely (request by request) goes first.
  const earliest = leading[0]!;
  const span = (m: Member): number => (m.requestDated === true ? 0 : m.series.raw.span);
  const tied = leading.filter((m) => m.onset.ms <= earliest.onset.ms + Math.max(tie, (span(m) + span(earliest)) / 2));
  // One upstream, several models: the symptom the models outside the tie lead with is the
  // upstream's, and among tied series it goes first (`cascadeSymptom`).
  const shared = cascadeSymptom(members, tied);
  const upstreamLike = (m: Member): number => (shared !== undefined && m.c.signal === shared ? 1 : 0);
  let root = [...tied].sort(
    (a, b) =>
      primary(b) - primary(a) ||
      upstreamLike(b) - upstreamLike(a) ||
      span(a) - span(b) ||
      timedOutFirst(a, timeouts) - timedOutFirst(b, timeouts) ||
      a.onset.ms - b.onset.ms ||
      Math.abs(b.series.z[b.peakJ]!) - Math.abs(a.series.z[a.peakJ]!),
  )[0]!;
  for (let guard = 0; guard < members.length; guard++) {
    const current = root;
    // Tokens and spend are written when a request ends, a latency change is dated when its
    // requests began: on one model, a size change that can explain the slowdown ties with it up
    // to the slow requests' duration (the p95 of the latency's peak window) later.
    const slack = (m: Member): number =>
      current.c.signal === "latency_p95" && m.c.scope === current.c.scope
        ? Math.max(0, finite(current.series.value[current.peakJ] as number))
        : 0;
    const cause = leading.find(
      (m) =>
        m !== current &&
        oneWay(m, current) &&
        (m.onset.ms <= current.onset.ms + tie + slack(m) || findingsFlaggedNoLater(m, current)) &&
        span(m) <= span(current) &&
        primary(m) >= primary(current) &&
        !fallAddsNoLarge(m, current, baselineWindows),
    );
    if (cause === undefined) break;
    root = cause;
  }
  return root;
}

/**
 * The chance below which a count of large requests is more than the baseline's rate of them
 * gives: 1 %, the odds a change is dated at (onset.ts ONSET_ODDS, ln 100).
 */
const LARGE_RATE_CHANCE = 0.01;

/**
 * Whether `m`, a fall in a model's request rate, is shown not to have changed its tokens per
 * request (`current`, a token series of the same model) by a shift in its traffic mix: the
 * token series' flagged windows hold more large requests (above its reference's ALIGN_QUANTILE)
 * than its reference windows' rate of them gives, at a one-sided Poisson chance below
 * LARGE_RATE_CHANCE. Traffic that leaves changes the mix by removing requests; the ones that stay
 * keep their sizes, so the number of large ones does not rise. A token explosion adds them. A
 * closed-loop client's traffic falls when its calls slow: that fall, dated 12 s after a token
 * explosion's total (third `--seed 5353` day 15), is not the explosion's cause. O(the token
 * series' observations in its reference and flagged windows).
 */
function fallAddsNoLarge(m: Member, current: Member, baselineWindows: number): boolean {
  if (m.c.signal !== "throughput" || m.c.scope !== current.c.scope || !((m.series.z[m.windows[0]!] as number) < 0))
    return false;
  if (current.c.signal !== "token_usage" && current.c.signal !== "completion_tokens") return false;
  const ts = current.series;
  const ref = baselineWindowsOf(ts, current.windows[0]!, baselineWindows);
  const values: number[] = [];
  for (const j of ref)
    for (let i = ts.starts[j] as number; i < (ts.starts[j + 1] as number); i++) values.push(ts.values[i] as number);
  if (values.length < ALIGN_MIN_REFERENCE) return false;
  values.sort((x, y) => x - y);
  const high = values[Math.floor(ALIGN_QUANTILE * (values.length - 1))] as number;
  const above = (j: number): number => {
    let k = 0;
    for (let i = ts.starts[j] as number; i < (ts.starts[j + 1] as number); i++)
      if ((ts.values[i] as number) > high) k++;
    return k;
  };
  const lambda = (ref.reduce((sum, j) => sum + above(j), 0) / ref.length) * current.windows.length;
  const k = current.windows.reduce((sum, j) => sum + above(j), 0);
  return lnPoissonUpperTail(k, lambda) < Math.log(LARGE_RATE_CHANCE);
}

/**
 * Whether `cause` and `effect` are findings counts (security and governance events, not requests)
 * and the cause's first anomalous window starts no later than the effect's. Within a window the
 * counts cannot order the two, and each onset is one finding: the effect's, one of its baseline
 * (policy violations at 0.04 a minute put one in any two minutes with probability 8 %), the
 * cause's, the first finding of a burst, which comes after the burst began (at 1.2 a minute,
 * later than two minutes with probability 9 %). The relations table can order them: a policy
 * violation 117 s before the first threat of the wave whose guardrail verdicts make the rest
 * (held-out --seed 1111 day 22, both flagged in the same 5-minute window) does not lead the wave.
 */
function findingsFlaggedNoLater(cause: Member, effect: Member): boolean {
  const findings = (m: Member): boolean =>
    m.series.spec.kind === "count" && m.c.signal !== "throughput" && m.sub !== true;
  if (!findings(cause) || !findings(effect)) return false;
  return windowStartMs(cause.series, cause.windows[0]!) <= windowStartMs(effect.series, effect.windows[0]!);
}

/**
 * The symptom one upstream shows on every model it serves, read where the tied series of the
 * first model cannot tell it: every model of the incident with no member in `tied` leads
 * (its earliest onset among the upstream symptoms moving their way, `UPSTREAM_SYMPTOMS`) with
 * the same signal, and a tied series of a model carries that signal too. Undefined otherwise
 * (one model, no member outside the tie, or the other models leading with different symptoms).
 * A provider that answers with 529s fails every model it serves; a model that also slows, there
 * first, slows as its own reaction (an OpenTelemetry span holds the SDK's retries, so its
 * failed attempts lengthen it; failover moves load) and is not the upstream's symptom, nor is a
 * rise in failures on a model whose cascade slows everywhere else. `members` sorted by onset.
 */
function cascadeSymptom(members: readonly Member[], tied: readonly Member[]): IncidentSignal | undefined {
  const tiedModels = new Set(tied.map((m) => m.c.scope));
  const leads = new Map<string, IncidentSignal>();
  for (const m of members) {
    if (m.c.scope === undefined || tiedModels.has(m.c.scope) || leads.has(m.c.scope) || m.sub === true) continue;
    const sign = UPSTREAM_SYMPTOMS.get(m.c.signal);
    if (sign === undefined || sign * (m.series.z[m.windows[0]!] as number) <= 0) continue;
    leads.set(m.c.scope, m.c.signal);
  }
  const signals = new Set(leads.values());
  if (signals.size !== 1) return undefined;
  const [signal] = signals;
  const tiedSignals = new Set(tied.map((m) => m.c.signal));
  return signal !== undefined && tiedSignals.has(signal) && tiedSignals.size > 1 ? signal : undefined;
}

/**
 * Whether member `y`, a rise in a model's request rate, is shown not to cause the incident: the
 * model carried the load of `y`'s first anomalous window before without harm (`loadCarriedBefore`):
 * a batch job's next batch, arriving while its upstream fails, is not the failures' cause.
 */
function loadSeenWithout(y: Member, loads: ModelLoads): boolean {
  if (y.c.signal !== "throughput" || y.sub === true || y.c.scope === undefined) return false;
  const j0 = y.windows[0]!;
  if (!((y.series.z[j0] as number) > 0)) return false;
  return loadCarriedBefore(loads.get(y.c.scope) ?? [], y.series, j0);
}

/** What `notShownFirst` reads of a member: its onset and the span its series' records cover. */
export interface DatedChange {
  readonly onset: Onset;
  readonly series: { readonly raw: { readonly span: number } };
  /** The member's signal: a latency change, or a change to its only possible cause, yields its lead (see `notShownFirst`). */
  readonly c: { readonly signal: IncidentSignal };
  /** Whether the member may open an incident (not a secondary signal such as budget alerts). */
  readonly primary: boolean;
}

/**
 * The earliest members (by onset, `members` sorted so) whose change is not shown to come first:
 * another member's onset lies within the range of starts the member's own observations leave
 * plausible (`Onset.latest`: likelihood within a factor 20 of the best change point), and that
 * member is dated more precisely (a narrower range; a windowed payload's is half its span).
 * Then the data cannot tell which changed first, and the precise one leads. Only a latency
 * change yields so (its range is that of `durationOnset`, over requests in the order they
 * began), and only to a primary series: event rates dated by the CUSUM of their counts have
 * ranges of minutes at low rates, and letting them yield moved the roots of attack waves and
 * governance cascades onto the auth failures and audit records around them (`npm run eval`
 * days 31 and 34). Any other change with a measured range yields to a primary series inside it
 * that the relations table lets cause it and not the reverse (threats → policy violations): the
 * data cannot order the two, the table can (held-out `--seed 991` day 21: violations dated by a
 * stray one 3.7 min before the threats that caused them). A change dated with a sharp
 * likelihood (a strong slowdown) has a range of seconds and keeps its lead. Stops at the first
 * member that is shown first. O(members²).
 */
export function notShownFirst<M extends DatedChange>(members: readonly M[], tie: number): Set<M> {
  const width = (m: M): number => Math.max((m.onset.latest ?? m.onset.ms) - m.onset.ms, m.series.raw.span / 2);
  const out = new Set<M>();
  // Only `to` can cause `from` by the table (threats → policy violations), never the reverse.
  const causedOnlyBy = (from: M, to: M): boolean =>
    causalRelationOf(to.c.signal, from.c.signal) !== undefined &&
    causalRelationOf(from.c.signal, to.c.signal) === undefined;
  for (const m of members) {
    const latest = m.onset.latest ?? m.onset.ms;
    const overtaken = members.some(
      (b) =>
        b !== m &&
        b.primary &&
        !out.has(b) &&
        b.onset.ms > m.onset.ms &&
        b.onset.ms <= latest + tie &&
        ((m.c.signal === "latency_p95" && width(b) < width(m)) ||
          (m.c.signal !== "latency_p95" && m.onset.latest !== undefined && causedOnlyBy(m, b))),
    );
    if (!overtaken || out.size === members.length - 1) break;
    out.add(m);
  }
  return out;
}

/**
 * The weight of an edge: the noisy-OR of its independent pieces of evidence. A relation of the
 * table alone is as likely chance as not (LINK_RELIABILITY.temporal, 0.5); the lagged
 * correlation adds its confidence, 1 − the p-value of Fisher's z (`correlationConfidence`) when
 * it is positive; id links add LINK_RELIABILITY.parent (0.9). A related series (no relation)
 * weighs its correlation's confidence times 0.5.
 */
function edgeWeight(kind: "causal" | "related", lag: { r: number | null; n: number }, ids: number): number {
  const r = lag.r ?? 0;
  const confidence = r > 0 && lag.n > 3 ? correlationConfidence(Math.min(r, 0.999999), lag.n) : 0;
  if (kind === "related") return LINK_RELIABILITY.temporal * confidence;
  return noisyOr([LINK_RELIABILITY.temporal, confidence, ids > 0 ? LINK_RELIABILITY.parent : 0]);
}

/** Causal tree: each later series hangs on its latest earlier cause in the table; others are related. */
function causalTree(ctx: IncidentContext, members: readonly Member[], root: Member): Tree {
  const ordered = [root, ...members.filter((m) => m !== root)];
  const parentOf = new Map<Member, Member>();
  const evidence: CausalEvidence[] = [];
  const evidenceOf = new Map<Member, CausalEvidence>();
  for (let i = 1; i < ordered.length; i++) {
    const m = ordered[i]!;
    const candidates = ordered
      .slice(0, i)
      .filter((p) => causalRelationOf(p.c.signal, m.c.signal) !== undefined && p.onset.event !== m.onset.event);
    const p = candidates.length === 0 ? undefined : candidates.reduce((x, y) => (y.onset.ms >= x.onset.ms ? y : x));
    const from = p ?? root;
    const relation = p === undefined ? undefined : causalRelationOf(p.c.signal, m.c.signal);
    const lag = laggedEvidence(from.series, m.series, ctx.cluster);
    const ids = idLinks({ cause: from, effect: m }, ctx);
    const kind = p === undefined ? "related" : "causal";
    const e: CausalEvidence = {
      from_series: from.c.id,
      to_series: m.c.id,
      kind,
      mechanism: relation?.mechanism ?? null,
      lag_ms: Math.round(m.onset.ms - from.onset.ms),
      lagged_correlation: lag.r,
      lag_windows: lag.lag,
      id_links: ids,
      weight: Math.min(1, Math.max(0, edgeWeight(kind, lag, ids))),
    };
    evidence.push(e);
    evidenceOf.set(m, e);
    if (p !== undefined) parentOf.set(m, p);
  }
  const hasChild = new Set<Member>([...parentOf.values()]);
  const roleOf = (m: Member): EventRole =>
    m === root ? "root_cause" : !parentOf.has(m) ? "related" : hasChild.has(m) ? "contributor" : "effect";
  return { root, ordered, parentOf, evidence, evidenceOf, roleOf };
}

/** `IncidentSeries.onset_interval`: a drift's credible interval, else a step's plausible range from its onset. */
function onsetInterval(onset: Onset): IncidentSeries["onset_interval"] {
  const range =
    onset.credible ?? (onset.latest === undefined ? undefined : [onset.ms, Math.max(onset.ms, onset.latest)]);
  if (range === undefined) return null;
  return { from: fromEpochMillis(Math.floor(range[0])), to: fromEpochMillis(Math.floor(range[1])) };
}

function seriesFinding(m: Member, role: EventRole, ctx: IncidentContext): IncidentSeries {
  const windowStart = (j: number): string => memberWindowStart(m, j);
  return {
    series_id: m.c.id,
    signal: m.c.signal,
    model: m.c.model ?? null,
    role,
    onset: fromEpochMillis(Math.floor(m.onset.ms)),
    onset_event_id: m.onset.event >= 0 ? ctx.store.id(m.onset.event) : null,
    onset_interval: onsetInterval(m.onset),
    onset_mass: m.onset.mass ?? null,
    first_window: windowStart(m.windows[0]!),
    last_window: windowStart(m.windows[m.windows.length - 1]!),
    anomalous_windows: m.sub === true ? 0 : m.windows.length,
    onset_window_count: m.series.count[m.windows[0]!] as number,
    baseline: finite(m.series.baseline[m.windows[0]!] as number),
    peak: finite(m.series.value[m.peakJ] as number),
    peak_z: finite(m.series.z[m.peakJ] as number),
    peak_score: anomalyScore(m.series.z[m.peakJ] as number, ctx.settings.threshold),
    unit: m.series.spec.unit,
  };
}

interface Drawn {
  readonly graph: EventGraph;
  readonly chain: CausalLink[];
  /** Node (event id) → the series it represents. */
  readonly nodeSeries: ReadonlyMap<string, Member[]>;
}

/** Graph: one node per representative event (two series may share one, e.g. tokens and spend of a token_cost event). */
function incidentGraph(
  ctx: IncidentContext,
  tree: Tree,
  range: { readonly incidentId: string; readonly start: string; readonly end: string },
): Drawn {
  const nodeOf = new Map<Member, string>();
  const nodeSeries = new Map<string, Member[]>();
  for (const m of tree.ordered) {
    if (m.onset.event < 0) continue;
    const id = ctx.store.event(m.onset.event).event_id;
    nodeOf.set(m, id);
    const list = nodeSeries.get(id);
    if (list === undefined) nodeSeries.set(id, [m]);
    else list.push(m);
  }
  const nodes = [...nodeSeries.values()].map((ms) => graphNode(ms, ctx, tree.roleOf));
  nodes.sort((a, b) =>
    a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : a.node_id < b.node_id ? -1 : 1,
  );
  const edges: EventEdge[] = [];
  const chain: CausalLink[] = [];
  for (const m of tree.ordered.slice(1)) {
    const e = tree.evidenceOf.get(m)!;
    const a = nodeOf.get(tree.parentOf.get(m) ?? tree.root);
    const b = nodeOf.get(m);
    if (a === undefined || b === undefined || a === b) continue;
    const causal = e.kind === "causal";
    edges.push({
      edge_id: contentId("incident_edge", [a, b]),
      from_node: a,
      to_node: b,
      relationship_type: causal ? "causes" : "correlates_with",
      weight: e.weight,
      properties: {
        from_series: e.from_series,
        to_series: e.to_series,
        lag_ms: String(e.lag_ms),
        ...(e.mechanism === null ? {} : { mechanism: e.mechanism }),
        ...(e.lagged_correlation === null ? {} : { lagged_correlation: e.lagged_correlation.toFixed(3) }),
        id_links: String(e.id_links),
      },
    });
    // time_delta_ms is the evidence's lag_ms: the time between the two series' onsets.
    const relationship = causal ? "direct_cause" : "correlation";
    chain.push({ from_event_id: a, to_event_id: b, relationship, strength: e.weight, time_delta_ms: e.lag_ms });
  }
  const first = nodes[0]?.timestamp;
  const last = nodes[nodes.length - 1]?.timestamp;
  const time_range = {
    start: first !== undefined && first < range.start ? first : range.start,
    end: last !== undefined && last > range.end ? last : range.end,
  };
  const graph_id = contentId("incident_graph", [range.incidentId]);
  const graph: EventGraph = { graph_id, time_range, nodes, edges, metadata: graphMetadataOf({ nodes, edges }) };
  return { graph, chain, nodeSeries };
}

function graphNode(ms: readonly Member[], ctx: IncidentContext, roleOf: (m: Member) => EventRole): EventNode {
  const first = ms[0]!;
  const e = ctx.store.event(first.onset.event);
  const attributes: Record<string, string> = {
    severity: e.severity,
    summary: e.summary,
    payload_type: e.payload_type,
    subtype: e.subtype,
    series: ms.map((m) => m.c.id).join(", "),
    signal: ms.map((m) => m.c.signal).join(", "),
    role: ms.map(roleOf).join(", "),
    onset: fromEpochMillis(Math.floor(first.onset.ms)),
    anomaly_score: anomalyScore(first.series.z[first.peakJ] as number, ctx.settings.threshold).toFixed(4),
  };
  if (e.model !== undefined) attributes.model_id = e.model;
  return {
    node_id: e.event_id,
    event_id: e.event_id,
    source_module: e.source_module,
    event_type: e.event_type,
    timestamp: e.timestamp,
    attributes,
  };
}

function contributingFactors(tree: Tree): string[] {
  return tree.ordered.slice(1).map((m) => {
    const e = tree.evidenceOf.get(m)!;
    const after = Math.round(e.lag_ms / MINUTE);
    const when = `${after >= 0 ? `${after} min after` : `${-after} min before`} ${e.from_series}`;
    return e.kind === "causal"
      ? `${describeChange(m)}, ${when}: ${e.mechanism}${e.id_links > 0 ? ` (${e.id_links} events link to it by id)` : ""}`
      : `${describeChange(m)} at the same time; no relation of the table explains it (related, not caused)`;
  });
}

/** The graph's nodes as CorrelatedEvents: role (the strongest of its series'), and metrics at the onset. */
function correlatedEvents(ctx: IncidentContext, drawn: Drawn, roleOf: (m: Member) => EventRole): CorrelatedEvent[] {
  const Z = ctx.settings.threshold;
  return drawn.graph.nodes.map((n) => {
    const ms = drawn.nodeSeries.get(n.event_id)!;
    const e = ctx.store.event(ms[0]!.onset.event);
    const roles = ms.map(roleOf);
    const role: EventRole = roles.includes("root_cause")
      ? "root_cause"
      : roles.includes("contributor")
        ? "contributor"
        : roles.includes("effect")
          ? "effect"
          : "related";
    const metrics: Record<string, number> = {};
    for (const m of ms) {
      const i = m.onset.index;
      if (i >= 0) {
        const v = m.series.values[i] as number;
        if (m.series.spec.kind === "ratio") {
          metrics.failed = v;
          metrics.total = m.series.totals[i] as number;
        } else if (m.series.spec.kind !== "count") metrics[m.series.spec.metric] = v;
      }
      metrics[`${m.c.signal}_anomaly_score`] = anomalyScore(m.series.z[m.peakJ] as number, Z);
    }
    const { event_id, source_module, event_type, severity, timestamp, summary } = e;
    return { event_id, source_module, event_type, severity, timestamp, role, summary, metrics };
  });
}

const finite = (x: number): number => (Number.isFinite(x) ? x : 0);

/**
 * The bar a token series under the threshold must clear to be tested as the cause of a slowdown:
 * a one-sided p of 0.05 for its largest z over the latency's anomalous windows. It only has to
 * explain the latency, not open an incident, yet it must itself have moved: larger requests are
 * slower in any traffic, so without it the slow requests of a slowdown read as "the large ones".
 */
const SUB_THRESHOLD_CAUSE_P = 0.05;

/**
 * How many of the latency's first anomalous windows a token series under the threshold is read
 * over: those the onset's change point is fitted on (findOnset). A peak two hours into a slow
 * drift says nothing of what began it. Row: docs/correlation.md, "The constants of onset and
 * root choice".
 */
const SUB_THRESHOLD_CAUSE_WINDOWS = FIT_WINDOWS;

/**
 * The z the largest of `n` window z scores must reach for a family-wise one-sided `p`
 * (SUB_THRESHOLD_CAUSE_P, SUB_THRESHOLD_ALONE_P): each window's tail 1 − (1 − p)^(1/n) (Šidák 1967, "Rectangular
 * confidence regions for the means of multivariate normal distributions", JASA 62). The peak of
 * many windows of an unchanged series clears 1.645 by chance (of 45 windows, nine times in ten: a
 * slow drift's two hours were read as a token change); one window keeps 1.645.
 */
function familyWiseZ(p: number, n: number): number {
  return zOfLogUpperTail(Math.log(-Math.expm1(Math.log1p(-p) / Math.max(1, n))));
}

/**
 * Candidate causes below the threshold: for each latency series of the incident whose model has
 * a token series that is not in it, that token series over the latency's anomalous windows
 * (its peak the window of the largest token z of the first SUB_THRESHOLD_CAUSE_WINDOWS), when
 * that z clears `familyWiseZ` of their number. `alignSameRequest` keeps it only when
 * the slow requests are the large ones, or when it moved beyond chance with the latency
 * (`datedWith`).
 */
function subThresholdCauses(
  members: readonly Member[],
  scored: readonly ScoredSeries[],
  chosen: readonly Chosen[],
  sizes: { readonly store: EventStore; readonly baselineWindows: number },
): Member[] {
  const out: Member[] = [];
  for (const latency of members) {
    if (latency.c.signal !== "latency_p95" || latency.c.scope === undefined) continue;
    if (members.some((m) => m.c.signal === "token_usage" && m.c.scope === latency.c.scope)) continue;
    const s = chosen.findIndex((c) => c.signal === "token_usage" && c.scope === latency.c.scope);
    if (s < 0) continue;
    const series = scored[s]!;
    // A cause has moved when its effect begins: its z is read over the latency's first windows.
    const searched = latency.windows.slice(0, SUB_THRESHOLD_CAUSE_WINDOWS);
    let peakJ = searched[0]!;
    for (const j of searched) if (finite(series.z[j] as number) > finite(series.z[peakJ] as number)) peakJ = j;
    const bar = familyWiseZ(SUB_THRESHOLD_CAUSE_P, searched.length);
    if (!(finite(series.z[peakJ] as number) >= bar)) {
      // The series counts total tokens per request; what slows a request is the tokens it
      // generates (`requestSize`), and prompts hide their change in the total: the same bar on
      // the requests' own sizes, when the time each token took stayed as it was (`paceRose`).
      const moved = largestSizeShift(series, searched, { ...sizes, j0: latency.windows[0]! });
      if (moved === undefined || !(moved.z >= bar)) continue;
      if (paceRose(latency, series, searched, sizes) !== false) continue;
      peakJ = moved.j;
    }
    out.push({
      s,
      c: chosen[s]!,
      series,
      windows: latency.windows,
      onset: { ms: Number.POSITIVE_INFINITY, index: -1, event: -1 },
      peakJ,
      sub: true,
    });
  }
  return out;
}

/**
 * Fewest reference request sizes `largestSizeShift` estimates their spread from (as `largeSizeCut`).
 * Chosen; round seventeen's trace: 10 or 40 decides nothing differently on any of the 114 suite days
 * read (swept, not binding). Row: docs/correlation.md, "The constants of window choice, grouping
 * and evidence".
 */
const SIZE_SHIFT_MIN_REFERENCE = 20;

/**
 * The largest one-sided z, over `windows`, of the mean log request size (`requestSize`: the
 * output tokens, else the total) of a token series' events in a window against the sizes of the
 * windows before `j0` (`baselineWindowsOf`): (mean − median) / (1.4826·MAD / √n), sizes being
 * about log-normal. A shift of the requests' own sizes, which a series of total tokens per
 * request hides when prompts dominate the total. Undefined with fewer than
 * SIZE_SHIFT_MIN_REFERENCE reference sizes or no spread. O(the events in those windows).
 */
function largestSizeShift(
  ts: ScoredSeries,
  windows: readonly number[],
  a: { readonly store: EventStore; readonly baselineWindows: number; readonly j0: number },
): { z: number; j: number } | undefined {
  const logSizes = (j: number): number[] => {
    const out: number[] = [];
    for (let i = ts.starts[j] as number; i < (ts.starts[j + 1] as number); i++) {
      const size = sizeAt(a.store, ts, i);
      if (size > 0) out.push(Math.log(size));
    }
    return out;
  };
  const ref = baselineWindowsOf(ts, a.j0, a.baselineWindows).flatMap(logSizes);
  if (ref.length < SIZE_SHIFT_MIN_REFERENCE) return undefined;
  const center = medianOf(ref);
  const spread = MAD_NORMAL_SCALE * medianOf(ref.map((x) => Math.abs(x - center)));
  if (!(spread > 0)) return undefined;
  let best: { z: number; j: number } | undefined;
  for (const j of windows) {
    const xs = logSizes(j);
    if (xs.length === 0) continue;
    const mean = xs.reduce((x, y) => x + y, 0) / xs.length;
    const z = ((mean - center) / spread) * Math.sqrt(xs.length);
    if (best === undefined || z > best.z) best = { z, j };
  }
  return best;
}

/** Φ⁻¹(0.95): the one-sided 5 % bar of `paceRose`'s rank test. */
const PACE_Z = 1.6448536269514722;

/**
 * Whether the served requests of the latency's first `windows` took longer per token than the
 * reference's: their durations over the reference's size line (`sizeDurationLine`: a time to
 * the first token plus a time per generated token) against the reference requests' own ratios,
 * by a one-sided Mann–Whitney rank test (normal approximation with mid-ranks; Mann & Whitney
 * 1947) at PACE_Z. Requests that grew take longer in proportion and leave their ratio where it
 * was; a slowdown (a memory leak, a saturated host) lifts every request's ratio, the large ones'
 * as well, so larger requests alone do not tell a slowdown's first slow requests from a size
 * change (held-out `--seed 4242` day 36, a memory leak whose first slow requests were large
 * ones). Undefined (nothing to judge: no line, or no served request of known size in `windows`).
 * O((reference + window requests) · log reference).
 */
function paceRose(
  latency: Member,
  ts: ScoredSeries,
  windows: readonly number[],
  a: { readonly store: EventStore; readonly baselineWindows: number },
): boolean | undefined {
  const j0 = latency.windows[0]!;
  const ctx: AlignContext = { ...a, usedEvents: new Set(), usedRequests: new Set() };
  const tokenOf = requestMatcher(ts, { j0, tokensFirst: windows[windows.length - 1]! }, ctx);
  const line = sizeDurationLine({ latency, tokens: { series: ts } }, tokenOf, ctx);
  if (line === undefined) return undefined;
  const ls = latency.series;
  const ratios: number[] = [];
  for (const j of windows)
    for (let i = ls.starts[j] as number; i < (ls.starts[j + 1] as number); i++) {
      if (a.store.timeouts.has(ls.events[i] as number)) continue;
      const size = sizeAt(a.store, ts, tokenOf(ls.events[i] as number));
      const expected = line.expected(size);
      if (size > 0 && expected > 0) ratios.push((ls.values[i] as number) / expected);
    }
  const ref = line.ratios;
  if (ratios.length === 0) return undefined;
  const below = (x: number, strict: boolean): number => {
    let lo = 0;
    let hi = ref.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (strict ? (ref[mid] as number) < x : (ref[mid] as number) <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let u = 0;
  for (const x of ratios) u += (below(x, true) + below(x, false)) / 2;
  const n1 = ratios.length;
  const n2 = ref.length;
  const z = (u - (n1 * n2) / 2) / Math.sqrt((n1 * n2 * (n1 + n2 + 1)) / 12);
  return z >= PACE_Z;
}

/**
 * The baseline windows of window `j`: those it was scored against when flagged, else the last
 * `baselineWindows` unflagged windows with data before it.
 */
function baselineWindowsOf(s: ScoredSeries, j: number, baselineWindows: number): readonly number[] {
  const known = s.refs.get(j);
  if (known !== undefined) return known;
  const out: number[] = [];
  for (let w = j - 1; w >= s.first && out.length < baselineWindows; w--)
    if (s.has[w] === 1 && s.flagged[w] === 0) out.unshift(w);
  return out;
}

/**
 * Tokens explain latency when the slow requests are the large ones. When an incident has both a
 * token_usage and a latency_p95 series of one model, and at least three of the first five slow
 * requests from latency's onset (above the latency baseline's p95) are also large (above the
 * 90th percentile of the model's request sizes before the incident; binomial chance 0.86 % if
 * size and slowness were unrelated), the token series' onset moves to the first of those
 * requests' token events, and latency keeps a representative of another request (no request is
 * shown causing its own latency).
 *
 * A request's size is its output tokens (`requestSize`: decoding them is what takes time; a
 * prompt grown as much adds far less), so a token explosion shows in the requests it slows even
 * when prompts dominate the total. Its token event is found by request id, else by the latency
 * event being its parent_event_id, else by a correlation_id no other token event shares. The
 * reference sizes are those of the windows before the earlier of the two series' first anomalous
 * windows: a token series that crossed its threshold late would otherwise be compared with a
 * baseline that already holds the incident. O(the two series' observations in the incident's
 * first windows).
 *
 * The test runs when the tokens are dated after the latency, and also when they are dated before
 * it but flagged no earlier (the same first window, `flaggedFirst`): a size change is written when
 * its request ends and a slowdown is dated when its requests began, so a token onset before the
 * first slow request within one window is a chance large request of the baseline more often than
 * the change (a weakly informative total of tokens: held-out `--seed 3939` day 15, a 50,151-token
 * request 3.3 minutes before an explosion whose first large output came 59 s after it began).
 * Unless the token series' own observations after that onset are grown (`grownAfter`): then the
 * onset is the change's, whose first slow request came later.
 */
function alignSameRequest(
  members: Member[],
  store: EventStore,
  ctx: { usedEvents: Set<number>; usedRequests: Set<number>; baselineWindows: number },
): void {
  for (const latency of members) {
    if (latency.c.signal !== "latency_p95" || latency.onset.index < 0) continue;
    const tokens = members.find((m) => m.c.signal === "token_usage" && m.c.scope === latency.c.scope);
    if (tokens === undefined) continue;
    if (tokens.onset.ms <= latency.onset.ms && (flaggedFirst(tokens, latency) || grownAfter(tokens, latency, ctx)))
      continue;
    alignPair({ latency, tokens }, { store, ...ctx });
    if (tokens.sub === true && tokens.onset.index < 0) datedWith(latency, tokens, { store, ...ctx });
  }
}

/**
 * A model's total tokens dated by its completions when the total leads them through its prompts.
 * A runaway generation (a decoding loop, a missing stop sequence, `max_tokens` raised) changes the
 * completion tokens of a model's requests; their prompts are the callers' and do not change. The
 * total is prompt plus completion, so where the model's completion series is a member of the
 * incident, first flagged in a later window than the total (the total's earlier window held no
 * completion rise: its rise was prompts) and dated later, the total's lead is a run of long
 * prompts unless the completions say otherwise: the request the total is dated at lies before
 * every change point the completions' own observations leave plausible (`changeCandidates`) and
 * the five after it are not grown in their completions (`grownAfter` on the completion of each,
 * fewer than three in the reference's top tenth), while its own prompt is long (`promptLarge`). Then the total changed with its completions and
 * is dated at their onset's request (held-out `--seed 9191` day 14: six long prompts 4 minutes
 * before a ×14 runaway flagged the total a window early and dated the incident there). O(reference · log).
 */
function totalDatedByCompletions(total: Member, members: readonly Member[], a: AlignContext): void {
  if (total.c.signal !== "token_usage" || total.onset.index < 0) return;
  const completions = members.find(
    (m) => m.c.signal === "completion_tokens" && m.c.scope === total.c.scope && m.sub !== true && m.onset.event >= 0,
  );
  if (completions === undefined || completions.onset.ms <= total.onset.ms || !flaggedFirst(total, completions)) return;
  const ts = total.series;
  const cs = completions.series;
  const at = ts.events.indexOf(completions.onset.event);
  const j0 = Math.min(total.windows[0]!, completions.windows[0]!);
  const ref = baselineWindowsOf(cs, j0, a.baselineWindows);
  const inChange = changeCandidates(cs, { j0, windows: completions.windows, grid: cs.grid, ref }, a.store);
  if (at < 0 || inChange === undefined || inChange(lowerBoundOf(cs.times, ts.times[total.onset.index] as number)))
    return;
  if (!promptLarge(total, j0, a) || grownAfter(total, completions, a, (i) => sizeAt(a.store, ts, i))) return;
  total.onset = { ...completions.onset, index: at };
}

/**
 * Whether the request a total of tokens is dated at carries a long prompt: its prompt (total less
 * completion) above the ALIGN_QUANTILE of the reference's prompts (the windows before `j0`). A
 * total that leads its completions for another reason (timed-out calls written with no output,
 * prompts all alike) is not re-dated as a prompt's lead (`totalDatedByCompletions`).
 */
function promptLarge(total: Member, j0: number, a: AlignContext): boolean {
  const ts = total.series;
  const prompt = (i: number): number => (ts.values[i] as number) - sizeAt(a.store, ts, i);
  const ref = referenceSizes(ts, j0, a.baselineWindows, prompt);
  if (ref === undefined) return false;
  return prompt(total.onset.index) > (ref[Math.floor(ALIGN_QUANTILE * (ref.length - 1))] as number);
}

/**
 * Whether the token series' own observations after its onset hold a change that began there: at
 * least ALIGN_LARGE of the ALIGN_SLOW that follow it above the ALIGN_QUANTILE of its reference
 * observations (the windows before the earlier of the two series' first flagged windows). A
 * chance large request of the baseline is followed by ordinary ones (three of the next five in
 * the baseline's top tenth: 0.86 %, as in `alignPair`); a token change's requests are all of the
 * new size, while its first slow request may come minutes in (an explosion's first outputs can be
 * of ordinary length by chance: `spend-per-request.test.ts`'s token runaway, seed 3, its first
 * large slow request 3 minutes after its start, the five totals after its onset all in the top
 * tenth). Such an onset is the change's, and stands (`alignSameRequest`). `size` reads an
 * observation (its value; `totalDatedByCompletions` reads each request's completion). O(reference · log).
 */
function grownAfter(
  tokens: Member,
  latency: Member,
  a: { readonly baselineWindows: number },
  size: (i: number) => number = (i) => tokens.series.values[i] as number,
): boolean {
  const ts = tokens.series;
  const i0 = tokens.onset.index;
  if (i0 < 0) return false;
  const ref = referenceSizes(ts, Math.min(tokens.windows[0]!, latency.windows[0]!), a.baselineWindows, size);
  if (ref === undefined) return false;
  const high = ref[Math.floor(ALIGN_QUANTILE * (ref.length - 1))] as number;
  let large = 0;
  for (let i = i0 + 1; i <= i0 + ALIGN_SLOW && i < ts.times.length; i++) if (size(i) > high) large++;
  return large >= ALIGN_LARGE;
}

/**
 * Whether member `a` was first flagged in a window that starts before `b`'s first flagged window:
 * the windows order the two changes. Flagged in the same window (or later), only the onsets'
 * dating within it can, and a size change's dating is the weaker there (see `alignSameRequest`).
 */
function flaggedFirst(a: Member, b: Member): boolean {
  return windowStartMs(a.series, a.windows[0]!) < windowStartMs(b.series, b.windows[0]!);
}

/**
 * The one-sided family-wise p a token series under the threshold must reach over the latency's
 * first windows to join the incident on its own change point, without the same-request
 * evidence: 0.001, the tail a series' own requests must reach to be evidence of an incident
 * (SUPPORT_Z).
 */
const SUB_THRESHOLD_ALONE_P = 0.001;

/**
 * A token series under the threshold that the same-request test could not judge (the slow
 * requests timed out and have no size, or grew in their prompts, not their outputs) joins the
 * incident on its own change point when it moved beyond chance (its largest z over the
 * latency's first SUB_THRESHOLD_CAUSE_WINDOWS windows at a family-wise p of
 * SUB_THRESHOLD_ALONE_P, Šidák-corrected) and that change point lies within the tie of the
 * latency's onset (tokens are written when their request ends: up to the slow requests' p95
 * later, as in `chooseRoot`). The data then cannot order the two changes, and the relations
 * table can: larger requests take longer (token_usage → latency_p95), never the reverse, so the
 * token change is the root (`chooseRoot`). O(the token series' observations).
 */
function datedWith(latency: Member, tokens: Member, a: AlignContext): void {
  const searched = latency.windows.slice(0, SUB_THRESHOLD_CAUSE_WINDOWS);
  let peak = Number.NEGATIVE_INFINITY;
  for (const j of searched) peak = Math.max(peak, finite(tokens.series.z[j] as number));
  const bar = familyWiseZ(SUB_THRESHOLD_ALONE_P, searched.length);
  if (!(peak >= bar)) return;
  const ts = tokens.series;
  const j0 = latency.windows[0]!;
  const inChange = changeCandidates(
    ts,
    { j0, windows: latency.windows, grid: ts.grid, ref: baselineWindowsOf(ts, j0, a.baselineWindows) },
    a.store,
  );
  if (inChange === undefined) return;
  // The first token observation its own change point leaves plausible within the tie of the
  // latency's onset.
  const tie = tieToleranceMs(ts.grid.width);
  const slack = Math.max(0, finite(latency.series.value[latency.peakJ] as number));
  const fromMs = latency.onset.ms - tie;
  const toMs = latency.onset.ms + tie + slack;
  for (let i = 0; i < ts.times.length; i++) {
    const t = ts.times[i] as number;
    if (t < fromMs) continue;
    if (t > toMs) return;
    const k = ts.events[i] as number;
    const req = a.store.requests.data[k] as number;
    if (!inChange(i) || a.usedEvents.has(k) || (req !== 0 && a.usedRequests.has(req))) continue;
    tokens.onset = { ms: t, index: i, event: k };
    a.usedEvents.add(k);
    if (req !== 0) a.usedRequests.add(req);
    return;
  }
}

interface AlignContext {
  readonly store: EventStore;
  readonly usedEvents: Set<number>;
  readonly usedRequests: Set<number>;
  readonly baselineWindows: number;
}

/** The size of each token event of the series at position i (NaN when unknown). */
function sizeAt(store: EventStore, ts: ScoredSeries, i: number | undefined): number {
  return i === undefined ? Number.NaN : (store.sizes.data[ts.events[i] as number] as number);
}

/**
 * The tokens-explain-latency test (`alignPair`): of the first ALIGN_SLOW slow requests, more than
 * half (at least ALIGN_LARGE, and that share) must be large, above the reference sizes'
 * ALIGN_QUANTILE. Derived: "large" is the top tenth, as everywhere a size is compared with its
 * baseline (onset.ts's TAIL_QUANTILE, measured in round seventeen; the minimum support's Z90), and
 * five is the fewest slow requests whose majority the baseline gives by chance less than 1 % of
 * the time if size and slowness were unrelated (P(Binomial(n, 0.1) > n / 2): 10 % at 1, 2.8 % at
 * 3, 0.86 % at 5), the 1 % at which onset.ts dates a change (ONSET_ODDS, ln 100) and
 * SIZE_ONSET_CHANCE below. The 0.86 % holds for a large reference: "large" is above an order
 * statistic of the reference (the ⌊0.9 (n − 1)⌋-th of n), whose exceedance share is Beta
 * distributed, so the chance is 1.0 % at 240 reference sizes (24 windows of 10), 2.1 % at 40 and
 * 3.8 % at the minimum of 20. The same quantile of the reference's duration over the size line's
 * prediction bounds "no slower than its size predicts". Both need ALIGN_MIN_REFERENCE reference
 * requests: chosen, swept in round seventeen (10 and 40 change no day's line where they bind).
 * Measured too (round twenty, const20: traced over the twelve draws' 556 days, the test runs on
 * 63): 2 of 3, 4 of 5 and the 80th and 95th percentiles each lose one or two roots where they
 * decide differently, 4 of 7 changes no line. Row: docs/correlation.md, "The constants of
 * window choice, grouping and evidence".
 */
const ALIGN_SLOW = 5;
const ALIGN_LARGE = 3;
const ALIGN_QUANTILE = 0.9;
const ALIGN_MIN_REFERENCE = 20;

/**
 * The reference's request sizes, ascending; "large" is above their 90th percentile, where a
 * tenth of ordinary requests lie, so three of the first five slow requests being large has a
 * binomial chance of 0.86 % if size and slowness were unrelated. Undefined with fewer than 20
 * reference sizes. `size` reads an observation's size (its request's completion tokens in
 * `alignPair` and `totalDatedByCompletions`, its value or its prompt elsewhere).
 */
function referenceSizes(
  ts: ScoredSeries,
  j0: number,
  baselineWindows: number,
  size: (i: number) => number,
): number[] | undefined {
  const refValues: number[] = [];
  for (const j of baselineWindowsOf(ts, j0, baselineWindows)) {
    for (let i = ts.starts[j] as number; i < (ts.starts[j + 1] as number); i++) {
      const v = size(i);
      if (Number.isFinite(v)) refValues.push(v);
    }
  }
  if (refValues.length < ALIGN_MIN_REFERENCE) return undefined;
  return refValues.sort((x, y) => x - y);
}

/**
 * The chance a request of the baseline may have of being taken for the first of a size change:
 * 1 %, the odds `findOnset` dates a change at (ln 100: a chance outlier just before it, as a
 * large request before a token explosion).
 */
const SIZE_ONSET_CHANCE = 0.01;

/**
 * Whether a request of `size`, the `scanned`-th served request the same-request test read, is
 * beyond what the baseline gives by chance: the largest of `scanned` baseline requests reaches it
 * with probability 1 − (1 − p)^scanned under SIZE_ONSET_CHANCE, p its upper tail share in the
 * reference, (#{r ≥ size} + 1) / (n + 1). "Large" is the reference's top tenth, which ordinary
 * traffic gives one request in ten: a request at the baseline's own tail is not an onset.
 * O(log n).
 */
function beyondChance(sortedRef: readonly number[], size: number, scanned: number): boolean {
  const tail = (sortedRef.length - lowerBoundOf(sortedRef, size) + 1) / (sortedRef.length + 1);
  return tail < 1 - (1 - SIZE_ONSET_CHANCE) ** (1 / Math.max(1, scanned));
}

/**
 * Finds the token event (its position in `ts`) of the request a latency event measured: by
 * request_id, then by the latency event being the token event's parent, then by a correlation
 * id that names one token event only, over the token series from the reference to two windows
 * after the tokens' first anomalous window.
 */
function requestMatcher(
  ts: ScoredSeries,
  span: { j0: number; tokensFirst: number },
  a: AlignContext,
): (latencyEvent: number) => number | undefined {
  const { store } = a;
  const byRequest = new Map<number, number>();
  const byParent = new Map<string, number>();
  const byCorrelation = new Map<string, number>();
  const refs = baselineWindowsOf(ts, span.j0, a.baselineWindows);
  const from = ts.starts[Math.max(ts.first, Math.min(span.j0 - SEARCH_WINDOWS, refs[0] ?? span.j0))] as number;
  const to = ts.starts[Math.min(ts.grid.windows - 1, span.tokensFirst + SEARCH_WINDOWS) + 1] as number;
  for (let i = from; i < to; i++) {
    const k = ts.events[i] as number;
    const key = store.requests.data[k] as number;
    if (key !== 0 && !byRequest.has(key)) byRequest.set(key, i);
    const parent = store.parents.get(k);
    if (parent !== undefined && !byParent.has(parent)) byParent.set(parent, i);
    const corr = store.correlation.get(k);
    // A correlation id shared by two token events (a conversation, a retried call) names no one request: -1.
    if (corr !== undefined) byCorrelation.set(corr, byCorrelation.has(corr) ? -1 : i);
  }
  return (k) => {
    const key = store.requests.data[k] as number;
    const byKey = key === 0 ? undefined : byRequest.get(key);
    if (byKey !== undefined) return byKey;
    const byId = byParent.size === 0 ? undefined : byParent.get(store.id(k));
    if (byId !== undefined) return byId;
    const corr = store.correlation.get(k);
    const byCorr = corr === undefined ? undefined : byCorrelation.get(corr);
    return byCorr === undefined || byCorr < 0 ? undefined : byCorr;
  };
}

/**
 * How long a request of a given size takes, from the reference's requests: a straight line
 * duration = a + b·size (time to first token, then a time per generated token), fitted by
 * Theil–Sen (Sen 1968: the median of pairwise slopes; robust to queueing outliers). A token
 * explosion leaves the line as it was (ten times the tokens take ten times as long), a
 * slowdown lifts requests above it. Requests are slower when larger in any traffic, so "the
 * slow requests are large" alone also holds for a slowdown; a large request counts as
 * explaining its slowness only when its duration over the line's is no higher than the
 * 90th percentile of the reference's ratios (binomial chance of three of five under
 * independence: below 0.86 %). Fewer than 20 reference requests of known size and duration
 * are too few to say: undefined.
 */
function sizeDurationLine(
  pair: { latency: Member; tokens: Pick<Member, "series"> },
  tokenOf: (latencyEvent: number) => number | undefined,
  a: AlignContext,
): { expected: (size: number) => number; slowRatio: number; ratios: readonly number[] } | undefined {
  const ls = pair.latency.series;
  const pairs: [number, number][] = [];
  for (const j of baselineWindowsOf(ls, pair.latency.windows[0]!, a.baselineWindows)) {
    for (let i = ls.starts[j] as number; i < (ls.starts[j + 1] as number); i++) {
      // A timed-out request's duration is the deadline, not what its size took.
      if (a.store.timeouts.has(ls.events[i] as number)) continue;
      const size = sizeAt(a.store, pair.tokens.series, tokenOf(ls.events[i] as number));
      if (size > 0) pairs.push([size, ls.values[i] as number]);
    }
  }
  if (pairs.length < ALIGN_MIN_REFERENCE) return undefined;
  const line = theilSen(pairs);
  const expected = (size: number): number => line.a + line.b * size;
  const ratios = pairs.map(([x, y]) => (expected(x) > 0 ? y / expected(x) : Number.POSITIVE_INFINITY));
  ratios.sort((x, y) => x - y);
  return { expected, slowRatio: ratios[Math.floor(ALIGN_QUANTILE * (ratios.length - 1))] as number, ratios };
}

/**
 * When the slow requests after the latency onset are mostly large ones that the size line
 * explains (at least three of the first five, and three fifths), the token change is dated at
 * the first of them and the latency's own onset moves to the first slow request of another.
 */
function alignPair(pair: { latency: Member; tokens: Member }, a: AlignContext): void {
  const { latency, tokens } = pair;
  const { store } = a;
  const ts = tokens.series;
  const j0 = Math.min(tokens.windows[0]!, latency.windows[0]!);
  const refSizes = referenceSizes(ts, j0, a.baselineWindows, (i) => sizeAt(store, ts, i));
  if (refSizes === undefined) return;
  const high = refSizes[Math.floor(ALIGN_QUANTILE * (refSizes.length - 1))] as number;
  const tokenOfLatency = requestMatcher(ts, { j0, tokensFirst: tokens.windows[0]! }, a);
  const line = sizeDurationLine(pair, tokenOfLatency, a);
  if (line === undefined) return;
  const { expected, slowRatio } = line;
  const ls = latency.series;
  const slow = ls.baseline[latency.windows[0]!] as number;
  const slowOnes: { i: number; token: number | undefined; scanned: number }[] = [];
  let scanned = 0;
  for (let i = latency.onset.first ?? latency.onset.index; i < ls.times.length && slowOnes.length < ALIGN_SLOW; i++) {
    const duration = ls.values[i] as number;
    // A timed-out request measured no size's duration (it failed, and its size is unknown).
    if (store.timeouts.has(ls.events[i] as number)) continue;
    scanned++;
    if (!(duration > slow)) continue;
    const t = tokenOfLatency(ls.events[i] as number);
    const size = sizeAt(store, ts, t);
    // A request of unknown size (no token event found for it) says nothing either way.
    if (!Number.isFinite(size)) continue;
    const explained = size > high && expected(size) > 0 && duration / expected(size) <= slowRatio;
    slowOnes.push({ i, token: explained ? t : undefined, scanned });
  }
  const large = slowOnes.filter((x) => x.token !== undefined);
  if (
    slowOnes.length === 0 ||
    large.length < Math.min(ALIGN_LARGE, slowOnes.length) ||
    large.length * ALIGN_SLOW < slowOnes.length * ALIGN_LARGE
  )
    return;
  // The token change is dated at the first of them that its own series could have changed at
  // (within ln 3 of its change point's maximum likelihood): a large request of the baseline that
  // happened to be slow just before the change is not its start. When that set holds none of
  // them, the two measures disagree (the series counts total tokens, the test output tokens, and
  // a prompt-heavy series hides the change) and the same-request evidence dates it alone.
  const ref = baselineWindowsOf(ts, j0, a.baselineWindows);
  const inChange = changeCandidates(ts, { j0, windows: tokens.windows, grid: ts.grid, ref }, store);
  // Of those, the first the baseline would not have given by chance over the requests read so
  // far (`beyondChance`); when none is, the first as before.
  const plausible = large.filter((x) => inChange === undefined || inChange(x.token as number));
  const firstLarge =
    plausible.find((x) => beyondChance(refSizes, sizeAt(store, ts, x.token), x.scanned)) ?? plausible[0] ?? large[0]!;
  const t = firstLarge.token as number;
  // The token change is dated when the large request began (its latency event says when: the
  // end minus the duration), the same instant the latency series' change is dated.
  const began = (ls.times[firstLarge.i] as number) - (ls.values[firstLarge.i] as number);
  tokens.onset = { ms: Math.min(ts.times[t] as number, began), index: t, event: ts.events[t] as number };
  const key = store.requests.data[tokens.onset.event] as number;
  a.usedEvents.add(tokens.onset.event);
  if (key !== 0) a.usedRequests.add(key);
  // The slow requests before the change's first are the baseline's: the latency's representative
  // is the first slow request of another request after it, else any other.
  const another = (x: (typeof slowOnes)[number]): boolean =>
    x !== firstLarge && tokenOfLatency(ls.events[x.i] as number) !== t;
  const other = slowOnes.slice(slowOnes.indexOf(firstLarge) + 1).find(another) ?? slowOnes.find(another);
  if (other !== undefined) {
    latency.onset = {
      ms: Math.max(latency.onset.ms, (ls.times[other.i] as number) - (ls.values[other.i] as number)),
      index: other.i,
      event: ls.events[other.i] as number,
    };
  }
}

/** Points the Theil–Sen line is fitted on at most (cost: O(points²) pairwise slopes). */
const THEIL_SEN_POINTS = 300;

/**
 * The Theil–Sen line through (x, y) points: slope the median of the pairwise slopes, intercept
 * the median of y − slope·x (Sen 1968, "Estimates of the regression coefficient based on
 * Kendall's tau"). Over at most 300 points, taken evenly: O(300²).
 */
function theilSen(points: readonly (readonly [number, number])[]): { a: number; b: number } {
  const step = Math.max(1, Math.ceil(points.length / THEIL_SEN_POINTS));
  const ps = points.filter((_, i) => i % step === 0);
  const slopes: number[] = [];
  for (let i = 0; i < ps.length; i++)
    for (let k = i + 1; k < ps.length; k++) {
      const dx = ps[k]![0] - ps[i]![0];
      if (dx !== 0) slopes.push((ps[k]![1] - ps[i]![1]) / dx);
    }
  const median = (xs: number[]): number => {
    xs.sort((x, y) => x - y);
    const h = (xs.length - 1) / 2;
    return xs.length === 0 ? 0 : ((xs[Math.floor(h)] as number) + (xs[Math.ceil(h)] as number)) / 2;
  };
  const b = median(slopes);
  return { a: median(ps.map(([x, y]) => y - b * x)), b };
}

/**
 * The lagged correlation of the root stage's evidence (`laggedEvidence`) reads LAG_BEFORE_WINDOWS
 * windows before the incident to MAX_LAG_WINDOWS after it, at lags up to MAX_LAG_WINDOWS that
 * leave at least MIN_LAG_PAIRS pairs. Partly cited: Box & Jenkins (1976, Time Series Analysis:
 * Forecasting and Control, §2.1.6) estimate correlations at lags up to N/4 of N observations, and
 * 12 = 4 × MAX_LAG_WINDOWS windows before the incident alone make N ≥ 4 × 3 (with its first window
 * and the 3 after, N ≥ 16). Fisher's z, behind the edge's confidence, needs more than 3 pairs (its
 * standard error is 1 / √(n − 3)); the 5, and the lag of 3, are chosen. They weigh the causal
 * evidence only (`edgeWeight`): no incident, onset or root reads them. Row: docs/correlation.md,
 * "The constants of window choice, grouping and evidence".
 */
const LAG_BEFORE_WINDOWS = 12;
const MAX_LAG_WINDOWS = 3;
const MIN_LAG_PAIRS = 5;

/**
 * Spearman correlation of two series' window values around the incident, at the best lag within
 * ±3 windows. Series cut at different widths (two scopes) have no common windows: no correlation.
 */
function laggedEvidence(
  a: ScoredSeries,
  b: ScoredSeries,
  cluster: Cluster,
): { r: number | null; lag: number | null; n: number } {
  const grid = a.grid;
  const from = Math.max(0, windowAt(grid, cluster.fromMs) - LAG_BEFORE_WINDOWS);
  const to = Math.min(grid.windows - 1, windowAt(grid, cluster.toMs - 1) + MAX_LAG_WINDOWS);
  const n = to - from + 1;
  if (n < MAX_LAG_WINDOWS + MIN_LAG_PAIRS || b.grid.width !== grid.width) return { r: null, lag: null, n };
  const fill = (s: ScoredSeries): number[] => {
    const out: number[] = [];
    for (let j = from; j <= to; j++) {
      const v = s.value[j] as number;
      out.push(Number.isFinite(v) ? v : Number.isFinite(s.typical) ? s.typical : 0);
    }
    return out;
  };
  try {
    const result = laggedCorrelationOf(fill(a), fill(b), {
      maxLag: Math.min(MAX_LAG_WINDOWS, n - MIN_LAG_PAIRS),
      method: "spearman",
    });
    const sign = (a.spec.direction === "down") !== (b.spec.direction === "down") ? -1 : 1;
    return { r: Math.round(sign * result.coefficient * 1000) / 1000, lag: result.lag, n: n - Math.abs(result.lag) };
  } catch {
    return { r: null, lag: null, n };
  }
}

/** Events of `effect` in the incident whose parent_event_id names, or whose correlation_id shares, an event of `cause` in it. */
function idLinks(pair: { readonly cause: Member; readonly effect: Member }, ctx: IncidentContext): number {
  const { store, cluster } = ctx;
  if (store.parents.size === 0 && store.correlation.size === 0) return 0;
  const range = (m: Member) => {
    const grid = m.series.grid;
    const from = Math.max(m.series.first, windowAt(grid, cluster.fromMs) - SEARCH_WINDOWS);
    const to = windowAt(grid, cluster.toMs - 1);
    return { a: m.series.starts[from] as number, b: m.series.starts[to + 1] as number };
  };
  const ids = new Set<string>();
  const corr = new Set<string>();
  const rc = range(pair.cause);
  for (let i = rc.a; i < rc.b; i++) {
    const k = pair.cause.series.events[i] as number;
    if (store.parents.size > 0) ids.add(store.id(k));
    const c = store.correlation.get(k);
    if (c !== undefined) corr.add(c);
  }
  let links = 0;
  const re = range(pair.effect);
  for (let i = re.a; i < re.b; i++) {
    const k = pair.effect.series.events[i] as number;
    const p = store.parents.get(k);
    const c = store.correlation.get(k);
    if ((p !== undefined && ids.has(p)) || (c !== undefined && corr.has(c))) links++;
  }
  return links;
}

function formatValue(v: number, unit: string): string {
  if (unit === "%") return `${v.toFixed(v < 10 ? 2 : 1)}%`;
  if (unit === "USD") return `$${v < 1 ? v.toPrecision(3) : v.toFixed(2)}`;
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return `${v.toFixed(digits)} ${unit}`;
}

/** " on <model>", with its deployment when the model's series are kept per deployment; "" for a signal over all events. */
function whereOf(c: Chosen): string {
  if (c.model === undefined) return "";
  const d = c.deployment;
  if (d === undefined) return ` on ${c.model}`;
  return ` on ${c.model} (${d.environment === "" ? "no environment" : d.environment}${d.service === undefined ? "" : `, ${d.service}`})`;
}

function describeChange(m: Member): string {
  const j = m.windows[0]!;
  const base = m.series.baseline[j] as number;
  const peak = m.series.value[m.peakJ] as number;
  const spec = SIGNAL_SPECS[m.c.signal];
  const where = whereOf(m.c);
  const unit = m.series.spec.kind === "count" ? `${m.series.spec.unit}/window` : m.series.spec.unit;
  return `${spec.label}${where} went from ${formatValue(base, unit)} to ${formatValue(peak, unit)}`;
}

function titleOf(root: Member, ordered: readonly Member[]): string {
  const spec = SIGNAL_SPECS[root.c.signal];
  const j = root.windows[0]!;
  const base = root.series.baseline[j] as number;
  const peak = root.series.value[root.peakJ] as number;
  const where = whereOf(root.c);
  let change: string;
  if (root.series.spec.kind === "ratio") change = `rose from ${formatValue(base, "%")} to ${formatValue(peak, "%")}`;
  else if (base > 0 && peak >= base) change = `rose ${(peak / base).toFixed(1)}×`;
  else if (base > 0) change = `fell to ${Math.round((100 * peak) / base)}% of its baseline`;
  else change = `rose to ${formatValue(peak, root.series.spec.unit)}`;
  const others = [...new Set(ordered.slice(1).map((m) => SIGNAL_SPECS[m.c.signal].label))];
  return `${spec.label}${where} ${change}${others.length === 0 ? "" : `; then ${others.join(", ")}`}`;
}

function correlationType(root: Member, ordered: readonly Member[]): CorrelationType {
  const family = SIGNAL_SPECS[root.c.signal].family;
  if (family === "security") return "security_incident";
  if (family === "governance") return "compliance_cascade";
  if (family === "cost") return "cost_impact";
  return ordered.length > 1 ? "performance_degradation" : "anomaly";
}

/** The payload kind each signal is read from, whose advice (root-cause.ts) a root of the signal gets. */
const ADVICE_KIND: Readonly<Record<IncidentSignal, string>> = {
  latency_p95: "latency",
  error_rate: "error_rate",
  throughput: "throughput",
  token_usage: "token_usage",
  completion_tokens: "token_usage",
  cost: "token_cost",
  quality: "model_performance",
  threats: "threat",
  auth_failures: "auth",
  vulnerabilities: "vulnerability",
  privacy_violations: "privacy",
  compliance_violations: "compliance_violation",
  policy_violations: "policy_violation",
  failed_compliance_checks: "compliance_check",
  audit_changes: "audit_trail",
  budget_alerts: "budget_alert",
};

function recommendations(root: Member, ordered: readonly Member[]): string[] {
  const out = [rootAdvice(ADVICE_KIND[root.c.signal], root.c.model ?? "the model") as string];
  const signals = new Set(ordered.slice(1).map((m) => m.c.signal));
  if (signals.has("cost") || signals.has("budget_alerts")) out.push(EFFECT_ADVICE.cost as string);
  if (signals.has("error_rate") && root.c.signal !== "error_rate")
    out.push("Retry with backoff and shed load until the error rate is back at its baseline.");
  if ([...signals].some((s) => SIGNAL_SPECS[s].family === "security")) out.push(EFFECT_ADVICE.security as string);
  if ([...signals].some((s) => SIGNAL_SPECS[s].family === "governance")) out.push(EFFECT_ADVICE.governance as string);
  return out;
}

const SEVERITY_ORDER: readonly ImpactSeverity[] = ["negligible", "low", "medium", "high", "critical"];
/**
 * The levels, as indices of SEVERITY_ORDER. A flagged compliance or policy violation (or a signal
 * with no tally of its own) is at least medium, a flagged threat high, a privacy event without
 * consent (data at risk) critical. Partly cited: PagerDuty's Incident Response documentation
 * ("Severity Levels", response.pagerduty.com) makes a customer-data-exposing security
 * vulnerability a SEV-1, its highest level; medium and high are chosen. Row:
 * docs/correlation.md, "The constants of window choice, grouping and evidence".
 */
const LEVEL = Object.freeze({ low: 1, medium: 2, high: 3, critical: 4 });
/**
 * A fall in traffic to v is graded as the ratio base / v, with v read as at least 1/100 of the
 * base (a fall to nothing stays finite): any cap of at least IMPACT_RATIOS.critical (×10) grades
 * the same, so the value is free.
 */
const FALL_RATIO_CAP = 100;

/**
 * Impact from the series themselves: performance (largest latency increase, throughput decrease
 * and error-rate increase in percent of the baseline; failed requests above the baseline),
 * cost (spend above the baseline over the incident's windows), security (threats, exposed
 * vulnerability reports, compliance and policy violations and failed compliance checks counted in
 * the incident's windows; privacy events without consent put data at risk, by the rule of
 * SecurityCounts in correlation/impact.ts). Severity: the
 * largest change: ×10 or an error rate ≥ 25 % critical, ×3 or ≥ 10 % high, ×1.5 or ≥ 5 % medium,
 * else low (IMPACT_RATIOS, IMPACT_ERROR_PERCENT).
 */
/** What the incident's windows add up to, by kind of impact (see `impactOf`). */
interface ImpactTally {
  latency: number;
  throughput: number;
  errorIncrease: number;
  affected: number;
  extraCost: number;
  baseCost: number;
  security: SecurityCounts;
  perf: boolean;
  cost: boolean;
  securitySeen: boolean;
  /** Index into SEVERITY_ORDER. */
  level: number;
}

/** One window of one member series: its value, its baseline and whether it was flagged. */
interface ImpactWindow {
  readonly series: ScoredSeries;
  readonly j: number;
  readonly value: number;
  readonly base: number;
  readonly flagged: boolean;
}

function raise(t: ImpactTally, level: number): void {
  t.level = Math.max(t.level, level);
}

/** Requests that failed beyond the baseline rate in an error-rate window. */
function failedBeyondBaseline(w: ImpactWindow): number {
  const s = w.series;
  let failed = 0;
  let total = 0;
  for (let i = s.starts[w.j] as number; i < (s.starts[w.j + 1] as number); i++) {
    failed += s.values[i] as number;
    total += s.totals[i] as number;
  }
  return Math.max(0, Math.round(failed - (total * w.base) / 100));
}

function tallyLatency(t: ImpactTally, { value: v, base, flagged }: ImpactWindow): void {
  t.perf = true;
  if (!flagged || !(base > 0)) return;
  t.latency = Math.max(t.latency, (100 * (v - base)) / base);
  raise(t, ratioLevel(v / base));
}

function tallyThroughput(t: ImpactTally, { value: v, base, flagged }: ImpactWindow): void {
  t.perf = true;
  if (!flagged || !(base > 0) || !(v < base)) return;
  t.throughput = Math.max(t.throughput, (100 * (base - v)) / base);
  raise(t, ratioLevel(base / Math.max(v, base / FALL_RATIO_CAP)));
}

function tallyErrors(t: ImpactTally, w: ImpactWindow): void {
  t.perf = true;
  if (!w.flagged) return;
  const { value: v, base } = w;
  if (base > 0) t.errorIncrease = Math.max(t.errorIncrease, (100 * (v - base)) / base);
  raise(t, levelOf(v, IMPACT_ERROR_PERCENT));
  t.affected += failedBeyondBaseline(w);
}

/**
 * Spend per token (its window value and baseline are prices): a flagged window's spend above what
 * its bills' tokens cost at the baseline's price, Σ tokens × (price − baseline price).
 */
function tallyCost(t: ImpactTally, { series, j, value: v, base, flagged }: ImpactWindow): void {
  t.cost = true;
  if (!flagged) return;
  let spend = 0;
  let tokens = 0;
  for (let i = series.starts[j] as number; i < (series.starts[j + 1] as number); i++) {
    spend += (series.values[i] as number) * (series.totals[i] as number);
    tokens += series.totals[i] as number;
  }
  t.extraCost += Math.max(0, spend - base * tokens);
  t.baseCost += base * tokens;
  if (base > 0) raise(t, ratioLevel(v / base));
}

function tallyTokens(t: ImpactTally, { value: v, base, flagged }: ImpactWindow): void {
  t.cost = true;
  if (flagged && base > 0) raise(t, ratioLevel(v / base));
}

function tallyViolations(t: ImpactTally, { value: v, flagged }: ImpactWindow): void {
  t.securitySeen = true;
  t.security.violations += v;
  if (flagged) raise(t, LEVEL.medium);
}

/** How each signal's windows count toward the impact; a signal not listed only raises the severity to 2 when flagged. */
const TALLY: Partial<Record<IncidentSignal, (t: ImpactTally, w: ImpactWindow) => void>> = {
  latency_p95: tallyLatency,
  throughput: tallyThroughput,
  error_rate: tallyErrors,
  cost: tallyCost,
  token_usage: tallyTokens,
  threats: (t, { value, flagged }) => {
    t.securitySeen = true;
    t.security.threats += value;
    if (flagged) raise(t, LEVEL.high);
  },
  // The series counts exposed reports only (signals.ts, isExposedVulnerability).
  vulnerabilities: (t, { value }) => {
    t.securitySeen = true;
    t.security.vulnerabilities += value;
  },
  // Data at risk, no violation: the rule of SecurityCounts (correlation/impact.ts).
  privacy_violations: (t, { value }) => {
    t.securitySeen = true;
    t.security.dataExposures += value;
  },
  compliance_violations: tallyViolations,
  policy_violations: tallyViolations,
  failed_compliance_checks: tallyViolations,
};

function impactOf(ordered: readonly Member[], cluster: Cluster): ImpactAssessment {
  const t: ImpactTally = {
    latency: 0,
    throughput: 0,
    errorIncrease: 0,
    affected: 0,
    extraCost: 0,
    baseCost: 0,
    security: emptySecurityCounts(),
    perf: false,
    cost: false,
    securitySeen: false,
    level: 1,
  };
  const modules = new Set<string>();
  for (const m of ordered) {
    modules.add(SIGNAL_SPECS[m.c.signal].sourceModule);
    const tally = TALLY[m.c.signal];
    const series = m.series;
    for (let j = windowAt(series.grid, cluster.fromMs); j <= windowAt(series.grid, cluster.toMs - 1); j++) {
      const base = series.baseline[j] as number;
      const value = series.value[j] as number;
      if (!Number.isFinite(base) || !Number.isFinite(value)) continue;
      const flagged = series.flagged[j] === 1;
      if (tally !== undefined) tally(t, { series, j, value, base, flagged });
      else if (flagged) raise(t, LEVEL.medium);
    }
  }
  if (t.security.dataExposures > 0) t.level = LEVEL.critical;
  return assessmentOf(t, modules);
}

function assessmentOf(t: ImpactTally, modules: ReadonlySet<string>): ImpactAssessment {
  const assessment: ImpactAssessment = {
    severity: SEVERITY_ORDER[t.level] as ImpactSeverity,
    affected_modules: [...modules].sort() as ImpactAssessment["affected_modules"],
  };
  if (t.perf) {
    assessment.performance_impact = {
      latency_increase_percent: t.latency,
      throughput_decrease_percent: t.throughput,
      error_rate_increase_percent: t.errorIncrease,
      affected_requests: t.affected,
    };
  }
  if (t.cost) {
    assessment.cost_impact = {
      additional_cost_usd: t.extraCost,
      cost_increase_percent: t.baseCost > 0 ? (100 * t.extraCost) / t.baseCost : 0,
      wasted_resources_usd: 0,
    };
  }
  if (t.securitySeen) assessment.security_impact = securityImpactOf(t.security);
  return assessment;
}

/**
 * The ratios (value over baseline, or baseline over value for a fall) that make an incident
 * medium, high and critical. Medium: ×1.5, MIN_EFFECT.ratio, the least change of a size, spend
 * or error rate detection counts. High: ×3, MIN_EFFECT.trafficRatio, the least fall in traffic
 * it counts. Critical: ×10, within the burn rates at which the Google SRE Workbook pages (Beyer
 * et al. 2018, The Site Reliability Workbook, ch. 5 "Alerting on SLOs": 14.4 over one hour, 2 % of
 * a 30-day error budget, and 6 over six hours, 5 %; a ticket from 1 over three days), a burn rate
 * being an error rate over the rate its objective allows, here the baseline's; Grafana SLO labels
 * those fast-burn rules "critical". A fall of traffic by ×10 leaves a tenth of the requests
 * (PagerDuty's SEV-1: "actively impacting a large number of customers"). The value within 6–14.4
 * (an order of magnitude) is chosen, as is which level each lower ratio names. The suites score
 * no severity, so no sweep can measure these. Row: docs/correlation.md, "The constants of onset
 * and root choice".
 */
const IMPACT_RATIOS = Object.freeze({ medium: MIN_EFFECT.ratio, high: MIN_EFFECT.trafficRatio, critical: 10 });
/**
 * The error rates (percent) that make an incident medium, high and critical: 5 / 10 / 25 %.
 * Partly cited: 10 % is Kiali's documented default "Failure" health for application errors
 * (HTTP 5xx, gRPC 1–16; kiali.io, "Traffic Health": Degraded from 0.1 %, Failure above 10 %); 5 and
 * 25 % are chosen. The suites score no severity. Row: docs/correlation.md, "The constants of
 * onset and root choice".
 */
const IMPACT_ERROR_PERCENT = Object.freeze({ medium: 5, high: 10, critical: 25 });

/** A level (index into SEVERITY_ORDER, 1 low … 4 critical) by `thresholds`. */
const levelOf = (
  v: number,
  thresholds: { readonly medium: number; readonly high: number; readonly critical: number },
) =>
  v >= thresholds.critical
    ? LEVEL.critical
    : v >= thresholds.high
      ? LEVEL.high
      : v >= thresholds.medium
        ? LEVEL.medium
        : LEVEL.low;

const ratioLevel = (ratio: number): number => levelOf(ratio, IMPACT_RATIOS);

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 || word.endsWith("series") ? "" : "s"}`;
}

function windowLabel(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}-hour`;
  if (ms % MINUTE === 0) return `${ms / MINUTE}-minute`;
  return `${ms / 1000}-second`;
}

function summarize(
  incidents: readonly Incident[],
  counts: {
    readonly anomalies: number;
    readonly series: number;
    readonly windows: number;
    readonly width: number;
    readonly events: number;
    /** Models whose series are cut at a narrower width of their own. */
    readonly narrower: number;
    readonly retired: readonly Retirement[];
  },
): string {
  const { anomalies, series, windows, width, events, narrower } = counts;
  const notes = counts.retired.map(
    (r) =>
      `The registry retired ${r.model} at ${fromEpochMillis(Math.floor(r.recordMs))} and its traffic ended by ${fromEpochMillis(Math.floor(r.lastMs))}: a planned removal, not an incident.`,
  );
  const own =
    narrower === 0
      ? ""
      : ` (${plural(narrower, "busier model")} over narrower windows of ${narrower === 1 ? "its" : "their"} own)`;
  const scope = `${plural(events, "event")}, ${plural(series, "series")} over ${plural(windows, `${windowLabel(width)} window`)}${own}`;
  if (incidents.length === 0) {
    const none =
      anomalies === 0
        ? `No anomaly in ${scope}: no incident and no root cause.`
        : `${plural(anomalies, "anomalous window")} in ${scope}, none forming an incident: no incident and no root cause.`;
    return [none, ...notes].join("\n");
  }
  const lines = incidents.map((i, k) => {
    const root =
      i.root_cause === null
        ? "no root event found"
        : `root cause ${i.root?.series_id} (confidence ${i.root_cause.confidence.toFixed(2)})`;
    return `${k + 1}. ${i.start} – ${i.end}: ${i.title}; ${root}.`;
  });
  return [`${plural(incidents.length, "incident")} in ${scope}:`, ...lines, ...notes].join("\n");
}
