// An OTLP/HTTP trace receiver that writes hub events as NDJSON. Serve on loopback:
//   npx tsx examples/otlp-receiver/server.ts --port 4318 --out events.ndjson [--environment production] [--prices JSON]
// then point any OTLP/HTTP exporter at http://127.0.0.1:4318/v1/traces (JSON or protobuf,
// gzip or not). Notices go to stderr. examples/otlp-receiver.ts runs it against itself.
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { gunzipSync, inflateSync } from "node:zlib";
import { jsonPointer } from "llm-analytics-hub";
import {
  eventsFromOtlpTraces,
  type OtlpImportNotice,
  type OtlpImportOptions,
  type OtlpImportResult,
} from "llm-analytics-hub/interop";

export interface ReceiverOptions extends OtlpImportOptions {
  /** Port on 127.0.0.1 (0 = any free port). */
  readonly port?: number;
  /** Where the NDJSON events go. */
  readonly out: Writable;
  /** Called with each export's notices (skipped spans, assumptions). */
  readonly onNotices?: (notices: OtlpImportNotice[]) => void;
}

export interface OtlpReceiver {
  /** `http://127.0.0.1:<port>`; traces go to `${url}/v1/traces`. */
  readonly url: string;
  /** Every export received, in order. */
  readonly results: OtlpImportResult[];
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024 * 1024;

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw Object.assign(new Error("request body over 64 MiB"), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Starts the receiver. OTLP/HTTP (opentelemetry-proto docs/specification.md): `POST /v1/traces`
 * with `Content-Type: application/x-protobuf` or `application/json`, optional
 * `Content-Encoding: gzip`; the answer is an ExportTraceServiceResponse in the request's
 * encoding (JSON: `partialSuccess.rejectedSpans` counts spans that could not be read), 400 with
 * a Status message for a body that is not OTLP, 404/405/415 for other paths, methods and types.
 */
export async function startOtlpReceiver(options: ReceiverOptions): Promise<OtlpReceiver> {
  const { port = 4318, out, onNotices, ...importOptions } = options;
  const results: OtlpImportResult[] = [];
  const reply = (res: ServerResponse, status: number, json: boolean, payload: unknown) => {
    res.writeHead(status, { "content-type": json ? "application/json" : "application/x-protobuf" });
    // An empty protobuf ExportTraceServiceResponse (or Status) is zero bytes.
    res.end(json ? JSON.stringify(payload) : undefined);
  };
  const server = createServer(async (req, res) => {
    const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
    const json = type === "application/json";
    if (req.url?.split("?")[0] !== "/v1/traces") return reply(res, 404, true, { code: 5, message: "not found" });
    if (req.method !== "POST") return reply(res, 405, true, { code: 12, message: "POST only" });
    if (!json && type !== "application/x-protobuf") {
      return reply(res, 415, true, { code: 3, message: `unsupported content type ${type}` });
    }
    try {
      let bytes = await body(req);
      const encoding = (req.headers["content-encoding"] ?? "identity").toLowerCase();
      if (encoding === "gzip") bytes = gunzipSync(bytes);
      else if (encoding === "deflate") bytes = inflateSync(bytes);
      else if (encoding !== "identity")
        return reply(res, 415, json, { code: 3, message: `unsupported encoding ${encoding}` });
      const result = eventsFromOtlpTraces(bytes, importOptions);
      results.push(result);
      for (const event of result.events) out.write(`${JSON.stringify(event)}\n`);
      if (result.notices.length > 0) onNotices?.(result.notices);
      const rejected = result.spans.invalid;
      reply(
        res,
        200,
        json,
        rejected === 0
          ? {}
          : {
              partialSuccess: {
                rejectedSpans: String(rejected),
                errorMessage: `${rejected} spans had unreadable ids or times`,
              },
            },
      );
    } catch (error) {
      const status = (error as { status?: number }).status ?? 400;
      reply(res, status, json, { code: 3, message: (error as Error).message });
    }
  });
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    results,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

// Run as a program: serve until interrupted.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "4318" },
      out: { type: "string" },
      environment: { type: "string" },
      prices: { type: "string" },
    },
  });
  const out = values.out === undefined ? process.stdout : createWriteStream(values.out, { flags: "a" });
  const receiver = await startOtlpReceiver({
    port: Number(values.port),
    out,
    ...(values.environment === undefined ? {} : { environment: values.environment }),
    // A JSON price table, USD per million tokens: '{"gpt-4o":{"input":2.5,"cacheRead":1.25,"output":10}}'.
    ...(values.prices === undefined ? {} : { prices: JSON.parse(values.prices) }),
    onNotices: (notices) => {
      for (const n of notices) process.stderr.write(`${n.code} ${jsonPointer(n.path)}: ${n.message}\n`);
    },
  });
  process.stderr.write(`OTLP/HTTP receiver on ${receiver.url}/v1/traces\n`);
  process.once("SIGINT", () => void receiver.close().then(() => process.exit(0)));
}
