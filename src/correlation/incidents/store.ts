import { toEpochMillis } from "../../core/timestamp.js";
import {
  type AnalyticsEvent,
  EVENT_TYPES,
  type EventType,
  SEVERITIES,
  type Severity,
  SOURCE_MODULES,
  type SourceModule,
} from "../../events/index.js";
import { eventSummary, payloadSubtype } from "../describe.js";
import { F64, I32, IdColumn, IdSet, InternedColumn, TextColumn } from "./columns.js";
import { counterIncrements } from "./counters.js";
import {
  failureClass,
  findingLevel,
  INCIDENT_SIGNAL_SOURCES,
  INSTANT,
  isTimeoutClass,
  type ModelLifecycle,
  modelOfEvent,
  type ObservationExtent,
  type ObservationSink,
  observe,
  requestKey,
  requestSize,
  SOURCE,
  subjectOf,
} from "./signals.js";
import { addUpstream, newUpstream, type UpstreamIdentity } from "./upstream.js";

/*
 * What the analyzer keeps of the events it is given: one column entry per event that fed a
 * signal (id, time, module, type, severity, a one-line summary, its links), and per series the
 * observations (time, value, total, event). About 200 bytes per event, mostly outside the JS
 * heap (columns.ts), never the events themselves, so a large file streams through in bounded
 * memory.
 */

/** The observations of one source for one model (or for all events). */
export class RawSeries {
  readonly times = new F64();
  readonly values = new F64();
  readonly totals = new F64();
  readonly events = new I32();
  /** The longest time one observation covers (windowed payloads), in ms; 0 for instants. */
  span = 0;
  /**
   * For a windowed reporter that fell silent for good without its traffic collapsing (its model's
   * own requests go on, or the capture ends with it): the end of its last report's window, in ms;
   * its series says nothing after it (`EventStore.fillMissingReports`). Undefined otherwise.
   */
  coveredUntil: number | undefined = undefined;
  /**
   * Per observation, the report it came from when the source sends one (`error_rate` payloads):
   * the reporter (an index into `reporterNames`) and its totals as sent (`EventStore.readCounters`).
   */
  reports: { reporter: number[]; requests: number[]; failures: number[] } | undefined = undefined;
  readonly reporterNames = new Map<string, number>();
  constructor(
    readonly source: number,
    readonly model: string | undefined,
    /** The deployment the observations come from (`deploymentOf`), or undefined once pooled (`EventStore.keyDeployments`). */
    public deployment: Deployment | undefined,
  ) {}
}

/** Where a model's requests come from: the event's `environment`, refined by OpenTelemetry's `service.name` when a tag names it. */
export interface Deployment {
  readonly environment: string;
  readonly service: string | undefined;
}

/** The deployment of `event`. O(1). */
export function deploymentOf(event: AnalyticsEvent): Deployment {
  const service = event.tags?.["service.name"];
  return {
    environment: event.environment,
    service: typeof service === "string" && service !== "" ? service : undefined,
  };
}

const deploymentKey = (d: Deployment): string => `${d.environment}\u0000${d.service ?? ""}`;

/** Requests per block when judging how often a model times out as a rule (`dropCensoredLatency`): 20, the fewest whose 95th percentile is one of them. */
const CENSOR_BLOCK = 20;
/** The share of censored requests above which a 95th percentile is censored itself. */
const CENSORED_P95 = 0.05;
/**
 * Requests per block when estimating a model's ordinary p95 (`EventStore.deadlineClear`): 100,
 * the fewest with five above their 95th percentile, so each block's estimate is not its
 * second-largest value (at 20 requests the p95 is, a median 92nd percentile).
 */
const P95_BLOCK = 100;

/** Consecutive one-window gaps that establish a windowed reporter's cadence (`EventStore.fillMissingReports`). */
export const REGULAR_REPORTS = 3;

const MODULE_INDEX = new Map<string, number>(SOURCE_MODULES.map((m, i) => [m, i]));
const TYPE_INDEX = new Map<string, number>(EVENT_TYPES.map((t, i) => [t, i]));
const SEVERITY_INDEX = new Map<string, number>(SEVERITIES.map((s, i) => [s, i]));
/** Payload types by their code in `EventStore.codes` (bits 12–15). */
const PAYLOAD_TYPES: readonly string[] = ["telemetry", "security", "cost", "governance", "custom"];

