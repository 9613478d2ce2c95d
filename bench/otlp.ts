import { execFileSync } from "node:child_process";
import protobuf from "protobufjs";
import { OTLP_PROTO_DESCRIPTOR } from "../src/interop/otel/proto-descriptor.js";
import { eventsFromOtlpTraces } from "../src/interop/otel.js";
import { measureCases } from "./harness.js";
import { type Notes, perSecond, type Row, times } from "./report.js";

/*
 * OTLP import throughput: eventsFromOtlpTraces over one export of N GenAI chat spans (the shape
 * @opentelemetry/instrumentation-openai writes, 12 attributes each, one HTTP parent per 10
 * calls), against JSON.parse of the same text — the floor any JSON reader pays. Also the
 * protobuf path (protobufjs decode + the same mapping) and the one-off cost of loading
 * protobufjs, which the library defers to the first protobuf input.
 */

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

export function otlpExport(spans: number): object {
  const list: object[] = [];
  for (let i = 0; i < spans; i++) {
    const trace = hex(Math.floor(i / 10) + 1, 32);
    const start = 1_750_000_000_000_000_000n + BigInt(i) * 1_000_000_000n;
    const s = (key: string, v: string) => ({ key, value: { stringValue: v } });
    const n = (key: string, v: number) => ({ key, value: { intValue: String(v) } });
    if (i % 10 === 0) {
      list.push({
        traceId: trace,
        spanId: hex(i + 1, 16),
        name: "POST /v1/answer",
        kind: 2,
        startTimeUnixNano: String(start),
        endTimeUnixNano: String(start + 900_000_000n),
        attributes: [s("http.request.method", "POST"), s("url.path", "/v1/answer")],
        status: {},
      });
      continue;
    }
    list.push({
      traceId: trace,
      spanId: hex(i + 1, 16),
      parentSpanId: hex(Math.floor(i / 10) * 10 + 1, 16),
      name: "chat gpt-4o-mini",
      kind: 3,
      startTimeUnixNano: String(start),
      endTimeUnixNano: String(start + BigInt(200_000_000 + (i % 7) * 10_000_000)),
      attributes: [
        s("gen_ai.operation.name", "chat"),
        s("gen_ai.provider.name", "openai"),
        s("gen_ai.request.model", "gpt-4o-mini"),
        s("gen_ai.response.model", "gpt-4o-mini-2024-07-18"),
        s("gen_ai.response.id", `chatcmpl-${i}`),
        { key: "gen_ai.response.finish_reasons", value: { arrayValue: { values: [{ stringValue: "stop" }] } } },
        n("gen_ai.usage.input_tokens", 1000 + i),
        n("gen_ai.usage.output_tokens", 100 + (i % 50)),
        n("gen_ai.usage.cache_read.input_tokens", 512),
        s("server.address", "api.openai.com"),
        n("server.port", 443),
        s("error.type", i % 50 === 0 ? "RateLimitError" : ""),
      ],
      status: {},
    });
  }
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: "service.name", value: { stringValue: "bench" } },
            { key: "deployment.environment.name", value: { stringValue: "production" } },
          ],
        },
        scopeSpans: [{ scope: { name: "@opentelemetry/instrumentation-openai", version: "0.21.0" }, spans: list }],
      },
    ],
  };
}

export async function otlpBench(rows: Row[], notes: Notes, quick: boolean): Promise<void> {
  const count = quick ? 500 : 2000;
  const doc = otlpExport(count);
  const text = JSON.stringify(doc);
  const bytes = Buffer.from(text);
  const type = protobuf.Root.fromJSON(OTLP_PROTO_DESCRIPTOR as protobuf.INamespace).lookupType(
    "opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest",
  );
  const json = JSON.parse(text);
  for (const rs of json.resourceSpans)
    for (const ss of rs.scopeSpans)
      for (const sp of ss.spans) {
        sp.traceId = Buffer.from(sp.traceId, "hex").toString("base64");
        sp.spanId = Buffer.from(sp.spanId, "hex").toString("base64");
        if (sp.parentSpanId) sp.parentSpanId = Buffer.from(sp.parentSpanId, "hex").toString("base64");
      }
  const proto = type.encode(type.fromObject(json)).finish();
  const prices = { "gpt-4o-mini": { input: 0.15, cacheRead: 0.075, output: 0.6 } };
  const check = eventsFromOtlpTraces(text, { prices });
  const checkProto = eventsFromOtlpTraces(proto, { prices });
  if (JSON.stringify(check.events) !== JSON.stringify(checkProto.events))
    notes.push("OTLP: protobuf and JSON disagree");
  notes.push(
    `OTLP: one export of ${count} spans (${count / 10} HTTP parents, ${(count * 9) / 10} chat calls → ${check.events.length} events with prices), ` +
      `${(bytes.length / 1e6).toFixed(2)} MB JSON, ${(proto.length / 1e6).toFixed(2)} MB protobuf`,
  );
  const measured = await measureCases(
    [
      {
        name: "eventsFromOtlpTraces(JSON text) (this library)",
        run: () => eventsFromOtlpTraces(text, { prices }),
        units: count,
      },
      { name: "JSON.parse of the same text (floor)", run: () => JSON.parse(text), units: count },
      {
        name: "eventsFromOtlpTraces(protobuf bytes)",
        run: () => eventsFromOtlpTraces(proto, { prices }),
        units: count,
      },
      { name: "eventsFromOtlpTraces(JSON bytes)", run: () => eventsFromOtlpTraces(bytes, { prices }), units: count },
    ],
    { budgetMs: quick ? 150 : 500 },
  );
  const [ours, floor, pb, jb] = measured as [
    (typeof measured)[0],
    (typeof measured)[0],
    (typeof measured)[0],
    (typeof measured)[0],
  ];
  const { speedup } = await import("./harness.js");
  const section = "OTLP import (spans/s)";
  rows.push({
    section,
    case: ours.name,
    median: perSecond(ours.nsPerUnit, "spans"),
    ratio: times(speedup(ours, floor), "JSON.parse"),
    target: "",
  });
  rows.push({ section, case: floor.name, median: perSecond(floor.nsPerUnit, "spans"), ratio: "baseline", target: "" });
  rows.push({
    section,
    case: pb.name,
    median: perSecond(pb.nsPerUnit, "spans"),
    ratio: times(speedup(pb, floor), "JSON.parse"),
    target: "",
  });
  rows.push({
    section,
    case: jb.name,
    median: perSecond(jb.nsPerUnit, "spans"),
    ratio: times(speedup(jb, floor), "JSON.parse"),
    target: "",
  });
  // Load cost of protobufjs/light in a fresh process (median of 5), paid once, on the first protobuf input.
  const loads = Array.from({ length: 5 }, () =>
    Number(
      execFileSync(process.execPath, [
        "-e",
        "const t=process.hrtime.bigint();require('protobufjs/light');console.log(Number(process.hrtime.bigint()-t)/1e6)",
      ]).toString(),
    ),
  ).sort((a, b) => a - b);
  notes.push(
    `OTLP: loading protobufjs/light takes ${loads[2]?.toFixed(1)} ms (median of 5 fresh processes); the library loads it on the first protobuf input, never at import`,
  );
}
