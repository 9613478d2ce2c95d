import { canonicalTimestamp, canonicalTimestampOf, epochMillisOf } from "../core/timestamp.js";
import { canonicalUuid } from "../core/uuid.js";
import type { AnalyticsEvent } from "../events/index.js";
import { assertArray, assertPositive, assertProbability } from "../stats/validate.js";
import { type EventDomain, eventDomain, eventMetrics, eventSummary } from "./describe.js";
import { contentId } from "./ids.js";
import { matchPattern, type PatternMatch } from "./patterns.js";
import {
  type CorrelatedEvent,
  type CorrelationConfig,
  CorrelationConfig as CorrelationConfigSchema,
  type CorrelationPattern,
  type CorrelationType,
  DEFAULT_CORRELATION_CONFIG,
  DEFAULT_MIN_STRENGTH,
  type EventCorrelation,
  type EventRole,
} from "./schema.js";
import {
  CORRELATION_ENGINE_DEFAULTS,
  causalStrengthIn,
  EXPLICIT_LINK_FLOOR,
  noisyOr,
  temporalStrengthIn,
} from "./scoring.js";

export interface CorrelateOptions {
  /** `detected_at` of every correlation (default: the correlation's latest event, the earliest moment it could be seen). */
  readonly now?: string;
  /** Window of the hub's `temporalStrength` (default 300 000 ms). */
  readonly temporalWindowMs?: number;
  /** Weakest temporal link kept (default 0.6, the hub engine's `min_strength`). */
  readonly minTemporalStrength?: number;
}

/**
 * How much one link of each kind says that its two events belong together, for `confidence`.
 * Each is a constant of the hub this library mirrors, or a prior stated here:
 *
 * - parent 0.9: the hub engine's strength of a causal link (`CORRELATION_ENGINE_DEFAULTS.causalStrength`,
 *   correlation_engine.rs): an emitter that names the parent event states the cause;
 * - shared_id 0.7: the hub's default minimum strength of a reported correlation
 *   (`DEFAULT_MIN_STRENGTH`, CorrelationQuery's `default_min_strength`): a shared correlation_id
 *   says the events belong to one operation, not which caused which;
 * - temporal 0.5: closeness in time alone is as likely chance as not (the uninformative prior,
 *   and the hub's same-module factor `CORRELATION_ENGINE_DEFAULTS.sameModuleFactor`).
 */
export const LINK_RELIABILITY = Object.freeze({
  parent: CORRELATION_ENGINE_DEFAULTS.causalStrength,
  shared_id: DEFAULT_MIN_STRENGTH,
  temporal: CORRELATION_ENGINE_DEFAULTS.sameModuleFactor,
});
export type LinkKind = keyof typeof LINK_RELIABILITY;

interface Item {
  readonly event: AnalyticsEvent;
  readonly id: string;
  readonly instant: number;
  readonly domain: EventDomain;
}

interface Link {
  readonly a: number;
  readonly b: number;
  readonly kind: LinkKind;
  readonly strength: number;
}

class UnionFind {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r] as number;
    while (this.parent[i] !== r) {
      const next = this.parent[i] as number;
      this.parent[i] = r;
      i = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    this.parent[this.find(a)] = this.find(b);
  }
}

