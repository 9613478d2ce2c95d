/*
 * One line about an event for the report (graph boxes, the root-cause card): the same facts as
 * the library's `eventSummary`, with every number in the report's one format.
 */
import type { AnalyticsEvent } from "../../events/index.js";
import type { ReportFormat } from "./format.js";

export function describeEvent(event: AnalyticsEvent, f: ReportFormat): string {
  const p = event.payload;
  switch (p.payload_type) {
    case "telemetry": {
      const d = p.data;
      switch (d.telemetry_type) {
        case "latency":
          return `latency ${f.ms(d.total_latency_ms)} on ${d.model_id}`;
        case "throughput":
          return `throughput ${f.number(d.requests_per_second)} req/s on ${d.model_id}`;
        case "error_rate":
          return `error rate ${f.percent(d.error_rate_percent)} (${f.count(d.failed_requests)} of ${f.count(d.total_requests)}) on ${d.model_id}`;
        case "token_usage":
          return `${f.count(d.total_tokens)} tokens on ${d.model_id}`;
        case "model_performance":
          return `model performance of ${d.model_id}`;
      }
      break;
    }
    case "security": {
      const d = p.data;
      switch (d.security_type) {
        case "threat": {
          const kind = typeof d.threat_type === "string" ? d.threat_type : d.threat_type.other;
          return `${kind.replaceAll("_", " ")} threat (${d.threat_level}) on ${d.target_resource}`;
        }
        case "vulnerability":
          return `vulnerability ${d.cve_id ?? d.vulnerability_id} (score ${f.number(d.severity_score)}) in ${d.affected_component}`;
        case "compliance_violation":
          return `${d.regulation} violation: ${d.requirement}`;
        case "auth":
          return `auth ${d.action} by ${d.user_id} on ${d.resource}${d.success ? "" : " failed"}`;
        case "privacy":
          return `privacy ${d.operation} of ${d.data_type}`;
      }
      break;
    }
    case "cost": {
      const d = p.data;
      switch (d.cost_type) {
        case "token_cost":
          return `token cost ${f.usd(d.total_cost_usd)} on ${d.model_id}`;
        case "api_cost":
          return `API cost ${f.usd(d.total_cost_usd)} at ${d.provider}`;
        case "resource_consumption": {
          const kind = typeof d.resource_type === "string" ? d.resource_type : d.resource_type.other;
          return `${kind} ${d.resource_id} cost ${f.usd(d.cost_usd)}`;
        }
        case "budget_alert":
          return `budget ${d.budget_name} ${d.alert_type}: ${f.usd(d.current_spend_usd)} of ${f.usd(d.budget_limit_usd)}`;
      }
      break;
    }
    case "governance": {
      const d = p.data;
      switch (d.governance_type) {
        case "policy_violation":
          return `policy ${d.policy_name} violated (${d.severity}) on ${d.resource_id}`;
        case "audit_trail":
          return `audit ${d.action} by ${d.actor} on ${d.resource_type} ${d.resource_id}`;
        case "compliance_check":
          return `${d.framework} check ${d.check_id} ${d.passed ? "passed" : "failed"}`;
        case "data_lineage":
          return `lineage ${d.operation} of ${d.data_asset_id}`;
      }
      break;
    }
    case "custom":
      return p.data.custom_type;
  }
  return `${event.source_module} ${event.event_type}`;
}
