/*
 * A real browser for the report tests: Debian's `chromium` (apt-get install -y chromium),
 * driven headless through playwright-core with `executablePath` (Playwright's own browser
 * downloads are not used), a fresh user-data directory per run, and the network-quiet flags.
 * `openReport` loads a file from disk and records every console error, page error and failed
 * request, so a test can assert there were none.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { PNG } from "pngjs";

/** Flags the brief and CI ask for: headless, no sandbox (root in CI), nothing fetched in the background. */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
] as const;

/** The chromium binary: $CHROMIUM_PATH, else `chromium` or `chromium-browser` on PATH; undefined when none. */
export function findChromium(): string | undefined {
  const given = process.env.CHROMIUM_PATH;
  if (given !== undefined && given !== "") return given;
  for (const name of ["chromium", "chromium-browser"]) {
    const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
    const path = found.stdout.trim();
    if (found.status === 0 && path !== "") return path;
  }
  return undefined;
}

export interface Browser {
  readonly context: BrowserContext;
  readonly version: string;
  close(): Promise<void>;
}

/** Starts chromium with a new, empty --user-data-dir (removed on close). */
export async function startBrowser(executablePath: string): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), "hub-report-chromium-"));
  // launchPersistentContext is Playwright's way to pass --user-data-dir; it adds --headless itself
  // when `headless` is set, so the flag is not repeated in `args`.
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_FLAGS.filter((f) => f !== "--headless"),
    viewport: { width: 1280, height: 900 },
    offline: true,
  });
  const version = context.browser()?.version() ?? "unknown";
  return {
    context,
    version,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface OpenedReport {
  readonly page: Page;
  /** Console messages of type error, uncaught page errors. */
  readonly errors: string[];
  /** Requests that failed, and every request that was not for the file itself. */
  readonly requests: string[];
  readonly failedRequests: string[];
}

/** Opens `file` from disk (file://) in a new page and waits for it to load. */
export async function openReport(browser: Browser, file: string): Promise<OpenedReport> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  const failedRequests: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning")
      errors.push(`console.${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
  page.on("request", (request) => requests.push(request.url()));
  page.on("requestfailed", (request) => failedRequests.push(`${request.url()}: ${request.failure()?.errorText}`));
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: "load" });
  return { page, errors, requests: requests.filter((r) => r !== url), failedRequests };
}

/**
 * Decodes a PNG and measures how much of it is not background: the share of pixels that differ
 * from the top-left pixel, and the number of distinct colours (quantised to 4 bits a channel).
 */
export function pngStats(png: Buffer): { width: number; height: number; inkShare: number; colours: number } {
  const image = PNG.sync.read(png);
  const { width, height, data } = image;
  const [r0, g0, b0] = [data[0]!, data[1]!, data[2]!];
  let ink = 0;
  const colours = new Set<number>();
  for (let i = 0; i < data.length; i += 4) {
    const r = data[i]!;
    const g = data[i + 1]!;
    const b = data[i + 2]!;
    if (Math.abs(r - r0) + Math.abs(g - g0) + Math.abs(b - b0) > 24) ink++;
    colours.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
  }
  return { width, height, inkShare: ink / (width * height), colours: colours.size };
}