/**
 * Finds the correlations among a batch of events (any order; inputs are not mutated).
 *
 * Links between two events:
 * - `parent`: an event names the other in `parent_event_id` (directed parent → child),
 *   strength `causalStrength(parent, child, { windowMs })` with window =
 *   `correlation_window_minutes`;
 * - `shared_id`: consecutive events (in time) with the same `correlation_id` at most
 *   `correlation_window_minutes` apart (directed earlier → later), strength
 *   0.5 + 0.5 × (1 − Δt / window);
 * - `temporal`: two events within the hub's temporal window whose `temporalStrength` (the hub
 *   formula, 0.5 × within one module) is at least `minTemporalStrength` (undirected).
 *
 * Groups: events joined by parent or shared-id links form a causal group; an event outside
 * every causal group with temporal links to one joins the group of its strongest link as
 * `related` (so a coincidence never merges two incidents); the remaining events joined by
 * temporal links form temporal groups. A group becomes a correlation when it has at least
 * `maxOf(2, min_events)` events. With `auto_detect` false no groups are formed, and only pattern
 * matches are reported.
 *
 * Roles in a causal group, over its directed links: the root cause is the source (no
 * incoming link) reaching the most events (then the earliest); other events with both
 * incoming and outgoing links, and other sources, are contributors; events with incoming links
 * only are effects; events joined by temporal links only are related. Every event of a
 * temporal group is related.
 *
 * `correlation_type`, first rule that applies, over the group's non-related events:
 * security_incident (a security event), compliance_cascade (a governance root cause, or two
 * governance events), cost_impact (a cost event caused by something that is not a cost event),
 * performance_degradation (a telemetry root cause), causal_chain (any other causal group);
 * temporal for temporal groups. A match of one of `config.patterns` (see `matchPattern`) is a
 * pattern_match correlation carrying its pattern, its steps in order as root cause,
 * contributors and effect.
 *
 * Scores, all in [0, 1]: `strength` is the mean strength of the links among the non-related
 * events (for a pattern match, the mean over its steps of 1 − 0.5 × delay / offset, 1 for a
 * step without an offset); `confidence` is the noisy-OR of each link's strength × its kind's
 * reliability (parent 0.9, shared id 0.7, temporal 0.5), and for a pattern match c / (c + 1)
 * with c the number of conditions and offsets it satisfied.
 *
 * Each correlation has a v5 `correlation_id` of its type and event ids, `time_window` from its
 * first to its last event, and `metadata` with the link counts and `alert` ("true" when strength
 * ≥ `alert_thresholds.min_correlation_strength`). The result is ordered by start, then id.
 * O(n log n + n·k + L·α(n)), k the events within one temporal window, L the links.
 *
 * @throws RangeError on a config that is not a valid CorrelationConfig, repeated event ids,
 *   bad timestamps, a correlation window ≤ 0, or an option out of range.
 */
export function correlateEvents(
  events: readonly AnalyticsEvent[],
  config: CorrelationConfig = DEFAULT_CORRELATION_CONFIG,
  options: CorrelateOptions = {},
): EventCorrelation[] {
  const fn = "correlateEvents";
  assertArray(fn, events, "events", "AnalyticsEvent");
  const settings = correlateSettings(config, options);
  const { items, index } = itemsOf(events);
  const byTime = items.map((_, i) => i).sort((a, b) => compareItems(items[a] as Item, items[b] as Item));
  const context: Assembly = { items, now: settings.now, minCorrelationStrength: settings.minCorrelationStrength };

  const correlations: EventCorrelation[] = [];
  if (config.auto_detect) {
    for (const g of linkGroups(items, byTime, index, settings)) {
      if (g.members.length + g.related.length < settings.minEvents) continue;
      correlations.push(g.temporal ? buildTemporal(context, g.related, g.links) : buildCausal(context, g));
    }
  }
  for (const pattern of config.patterns) {
    for (const match of matchPattern(events, pattern)) {
      if (match.steps.length < settings.minEvents) continue;
      correlations.push(buildPatternMatch(context, index, pattern, match));
    }
  }
  return correlations.sort(
    (a, b) =>
      epochMillisOf(fn, "time_window.start", a.time_window.start) -
        epochMillisOf(fn, "time_window.start", b.time_window.start) ||
      (a.correlation_id < b.correlation_id ? -1 : a.correlation_id > b.correlation_id ? 1 : 0),
  );
}

interface CorrelateSettings {
  readonly windowMs: number;
  readonly temporalWindowMs: number;
  readonly minTemporal: number;
  readonly minCorrelationStrength: number;
  readonly now: string | undefined;
  readonly minEvents: number;
}

/** The config and options of correlateEvents, checked, with their defaults. */
function correlateSettings(config: CorrelationConfig, options: CorrelateOptions): CorrelateSettings {
  const fn = "correlateEvents";
  const valid = CorrelationConfigSchema.safeParse(config);
  if (!valid.success) {
    const issue = valid.error.issues[0] as { path: PropertyKey[]; message: string };
    throw new RangeError(`${fn}: config.${issue.path.join(".")} is invalid: ${issue.message}`);
  }
  return {
    windowMs: assertPositive(fn, config.correlation_window_minutes, "config.correlation_window_minutes") * 60_000,
    temporalWindowMs: assertPositive(
      fn,
      options.temporalWindowMs ?? CORRELATION_ENGINE_DEFAULTS.temporalWindowMs,
      "options.temporalWindowMs",
    ),
    minTemporal: assertProbability(
      fn,
      options.minTemporalStrength ?? CORRELATION_ENGINE_DEFAULTS.minStrength,
      "options.minTemporalStrength",
    ),
    minCorrelationStrength: config.alert_thresholds.min_correlation_strength,
    now: options.now === undefined ? undefined : canonicalTimestampOf(fn, "options.now", options.now),
    minEvents: Math.max(2, config.min_events),
  };
}

