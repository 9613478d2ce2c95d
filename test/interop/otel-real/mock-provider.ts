import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/*
 * A stand-in for the OpenAI and Anthropic HTTP APIs on 127.0.0.1 (random port), answering with
 * the documented response shapes (OpenAI chat.completion / chat.completion.chunk / embeddings,
 * Anthropic Messages and its SSE stream), each request scripted by the test. It records what it
 * received and what it sent, with its own clock, so the test checks the spans against what the
 * "provider" really did: the outside reference for tokens, models, ids and timing.
 */

/** OpenAI `usage` as the Chat Completions API writes it. */
export interface OpenAiUsage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens: number;
  readonly prompt_tokens_details?: { readonly cached_tokens: number; readonly audio_tokens?: number };
  readonly completion_tokens_details?: { readonly reasoning_tokens: number; readonly audio_tokens?: number };
}

/** Anthropic `usage` as the Messages API writes it (input_tokens exclude cache reads and writes). */
export interface AnthropicUsage {
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cache_creation_input_tokens?: number;
  readonly cache_read_input_tokens?: number;
}

export type Reply =
  | {
      readonly kind: "openai-chat";
      readonly id: string;
      readonly model: string;
      readonly usage: OpenAiUsage;
      readonly finish: string;
      readonly text: string;
    }
  | {
      readonly kind: "openai-embeddings";
      readonly model: string;
      readonly promptTokens: number;
      readonly vectors: number;
    }
  | {
      readonly kind: "anthropic-message";
      readonly id: string;
      readonly model: string;
      readonly usage: AnthropicUsage;
      readonly stop: string;
      readonly text: string;
    }
  | {
      readonly kind: "error";
      readonly status: number;
      readonly body: unknown;
      readonly headers?: Readonly<Record<string, string>>;
    };

/** What the server saw and did for one request, with its own clock (ms since the epoch). */
export interface Exchange {
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly reply: Reply;
  readonly stream: boolean;
  /** Whether a usage block was sent (a streamed OpenAI reply sends it only when asked). */
  readonly sentUsage: boolean;
  readonly receivedAtMs: number;
  /** Just before the last bytes of the reply were written. */
  readonly finishedAtMs: number;
  /** When the first streamed chunk was written (streams only). */
  readonly firstChunkAtMs: number | undefined;
}

export interface MockProvider {
  readonly url: string;
  /** Queues the replies of the next requests, in order. */
  script(...replies: Reply[]): void;
  readonly exchanges: Exchange[];
  close(): Promise<void>;
}

/** How long the server holds every reply, so spans have a known minimum duration. */
export const HOLD_MS = 40;
/** Gap between streamed chunks. */
export const CHUNK_GAP_MS = 15;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text === "" ? {} : (JSON.parse(text) as Record<string, unknown>);
}

function sse(res: ServerResponse, data: unknown, event?: string): void {
  res.write(`${event === undefined ? "" : `event: ${event}\n`}data: ${JSON.stringify(data)}\n\n`);
}

/** An embedding vector as OpenAI sends it for `encoding_format: "base64"`: little-endian float32. */
function base64Floats(values: readonly number[]): string {
  return Buffer.from(new Float32Array(values).buffer).toString("base64");
}