/** The stored description of one event. */
export interface StoredEvent {
  readonly event_id: string;
  readonly timestamp: string;
  readonly ms: number;
  readonly source_module: SourceModule;
  readonly event_type: EventType;
  readonly severity: Severity;
  readonly summary: string;
  readonly payload_type: string;
  readonly subtype: string;
  readonly model: string | undefined;
  readonly subject: string | undefined;
  readonly request: number;
  readonly correlation_id: string | undefined;
  readonly parent_event_id: string | undefined;
}

export class EventStore implements ObservationSink {
  private readonly ids = new IdColumn();
  /** Per event, its timestamp when that is not the ISO form of its `ms` (which `timestamp` rebuilds). */
  private readonly stamps = new Map<number, string>();
  private readonly isoStamps = new IsoStamps();
  readonly ms = new F64();
  readonly codes = new I32();
  private readonly summaries = new TextColumn();
  private readonly subtypes = new InternedColumn();
  private readonly models = new InternedColumn();
  private readonly subjects = new InternedColumn();
  /** Per event: the level of a policy violation (`findingLevel`). */
  private readonly levels = new InternedColumn();
  /** Per event: the model or resource a security or governance finding is about (`findingTarget`). */
  private readonly targets = new InternedColumn();
  /** Per event: its `environment` (the deployment a count over all events is rated against the traffic of). */
  private readonly environments = new InternedColumn();
  readonly requests = new I32();
  /** Per event: the size of the request a token event reports (`requestSize`), else NaN. */
  readonly sizes = new F64();
  readonly correlation = new Map<number, string>();
  readonly parents = new Map<number, string>();
  /** Per failed request event: how it failed (`failureClass`: an HTTP status or error type), interned. */
  readonly failures = new Map<number, string>();
  /**
   * Per timed-out request event (its failure class a timeout, `isTimeoutClass`): the duration it
   * recorded, a lower bound of its latency (right censored at the client's deadline).
   */
  readonly timeouts = new Map<number, number>();
  private readonly failureNames = new Map<string, string>();
  /** The registry's lifecycle records (`modelLifecycle`), in arrival order: which model left or entered service when. */
  readonly lifecycles: { readonly model: string; readonly ms: number; readonly state: ModelLifecycle }[] = [];
  readonly series: RawSeries[] = [];
  /** Per model, the providers, hosts and calling services its events name (see upstream.ts). */
  readonly upstream = new Map<string, UpstreamIdentity>();
  /** Per model, per deployment key, its series by source. */
  private readonly byModel = new Map<string, Map<string, (RawSeries | undefined)[]>>();
  private readonly global: (RawSeries | undefined)[] = [];
  private seen = new IdSet();
  private current = -1;
  private currentDeployment: Deployment = { environment: "", service: undefined };
  private currentDeploymentKey = "";
  events = 0;
  duplicates = 0;
  observations = 0;
  minMs = Number.POSITIVE_INFINITY;
  maxMs = Number.NEGATIVE_INFINITY;