/** The events with their canonical ids and instants, and id → position; repeated ids are an error. */
function itemsOf(events: readonly AnalyticsEvent[]): { items: Item[]; index: Map<string, number> } {
  const fn = "correlateEvents";
  const items: Item[] = [];
  const index = new Map<string, number>();
  for (const [i, event] of events.entries()) {
    const id = canonicalUuid(event.event_id);
    if (index.has(id)) throw new RangeError(`${fn}: events[${i}] repeats event_id ${id}`);
    index.set(id, i);
    items.push({
      event,
      id,
      instant: epochMillisOf(fn, `events[${i}].timestamp`, event.timestamp),
      domain: eventDomain(event),
    });
  }
  return { items, index };
}

interface LinkGroup {
  readonly members: number[];
  readonly related: number[];
  readonly links: Link[];
  readonly temporal: boolean;
}

/**
 * The groups of linked events: causal groups (parent and shared-id links) with the free events
 * attached to them by their strongest temporal link, then temporal groups of what is left.
 */
function linkGroups(
  items: readonly Item[],
  byTime: readonly number[],
  index: ReadonlyMap<string, number>,
  settings: CorrelateSettings,
): Iterable<LinkGroup> {
  const links = explicitLinks(items, index, byTime, settings.windowMs);
  const causal = new UnionFind(items.length);
  const inCausal = new Set<number>();
  for (const link of links) {
    causal.union(link.a, link.b);
    inCausal.add(link.a);
    inCausal.add(link.b);
  }
  const temporal = temporalLinks(items, byTime, settings.temporalWindowMs, settings.minTemporal);
  const attached = attachToCausal(temporal, inCausal);
  const temporalGroups = new UnionFind(items.length);
  const freeLinks: Link[] = [];
  for (const link of temporal) {
    if (inCausal.has(link.a) || inCausal.has(link.b) || attached.has(link.a) || attached.has(link.b)) continue;
    temporalGroups.union(link.a, link.b);
    freeLinks.push(link);
  }

  const groups = new Map<string, LinkGroup>();
  const groupOf = (key: string, temporalGroup: boolean): LinkGroup => {
    let g = groups.get(key);
    if (g === undefined) {
      g = { members: [], related: [], links: [], temporal: temporalGroup };
      groups.set(key, g);
    }
    return g;
  };
  for (const i of byTime) {
    if (inCausal.has(i)) groupOf(`c${causal.find(i)}`, false).members.push(i);
  }
  for (const i of byTime) {
    const member = attached.get(i);
    if (member !== undefined) groupOf(`c${causal.find(member)}`, false).related.push(i);
  }
  for (const link of links) groupOf(`c${causal.find(link.a)}`, false).links.push(link);
  for (const link of freeLinks) groupOf(`t${temporalGroups.find(link.a)}`, true).links.push(link);
  for (const i of byTime) {
    if (inCausal.has(i) || attached.has(i)) continue;
    groups.get(`t${temporalGroups.find(i)}`)?.related.push(i);
  }
  return groups.values();
}

/** Each event outside every causal group → the causal member of its strongest temporal link. */
function attachToCausal(temporal: readonly Link[], inCausal: ReadonlySet<number>): Map<number, number> {
  const attached = new Map<number, number>();
  const attachStrength = new Map<number, number>();
  for (const link of temporal) {
    for (const [free, member] of [
      [link.a, link.b],
      [link.b, link.a],
    ] as const) {
      if (inCausal.has(free) || !inCausal.has(member)) continue;
      const prior = attachStrength.get(free);
      if (prior === undefined || link.strength > prior) {
        attachStrength.set(free, link.strength);
        attached.set(free, member);
      }
    }
  }
  return attached;
}

