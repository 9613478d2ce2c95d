/*
 * The HTML report in a real browser: Debian's chromium, headless, through playwright-core.
 * Three days are written as NDJSON and turned into reports by the CLI (`report FILE --out`):
 * - an incident day from this folder's own scenario generator (scenario.ts: raw wire JSON,
 *   severities left at info, a fivefold latency rise on one model at a known minute);
 * - an incident day of 10,000 events from the demo's generator (src/cli/synthetic), whose
 *   injected incident plan says where the root cause must be;
 * - a quiet day from the scenario generator, with no incident.
 * Every expected count is computed here from the NDJSON lines, parsed as plain JSON, not by
 * the report's code: windows with data per model and chart, totals, budget alerts. What the
 * report says about incidents must be what analyzeIncidents returns for the same events.
 *
 * Requires chromium (Debian: `apt-get install -y chromium`; .ci/run installs it). Locally
 * without it the suite is skipped with a visible reason; under CI it fails.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planTraffic, syntheticEvents } from "../../src/cli/synthetic/traffic.js";
import { analyzeIncidents, type IncidentAnalysis } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { decodeAnalyticsEvent } from "../../src/fast/index.js";
import { runInProcess } from "../cli/helpers.js";
import { type Browser, findChromium, type OpenedReport, openReport, pngStats, startBrowser } from "./browser.js";
import { scenarioDay } from "./scenario.js";

const chromiumPath = findChromium();
const reason = "chromium is not on PATH (Debian: apt-get update && apt-get install -y chromium)";
if (chromiumPath === undefined) {
  if (process.env.CI) {
    describe("HTML report in Chromium", () => {
      it("needs chromium in CI", () => {
        expect.fail(`${reason}; CI must install it before running the tests`);
      });
    });
  } else {
    console.warn(`[report-browser] SKIPPED: ${reason}`);
  }
}

/** One day's events as the test sees them: plain JSON objects. */
interface Wire {
  readonly event_id: string;
  readonly timestamp: string;
  readonly payload: { readonly payload_type: string; readonly data: Record<string, unknown> };
}

interface Day {
  readonly name: string;
  readonly lines: readonly string[];
  readonly wire: readonly Wire[];
  readonly html: string;
  readonly file: string;
  readonly analysis: IncidentAnalysis;
  /** The report open in the browser (one page per day, shared by the tests). */
  opened?: OpenedReport;
}

const MODELS = [
  { id: "m-large", medianMs: 2400, usdPerToken: 1e-5 },
  { id: "m-small", medianMs: 600, usdPerToken: 1e-6 },
  { id: "m-mid", medianMs: 1200, usdPerToken: 4e-6 },
] as const;

const OKABE_ITO_HEX = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"];

/** Windows (floor(t / width)) with data, per model, of the events `pick` accepts. */
function windowsPerModel(
  wire: readonly Wire[],
  width: number,
  pick: (w: Wire) => { model: string; weight?: number } | undefined,
): Map<string, number> {
  const sets = new Map<string, Map<number, number>>();
  for (const w of wire) {
    const found = pick(w);
    if (found === undefined) continue;
    const k = Math.floor(Date.parse(w.timestamp) / width);
    const set = sets.get(found.model) ?? new Map<number, number>();
    set.set(k, (set.get(k) ?? 0) + (found.weight ?? 1));
    sets.set(found.model, set);
  }
  const out = new Map<string, number>();
  for (const [model, set] of sets) out.set(model, [...set.values()].filter((v) => v > 0).length);
  return out;
}

const sub = (w: Wire, type: string, kind: string): boolean =>
  w.payload.payload_type === type && (w.payload.data as Record<string, unknown>)[`${type}_type`] === kind;
const model = (w: Wire): string => String(w.payload.data.model_id);

