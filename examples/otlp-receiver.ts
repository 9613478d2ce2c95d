// The OTLP/HTTP receiver of examples/otlp-receiver/server.ts, checked against itself: a JSON and a
// gzip-compressed JSON export posted as an exporter would, events out as NDJSON.
// Run: npx tsx examples/otlp-receiver.ts  (to serve for real: npx tsx examples/otlp-receiver/server.ts)
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { gzipSync } from "node:zlib";
import { startOtlpReceiver } from "./otlp-receiver/server.js";

const lines: string[] = [];
const out = new PassThrough();
out.on("data", (chunk: Buffer) => lines.push(...chunk.toString("utf8").split("\n").filter(Boolean)));
const receiver = await startOtlpReceiver({ port: 0, out, environment: "example" });

const exportRequest = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: "service.name", value: { stringValue: "checkout" } }] },
      scopeSpans: [
        {
          scope: { name: "@opentelemetry/instrumentation-openai", version: "0.21.0" },
          spans: [
            {
              traceId: "5b8efff798038103d269b633813fc60c",
              spanId: "eee19b7ec3c1b174",
              name: "chat gpt-4o-mini",
              kind: 3,
              startTimeUnixNano: "1750000000000000000",
              endTimeUnixNano: "1750000000850000000",
              attributes: [
                { key: "gen_ai.operation.name", value: { stringValue: "chat" } },
                { key: "gen_ai.system", value: { stringValue: "openai" } },
                { key: "gen_ai.request.model", value: { stringValue: "gpt-4o-mini" } },
                { key: "gen_ai.usage.input_tokens", value: { intValue: 42 } },
                { key: "gen_ai.usage.output_tokens", value: { intValue: 7 } },
              ],
              status: {},
            },
          ],
        },
      ],
    },
  ],
};

const body = JSON.stringify(exportRequest);
const plain = await fetch(`${receiver.url}/v1/traces`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body,
});
assert.equal(plain.status, 200);
assert.deepEqual(await plain.json(), {});
const gzipped = await fetch(`${receiver.url}/v1/traces`, {
  method: "POST",
  headers: { "content-type": "application/json", "content-encoding": "gzip" },
  body: gzipSync(body),
});
assert.equal(gzipped.status, 200);
const notOtlp = await fetch(`${receiver.url}/v1/traces`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: '{"hello":"world"}',
});
assert.equal(notOtlp.status, 400);
await receiver.close();

// Two exports of one span: a latency and a token_usage event each.
assert.equal(lines.length, 4);
const usage = JSON.parse(lines[1] as string);
assert.deepEqual(usage.payload.data, {
  telemetry_type: "token_usage",
  model_id: "gpt-4o-mini",
  request_id: "eee19b7ec3c1b174",
  prompt_tokens: 42,
  completion_tokens: 7,
  total_tokens: 49,
});
assert.equal(usage.environment, "example");
console.log(`received 2 exports → ${lines.length} events; ${usage.payload.data.total_tokens} tokens in the second`);
