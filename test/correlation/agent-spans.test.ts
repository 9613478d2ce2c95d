/*
 * Two producers on one model id: the model's own calls (OpenTelemetry GenAI client spans,
 * `gen_ai.operation.name` embeddings) and the agent runs around some of them (`invoke_agent`
 * spans naming the same model in `gen_ai.request.model`, as the OTLP importer maps them), whose
 * durations are the whole run's: planning, the call, a tool call. A run takes 5–60 times as long
 * as a call, so a shift in the share of calls made by agents moves the window's p95 of the pooled
 * durations although no call got slower (held-out 4242/12's mix, docs/correlation.md round
 * seventeen). Hand-built days: a seeded generator of their own (mulberry32, Poisson arrivals,
 * log-normal durations by Box–Muller), sharing no code with the evaluation suites' generators;
 * the expected outcomes are the days' own truth (no call slower; calls ×4 slower from RISE).
 */
import { describe, expect, it } from "vitest";
import { isAgentSpan } from "../../src/correlation/incidents/signals.js";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { taggedLatencyEvent } from "./helpers.js";

const MODEL = "text-embedding-3-small";
const MINUTE = 60_000;
const START = Date.UTC(2025, 6, 1, 8, 0, 0);
/** The hour in which agents make 45 % of the calls instead of 10 % (the mix shift). */
const SHIFT = [240, 300] as const;
/** The minute from which every call takes four times as long (the real rise). */
const RISE = 372;

interface DayShape {
  readonly seed: number;
  /** The share of calls made inside an agent run at `minute`. */
  readonly agentShare: (minute: number) => number;
  /** The factor on a call's duration at `minute`. */
  readonly slowdown: (minute: number) => number;
}

const tags = (operation: string, parent?: string): Record<string, string> => ({
  "service.name": "search-api",
  "gen_ai.provider.name": "openai",
  "server.address": "api.openai.com",
  "gen_ai.operation.name": operation,
  "gen_ai.request.model": MODEL,
  ...(parent === undefined ? {} : { parent_span_id: parent }),
});

/**
 * Eight hours at 8 calls a minute (Poisson); a call takes a log-normal 90 ms (log-scale spread
 * 0.6) times `slowdown`; an agent run around it starts 20–400 ms before it and ends after a tool
 * call of a log-normal 600 ms (spread 0.8) after it. Returns the events and which are calls.
 */
function day(shape: DayShape): { events: AnalyticsEvent[]; callIds: Set<string> } {
  const rand = mulberry32(shape.seed);
  const events: AnalyticsEvent[] = [];
  const callIds = new Set<string>();
  let id = 1;
  for (let m = 0; ; ) {
    m += -Math.log(1 - rand()) / 8;
    if (m >= 8 * 60) break;
    const start = START + m * MINUTE;
    const ms = Math.exp(Math.log(90) + 0.6 * gaussian(rand)) * shape.slowdown(m);
    const agent = rand() < shape.agentShare(m) ? `agent-${id}` : undefined;
    const call = taggedLatencyEvent({
      eventId: id++,
      requestId: `call-${id}`,
      start,
      ms,
      model: MODEL,
      tags: tags("embeddings", agent),
    });
    callIds.add(call.event_id);
    events.push(call);
    if (agent === undefined) continue;
    const before = 20 + 380 * rand();
    const tool = Math.exp(Math.log(600) + 0.8 * gaussian(rand));
    const run = before + ms + tool;
    events.push(
      taggedLatencyEvent({
        eventId: id++,
        requestId: agent,
        start: start - before,
        ms: run,
        model: MODEL,
        tags: tags("invoke_agent"),
      }),
    );
  }
  events.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  return { events, callIds };
}

const shifted = (m: number) => (m >= SHIFT[0] && m < SHIFT[1] ? 0.45 : 0.1);
const SEEDS = [1, 2, 3, 4, 5];

describe("agent spans on a model's id", () => {
  it("reads the OTel GenAI agent operations as agent spans, and calls as calls", () => {
    expect(isAgentSpan({ "gen_ai.operation.name": "invoke_agent" })).toBe(true);
    expect(isAgentSpan({ "gen_ai.operation.name": "create_agent" })).toBe(true);
    expect(isAgentSpan({ "gen_ai.operation.name": "embeddings" })).toBe(false);
    expect(isAgentSpan({ "gen_ai.operation.name": "chat" })).toBe(false);
    expect(isAgentSpan(undefined)).toBe(false);
  });

  it("opens no latency incident when only the share of agent runs moves", () => {
    for (const seed of SEEDS) {
      const { events } = day({ seed, agentShare: shifted, slowdown: () => 1 });
      const latencyIncidents = analyzeIncidents(events).incidents.filter((i) => i.signals.includes("latency_p95"));
      expect(latencyIncidents, `seed ${seed}`).toEqual([]);
    }
  });

  it("roots a real slowdown of the calls in a call from its onset, with the mix shift before it", () => {
    for (const seed of SEEDS) {
      const { events, callIds } = day({ seed, agentShare: shifted, slowdown: (m) => (m >= RISE ? 4 : 1) });
      const incidents = analyzeIncidents(events).incidents;
      expect(incidents, `seed ${seed}`).toHaveLength(1);
      const root = incidents[0]!.root;
      expect(root?.signal, `seed ${seed}`).toBe("latency_p95");
      expect(callIds.has(root?.event_id ?? ""), `seed ${seed}`).toBe(true);
      // When the root call began (its end less its duration), in minutes: within the first five
      // minutes after the onset, as the suites' scorer asks (eval/score.ts).
      const rootEvent = events.find((e) => e.event_id === root?.event_id);
      const data = rootEvent?.payload.payload_type === "telemetry" ? rootEvent.payload.data : undefined;
      const ms = data?.telemetry_type === "latency" ? data.total_latency_ms : Number.NaN;
      const began = (Date.parse(rootEvent?.timestamp ?? "") - ms - START) / MINUTE;
      expect(began, `seed ${seed}`).toBeGreaterThanOrEqual(RISE);
      expect(began, `seed ${seed}`).toBeLessThanOrEqual(RISE + 5);
    }
  });
});