  /** Adds one event; returns false when its event_id repeats an earlier one (it is then left out). */
  add(event: AnalyticsEvent): boolean {
    if (!this.seen.add(event.event_id)) {
      this.duplicates++;
      return false;
    }
    this.events++;
    // Most timestamps are the ISO form of a time on the day of the one before: read directly.
    let t = this.isoStamps.read(event.timestamp);
    const canonical = !Number.isNaN(t);
    if (!canonical) {
      t = Date.parse(event.timestamp);
      if (Number.isNaN(t)) t = toEpochMillis(event.timestamp);
    }
    this.current = this.ids.length;
    this.currentDeployment = deploymentOf(event);
    this.currentDeploymentKey = deploymentKey(this.currentDeployment);
    const before = this.observations;
    observe(event, t, this);
    if (this.observations === before) return true;
    const k = this.current;
    this.ids.push(event.event_id);
    if (!canonical && !this.isoStamps.matches(event.timestamp, t)) this.stamps.set(k, event.timestamp);
    this.ms.push(t);
    if (t < this.minMs) this.minMs = t;
    if (t > this.maxMs) this.maxMs = t;
    const p = event.payload;
    const payloadCode = PAYLOAD_TYPES.indexOf(p.payload_type);
    this.codes.push(
      (MODULE_INDEX.get(event.source_module) ?? 0) |
        ((TYPE_INDEX.get(event.event_type) ?? 0) << 4) |
        ((SEVERITY_INDEX.get(event.severity) ?? 1) << 8) |
        (payloadCode << 12),
    );
    this.summaries.push(eventSummary(event));
    this.subtypes.push(payloadSubtype(event));
    const model = modelOfEvent(event);
    this.models.push(model);
    if (model !== undefined) {
      let identity = this.upstream.get(model);
      if (identity === undefined) {
        identity = newUpstream(model);
        this.upstream.set(model, identity);
      }
      addUpstream(identity, event);
    }
    this.environments.push(event.environment);
    this.subjects.push(p.payload_type === "telemetry" || p.payload_type === "custom" ? model : subjectOf(event));
    this.targets.push(findingTarget(event, model));
    this.levels.push(findingLevel(event));
    this.requests.push(requestKey(event));
    this.sizes.push(requestSize(event));
    if (event.correlation_id !== undefined && event.correlation_id !== null)
      this.correlation.set(k, event.correlation_id);
    if (event.parent_event_id !== undefined && event.parent_event_id !== null)
      this.parents.set(k, event.parent_event_id);
    this.noteFailure(k, event);
    return true;
  }

  /** Records how event k failed (`failures`), and a timed-out request's duration (`timeouts`). */
  private noteFailure(k: number, event: AnalyticsEvent): void {
    const failure = failureClass(event);
    if (failure === undefined) return;
    let name = this.failureNames.get(failure);
    if (name === undefined) {
      name = failure;
      this.failureNames.set(failure, name);
    }
    this.failures.set(k, name);
    const p = event.payload;
    if (isTimeoutClass(name) && p.payload_type === "telemetry" && p.data.telemetry_type === "latency")
      this.timeouts.set(k, p.data.total_latency_ms);
  }

  observation(
    source: number,
    model: string | undefined,
    t: number,
    value: number,
    { total, span, report }: ObservationExtent = INSTANT,
  ): void {
    if (!Number.isFinite(value) || !Number.isFinite(t)) return;
    let table: (RawSeries | undefined)[];
    if (model === undefined) table = this.global;
    else {
      let deployments = this.byModel.get(model);
      if (deployments === undefined) {
        deployments = new Map();
        this.byModel.set(model, deployments);
      }
      let found = deployments.get(this.currentDeploymentKey);
      if (found === undefined) {
        found = [];
        deployments.set(this.currentDeploymentKey, found);
      }
      table = found;
    }
    let s = table[source];
    if (s === undefined) {
      s = new RawSeries(source, model, model === undefined ? undefined : this.currentDeployment);
      table[source] = s;
      this.series.push(s);
    }
    s.times.push(t);
    s.values.push(value);
    s.totals.push(total);
    s.events.push(this.current);
    if (report !== undefined) {
      if (s.reports === undefined) s.reports = { reporter: [], requests: [], failures: [] };
      let r = s.reporterNames.get(report.reporter);
      if (r === undefined) {
        r = s.reporterNames.size;
        s.reporterNames.set(report.reporter, r);
      }
      s.reports.reporter.push(r);
      s.reports.requests.push(report.requests);
      s.reports.failures.push(report.failures);
    }
    if (span > s.span) s.span = span;
    this.observations++;
    if (t < this.minMs) this.minMs = t;
    if (t > this.maxMs) this.maxMs = t;
  }

  lifecycle(model: string, t: number, state: ModelLifecycle): void {
    if (Number.isFinite(t)) this.lifecycles.push({ model, ms: t, state });
  }

  /** Drops the id set kept for duplicate detection (after the last event). */
  seal(): void {
    this.seen = new IdSet();
  }