function compareItems(a: Item, b: Item): number {
  return a.instant - b.instant || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function explicitLinks(
  items: readonly Item[],
  index: ReadonlyMap<string, number>,
  byTime: readonly number[],
  windowMs: number,
): Link[] {
  const links: Link[] = [];
  const seen = new Set<string>();
  const window = { fn: "correlateEvents", label: "config.correlation_window_minutes × 60 000", ms: windowMs };
  for (const child of byTime) {
    const raw = (items[child] as Item).event.parent_event_id;
    if (raw === undefined || raw === null) continue;
    const parent = index.get(canonicalUuid(raw));
    if (parent === undefined || parent === child) continue;
    seen.add(`${parent} ${child}`);
    seen.add(`${child} ${parent}`);
    const p = items[parent] as Item;
    const c = items[child] as Item;
    links.push({
      a: parent,
      b: child,
      kind: "parent",
      strength: causalStrengthIn(p.event, c.event, window),
    });
  }
  const byCorrelationId = new Map<string, number[]>();
  for (const i of byTime) {
    const raw = (items[i] as Item).event.correlation_id;
    if (raw === undefined || raw === null) continue;
    const key = canonicalUuid(raw);
    const list = byCorrelationId.get(key) ?? [];
    list.push(i);
    byCorrelationId.set(key, list);
  }
  for (const list of byCorrelationId.values()) {
    for (let k = 1; k < list.length; k++) {
      const a = list[k - 1] as number;
      const b = list[k] as number;
      const gap = (items[b] as Item).instant - (items[a] as Item).instant;
      if (gap > windowMs || seen.has(`${a} ${b}`)) continue;
      seen.add(`${a} ${b}`);
      const strength = EXPLICIT_LINK_FLOOR + (1 - EXPLICIT_LINK_FLOOR) * (1 - gap / windowMs);
      links.push({ a, b, kind: "shared_id", strength });
    }
  }
  return links;
}

function temporalLinks(items: readonly Item[], byTime: readonly number[], windowMs: number, min: number): Link[] {
  const links: Link[] = [];
  const window = { fn: "correlateEvents", label: "options.temporalWindowMs", ms: windowMs };
  for (let x = 0; x < byTime.length; x++) {
    const a = byTime[x] as number;
    for (let y = x + 1; y < byTime.length; y++) {
      const b = byTime[y] as number;
      if ((items[b] as Item).instant - (items[a] as Item).instant > windowMs) break;
      const strength = temporalStrengthIn((items[a] as Item).event, (items[b] as Item).event, window);
      if (strength > 0 && strength >= min) links.push({ a, b, kind: "temporal", strength });
    }
  }
  return links;
}

function correlatedEvent(item: Item, role: EventRole): CorrelatedEvent {
  const e = item.event;
  return {
    event_id: item.id,
    source_module: e.source_module,
    event_type: e.event_type,
    severity: e.severity,
    timestamp: canonicalTimestamp(e.timestamp),
    role,
    summary: eventSummary(e),
    metrics: eventMetrics(e),
  };
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;
}

/** What every correlation of one `correlateEvents` call shares. */
interface Assembly {
  readonly items: readonly Item[];
  readonly now: string | undefined;
  readonly minCorrelationStrength: number;
}

/** One correlation found: its type, the role of each member (by item index), scores and evidence. */
interface Found {
  readonly type: CorrelationType;
  readonly roles: Map<number, EventRole>;
  readonly strength: number;
  readonly confidence: number;
  readonly metadata: Record<string, string>;
  readonly pattern?: CorrelationPattern;
}

function assemble(context: Assembly, found: Found): EventCorrelation {
  const { items, now, minCorrelationStrength } = context;
  const { type, roles, strength, confidence, metadata, pattern } = found;
  const ordered = [...roles.keys()].sort((a, b) => compareItems(items[a] as Item, items[b] as Item));
  const first = items[ordered[0] as number] as Item;
  const last = items[ordered[ordered.length - 1] as number] as Item;
  const start = canonicalTimestamp(first.event.timestamp);
  const end = canonicalTimestamp(last.event.timestamp);
  const ids = ordered.map((i) => (items[i] as Item).id);
  const correlation: EventCorrelation = {
    correlation_id: contentId("event-correlation", [type, pattern?.pattern_id ?? "", ...ids]),
    correlation_type: type,
    events: ordered.map((i) => correlatedEvent(items[i] as Item, roles.get(i) as EventRole)),
    strength,
    confidence,
    time_window: { start, end },
    detected_at: now ?? end,
    metadata: { detector: "correlateEvents", ...metadata, alert: String(strength >= minCorrelationStrength) },
  };
  if (pattern !== undefined) correlation.pattern = pattern;
  return correlation;
}

function linkCounts(links: readonly Link[]): Record<string, string> {
  const count = (kind: LinkKind) => String(links.filter((l) => l.kind === kind).length);
  return { parent_links: count("parent"), shared_id_links: count("shared_id"), temporal_links: count("temporal") };
}

function scores(links: readonly Link[]): { strength: number; confidence: number } {
  return {
    strength: mean(links.map((l) => l.strength)),
    confidence: noisyOr(links.map((l) => l.strength * LINK_RELIABILITY[l.kind])),
  };
}

function buildTemporal(context: Assembly, members: readonly number[], links: readonly Link[]): EventCorrelation {
  const roles = new Map<number, EventRole>(members.map((i) => [i, "related"]));
  return assemble(context, { type: "temporal", roles, ...scores(links), metadata: linkCounts(links) });
}

function buildCausal(
  context: Assembly,
  group: { readonly members: readonly number[]; readonly related: readonly number[]; readonly links: readonly Link[] },
): EventCorrelation {
  const { items } = context;
  const { members, related, links } = group;
  const out = new Map<number, number[]>();
  const incoming = new Set<number>();
  for (const l of links) {
    const list = out.get(l.a) ?? [];
    list.push(l.b);
    out.set(l.a, list);
    incoming.add(l.b);
  }
  const reachCount = (start: number): number => {
    const seen = new Set([start]);
    const stack = [start];
    while (stack.length > 0) {
      for (const next of out.get(stack.pop() as number) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    return seen.size - 1;
  };
  const sources = members.filter((i) => !incoming.has(i));
  // A cycle leaves no source: then every member is a candidate.
  const candidates = sources.length > 0 ? sources : [...members];
  let root = candidates[0] as number;
  let rootReach = reachCount(root);
  for (const c of candidates.slice(1)) {
    const r = reachCount(c);
    if (r > rootReach) {
      root = c;
      rootReach = r;
    }
  }
  const roles = new Map<number, EventRole>();
  for (const i of members) {
    const hasOut = (out.get(i)?.length ?? 0) > 0;
    const hasIn = incoming.has(i);
    roles.set(i, i === root ? "root_cause" : hasOut ? "contributor" : hasIn ? "effect" : "related");
  }
  for (const i of related) roles.set(i, "related");

  const core = members.map((i) => items[i] as Item);
  const rootDomain = (items[root] as Item).domain;
  const count = (domain: EventDomain) => core.filter((it) => it.domain === domain).length;
  let type: CorrelationType;
  if (count("security") > 0) type = "security_incident";
  else if (rootDomain === "governance" || count("governance") >= 2) type = "compliance_cascade";
  else if (rootDomain !== "cost" && count("cost") > 0) type = "cost_impact";
  else if (rootDomain === "telemetry") type = "performance_degradation";
  else type = "causal_chain";
  return assemble(context, { type, roles, ...scores(links), metadata: linkCounts(links) });
}

function buildPatternMatch(
  context: Assembly,
  index: ReadonlyMap<string, number>,
  pattern: CorrelationPattern,
  match: PatternMatch,
): EventCorrelation {
  const roles = new Map<number, EventRole>();
  const last = match.steps.length - 1;
  for (const [s, step] of match.steps.entries()) {
    const i = index.get(canonicalUuid(step.event.event_id)) as number;
    roles.set(i, s === 0 ? "root_cause" : s === last ? "effect" : "contributor");
  }
  const timing = match.steps.slice(1).map(({ step, delay_ms }) => {
    const offset = step.time_offset_ms;
    if (offset === undefined || offset === null || offset === 0) return 1;
    // 1 on time, the floor at the deadline (the step was met, so never below it).
    return 1 - (1 - EXPLICIT_LINK_FLOOR) * ((delay_ms ?? 0) / offset);
  });
  const constraints = match.steps.reduce(
    (n, { step }) =>
      n +
      Object.keys(step.conditions).length +
      (step.time_offset_ms === undefined || step.time_offset_ms === null ? 0 : 1),
    0,
  );
  const strength = timing.length === 0 ? 1 : mean(timing);
  return assemble(context, {
    type: "pattern_match",
    roles,
    strength,
    confidence: constraints / (constraints + 1),
    metadata: { pattern_id: pattern.pattern_id, steps: String(match.steps.length) },
    pattern,
  });
}
