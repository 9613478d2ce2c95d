/*
 * The event envelope the text-path tests put their payloads in (text.test.ts, compact.test.ts):
 * one telemetry event of the hub's wire format, every field spelled as the hub writes it.
 */
export const ENVELOPE = {
  event_id: "0192f5a4-7c1e-7b3a-9d2e-4f6a8b0c1d2e",
  timestamp: "2025-06-03T14:22:05.123Z",
  source_module: "llm-observatory",
  event_type: "telemetry",
  severity: "info",
  environment: "production",
  tags: { provider: "openai" },
};
