import * as z from "zod";
import { lazyFields, lazySchema } from "../../core/lazy.js";
import type { StringMap } from "../../core/maps.js";
import { stringMap } from "../../core/maps.js";
import { named } from "../../core/named.js";
import { createEnumOrder } from "../../core/tagging.js";
import { Timestamp } from "../../core/timestamp.js";
import type { PolicyViolationSeverity } from "../../events/schema/governance.js";
import { OwnerInfo } from "./common.js";

export const POLICY_TYPES = [
  "security",
  "compliance",
  "cost_control",
  "performance",
  "data_governance",
  "usage",
] as const;
export const PolicyType = lazySchema(() => z.enum(POLICY_TYPES));
export type PolicyType = z.infer<typeof PolicyType>;

export const POLICY_ACTIONS = ["block", "warn", "log", "require_approval", "auto_remediate"] as const;
export const PolicyAction = lazySchema(() => z.enum(POLICY_ACTIONS));
export type PolicyAction = z.infer<typeof PolicyAction>;

export const RULE_SEVERITIES = ["low", "medium", "high", "critical"] as const;
/** Severity of a policy rule; ordered low < medium < high < critical (Rust `Ord`). */
export const RuleSeverity = lazySchema(() => z.enum(RULE_SEVERITIES));
export type RuleSeverity = z.infer<typeof RuleSeverity>;
/** Ordering of RuleSeverity in declaration order: `RULE_SEVERITY_ORDER.atLeast("high", "medium")`. */
export const RULE_SEVERITY_ORDER = createEnumOrder(RULE_SEVERITIES);

export const ENFORCEMENT_MODES = ["active", "monitor", "disabled"] as const;
export const EnforcementMode = lazySchema(() => z.enum(ENFORCEMENT_MODES));
export type EnforcementMode = z.infer<typeof EnforcementMode>;

export const SCOPE_TYPES = ["global", "organization", "team", "project", "user", "resource"] as const;
export const ScopeType = lazySchema(() => z.enum(SCOPE_TYPES));
export type ScopeType = z.infer<typeof ScopeType>;

export const POLICY_STATUSES = ["draft", "active", "suspended", "archived"] as const;
export const PolicyStatus = lazySchema(() => z.enum(POLICY_STATUSES));
export type PolicyStatus = z.infer<typeof PolicyStatus>;

export const PolicyRule = lazySchema(() =>
  named<PolicyRule>()(
    z.object(
      lazyFields({
        get rule_id() {
          return z.string();
        },
        get name() {
          return z.string();
        },
        get condition() {
          return z.string().meta({ description: "Free-form condition expression (never parsed by the hub)" });
        },
        action: PolicyAction,
        severity: RuleSeverity,
        get enabled() {
          return z.boolean();
        },
      }),
    ),
  ),
);
export type PolicyRule = {
  rule_id: string;
  name: string;
  /** Free-form condition expression (never parsed by the hub) */
  condition: string;
  action: PolicyAction;
  severity: PolicyViolationSeverity;
  enabled: boolean;
};

export const PolicyScope = lazySchema(() =>
  named<PolicyScope>()(
    z.object(
      lazyFields({
        scope_type: ScopeType,
        get targets() {
          return z.array(z.string());
        },
        get exclusions() {
          return z
            .array(z.string())
            .default(() => [])
            .meta({ description: "Targets left out of the scope (defaults to []; null is rejected)" });
        },
      }),
    ),
  ),
);
export type PolicyScope = {
  scope_type: ScopeType;
  targets: string[];
  /** Targets left out of the scope (defaults to []; null is rejected) */
  exclusions: string[];
};

/** A governance policy: rules, where they apply, and how they are enforced. */
export const PolicyDefinition = lazySchema(() =>
  named<PolicyDefinition>()(
    z
      .object(
        lazyFields({
          get policy_id() {
            return z.string();
          },
          get name() {
            return z.string();
          },
          get description() {
            return z.string();
          },
          get version() {
            return z.string();
          },
          policy_type: PolicyType,
          get rules() {
            return z.array(PolicyRule).meta({ description: "The policy's rules (required, may be empty)" });
          },
          enforcement: EnforcementMode,
          scope: PolicyScope,
          owner: OwnerInfo,
          created_at: Timestamp,
          updated_at: Timestamp,
          status: PolicyStatus,
          get metadata() {
            return stringMap()
              .default(() => ({}))
              .meta({ description: "Free-form string metadata (defaults to {}; null is rejected)" });
          },
        }),
      )
      .meta({ description: "A governance policy of the LLM Analytics Hub" }),
  ),
);
/** A governance policy: rules, where they apply, and how they are enforced. */
export type PolicyDefinition = {
  policy_id: string;
  name: string;
  description: string;
  version: string;
  policy_type: PolicyType;
  rules: PolicyRule[];
  enforcement: EnforcementMode;
  scope: PolicyScope;
  owner: OwnerInfo;
  created_at: string;
  updated_at: string;
  status: PolicyStatus;
  metadata: StringMap;
};
/** What `PolicyDefinition.parse` accepts: defaulted maps and lists may be left out. */
export type PolicyDefinitionInput = z.input<typeof PolicyDefinition>;
