import type * as Protobuf from "protobufjs/light.js";
import { OTLP_PROTO_DESCRIPTOR } from "./proto-descriptor.js";

/*
 * OTLP protobuf (the binary encoding of ExportTraceServiceRequest / ExportMetricsServiceRequest,
 * the default of the Python, Go and Java SDKs and of OTLP/gRPC) decoded by protobufjs from the
 * official opentelemetry-proto definitions (proto/, compiled to proto-descriptor.ts).
 *
 * protobufjs costs about 35 ms to load, so it is loaded on the first protobuf input, not when
 * the library is imported: `require` obtained through `process.getBuiltinModule` (Node ≥
 * 20.16), so neither the ESM nor the CJS build imports it eagerly and bundlers see no static
 * `node:` import.
 */

type DecodedKind = "traces" | "metrics";

const TYPE_NAMES: Record<DecodedKind, string> = {
  traces: "opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest",
  metrics: "opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest",
};

let loaded: Record<DecodedKind, Protobuf.Type> | undefined;

function loadTypes(fn: string): Record<DecodedKind, Protobuf.Type> {
  if (loaded !== undefined) return loaded;
  const getBuiltin = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
    ?.getBuiltinModule;
  if (typeof getBuiltin !== "function") {
    throw new TypeError(`${fn}: reading OTLP protobuf needs Node.js ≥ 20.16 (process.getBuiltinModule)`);
  }
  const { createRequire } = getBuiltin("node:module") as typeof import("node:module");
  const base = typeof __filename === "string" ? __filename : import.meta.url;
  const protobuf = createRequire(base)("protobufjs/light.js") as typeof Protobuf;
  const root = protobuf.Root.fromJSON(OTLP_PROTO_DESCRIPTOR as Protobuf.INamespace);
  loaded = { traces: root.lookupType(TYPE_NAMES.traces), metrics: root.lookupType(TYPE_NAMES.metrics) };
  return loaded;
}

/**
 * Decodes OTLP protobuf bytes into the proto3 JSON shape the OTLP/JSON reader takes:
 * lowerCamelCase keys, 64-bit integers as decimal strings, `bytes` (trace and span ids) as
 * base64, enums as numbers, unset fields left out. Throws a TypeError naming `fn` when the
 * bytes are not a valid encoding of the message.
 */
export function decodeOtlpProtobuf(bytes: Uint8Array, kind: DecodedKind, fn: string): Record<string, unknown> {
  const type = loadTypes(fn)[kind];
  let message: Protobuf.Message;
  try {
    message = type.decode(bytes);
  } catch (error) {
    throw new TypeError(
      `${fn}: the input is neither OTLP/JSON nor an OTLP protobuf ${TYPE_NAMES[kind].split(".").pop()} (${(error as Error).message})`,
    );
  }
  return type.toObject(message, { longs: String, bytes: String, enums: Number, defaults: false, arrays: false });
}
