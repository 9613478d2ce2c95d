/** How every suite's runner feeds a generated day to the analysis. */
import type { IncidentAnalysis } from "../src/correlation/index.js";
import { IncidentAnalyzer } from "../src/correlation/index.js";
import { AnalyticsEvent } from "../src/events/index.js";

/**
 * Runs `IncidentAnalyzer` with its defaults over a day's events, passing every `every`-th event
 * (every one with 1) through the `AnalyticsEvent` schema first: a generator must write what the
 * hub reads, and a day that breaks the wire format stops the run naming the day and the event.
 * Returns the analysis and the number of events read.
 */
export function analyzeDay(
  name: string,
  events: Iterable<AnalyticsEvent>,
  every: number,
): { readonly analysis: IncidentAnalysis; readonly events: number } {
  const analyzer = new IncidentAnalyzer();
  let n = 0;
  for (const event of events) {
    if (n % every === 0) {
      const parsed = AnalyticsEvent.safeParse(event);
      if (!parsed.success) throw new Error(`${name}: event ${n} is invalid: ${parsed.error.message}`);
    }
    analyzer.add(event);
    n++;
  }
  return { analysis: analyzer.finish(), events: n };
}
