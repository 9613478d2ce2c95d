/*
 * Starts a throwaway InfluxDB 1.x (`influxd` from the Debian package `influxdb`) for the
 * differential suite: loopback only, a temporary directory for meta/data/wal, usage
 * reporting and the internal monitor store off. `stop()` ends the process and removes the
 * directory. Nothing here touches a system-wide influxd or its /var/lib data.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface InfluxServer {
  /** Base URL of the HTTP API, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly version: string;
  /** POST /query with `q` (and `db`), returning the parsed JSON body. */
  query(q: string, db?: string): Promise<InfluxQueryResponse>;
  /** POST /write with line protocol in nanosecond precision; throws on a non-204 answer. */
  write(db: string, lines: string): Promise<void>;
  stop(): Promise<void>;
}

export interface InfluxSeries {
  readonly name: string;
  readonly tags?: Record<string, string>;
  readonly columns: string[];
  readonly values?: unknown[][];
}
export interface InfluxStatementResult {
  readonly statement_id: number;
  readonly series?: InfluxSeries[];
  readonly error?: string;
}
export interface InfluxQueryResponse {
  readonly results?: InfluxStatementResult[];
  readonly error?: string;
}

/** The path of `influxd`, or undefined when it is not installed. */
export function findInfluxd(): string | undefined {
  const found = spawnSync("sh", ["-c", "command -v influxd"], { encoding: "utf8" });
  const path = found.stdout.trim();
  return found.status === 0 && path !== "" ? path : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startInflux(binary: string, timeoutMs = 30_000): Promise<InfluxServer> {
  const dir = mkdtempSync(join(tmpdir(), "influxd-test-"));
  const httpPort = await freePort();
  const rpcPort = await freePort();
  const config = [
    "reporting-disabled = true",
    `bind-address = "127.0.0.1:${rpcPort}"`,
    "[meta]",
    `  dir = "${join(dir, "meta")}"`,
    "  logging-enabled = false",
    "[data]",
    `  dir = "${join(dir, "data")}"`,
    `  wal-dir = "${join(dir, "wal")}"`,
    "  query-log-enabled = false",
    "[monitor]",
    "  store-enabled = false",
    "[http]",
    `  bind-address = "127.0.0.1:${httpPort}"`,
    "  log-enabled = false",
    "  pprof-enabled = false",
    "[continuous_queries]",
    "  enabled = false",
    "[subscriber]",
    "  enabled = false",
    "",
  ].join("\n");
  const configPath = join(dir, "influxdb.conf");
  writeFileSync(configPath, config);
  const log: string[] = [];
  const child: ChildProcess = spawn(binary, ["run", "-config", configPath], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, INFLUXDB_REPORTING_DISABLED: "true" },
  });
  child.stdout?.on("data", (d) => log.push(String(d)));
  child.stderr?.on("data", (d) => log.push(String(d)));
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once("exit", () => {
      exited = true;
      resolve();
    });
  });
  const url = `http://127.0.0.1:${httpPort}`;
  const cleanup = async () => {
    if (!exited) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exit;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  let version = "";
  while (!version) {
    if (exited) {
      await cleanup();
      throw new Error(`influxd exited before answering /ping:\n${log.join("").slice(-4000)}`);
    }
    if (Date.now() > deadline) {
      await cleanup();
      throw new Error(`influxd did not answer /ping within ${timeoutMs} ms:\n${log.join("").slice(-4000)}`);
    }
    try {
      const res = await fetch(`${url}/ping`);
      if (res.status === 204) version = res.headers.get("x-influxdb-version") ?? "unknown";
    } catch {
      await sleep(100);
    }
  }

  return {
    url,
    version,
    async query(q, db) {
      const body = new URLSearchParams({ q });
      if (db !== undefined) body.set("db", db);
      const res = await fetch(`${url}/query`, { method: "POST", body });
      return (await res.json()) as InfluxQueryResponse;
    },
    async write(db, lines) {
      const res = await fetch(`${url}/write?db=${encodeURIComponent(db)}&precision=ns`, {
        method: "POST",
        body: lines,
      });
      if (res.status !== 204) throw new Error(`influx write failed with ${res.status}: ${await res.text()}`);
    },
    stop: cleanup,
  };
}