  /**
   * Reads the reporters of `source` whose totals are cumulative counters (`counterIncrements`:
   * non-decreasing across its reports, falling only at rare resets) as Prometheus' `increase()`
   * does: each report becomes the requests and failures since the reporter's previous report,
   * at the same time and with the same window as before, and the first report (a baseline, not a
   * count) and reports that add no request are dropped. A reporter is one process of the series'
   * model and deployment (`reporterOf`): the replicas of a deployment each count on their own.
   * Reporters whose totals go up and down (per-window counts, as the wire format defines them),
   * or that sent too few reports to tell, are left as sent. Call before `fillMissingReports` and
   * `keyDeployments`. O(n log n) per series.
   */
  readCounters(source: number): void {
    for (const s of this.series) {
      if (s.source !== source || s.reports === undefined) continue;
      const { reporter, requests, failures } = s.reports;
      s.reports = undefined;
      const byReporter: number[][] = Array.from({ length: s.reporterNames.size }, () => []);
      for (let i = 0; i < reporter.length; i++) byReporter[reporter[i] as number]!.push(i);
      const replaced = new Map<number, { value: number; total: number } | null>();
      for (const list of byReporter) {
        const increments = counterIncrements(
          list.map((i) => ({
            t: s.times.data[i] as number,
            requests: requests[i] as number,
            failures: failures[i] as number,
          })),
        );
        if (increments === undefined) continue;
        for (const i of list) replaced.set(i, null);
        for (const inc of increments)
          replaced.set(list[inc.report] as number, { value: inc.failures, total: inc.requests });
      }
      if (replaced.size === 0) continue;
      const n = s.times.length;
      const times = s.times.data.slice(0, n);
      const values = s.values.data.slice(0, n);
      const totals = s.totals.data.slice(0, n);
      const events = s.events.data.slice(0, n);
      s.times.length = s.values.length = s.totals.length = s.events.length = 0;
      for (let i = 0; i < n; i++) {
        const r = replaced.get(i);
        if (r === null) {
          this.observations--;
          continue;
        }
        s.times.push(times[i] as number);
        s.values.push(r === undefined ? (values[i] as number) : r.value);
        s.totals.push(r === undefined ? (totals[i] as number) : r.total);
        s.events.push(events[i] as number);
      }
    }
  }

  /**
   * Takes the timed-out requests out of the latency series of `source` where they censor its
   * 95th percentile. A timed-out request is a latency observation right censored at the client's
   * deadline (its latency is at least its recorded duration); while at most 5 % of a stretch's
   * requests time out, its p95 is a served request's (the Kaplan–Meier quantile below the
   * censored mass is the empirical one), and a rise of timeouts past 5 % lifts it to at least the
   * deadline: latency evidence, dated like any request by when it began. Where the model times
   * out on more than 5 % of its requests as a rule, its p95 is the deadline itself, unchanged by
   * any slowdown; a slowdown then shows only in the share past the deadline, which is the error
   * rate, so the timeouts are left to it. "As a rule" is the median over blocks of
   * `CENSOR_BLOCK` consecutive requests (the fewest whose 95th percentile is an observation of
   * their own), robust to an incident that lasts less than half the capture. The timeouts are
   * also left to the error rate where the deadline is not clear of the model's ordinary requests
   * (`deadlineClear`: under `minRatio`, the minimum effect, times their p95): a p95 that moves
   * from a served request to the deadline then moves by less than a change that counts, and the
   * share past the deadline wandering by a percent flips it. O(n log n) per series.
   */
  dropCensoredLatency(source: number, minRatio: number): void {
    if (this.timeouts.size === 0) return;
    for (const s of this.series) {
      if (s.source !== source) continue;
      const n = s.times.length;
      let censored = 0;
      for (let i = 0; i < n; i++) if (this.timeouts.has(s.events.data[i] as number)) censored++;
      if (censored === 0) continue;
      const order = Array.from({ length: n }, (_, i) => i).sort(
        (a, b) => (s.times.data[a] as number) - (s.times.data[b] as number),
      );
      const shares: number[] = [];
      for (let from = 0; from + CENSOR_BLOCK <= n; from += CENSOR_BLOCK) {
        let c = 0;
        for (let r = from; r < from + CENSOR_BLOCK; r++)
          if (this.timeouts.has(s.events.data[order[r] as number] as number)) c++;
        shares.push(c / CENSOR_BLOCK);
      }
      shares.sort((a, b) => a - b);
      const median = shares.length === 0 ? censored / n : (shares[Math.floor((shares.length - 1) / 2)] as number);
      if (median <= CENSORED_P95 && this.deadlineClear(s, order, minRatio)) continue;
      let w = 0;
      for (let i = 0; i < n; i++) {
        if (this.timeouts.has(s.events.data[i] as number)) continue;
        s.times.data[w] = s.times.data[i] as number;
        s.values.data[w] = s.values.data[i] as number;
        s.totals.data[w] = s.totals.data[i] as number;
        s.events.data[w] = s.events.data[i] as number;
        w++;
      }
      s.times.length = w;
      s.values.length = w;
      s.totals.length = w;
      s.events.length = w;
      this.observations -= n - w;
    }
  }

