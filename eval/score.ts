/*
 * Scoring a scenario's analysis against its ground truth, by the targets of issue 13:
 * - recall: an injected incident is found when a reported incident covers its model (or, for
 *   an attack wave or a governance cascade, its signal) and starts within one window of the
 *   true onset;
 * - root cause: the named root event belongs to the degraded series (model × signal, per the
 *   generator's own labels) and lies within the first five minutes of the true onset;
 * - false incidents: reported incidents that match no injection.
 */
import type { Incident, IncidentAnalysis } from "../src/correlation/index.js";
import { type EventKind, type Injection, type Label, TRUTH_SIGNAL, type TruthSignal } from "./world.js";

const FIVE_MINUTES = 5 * 60_000;

const ROOT_KINDS: Readonly<Record<TruthSignal, readonly EventKind[]>> = {
  latency: ["latency"],
  errors: ["failed_request", "error_rate"],
  tokens: ["tokens", "cost"],
  throughput: ["throughput", "latency", "failed_request", "tokens", "cost"],
  threats: ["threat"],
  policy: ["policy"],
};

const INCIDENT_SIGNAL: Readonly<Record<TruthSignal, string>> = {
  latency: "latency_p95",
  errors: "error_rate",
  tokens: "token_usage",
  throughput: "throughput",
  threats: "threats",
  policy: "policy_violations",
};

export interface TruthOutcome {
  readonly injection: Injection;
  readonly found: boolean;
  readonly onsetErrorMs: number | null;
  readonly rootCorrect: boolean;
  readonly rootWhy: string;
}

export interface ScenarioOutcome {
  readonly truths: readonly TruthOutcome[];
  /** Reported incidents matching no injection. */
  readonly falseIncidents: number;
  /** Per reported incident: root confidence and whether the root is right (false incidents are wrong). */
  readonly calibration: readonly {
    readonly confidence: number;
    readonly correct: boolean;
    /** Whether the incident matches an injection (false: a false incident). */
    readonly matched: boolean;
    readonly incident: Incident;
    /** The coarsest window of the incident's series (a confidence feature up to round eighteen; dumped for eval/calibrate.ts's candidates). */
    readonly windowMs: number;
  }[];
  /**
   * The day's anomalous windows that opened no incident (`incident_id` null), and the series they
   * lie on: a baseline the analysis reads as not clean. Round thirty's calibration (cal31) found
   * real incidents' roots right 87 % on days without them and 74 % with; dumped for
   * eval/calibrate.ts's candidates (the runners' verbose output prints only a day's first anomalies).
   */
  readonly strays: { readonly windows: number; readonly series: number };
  /** The windows of the analysis' common grid (`method.windows`): what `strays.windows` is a share of. */
  readonly dayWindows: number;
}

/** The anomalous windows of an analysis that opened no incident, and how many series they lie on. */
export function straysOf(analysis: Pick<IncidentAnalysis, "anomalies">): ScenarioOutcome["strays"] {
  const stray = analysis.anomalies.filter((a) => a.incident_id === null);
  return { windows: stray.length, series: new Set(stray.map((a) => a.series_id)).size };
}

function covers(incident: Incident, injection: Injection): boolean {
  const signal = TRUTH_SIGNAL[injection.kind];
  if (signal === "threats" || signal === "policy") return incident.signals.includes(INCIDENT_SIGNAL[signal] as never);
  return injection.model !== undefined && incident.models.includes(injection.model);
}

/** Loose match: the incident is about the injection (right model or signal, overlapping in time). */
function about(incident: Incident, injection: Injection, windowMs: number): boolean {
  if (!covers(incident, injection)) return false;
  const start = Date.parse(incident.start);
  const end = Date.parse(incident.end);
  return start <= injection.onsetMs + injection.durationMs + 2 * windowMs && end >= injection.onsetMs - windowMs;
}

export function rootVerdict(incident: Incident | undefined, injection: Injection, labels: Map<string, Label>): string {
  const id = incident?.root_cause?.root_event_id;
  if (id === undefined) return "no root";
  const label = labels.get(id);
  if (label === undefined) return "root event unknown to the generator";
  const signal = TRUTH_SIGNAL[injection.kind];
  if (!ROOT_KINDS[signal].includes(label.kind)) return `root is a ${label.kind} event, not ${signal}`;
  if (signal === "threats" || signal === "policy") {
    if (!label.injected) return `root is a background ${label.kind} event`;
  } else if (label.model !== injection.model) {
    return `root is on ${label.model}, not ${injection.model}`;
  }
  const delta = label.ms - injection.onsetMs;
  if (delta < 0) return `root is ${Math.round(-delta / 1000)} s before the onset`;
  if (delta > FIVE_MINUTES) return `root is ${Math.round(delta / 60_000)} min after the onset`;
  return "ok";
}

export function scoreScenario(
  analysis: IncidentAnalysis,
  injections: readonly Injection[],
  labels: Map<string, Label>,
): ScenarioOutcome {
  const windowMs = analysis.method.window_ms;
  const truths: TruthOutcome[] = injections.map((injection) => {
    const candidates = analysis.incidents.filter((i) => about(i, injection, windowMs));
    const best = candidates.sort(
      (a, b) => Math.abs(Date.parse(a.start) - injection.onsetMs) - Math.abs(Date.parse(b.start) - injection.onsetMs),
    )[0];
    const onsetError = best === undefined ? null : Date.parse(best.start) - injection.onsetMs;
    const found = onsetError !== null && Math.abs(onsetError) <= windowMs;
    const why = rootVerdict(best, injection, labels);
    return { injection, found, onsetErrorMs: onsetError, rootCorrect: why === "ok", rootWhy: why };
  });
  let falseIncidents = 0;
  const widthOf = new Map(analysis.series.map((s) => [s.series_id, s.window_ms]));
  const calibration = analysis.incidents.map((incident) => {
    const match = injections.find((injection) => about(incident, injection, windowMs));
    if (match === undefined) falseIncidents++;
    const correct = match !== undefined && rootVerdict(incident, match, labels) === "ok";
    const width = Math.max(...incident.series.map((s) => widthOf.get(s.series_id) ?? windowMs));
    return {
      confidence: incident.root_cause?.confidence ?? 0,
      correct,
      matched: match !== undefined,
      incident,
      windowMs: width,
    };
  });
  return { truths, falseIncidents, calibration, strays: straysOf(analysis), dayWindows: analysis.method.windows };
}
