import * as z from "zod";
import { f64 } from "../../core/integers.js";
import { lazyFields, lazySchema } from "../../core/lazy.js";
import { named, namedUnion } from "../../core/named.js";
import { createEnumOrder, externalEnum, tagUnion } from "../../core/tagging.js";
import type { PolicyViolationSeverity } from "./governance.js";

export const THREAT_TYPES = [
  "prompt_injection",
  "data_exfiltration",
  "model_poisoning",
  "denial_of_service",
  "unauthorized_access",
  "malicious_input",
] as const;
/** Known threat kinds, or `{"other": "..."}` (a bare `"other"` is rejected, as in the hub). */
export const ThreatType = lazySchema(() =>
  namedUnion<ThreatType>()(externalEnum("ThreatType", THREAT_TYPES, "other", z.string())),
);
/** Known threat kinds, or `{"other": "..."}` (a bare `"other"` is rejected, as in the hub). */
export type ThreatType =
  | "prompt_injection"
  | "data_exfiltration"
  | "model_poisoning"
  | "denial_of_service"
  | "unauthorized_access"
  | "malicious_input"
  | {
      other: string;
    };

export const THREAT_LEVELS = ["low", "medium", "high", "critical"] as const;
export const ThreatLevel = lazySchema(() => z.enum(THREAT_LEVELS));
export type ThreatLevel = z.infer<typeof ThreatLevel>;
export const THREAT_LEVEL_ORDER = createEnumOrder(THREAT_LEVELS);

export const MITIGATION_STATUSES = ["detected", "blocked", "mitigated", "investigating", "resolved"] as const;
export const MitigationStatus = lazySchema(() => z.enum(MITIGATION_STATUSES));
export type MitigationStatus = z.infer<typeof MitigationStatus>;

export const ThreatEvent = lazySchema(() =>
  named<ThreatEvent>()(
    z.object(
      lazyFields({
        get threat_id() {
          return z.string();
        },
        threat_type: ThreatType,
        threat_level: ThreatLevel,
        get source_ip() {
          return z.string().nullish();
        },
        get target_resource() {
          return z.string();
        },
        get attack_vector() {
          return z.string();
        },
        mitigation_status: MitigationStatus,
        get indicators_of_compromise() {
          return z.array(z.string()).meta({ description: "Required, may be empty" });
        },
      }),
    ),
  ),
);
export type ThreatEvent = {
  threat_id: string;
  threat_type: ThreatType;
  threat_level: PolicyViolationSeverity;
  source_ip?: string | null | undefined;
  target_resource: string;
  attack_vector: string;
  mitigation_status: MitigationStatus;
  /** Required, may be empty */
  indicators_of_compromise: string[];
};

export const REMEDIATION_STATUSES = ["identified", "patch_available", "patching", "patched", "accepted"] as const;
export const RemediationStatus = lazySchema(() => z.enum(REMEDIATION_STATUSES));
export type RemediationStatus = z.infer<typeof RemediationStatus>;

export const VulnerabilityEvent = lazySchema(() =>
  named<VulnerabilityEvent>()(
    z.object(
      lazyFields({
        get vulnerability_id() {
          return z.string();
        },
        get cve_id() {
          return z.string().nullish();
        },
        get severity_score() {
          return f64().meta({ description: "CVSS score, 0–10 by the hub's docs (not enforced)" });
        },
        get affected_component() {
          return z.string();
        },
        get description() {
          return z.string();
        },
        remediation_status: RemediationStatus,
      }),
    ),
  ),
);
export type VulnerabilityEvent = {
  vulnerability_id: string;
  cve_id?: string | null | undefined;
  /** CVSS score, 0–10 by the hub's docs (not enforced) */
  severity_score: number;
  affected_component: string;
  description: string;
  remediation_status: RemediationStatus;
};

export const ComplianceViolationEvent = lazySchema(() =>
  named<ComplianceViolationEvent>()(
    z.object(
      lazyFields({
        get violation_id() {
          return z.string();
        },
        get regulation() {
          return z.string();
        },
        get requirement() {
          return z.string();
        },
        get violation_description() {
          return z.string();
        },
        get affected_data_types() {
          return z.array(z.string());
        },
        get remediation_required() {
          return z.boolean();
        },
      }),
    ),
  ),
);
export type ComplianceViolationEvent = {
  violation_id: string;
  regulation: string;
  requirement: string;
  violation_description: string;
  affected_data_types: string[];
  remediation_required: boolean;
};

export const AUTH_ACTIONS = [
  "login",
  "logout",
  "access_attempt",
  "permission_denied",
  "token_generated",
  "token_revoked",
] as const;
export const AuthAction = lazySchema(() => z.enum(AUTH_ACTIONS));
export type AuthAction = z.infer<typeof AuthAction>;

export const AuthEvent = lazySchema(() =>
  named<AuthEvent>()(
    z.object(
      lazyFields({
        get user_id() {
          return z.string();
        },
        action: AuthAction,
        get resource() {
          return z.string();
        },
        get success() {
          return z.boolean();
        },
        get failure_reason() {
          return z.string().nullish();
        },
      }),
    ),
  ),
);
export type AuthEvent = {
  user_id: string;
  action: AuthAction;
  resource: string;
  success: boolean;
  failure_reason?: string | null | undefined;
};

export const PRIVACY_OPERATIONS = [
  "data_access",
  "data_collection",
  "data_sharing",
  "data_deletion",
  "consent_update",
] as const;
export const PrivacyOperation = lazySchema(() => z.enum(PRIVACY_OPERATIONS));
export type PrivacyOperation = z.infer<typeof PrivacyOperation>;

export const PrivacyEvent = lazySchema(() =>
  named<PrivacyEvent>()(
    z.object(
      lazyFields({
        get data_type() {
          return z.string();
        },
        operation: PrivacyOperation,
        get user_consent() {
          return z.boolean();
        },
        get data_subjects() {
          return z.array(z.string());
        },
        get purpose() {
          return z.string();
        },
      }),
    ),
  ),
);
export type PrivacyEvent = {
  data_type: string;
  operation: PrivacyOperation;
  user_consent: boolean;
  data_subjects: string[];
  purpose: string;
};

export const SECURITY_TYPES = ["threat", "vulnerability", "compliance_violation", "auth", "privacy"] as const;
export type SecurityType = (typeof SECURITY_TYPES)[number];

/** Security payloads, internally tagged by `security_type`. */
export const SecurityPayload = lazySchema(() =>
  namedUnion<SecurityPayload>()(
    tagUnion("SecurityPayload", "security_type", {
      threat: ThreatEvent,
      vulnerability: VulnerabilityEvent,
      compliance_violation: ComplianceViolationEvent,
      auth: AuthEvent,
      privacy: PrivacyEvent,
    }),
  ),
);
/** Security payloads, internally tagged by `security_type`. */
export type SecurityPayload =
  | ({ security_type: "threat" } & ThreatEvent)
  | ({ security_type: "vulnerability" } & VulnerabilityEvent)
  | ({ security_type: "compliance_violation" } & ComplianceViolationEvent)
  | ({ security_type: "auth" } & AuthEvent)
  | ({ security_type: "privacy" } & PrivacyEvent);
