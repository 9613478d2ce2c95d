/** A valid token-usage event as JSON text, with `tags` and `environment` to vary (WIRE_FORMAT.md §2.1). */
export function eventText(parts: { tags?: string; environment?: string; data?: string; extra?: string } = {}): string {
  const data =
    parts.data ??
    '{"telemetry_type":"token_usage","model_id":"gpt-4o-mini","request_id":"r-1","prompt_tokens":2150,"completion_tokens":380,"total_tokens":2530}';
  return (
    `{"event_id":"7a574c75-7725-4722-a15a-59702a3752ba","timestamp":"2025-08-04T12:00:01.777Z",` +
    `"source_module":"llm-observatory","event_type":"telemetry","severity":"info",` +
    `"environment":${parts.environment ?? '"production"'},"tags":${parts.tags ?? "{}"},${parts.extra ?? ""}` +
    `"payload":{"payload_type":"telemetry","data":${data}}}`
  );
}

/** A custom event whose `data` (a serde_json::Value) is `data`, without an event_id. */
export function customEvent(data: unknown, eventId?: string): Record<string, unknown> {
  return {
    ...(eventId === undefined ? {} : { event_id: eventId }),
    timestamp: "2025-06-03T14:22:05Z",
    source_module: "llm-analytics-hub",
    event_type: "lifecycle",
    severity: "info",
    environment: "production",
    payload: { payload_type: "custom", data: { custom_type: "probe", data } },
  };
}
