/*
 * The README's picture of the HTML report: opens a report in Debian's chromium (the browser
 * test's harness) at 1280 px and saves the top of the page as PNG.
 *
 *   npm run demo && npx tsx scripts/report-screenshot.ts demo-output/report.html docs/report.png
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { findChromium, openReport, pngStats, startBrowser } from "../test/report/browser.js";

const [html = "demo-output/report.html", png = "docs/report.png", height = "1500"] = process.argv.slice(2);
const chromium = findChromium();
if (chromium === undefined) {
  console.error("report-screenshot: chromium is not on PATH (Debian: apt-get install -y chromium)");
  process.exit(2);
}
const browser = await startBrowser(chromium);
try {
  const opened = await openReport(browser, resolve(html));
  if (opened.errors.length > 0 || opened.requests.length > 0) {
    throw new Error(`report-screenshot: the page is not clean: ${[...opened.errors, ...opened.requests].join("; ")}`);
  }
  await opened.page.setViewportSize({ width: 1280, height: Number(height) });
  const image = await opened.page.screenshot({ fullPage: false });
  const stats = pngStats(image);
  if (stats.inkShare < 0.03) throw new Error(`report-screenshot: the screenshot looks blank (${stats.inkShare})`);
  writeFileSync(png, image);
  console.log(`wrote ${png} (${stats.width}×${stats.height}, ${image.length} bytes)`);
} finally {
  await browser.close();
}