  /**
   * Whether the deadline of a latency series' timed-out requests (the median duration they
   * recorded) is at least `minRatio` times the ordinary p95 of its served requests: the median,
   * over blocks of `P95_BLOCK` consecutive requests in time order (`order`), of each block's
   * served requests' 95th percentile (all served requests when there are fewer), so that a
   * slowdown covering less than half the capture does not lift it. O(n log n).
   */
  private deadlineClear(s: RawSeries, order: readonly number[], minRatio: number): boolean {
    const n = order.length;
    const timedOut: number[] = [];
    const p95s: number[] = [];
    let block: number[] = [];
    const p95 = (xs: number[]): number => {
      xs.sort((x, y) => x - y);
      return xs[Math.floor(0.95 * (xs.length - 1))] as number;
    };
    for (let r = 0; r < n; r++) {
      const i = order[r] as number;
      const v = s.values.data[i] as number;
      if (this.timeouts.has(s.events.data[i] as number)) timedOut.push(v);
      else block.push(v);
      if ((r + 1) % P95_BLOCK === 0 || (r === n - 1 && p95s.length === 0)) {
        if (block.length > 0) p95s.push(p95(block));
        block = [];
      }
    }
    if (timedOut.length === 0) return true;
    if (p95s.length === 0) return false;
    timedOut.sort((x, y) => x - y);
    p95s.sort((x, y) => x - y);
    const deadline = timedOut[Math.floor((timedOut.length - 1) / 2)] as number;
    const ordinary = p95s[Math.floor((p95s.length - 1) / 2)] as number;
    return deadline >= minRatio * ordinary;
  }

  /**
   * Adds the reports a regular windowed reporter left out: a series of `source` whose payloads
   * each cover `span` ms (a throughput exporter's window) and arrive one window apart is a
   * reporter with a cadence, and a gap of k windows between two of its reports (k ≥ 2, within
   * ±10 % of a whole number of windows) is k − 1 windows it did not report. Delta-temporality
   * exporters leave out an interval with no requests, so each missing window counts as an
   * observation of 0 over that window, attributed to the last report before the gap (the event
   * after which the reporter fell silent). The cadence must be established first: at least
   * `REGULAR_REPORTS` consecutive gaps of one window (±10 %) before the missing one. Nothing is
   * added before a reporter's first report. After its last, the windows it left out are added
   * only when the silence is a collapse and not the capture's end or a dead reporter
   * (`trailingSilence`): the capture goes on (at least `REGULAR_REPORTS` observations of the
   * other series, those of other models or deployments, come later), for at least two of its
   * windows, and nothing of the reporter's own model and deployment (requests, tokens, spend,
   * error payloads) comes later than one window after its last report's window ends. Call
   * before `keyDeployments` (each deployment is its own reporter). O(n log n) per series.
   */
  fillMissingReports(source: number): void {
    if (!this.series.some((s) => s.source === source && s.span > 0)) return;
    const horizons = this.trailingHorizons();
    for (const s of this.series) {
      if (s.source !== source || !(s.span > 0)) continue;
      const n = s.times.length;
      if (n === 0) continue;
      if (n < REGULAR_REPORTS + 2) {
        // Too few reports for a cadence: its silence after the last is read as nothing.
        let end = Number.NEGATIVE_INFINITY;
        for (let i = 0; i < n; i++) end = Math.max(end, s.times.data[i] as number);
        s.coveredUntil = end + s.span / 2;
        continue;
      }
      const order = Array.from({ length: n }, (_, i) => i).sort(
        (a, b) => (s.times.data[a] as number) - (s.times.data[b] as number),
      );
      let regular = 0;
      const added: { t: number; event: number }[] = [];
      for (let r = 1; r < n; r++) {
        const span = s.totals.data[order[r] as number] as number;
        const prev = s.totals.data[order[r - 1] as number] as number;
        const gap = (s.times.data[order[r] as number] as number) - (s.times.data[order[r - 1] as number] as number);
        if (!(span > 0) || span !== prev) {
          regular = 0;
          continue;
        }
        const k = Math.round(gap / span);
        if (k < 1 || Math.abs(gap - k * span) > 0.1 * span) {
          regular = 0;
          continue;
        }
        if (k === 1) {
          regular++;
          continue;
        }
        if (regular >= REGULAR_REPORTS) {
          const t0 = s.times.data[order[r - 1] as number] as number;
          const event = s.events.data[order[r - 1] as number] as number;
          for (let m = 1; m < k; m++) added.push({ t: t0 + (m * gap) / k, event });
        }
        // A gap neither establishes nor breaks the cadence.
      }
      const last = order[n - 1] as number;
      const silence = regular >= REGULAR_REPORTS ? this.trailingSilence(s, last, horizons) : 0;
      if (silence === 0) s.coveredUntil = (s.times.data[last] as number) + s.span / 2;
      else {
        for (let m = 1; m <= silence; m++)
          added.push({ t: (s.times.data[last] as number) + m * s.span, event: s.events.data[last] as number });
      }
      for (const a of added) {
        s.times.push(a.t);
        s.values.push(0);
        s.totals.push(s.span);
        s.events.push(a.event);
        this.observations++;
      }
    }
  }

