import * as z from "zod";
import { f64 } from "../../core/integers.js";
import type { JsonValue } from "../../core/json-value.js";
import { lazyFields, lazySchema } from "../../core/lazy.js";
import { jsonMap } from "../../core/maps.js";
import { named, namedUnion } from "../../core/named.js";
import { createEnumOrder, tagUnion } from "../../core/tagging.js";

export const POLICY_VIOLATION_SEVERITIES = ["low", "medium", "high", "critical"] as const;
export const PolicyViolationSeverity = lazySchema(() => z.enum(POLICY_VIOLATION_SEVERITIES));
export type PolicyViolationSeverity = z.infer<typeof PolicyViolationSeverity>;
export const POLICY_VIOLATION_SEVERITY_ORDER = createEnumOrder(POLICY_VIOLATION_SEVERITIES);

export const PolicyViolationEvent = lazySchema(() =>
  named<PolicyViolationEvent>()(
    z.object(
      lazyFields({
        get policy_id() {
          return z.string();
        },
        get policy_name() {
          return z.string();
        },
        get violation_description() {
          return z.string();
        },
        get violated_rules() {
          return z.array(z.string());
        },
        get resource_id() {
          return z.string();
        },
        get user_id() {
          return z.string().nullish();
        },
        severity: PolicyViolationSeverity,
        get auto_remediated() {
          return z.boolean();
        },
      }),
    ),
  ),
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

export const AuditTrailEvent = lazySchema(() =>
  named<AuditTrailEvent>()(
    z.object(
      lazyFields({
        get action() {
          return z.string();
        },
        get actor() {
          return z.string();
        },
        get resource_type() {
          return z.string();
        },
        get resource_id() {
          return z.string();
        },
        get changes() {
          return jsonMap().meta({ description: "Changed fields and their values (required, may be empty)" });
        },
        get ip_address() {
          return z.string().nullish();
        },
        get user_agent() {
          return z.string().nullish();
        },
      }),
    ),
  ),
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
export const ComplianceStatus = lazySchema(() => z.enum(COMPLIANCE_STATUSES));
export type ComplianceStatus = z.infer<typeof ComplianceStatus>;

export const ComplianceFinding = lazySchema(() =>
  named<ComplianceFinding>()(
    z.object(
      lazyFields({
        get control_id() {
          return z.string();
        },
        status: ComplianceStatus,
        get description() {
          return z.string();
        },
        get evidence() {
          return z.string().nullish();
        },
      }),
    ),
  ),
);
export type ComplianceFinding = {
  control_id: string;
  status: ComplianceStatus;
  description: string;
  evidence?: string | null | undefined;
};

export const ComplianceCheckEvent = lazySchema(() =>
  named<ComplianceCheckEvent>()(
    z.object(
      lazyFields({
        get check_id() {
          return z.string();
        },
        get framework() {
          return z.string();
        },
        get controls_checked() {
          return z.array(z.string());
        },
        get passed() {
          return z.boolean();
        },
        get findings() {
          return z.array(ComplianceFinding);
        },
        get score() {
          return f64().meta({ description: "Compliance score; the hub defines no scale" });
        },
      }),
    ),
  ),
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
export const DataOperation = lazySchema(() => z.enum(DATA_OPERATIONS));
export type DataOperation = z.infer<typeof DataOperation>;

export const DataLineageEvent = lazySchema(() =>
  named<DataLineageEvent>()(
    z.object(
      lazyFields({
        get data_asset_id() {
          return z.string();
        },
        operation: DataOperation,
        get source() {
          return z.string().nullish();
        },
        get destination() {
          return z.string().nullish();
        },
        get transformation() {
          return z.string().nullish();
        },
        get lineage_path() {
          return z.array(z.string());
        },
      }),
    ),
  ),
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
export const GovernancePayload = lazySchema(() =>
  namedUnion<GovernancePayload>()(
    tagUnion("GovernancePayload", "governance_type", {
      policy_violation: PolicyViolationEvent,
      audit_trail: AuditTrailEvent,
      compliance_check: ComplianceCheckEvent,
      data_lineage: DataLineageEvent,
    }),
  ),
);
/** Governance payloads, internally tagged by `governance_type`. */
export type GovernancePayload =
  | ({ governance_type: "policy_violation" } & PolicyViolationEvent)
  | ({ governance_type: "audit_trail" } & AuditTrailEvent)
  | ({ governance_type: "compliance_check" } & ComplianceCheckEvent)
  | ({ governance_type: "data_lineage" } & DataLineageEvent);