/** The lines of a chart: aria-label → number of points in the path (M and L commands). */
async function chartLines(page: Page, figure: string): Promise<Map<string, number>> {
  const lines = await page.$$eval(`${figure} svg path[aria-roledescription="line mark"]`, (paths) =>
    paths.map((p) => [p.getAttribute("aria-label") ?? "", (p.getAttribute("d") ?? "").match(/[ML]/g)?.length ?? 0]),
  );
  return new Map(lines as [string, number][]);
}

describe.skipIf(chromiumPath === undefined)("HTML report in Chromium", { timeout: 30_000 }, () => {
  let browser: Browser;
  let dir: string;
  const days = new Map<string, Day>();
  const demoPlan = planTraffic({
    events: 10_000,
    seed: 11,
    start: "2025-06-03T00:00:00Z",
    spanMs: 86_400_000,
    incident: true,
  });
  const scenario = scenarioDay({
    seed: 7,
    hours: 4,
    perMinute: 5,
    models: MODELS,
    incident: { model: "m-mid", onsetMinute: 150, minutes: 25 },
    usageModels: ["m-small"],
  });
  const quiet = scenarioDay({ seed: 8, hours: 3, perMinute: 4, models: MODELS, usageModels: ["m-small"] });

  async function writeDay(name: string, lines: readonly string[]): Promise<void> {
    const input = join(dir, `${name}.ndjson`);
    const file = join(dir, `${name}.html`);
    writeFileSync(input, `${lines.join("\n")}\n`);
    const run = await runInProcess(["report", input, "--out", file]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^wrote .*\.html \([\d,]+ bytes\): [\d,]+ events/);
    const wire = lines.map((l) => JSON.parse(l) as Wire);
    // The analysis the report must agree with, over the same events (decoded by the library's
    // fast path, which gives decode's result).
    const events = lines.map((l) => {
      const decoded = decodeAnalyticsEvent(l);
      if (!decoded.success) throw new Error(`${name}: generated an invalid event: ${l}`);
      return decoded.data as AnalyticsEvent;
    });
    const analysis = analyzeIncidents(events);
    days.set(name, { name, lines, wire, html: readFileSync(file, "utf8"), file, analysis });
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "hub-report-test-"));
    browser = await startBrowser(chromiumPath!);
    const demoLines = [
      ...syntheticEvents({
        events: 10_000,
        seed: 11,
        start: "2025-06-03T00:00:00Z",
        spanMs: 86_400_000,
        incident: true,
      }),
    ].map((e) => JSON.stringify(e));
    await writeDay("scenario", scenario.lines);
    await writeDay("demo", demoLines);
    await writeDay("quiet", quiet.lines);
    for (const day of days.values()) day.opened = await openReport(browser, day.file);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("opens each report from disk with no console error, no page error and no request", async () => {
    for (const day of days.values()) {
      const opened = day.opened!;
      expect(opened.errors, day.name).toEqual([]);
      expect(opened.requests, day.name).toEqual([]);
      expect(opened.failedRequests, day.name).toEqual([]);
      // Self-contained: no external reference of any kind in the markup.
      expect(day.html).not.toMatch(/\b(src|href)=["'](https?:)?\/\//);
      expect(day.html).not.toMatch(/<link\b|<img\b|@import|url\((?!#)/);
    }
  });

  it("stays under 1 MB for a day of 10,000 events", () => {
    expect(statSync(days.get("demo")!.file).size).toBeLessThan(1_000_000);
  });

  it("draws every chart's series with one point per window that has data", async () => {
    for (const day of days.values()) {
      const width = day.analysis.method.window_ms;
      const page = day.opened!.page;

      const latency = windowsPerModel(day.wire, width, (w) =>
        sub(w, "telemetry", "latency") ? { model: model(w) } : undefined,
      );
      const figures = await page.$$eval('figure[data-chart="latency"]', (fs) =>
        fs.map((f) => [f.id, f.querySelector("h3")?.textContent ?? ""]),
      );
      expect(new Set(figures.map(([, title]) => title)), day.name).toEqual(
        new Set([...latency.keys()].map((m) => `Latency of ${m}`)),
      );
      // Accessible: every figure has a heading, a caption, a label on its SVG and a data table;
      // a latency table has one row per window with requests.
      const a11y = await page.$$eval("figure.chart", (fs) =>
        fs.map((f) => ({
          id: f.id,
          title: f.querySelector("h3")?.textContent ?? "",
          caption: f.querySelector("figcaption")?.textContent ?? "",
          label:
            f.querySelector("svg")?.getAttribute("aria-label") ??
            f.querySelector("svg")?.getAttribute("aria-labelledby") ??
            "",
          rows: f.querySelectorAll("details table tbody tr").length,
          strokes: [...f.querySelectorAll('svg path[aria-roledescription="line mark"]')].map((p) =>
            p.getAttribute("stroke"),
          ),
        })),
      );
      for (const figure of a11y) {
        expect(figure.title, `${day.name} ${figure.id}`).not.toBe("");
        expect(figure.caption, `${day.name} ${figure.id}`).toMatch(/\d/);
        expect(figure.label, `${day.name} ${figure.id}`).not.toBe("");
        // Okabe & Ito's eight colours (Color Universal Design, 2008), nothing else.
        for (const stroke of figure.strokes) expect(OKABE_ITO_HEX).toContain(stroke?.toUpperCase());
      }
      for (const [id, title] of figures) {
        const m = title!.replace("Latency of ", "");
        expect(a11y.find((f) => f.id === id)?.rows, `${day.name} ${title} table`).toBe(latency.get(m));
        const lines = await chartLines(page, `#${id}`);
        const n = latency.get(m)!;
        expect(lines, `${day.name} ${title}`).toEqual(
          new Map([
            ["p50", n],
            ["p95", n],
            ["p99", n],
          ]),
        );
      }

      const errors = windowsPerModel(day.wire, width, (w) =>
        sub(w, "telemetry", "error_rate")
          ? { model: model(w), weight: Number(w.payload.data.total_requests) }
          : undefined,
      );
      expect(await chartLines(page, "#error-rate"), `${day.name} error rate`).toEqual(errors);

      const usageModels = new Set(day.wire.filter((w) => sub(w, "telemetry", "token_usage")).map(model));
      const tokens = windowsPerModel(day.wire, width, (w) =>
        sub(w, "telemetry", "token_usage") || (sub(w, "cost", "token_cost") && !usageModels.has(model(w)))
          ? { model: model(w) }
          : undefined,
      );
      expect(await chartLines(page, "#tokens"), `${day.name} tokens`).toEqual(tokens);

      const cost = windowsPerModel(day.wire, width, (w) =>
        sub(w, "cost", "token_cost") ? { model: model(w) } : undefined,
      );
      expect(await chartLines(page, "#cost"), `${day.name} cost`).toEqual(cost);

      // One ▼ rule per budget alert on the cost chart.
      const alerts = day.wire.filter((w) => sub(w, "cost", "budget_alert")).length;
      const rules = await page.$$eval('#cost svg [aria-roledescription="rule mark"]', (els) =>
        els.map((e) => e.getAttribute("aria-label") ?? ""),
      );
      expect(rules.filter((r) => r.startsWith("budget alert")).length, day.name).toBe(alerts);

      // Every anomalous window of a charted signal is shaded on its chart: count them per chart.
      const shaded = await page.$$eval('figure.chart svg [aria-roledescription="rect mark"]', (els) =>
        els.map((e) => e.getAttribute("aria-label") ?? "").filter((l) => l.startsWith("anomalous ")),
      );
      const charted = day.analysis.anomalies.filter((a) =>
        ["latency_p95", "error_rate", "token_usage", "cost"].includes(a.signal),
      ).length;
      expect(shaded.length, day.name).toBe(charted);
    }
  });

  it("states totals that are true of the data, in one number format", async () => {
    const day = days.get("demo")!;
    const opened = day.opened!;
    const tile = (id: string) => opened.page.textContent(`#${id} .value`);
    const n = new Intl.NumberFormat("en-US");
    expect(await tile("totals-events")).toBe(n.format(day.wire.length));
    expect(await tile("totals-requests")).toBe(n.format(day.wire.filter((w) => sub(w, "telemetry", "latency")).length));
    const tokens = day.wire
      .filter((w) => sub(w, "cost", "token_cost"))
      .reduce((s, w) => s + Number(w.payload.data.total_tokens), 0);
    expect(await tile("totals-tokens")).toBe(n.format(tokens));
    const usd = day.wire
      .filter((w) => sub(w, "cost", "token_cost"))
      .reduce((s, w) => s + Number(w.payload.data.total_cost_usd), 0);
    expect(await tile("totals-token-cost")).toBe(
      new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(usd),
    );
    expect(await tile("totals-budget-alerts")).toBe(
      n.format(day.wire.filter((w) => sub(w, "cost", "budget_alert")).length),
    );
    expect(await tile("totals-anomalies")).toBe(n.format(day.analysis.anomalies.length));
    // No bare float or ungrouped large number in any text node (chart labels included): every
    // number went through the one formatter.
    const texts = await opened.page.$eval("main", (main) => {
      const walker = main.ownerDocument.createTreeWalker(main, 4 /* NodeFilter.SHOW_TEXT */);
      const out: string[] = [];
      while (walker.nextNode()) out.push(walker.currentNode.nodeValue ?? "");
      return out;
    });
    expect(texts.length).toBeGreaterThan(100);
    // (A decimal part with more than three significant digits, like 4045.7299 or 0.013535.)
    expect(texts.filter((t) => /\d[.,]0*[1-9]\d{3,}/.test(t))).toEqual([]);
    expect(texts.filter((t) => /(?<![-\w.,])\d{5,}(?![-\w])/.test(t))).toEqual([]);
  });

  it("names the injected root cause on the scenario day, as analyzeIncidents does", async () => {
    const day = days.get("scenario")!;
    const truth = scenario.truth!;
    const opened = day.opened!;
    const cards = await opened.page.$$eval("article.incident", (els) =>
      els.map((e) => ({ root: e.getAttribute("data-root-event-id"), text: e.textContent ?? "" })),
    );
    expect(cards.map((c) => c.root)).toEqual(day.analysis.incidents.map((i) => i.root?.event_id ?? null));
    const root = day.wire.find((w) => w.event_id === cards[0]!.root)!;
    // The root is a latency event of the degraded model within five minutes of the onset.
    expect(sub(root, "telemetry", "latency")).toBe(true);
    expect(model(root)).toBe(truth.model);
    expect(Math.abs(Date.parse(root.timestamp) - truth.onsetMs)).toBeLessThanOrEqual(5 * 60_000);
    expect(cards[0]!.text).toContain(truth.model);
    expect(cards[0]!.text).toMatch(/Confidence\s*\d+(\.\d+)?% that this is the root cause/);
    expect(await opened.page.$("#no-incident")).toBeNull();
    // Its graph is drawn, with the root outlined and a time on every edge.
    const graph = await opened.page.$$eval("#incident-1-graph svg.event-graph", (svgs) =>
      svgs.map((s) => ({
        root: s.querySelector("g.node.root")?.getAttribute("data-event-id"),
        nodes: s.querySelectorAll("g.node").length,
        edges: s.querySelectorAll("g.edge").length,
        deltas: [...s.querySelectorAll("g.edge text.delta")].map((t) => t.textContent ?? ""),
      })),
    );
    expect(graph).toHaveLength(1);
    expect(graph[0]!.root).toBe(cards[0]!.root);
    expect(graph[0]!.nodes).toBe(day.analysis.incidents[0]!.graph.nodes.length);
    expect(graph[0]!.deltas).toHaveLength(graph[0]!.edges);
    for (const d of graph[0]!.deltas) expect(d).toMatch(/^[+−][\d.,]+ (ms|sec|min|hr|days?)$/);
  });

  it("names the root cause inside the demo generator's injected latency spike", async () => {
    const day = days.get("demo")!;
    const incident = demoPlan.incident!;
    const opened = day.opened!;
    const roots = await opened.page.$$eval("article.incident", (els) =>
      els.map((e) => e.getAttribute("data-root-event-id")),
    );
    expect(roots).toEqual(day.analysis.incidents.map((i) => i.root?.event_id ?? null));
    // A slow request of the injected model, early in the injected spike (a latency event is
    // stamped when the request ends, so a slow one lands minutes after it started).
    const spike = Date.parse(incident.latencySpike.start);
    const found = roots.map((id) => day.wire.find((w) => w.event_id === id)!);
    expect(
      found.some(
        (w) =>
          sub(w, "telemetry", "latency") &&
          model(w) === incident.model &&
          Date.parse(w.timestamp) >= spike - day.analysis.method.window_ms &&
          Date.parse(w.timestamp) <= spike + 10 * 60_000,
      ),
      `roots ${found.map((w) => `${model(w)} ${w.timestamp}`).join(", ")}; spike of ${incident.model} from ${incident.latencySpike.start}`,
    ).toBe(true);
  });

  it('says "No incident found" on a quiet day', async () => {
    const day = days.get("quiet")!;
    expect(day.analysis.incidents).toEqual([]);
    const opened = day.opened!;
    expect(await opened.page.textContent("#no-incident h3")).toBe("No incident found");
    expect(await opened.page.$$("article.incident")).toHaveLength(0);
    expect(await opened.page.$$("svg.event-graph")).toHaveLength(0);
  });

  it("sorts the anomalies table by a column, both ways, without a framework", async () => {
    const day = days.get("scenario")!;
    const opened = day.opened!;
    const page = opened.page;
    const column = async (i: number) =>
      page.$$eval(`#anomaly-table tbody tr td:nth-child(${i + 1})`, (tds) => tds.map((td) => Number(td.dataset.sort)));
    const scoreColumn = 7;
    await page.click(`#anomaly-table th:nth-child(${scoreColumn + 1}) button`);
    const up = await column(scoreColumn);
    expect(up.length).toBe(day.analysis.anomalies.length);
    expect(up).toEqual([...up].sort((a, b) => a - b));
    expect(await page.getAttribute(`#anomaly-table th:nth-child(${scoreColumn + 1})`, "aria-sort")).toBe("ascending");
    await page.click(`#anomaly-table th:nth-child(${scoreColumn + 1}) button`);
    const down = await column(scoreColumn);
    expect(down).toEqual([...up].sort((a, b) => b - a));
    expect(opened.errors).toEqual([]);
  });

  it("takes a 1280 px screenshot that is not blank", async () => {
    const opened = days.get("demo")!.opened!;
    const png = await opened.page.screenshot({ fullPage: false });
    const stats = pngStats(png);
    expect(stats.width).toBe(1280);
    expect(stats.inkShare).toBeGreaterThan(0.03);
    expect(stats.colours).toBeGreaterThan(20);
  });

  it("the harness does catch a failed request and a console error", async () => {
    // Negative control: a page that reaches for the network (loopback; the context is offline) and throws.
    const bad = join(dir, "bad.html");
    writeFileSync(bad, '<!doctype html><img src="http://127.0.0.1:9/x.png"><script>throw new Error("boom")</script>');
    const opened = await openReport(browser, bad);
    expect(opened.errors.join("\n")).toContain("boom");
    expect(opened.requests.concat(opened.failedRequests).join("\n")).toContain("127.0.0.1:9");
  });
});