  /**
   * Per table of series (a model in one deployment, or the global series), the time from which
   * the other tables still hold `REGULAR_REPORTS` observations: how long the capture goes on
   * besides that table, robust to one or two stray late events. O(observations).
   */
  private trailingHorizons(): Map<(RawSeries | undefined)[], number> {
    const tables: (RawSeries | undefined)[][] = [this.global];
    for (const deployments of this.byModel.values()) for (const t of deployments.values()) tables.push(t);
    // The latest REGULAR_REPORTS events of each table (an event feeds several series: counted
    // once), then of all tables together, as [time, event] pairs, latest first.
    const latest = (top: [number, number][], t: number, e: number): void => {
      if (top.some(([, f]) => f === e)) return;
      if (top.length < REGULAR_REPORTS) top.push([t, e]);
      else if (t > (top[top.length - 1]![0] as number)) top[top.length - 1] = [t, e];
      else return;
      top.sort((a, b) => b[0] - a[0]);
    };
    const tops = tables.map((table) => {
      const top: [number, number][] = [];
      for (const s of table)
        if (s !== undefined)
          for (let i = 0; i < s.times.length; i++) latest(top, s.times.data[i] as number, s.events.data[i] as number);
      return top;
    });
    const horizons = new Map<(RawSeries | undefined)[], number>();
    for (const [k, table] of tables.entries()) {
      const top: [number, number][] = [];
      for (const [l, other] of tops.entries()) if (l !== k) for (const [t, e] of other) latest(top, t, e);
      horizons.set(
        table,
        top.length < REGULAR_REPORTS ? Number.NEGATIVE_INFINITY : (top[REGULAR_REPORTS - 1]![0] as number),
      );
    }
    return horizons;
  }

  /**
   * How many windows a regular reporter (series `s`, last report `last`) left out after its last
   * report that are a collapse of its traffic (`fillMissingReports`): the whole windows that end
   * before the capture's horizon for its table, when there are at least two and its own model
   * and deployment show nothing later than one window after its last window ends; else 0.
   */
  private trailingSilence(s: RawSeries, last: number, horizons: Map<(RawSeries | undefined)[], number>): number {
    if (s.model === undefined || s.deployment === undefined) return 0;
    const table = this.byModel.get(s.model)?.get(deploymentKey(s.deployment));
    if (table === undefined) return 0;
    const horizon = horizons.get(table) ?? Number.NEGATIVE_INFINITY;
    const t0 = s.times.data[last] as number;
    // Window m after the last ends at t0 + (m + ½)·span.
    const windows = Math.floor((horizon - t0) / s.span - 0.5);
    if (!(windows >= 2)) return 0;
    const alive = t0 + 1.5 * s.span;
    for (const other of table) {
      if (other === undefined || other === s) continue;
      for (let i = 0; i < other.times.length; i++) if ((other.times.data[i] as number) > alive) return 0;
    }
    return windows;
  }