export async function startMockProvider(): Promise<MockProvider> {
  const queue: Reply[] = [];
  const exchanges: Exchange[] = [];
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAtMs = Date.now();
    const body = await readBody(req);
    const reply = queue.shift();
    if (reply === undefined) throw new Error(`mock provider: no scripted reply for ${req.method} ${req.url}`);
    const stream = body.stream === true;
    let sentUsage = false;
    let firstChunkAtMs: number | undefined;
    let finishedAtMs = 0;
    await sleep(HOLD_MS);
    const created = Math.floor(receivedAtMs / 1000);
    if (reply.kind === "error") {
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      finishedAtMs = Date.now();
      res.end(JSON.stringify(reply.body));
    } else if (reply.kind === "openai-embeddings") {
      const base64 = body.encoding_format === "base64";
      const data = Array.from({ length: reply.vectors }, (_, index) => {
        const vector = [0.25, -0.5, 0.125];
        return { object: "embedding", index, embedding: base64 ? base64Floats(vector) : vector };
      });
      sentUsage = true;
      res.writeHead(200, { "content-type": "application/json", "x-request-id": "req_mock_embeddings" });
      finishedAtMs = Date.now();
      res.end(
        JSON.stringify({
          object: "list",
          data,
          model: reply.model,
          usage: { prompt_tokens: reply.promptTokens, total_tokens: reply.promptTokens },
        }),
      );
    } else if (reply.kind === "openai-chat" && !stream) {
      sentUsage = true;
      res.writeHead(200, { "content-type": "application/json", "x-request-id": `req_${reply.id}` });
      finishedAtMs = Date.now();
      res.end(
        JSON.stringify({
          id: reply.id,
          object: "chat.completion",
          created,
          model: reply.model,
          choices: [
            {
              index: 0,
              message: { role: "assistant", content: reply.text, refusal: null },
              logprobs: null,
              finish_reason: reply.finish,
            },
          ],
          usage: reply.usage,
          service_tier: "default",
          system_fingerprint: "fp_mock",
        }),
      );
    } else if (reply.kind === "openai-chat") {
      const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
      res.writeHead(200, { "content-type": "text/event-stream", "x-request-id": `req_${reply.id}` });
      const base = {
        id: reply.id,
        object: "chat.completion.chunk",
        created,
        model: reply.model,
        system_fingerprint: "fp_mock",
      };
      const usageField = includeUsage ? { usage: null } : {};
      sse(res, {
        ...base,
        choices: [{ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }],
        ...usageField,
      });
      firstChunkAtMs = Date.now();
      for (const word of reply.text.split(" ")) {
        await sleep(CHUNK_GAP_MS);
        sse(res, {
          ...base,
          choices: [{ index: 0, delta: { content: `${word} ` }, logprobs: null, finish_reason: null }],
          ...usageField,
        });
      }
      sse(res, {
        ...base,
        choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: reply.finish }],
        ...usageField,
      });
      if (includeUsage) {
        sentUsage = true;
        sse(res, { ...base, choices: [], usage: reply.usage });
      }
      finishedAtMs = Date.now();
      res.end("data: [DONE]\n\n");
    } else if (!stream) {
      sentUsage = true;
      res.writeHead(200, { "content-type": "application/json", "request-id": `req_${reply.id}` });
      finishedAtMs = Date.now();
      res.end(
        JSON.stringify({
          id: reply.id,
          type: "message",
          role: "assistant",
          model: reply.model,
          content: [{ type: "text", text: reply.text }],
          stop_reason: reply.stop,
          stop_sequence: null,
          usage: reply.usage,
        }),
      );
    } else {
      sentUsage = true;
      res.writeHead(200, { "content-type": "text/event-stream", "request-id": `req_${reply.id}` });
      const { output_tokens, ...inputUsage } = reply.usage;
      sse(
        res,
        {
          type: "message_start",
          message: {
            id: reply.id,
            type: "message",
            role: "assistant",
            model: reply.model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { ...inputUsage, output_tokens: 1 },
          },
        },
        "message_start",
      );
      firstChunkAtMs = Date.now();
      sse(
        res,
        { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
        "content_block_start",
      );
      for (const word of reply.text.split(" ")) {
        await sleep(CHUNK_GAP_MS);
        sse(
          res,
          { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: `${word} ` } },
          "content_block_delta",
        );
      }
      sse(res, { type: "content_block_stop", index: 0 }, "content_block_stop");
      sse(
        res,
        { type: "message_delta", delta: { stop_reason: reply.stop, stop_sequence: null }, usage: { output_tokens } },
        "message_delta",
      );
      sse(res, { type: "message_stop" }, "message_stop");
      finishedAtMs = Date.now();
      res.end();
    }
    exchanges.push({
      method: req.method ?? "",
      path: req.url ?? "",
      body,
      reply,
      stream,
      sentUsage,
      receivedAtMs,
      finishedAtMs,
      firstChunkAtMs,
    });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    script: (...replies) => queue.push(...replies),
    exchanges,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
