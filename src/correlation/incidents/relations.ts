import type { IncidentSignal } from "./signals.js";

/**
 * A plausible causal relation between two signals: a rise (or fall) of `cause` can produce the
 * change in `effect`. Incident analysis draws a causal edge only along a relation of this table,
 * only from an earlier onset to a later one, and only between two different events of two
 * different series; anything else that moves at the same time is reported as related, never as
 * caused.
 */
export interface CausalRelation {
  readonly cause: IncidentSignal;
  readonly effect: IncidentSignal;
  /** Why the cause can produce the effect, in a sentence for reports. */
  readonly mechanism: string;
}

const r = (cause: IncidentSignal, effect: IncidentSignal, mechanism: string): CausalRelation =>
  Object.freeze({ cause, effect, mechanism });

/**
 * The one table of plausible relations. Performance: slow responses time out and fail, retries
 * and failover add load and spend; larger requests take longer and cost more. Cost: spend trips
 * budget alerts. Security and governance: threats and failed logins lead to policy violations and
 * compliance findings, which lead to audited remediation; a denial of service slows and fails
 * requests.
 */
export const CAUSAL_RELATIONS: readonly CausalRelation[] = Object.freeze([
  r("latency_p95", "error_rate", "slow responses hit client and gateway timeouts, which fail requests"),
  r("latency_p95", "throughput", "slower responses hold capacity (or clients retry), so the request rate moves"),
  r("latency_p95", "cost", "timeouts and retries bill extra tokens"),
  r("error_rate", "throughput", "failed requests are retried, or traffic fails over, so the request rate moves"),
  r("error_rate", "cost", "retries of failed requests are billed again"),
  r("error_rate", "latency_p95", "retries and failover add load, which slows the requests that succeed"),
  r("throughput", "latency_p95", "more requests than capacity queue and slow down"),
  r("throughput", "error_rate", "overload is shed as rate-limit (429) and server errors"),
  r("throughput", "cost", "more requests are billed"),
  r("throughput", "token_usage", "a shift in traffic mix changes the tokens per request"),
  r("token_usage", "latency_p95", "longer prompts and completions take longer to process"),
  r("token_usage", "cost", "tokens are what is billed"),
  r("token_usage", "error_rate", "requests over the context limit fail"),
  r("throughput", "completion_tokens", "a shift in traffic mix changes the tokens generated per request"),
  r("completion_tokens", "latency_p95", "every generated token is a decoding step, so longer outputs take longer"),
  r("completion_tokens", "token_usage", "the generated tokens are part of a request's total"),
  r(
    "completion_tokens",
    "error_rate",
    "a request that generates without end runs into the deadline or the context limit",
  ),
  r("completion_tokens", "cost", "output tokens are billed, at a higher price than prompt tokens"),
  r("completion_tokens", "budget_alerts", "token spend crosses a budget threshold"),
  r("quality", "completion_tokens", "a degraded model rambles or loops without a stop"),
  r("quality", "error_rate", "a degraded model produces output that fails validation"),
  r("quality", "token_usage", "a degraded model rambles or is re-asked"),
  r("cost", "budget_alerts", "spend crosses a budget threshold"),
  r("token_usage", "budget_alerts", "token spend crosses a budget threshold"),
  r("threats", "policy_violations", "attacks trip content and access policies"),
  r("threats", "auth_failures", "attacks probe credentials"),
  r("threats", "privacy_violations", "exfiltration attempts touch personal data"),
  r("threats", "compliance_violations", "successful attacks breach compliance requirements"),
  r("threats", "latency_p95", "a flood of malicious requests (denial of service) slows the service"),
  r("threats", "error_rate", "a flood of malicious requests (denial of service) fails requests"),
  r("threats", "throughput", "a flood of malicious requests changes the request rate"),
  r("threats", "token_usage", "injected prompts inflate requests"),
  r("auth_failures", "threats", "credential stuffing is flagged as a threat"),
  r("auth_failures", "policy_violations", "access violations trip access policies"),
  r("vulnerabilities", "threats", "an exposed vulnerability is exploited"),
  r("policy_violations", "failed_compliance_checks", "violations make compliance controls fail"),
  r("policy_violations", "audit_changes", "violations are remediated, and remediations are audited"),
  r("policy_violations", "compliance_violations", "repeated violations breach a regulation"),
  r("compliance_violations", "failed_compliance_checks", "a breach makes compliance controls fail"),
  r("compliance_violations", "audit_changes", "breaches are remediated, and remediations are audited"),
  r("privacy_violations", "compliance_violations", "processing without consent breaches privacy law"),
  r("privacy_violations", "policy_violations", "processing without consent trips data policies"),
  r("failed_compliance_checks", "audit_changes", "failed controls are fixed, and fixes are audited"),
]);

const INDEX = new Map<string, CausalRelation>(CAUSAL_RELATIONS.map((x) => [`${x.cause}>${x.effect}`, x]));

/** The relation by which `cause` can produce `effect`, if the table has one. */
export function causalRelationOf(cause: IncidentSignal, effect: IncidentSignal): CausalRelation | undefined {
  return INDEX.get(`${cause}>${effect}`);
}
