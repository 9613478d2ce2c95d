import { describe, expect, it } from "vitest";
import { decode } from "../../src/core/decode.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { eventText } from "./documents.js";

// WIRE_FORMAT.md §1 rule 12: a struct field (or tag) twice in one object is an error
// ("duplicate field `severity`"), also inside flattened and tagged objects; a map key twice keeps
// the last value; an unknown key twice is ignored like any unknown key.
describe("duplicate keys", { timeout: 60_000 }, () => {
  it("rejects a repeated struct field at the top level, naming it", () => {
    const result = decode(AnalyticsEvent, eventText({ extra: '"severity":"error",' }));
    expect(result.success).toBe(false);
    expect(result.error?.issues).toContainEqual(
      expect.objectContaining({ path: ["severity"], params: { reason: "duplicate_field" } }),
    );
  });

  it("rejects a repeated tag and a repeated field inside the tagged payload", () => {
    const repeatedTag = decode(
      AnalyticsEvent,
      eventText({
        data: '{"telemetry_type":"token_usage","telemetry_type":"token_usage","model_id":"m","request_id":"r","prompt_tokens":1,"completion_tokens":1,"total_tokens":2}',
      }),
    );
    expect(repeatedTag.error?.issues[0]?.path).toEqual(["payload", "data", "telemetry_type"]);
    const repeatedField = decode(
      AnalyticsEvent,
      eventText({
        data: '{"telemetry_type":"token_usage","model_id":"m","request_id":"r","prompt_tokens":1,"prompt_tokens":9,"completion_tokens":1,"total_tokens":2}',
      }),
    );
    expect(repeatedField.error?.issues[0]?.path).toEqual(["payload", "data", "prompt_tokens"]);
  });

  it("keeps the last value of a repeated map key and ignores a repeated unknown key", () => {
    const result = decode(AnalyticsEvent, eventText({ tags: '{"team":"a","team":"b"}', extra: '"x":1,"x":2,' }));
    expect(result.success && result.data.tags).toEqual({ team: "b" });
  });

  it("handles a key repeated 100 000 times in one map without slowing to quadratic work", () => {
    const entries = Array.from({ length: 100_000 }, (_, i) => `"k":"${i}"`).join(",");
    const result = decode(AnalyticsEvent, eventText({ tags: `{${entries}}` }));
    expect(result.success && result.data.tags).toEqual({ k: "99999" });
  });
});