  /**
   * Decides, per model, whether its series stay per deployment: only when at least two of its
   * deployments have `minObservations` requests each (request events when the model has any,
   * else billed requests: a deployment seen only through other events, such as token bills
   * without the `service.name` its requests carry, is no caller of its own; the analyzer passes
   * 2 × minHistory). One model id that two services or environments call is
   * then two series, so a change in one is not diluted by the other's traffic. Otherwise the
   * model's deployments are pooled into one series per source (deployment undefined), as when
   * every event came from one. Call once, after the last event. O(observations of pooled
   * multi-deployment models).
   */
  keyDeployments(minObservations: number): void {
    const kept: RawSeries[] = [];
    for (const s of this.series) if (s.model === undefined) kept.push(s);
    for (const [model, deployments] of this.byModel) {
      const tables = [...deployments.values()];
      // Requests are the request events when any deployment of the model writes them, else its bills.
      const source = tables.some((t) => t[SOURCE.throughputRequests] !== undefined)
        ? SOURCE.throughputRequests
        : SOURCE.throughputBilled;
      const requests = (t: (RawSeries | undefined)[]): number => t[source]?.times.length ?? 0;
      const busy = tables.filter((t) => requests(t) >= minObservations).length;
      if (busy >= 2) {
        for (const t of tables) for (const s of t) if (s !== undefined) kept.push(s);
        continue;
      }
      if (tables.length === 1) {
        for (const s of tables[0]!) {
          if (s === undefined) continue;
          s.deployment = undefined;
          kept.push(s);
        }
        continue;
      }
      const pooled: (RawSeries | undefined)[] = [];
      for (const t of tables) {
        for (const [source, s] of t.entries()) {
          if (s === undefined) continue;
          let into = pooled[source];
          if (into === undefined) {
            into = new RawSeries(source, model, undefined);
            into.coveredUntil = s.coveredUntil;
            pooled[source] = into;
            kept.push(into);
          } else if (into.coveredUntil !== undefined) {
            // Pooled reporters cover what the longest of them covers (undefined: to the capture's end).
            into.coveredUntil = s.coveredUntil === undefined ? undefined : Math.max(into.coveredUntil, s.coveredUntil);
          }
          for (let i = 0; i < s.times.length; i++) {
            into.times.push(s.times.data[i] as number);
            into.values.push(s.values.data[i] as number);
            into.totals.push(s.totals.data[i] as number);
            into.events.push(s.events.data[i] as number);
          }
          if (s.span > into.span) into.span = s.span;
        }
      }
      deployments.clear();
      deployments.set("", pooled);
    }
    this.series.length = 0;
    this.series.push(...kept);
  }

  get size(): number {
    return this.ids.length;
  }

  modelNames(): string[] {
    return [...this.byModel.keys()].sort();
  }

  /** The event_id of stored event `k`. */
  id(k: number): string {
    return this.ids.get(k);
  }

  /** The timestamp of stored event `k`, as the event wrote it. */
  timestamp(k: number): string {
    return this.stamps.get(k) ?? (isoOf(this.ms.data[k] as number) as string);
  }

  /** The environment of stored event `k`. */
  environment(k: number): string | undefined {
    return this.environments.get(k);
  }

  /** What stored event `k` is about (`subjectOf`; the model for telemetry and custom events). */
  subject(k: number): string | undefined {
    return this.subjects.get(k);
  }

  /** The level of stored event `k`, a policy violation (`findingLevel`). */
  level(k: number): string | undefined {
    return this.levels.get(k);
  }

  /** The model or resource stored event `k`, a security or governance finding, is about (`findingTarget`). */
  target(k: number): string | undefined {
    return this.targets.get(k);
  }

