import * as z from "zod";
import { f64 } from "../../core/integers.js";
import type { JsonValue } from "../../core/json-value.js";
import { jsonMap } from "../../core/maps.js";
import { named, namedUnion } from "../../core/named.js";
import { createEnumOrder, tagUnion } from "../../core/tagging.js";

export const POLICY_VIOLATION_SEVERITIES = ["low", "medium", "high", "critical"] as const;
export const PolicyViolationSeverity = z.enum(POLICY_VIOLATION_SEVERITIES);
export type PolicyViolationSeverity = z.infer<typeof PolicyViolationSeverity>;
export const policyViolationSeverityOrder = createEnumOrder(POLICY_VIOLATION_SEVERITIES);

export const PolicyViolationEvent = named<PolicyViolationEvent>()(
  z.object({
    policy_id: z.string(),
    policy_name: z.string(),
    violation_description: z.string(),
    violated_rules: z.array(z.string()),
    resource_id: z.string(),
    user_id: z.string().nullish(),
    severity: PolicyViolationSeverity,
    auto_remediated: z.boolean(),
  }),
);
export type PolicyViolationEvent = {
  policy_id: string;
  policy_name: string;
  violation_description: string;
  violated_rules: string[];
  resource_id: string;
  user_id?: string | null | undefined;
  severity: PolicyViolationSeverity;
  auto_remediated: boolean;
};

export const AuditTrailEvent = named<AuditTrailEvent>()(
  z.object({
    action: z.string(),
    actor: z.string(),
    resource_type: z.string(),
    resource_id: z.string(),
    changes: jsonMap().meta({ description: "Changed fields and their values (required, may be empty)" }),
    ip_address: z.string().nullish(),
    user_agent: z.string().nullish(),
  }),
);
export type AuditTrailEvent = {
  action: string;
  actor: string;
  resource_type: string;
  resource_id: string;
  /** Changed fields and their values (required, may be empty) */
  changes: Record<string, JsonValue>;
  ip_address?: string | null | undefined;
  user_agent?: string | null | undefined;
};

export const COMPLIANCE_STATUSES = ["pass", "fail", "not_applicable", "manual"] as const;
export const ComplianceStatus = z.enum(COMPLIANCE_STATUSES);
export type ComplianceStatus = z.infer<typeof ComplianceStatus>;

export const ComplianceFinding = named<ComplianceFinding>()(
  z.object({
    control_id: z.string(),
    status: ComplianceStatus,
    description: z.string(),
    evidence: z.string().nullish(),
  }),
);
export type ComplianceFinding = {
  control_id: string;
  status: ComplianceStatus;
  description: string;
  evidence?: string | null | undefined;
};

export const ComplianceCheckEvent = named<ComplianceCheckEvent>()(
  z.object({
    check_id: z.string(),
    framework: z.string(),
    controls_checked: z.array(z.string()),
    passed: z.boolean(),
    findings: z.array(ComplianceFinding),
    score: f64().meta({ description: "Compliance score; the hub defines no scale" }),
  }),
);
export type ComplianceCheckEvent = {
  check_id: string;
  framework: string;
  controls_checked: string[];
  passed: boolean;
  findings: ComplianceFinding[];
  /** Compliance score; the hub defines no scale */
  score: number;
};

export const DATA_OPERATIONS = ["create", "read", "update", "delete", "transform", "aggregate"] as const;
export const DataOperation = z.enum(DATA_OPERATIONS);
export type DataOperation = z.infer<typeof DataOperation>;

export const DataLineageEvent = named<DataLineageEvent>()(
  z.object({
    data_asset_id: z.string(),
    operation: DataOperation,
    source: z.string().nullish(),
    destination: z.string().nullish(),
    transformation: z.string().nullish(),
    lineage_path: z.array(z.string()),
  }),
);
export type DataLineageEvent = {
  data_asset_id: string;
  operation: DataOperation;
  source?: string | null | undefined;
  destination?: string | null | undefined;
  transformation?: string | null | undefined;
  lineage_path: string[];
};

export const GOVERNANCE_TYPES = ["policy_violation", "audit_trail", "compliance_check", "data_lineage"] as const;
export type GovernanceType = (typeof GOVERNANCE_TYPES)[number];

/** Governance payloads, internally tagged by `governance_type`. */
export const GovernancePayload = namedUnion<GovernancePayload>()(
  tagUnion("GovernancePayload", "governance_type", {
    policy_violation: PolicyViolationEvent,
    audit_trail: AuditTrailEvent,
    compliance_check: ComplianceCheckEvent,
    data_lineage: DataLineageEvent,
  }),
);
/** Governance payloads, internally tagged by `governance_type`. */
export type GovernancePayload =
  | ({ governance_type: "policy_violation" } & PolicyViolationEvent)
  | ({ governance_type: "audit_trail" } & AuditTrailEvent)
  | ({ governance_type: "compliance_check" } & ComplianceCheckEvent)
  | ({ governance_type: "data_lineage" } & DataLineageEvent);
