/*
 * Error-rate reports whose totals are cumulative counters. The wire format's `error_rate` payload
 * says its `total_requests`/`failed_requests` cover `window_duration_seconds`, but a Prometheus
 * bridge forwards `requests_total`/`failures_total` as they stand at each scrape: counts since the
 * process started, falling to 0 at a restart. Read per window, such a reporter's error rate is
 * failures since the restart over requests since the restart — a burst of 57 % reads 2.7 %, is
 * dated when it has moved the cumulative ratio (minutes late), lasts hours, and each request is
 * counted once per scrape. Prometheus' `increase()` reads a counter as the differences of
 * consecutive samples, a fall being a reset from 0; `counterIncrements` does the same, after
 * deciding from the reports alone (never from a producer name) whether they are a counter.
 */

/**
 * Reports a reporter must have sent before its totals can be read as a counter. Six independent
 * per-window counts come out in increasing order by chance once in 6! = 720 (more often with
 * ties); with fewer, a short capture's per-window reports would too often pass for a counter, and
 * a counter's first report is spent as its baseline anyway.
 */
export const MIN_COUNTER_REPORTS = 6;

/**
 * At most one reset (a fall) per this many steps between reports: a counter falls only when its
 * process restarts, a per-window reporter's totals fall about every other step.
 */
export const STEPS_PER_RESET = 10;

/** One report of a reporter: when (epoch ms), its requests and its failures as sent. */
export interface CounterReport {
  readonly t: number;
  readonly requests: number;
  readonly failures: number;
}

/** What a counter's report adds: the requests and failures since the reporter's previous report. */
export interface CounterIncrement {
  /** The report (index into the input) whose value the increment is read from. */
  readonly report: number;
  readonly requests: number;
  readonly failures: number;
}

/**
 * The per-interval counts of one reporter's reports when they are cumulative counters, else
 * undefined (the reports are per-window counts and stay as they are). A reporter is a counter
 * when, in time order (ties by value, so any input order gives the same answer):
 * - it sent at least `MIN_COUNTER_REPORTS` reports (fewer is ambiguous: left as sent);
 * - between consecutive reports neither total falls, except at a reset, where the requests or
 *   the failures fall (a restart sets both to 0);
 * - resets are rare: at most one per `STEPS_PER_RESET` steps;
 * - its requests rise at least once (totals that never move say nothing either way).
 * The increments are then those of Prometheus' `increase()`: the difference from the previous
 * report, or after a reset the new value itself (counted from 0). The first report is the
 * baseline, not a count, and gives no increment; nor does a report that adds no request (no
 * request, no error rate). Failures are capped at the requests of the same interval. O(n log n).
 */
export function counterIncrements(reports: readonly CounterReport[]): CounterIncrement[] | undefined {
  const n = reports.length;
  if (n < MIN_COUNTER_REPORTS) return undefined;
  for (const r of reports)
    if (!(Number.isFinite(r.requests) && r.requests >= 0 && Number.isFinite(r.failures) && r.failures >= 0))
      return undefined;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const x = reports[a] as CounterReport;
    const y = reports[b] as CounterReport;
    return x.t - y.t || x.requests - y.requests || x.failures - y.failures || a - b;
  });
  let resets = 0;
  let rises = 0;
  const increments: CounterIncrement[] = [];
  for (let k = 1; k < n; k++) {
    const i = order[k] as number;
    const cur = reports[i] as CounterReport;
    const prev = reports[order[k - 1] as number] as CounterReport;
    const reset = cur.requests < prev.requests || cur.failures < prev.failures;
    if (reset) resets++;
    else if (cur.requests > prev.requests) rises++;
    const requests = reset ? cur.requests : cur.requests - prev.requests;
    const failures = reset ? cur.failures : cur.failures - prev.failures;
    if (requests > 0) increments.push({ report: i, requests, failures: Math.min(failures, requests) });
  }
  if (resets * STEPS_PER_RESET > n - 1 || rises === 0) return undefined;
  return increments;
}