  event(k: number): StoredEvent {
    const code = this.codes.data[k] as number;
    const payloadCode = (code >> 12) & 0xf;
    return {
      event_id: this.ids.get(k),
      timestamp: this.timestamp(k),
      ms: this.ms.data[k] as number,
      source_module: SOURCE_MODULES[code & 0xf] as SourceModule,
      event_type: EVENT_TYPES[(code >> 4) & 0xf] as EventType,
      severity: SEVERITIES[(code >> 8) & 0xf] as Severity,
      summary: this.summaries.get(k),
      payload_type: PAYLOAD_TYPES[payloadCode] as string,
      subtype: this.subtypes.get(k) as string,
      model: this.models.get(k),
      subject: this.subjects.get(k),
      request: this.requests.data[k] as number,
      correlation_id: this.correlation.get(k),
      parent_event_id: this.parents.get(k),
    };
  }
}

/** `ms` in the ISO form `Date.prototype.toISOString` writes, or undefined outside Date's range. */
function isoOf(ms: number): string | undefined {
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : undefined;
}

const DAY_MS = 86_400_000;

/**
 * Timestamps in the ISO form `isoOf` gives, read and recognized without `Date.parse` and
 * `toISOString` for each event (the two were ~4 % of `correlate` on the benchmark, round
 * twenty-two): the date part ("2025-06-03T") is built once per day seen — events come in time
 * order, so about once per day of the file — and the time of day ("hh:mm:ss.sssZ", 13
 * characters) is read or compared digit by digit.
 */
export class IsoStamps {
  private day = Number.NaN;
  private prefix = "";

  /** `Date.parse(stamp)` when `stamp` is `isoOf` of a time on the day last seen (`matches`), else NaN. */
  read(stamp: string): number {
    const at = this.prefix.length;
    if (at === 0 || stamp.length !== at + 13 || !stamp.startsWith(this.prefix)) return Number.NaN;
    const h = digitsAt(stamp, at, 2);
    const m = digitsAt(stamp, at + 3, 2);
    const s = digitsAt(stamp, at + 6, 2);
    const ms = digitsAt(stamp, at + 9, 3);
    const separated =
      stamp.charCodeAt(at + 2) === 58 &&
      stamp.charCodeAt(at + 5) === 58 &&
      stamp.charCodeAt(at + 8) === 46 &&
      stamp.charCodeAt(at + 12) === 90;
    // Negative when a digit is missing; "24:00:00.000", which `Date.parse` reads as the next day, is left to it.
    if (!separated || !(h >= 0 && h < 24 && m >= 0 && m < 60 && s >= 0 && s < 60 && ms >= 0)) return Number.NaN;
    return this.day * DAY_MS + ((h * 60 + m) * 60 + s) * 1000 + ms;
  }

  /** Whether `stamp === isoOf(ms)`; the day of `ms` becomes the day `read` recognizes. */
  matches(stamp: string, ms: number): boolean {
    if (!Number.isInteger(ms) || Math.abs(ms) > 8.64e15) return stamp === isoOf(ms);
    const day = Math.floor(ms / DAY_MS);
    if (day !== this.day) {
      const iso = new Date(day * DAY_MS).toISOString();
      this.day = day;
      this.prefix = iso.slice(0, iso.length - 13);
    }
    return this.read(stamp) === ms;
  }
}

/** The decimal number `s[at, at + width)` spells, -1 when a character there is no digit. */
function digitsAt(s: string, at: number, width: number): number {
  let v = 0;
  for (let i = at; i < at + width; i++) {
    const d = s.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * The model or resource a security or governance finding names: the model its tags name, else
 * the threat's `target_resource`, the auth `resource`, the vulnerability's `affected_component`,
 * the policy violation's or audit record's `resource_id`. Undefined for other events.
 */
function findingTarget(event: AnalyticsEvent, model: string | undefined): string | undefined {
  const p = event.payload;
  if (p.payload_type === "security") {
    if (model !== undefined) return model;
    const d = p.data;
    if (d.security_type === "threat") return d.target_resource;
    if (d.security_type === "auth") return d.resource;
    if (d.security_type === "vulnerability") return d.affected_component;
  } else if (p.payload_type === "governance") {
    if (model !== undefined) return model;
    const d = p.data;
    if (d.governance_type === "policy_violation" || d.governance_type === "audit_trail") return d.resource_id;
  }
  return undefined;
}

export function sourceOf(series: RawSeries) {
  return INCIDENT_SIGNAL_SOURCES[series.source] as (typeof INCIDENT_SIGNAL_SOURCES)[number];
}
