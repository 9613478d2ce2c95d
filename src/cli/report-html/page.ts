/*
 * The page around the charts: one self-contained HTML document (inline CSS, inline SVG, a few
 * lines of inline script for sorting the anomalies table and opening the data tables before
 * printing). No external resource of any kind, so it opens from disk and prints.
 */
import { createHash } from "node:crypto";
import { escapeHtml } from "./html-text.js";

/** A table of already formatted cells; `sort` holds a sortable raw value per cell (number or text). */
export interface HtmlTable {
  readonly caption?: string;
  readonly headers: readonly string[];
  /** "num" columns are right-aligned. */
  readonly kinds?: readonly ("num" | "text")[];
  readonly rows: readonly (readonly string[])[];
  readonly sortValues?: readonly (readonly (number | string)[])[];
  readonly id?: string;
  readonly sortable?: boolean;
  readonly className?: string;
}

export function tableHtml(table: HtmlTable): string {
  const kinds = table.kinds ?? [];
  const cls = (i: number): string => (kinds[i] === "num" ? ' class="num"' : "");
  const head = table.headers
    .map((h, i) =>
      table.sortable
        ? `<th scope="col"${cls(i)} aria-sort="none"><button type="button" data-column="${i}" data-kind="${kinds[i] ?? "text"}">${escapeHtml(h)}</button></th>`
        : `<th scope="col"${cls(i)}>${escapeHtml(h)}</th>`,
    )
    .join("");
  const body = table.rows
    .map((row, r) => {
      const cells = row
        .map((cell, i) => {
          const raw = table.sortValues?.[r]?.[i];
          const data = raw === undefined ? "" : ` data-sort="${escapeHtml(String(raw))}"`;
          return `<td${cls(i)}${data}>${cell}</td>`;
        })
        .join("");
      return `<tr>${cells}</tr>`;
    })
    .join("\n");
  const attrs = [
    table.id === undefined ? "" : ` id="${escapeHtml(table.id)}"`,
    ` class="${["data", table.sortable ? "sortable" : "", table.className ?? ""].filter(Boolean).join(" ")}"`,
  ].join("");
  const caption = table.caption === undefined ? "" : `<caption>${escapeHtml(table.caption)}</caption>`;
  return `<table${attrs}>${caption}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/**
 * A chart as an accessible figure: a heading, the SVG, a caption with the numbers that matter,
 * and a collapsed table of every number the chart draws.
 */
export function figureHtml(options: {
  readonly id: string;
  readonly title: string;
  readonly svg: string;
  readonly caption: string;
  readonly table?: HtmlTable;
  readonly kind: string;
}): string {
  const table =
    options.table === undefined
      ? ""
      : `<details class="figure-data"><summary>Data: ${escapeHtml(options.title)}</summary>${tableHtml(options.table)}</details>`;
  return `<figure class="chart" id="${escapeHtml(options.id)}" data-chart="${escapeHtml(options.kind)}" aria-labelledby="${escapeHtml(options.id)}-title">
<h3 id="${escapeHtml(options.id)}-title">${escapeHtml(options.title)}</h3>
${options.svg}
<figcaption>${options.caption}</figcaption>
${table}
</figure>`;
}

export const STYLE = `
:root { color-scheme: light; --ink: #1d1d1f; --muted: #5b5b60; --line: #d8d8dc; --root: #D55E00; --anomaly: #E69F00; --bg-soft: #f6f6f8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 0 0 6px; }
.lede { color: var(--muted); margin: 0 0 16px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(128px, 1fr)); gap: 10px; margin: 16px 0; padding: 0; list-style: none; }
.tiles li { background: var(--bg-soft); border-radius: 6px; padding: 10px 12px; }
.tiles .label { display: block; font-size: 12px; color: var(--muted); }
.tiles .value { display: block; font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
.summary { font-size: 16px; }
.incident-row { display: flex; flex-wrap: wrap; gap: 0 28px; align-items: flex-start; }
.incident-row > .card { flex: 1 1 520px; min-width: 0; }
.incident-row > figure { flex: 0 0 auto; width: min-content; max-width: 100%; margin-top: 12px; }
.incident-row figure svg.event-graph { max-width: none; }
.card { border: 1px solid var(--line); border-left: 6px solid var(--root); border-radius: 6px; padding: 14px 18px; margin: 12px 0 18px; }
.card.quiet { border-left-color: #009E73; }
.card h3 { font-size: 18px; }
.card dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 10px 0; }
.card dt { color: var(--muted); }
.card dd { margin: 0; }
.card ul { margin: 4px 0 0; padding-left: 20px; }
.root-what { font-weight: 600; }
figure { margin: 14px 0 26px; break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; }
figure svg.event-graph { width: auto; max-width: 100%; }
figcaption { color: var(--muted); font-size: 14px; margin-top: 4px; }
details { margin-top: 6px; font-size: 13px; }
summary { cursor: pointer; color: var(--muted); }
table.data { border-collapse: collapse; margin: 8px 0; font-size: 13px; font-variant-numeric: tabular-nums; }
table.data caption { text-align: left; color: var(--muted); padding-bottom: 4px; }
table.data th, table.data td { padding: 3px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
table.data .num { text-align: right; }
table.data thead th { position: sticky; top: 0; background: #fff; }
table.sortable th button { font: inherit; font-weight: 600; border: 0; background: none; padding: 0; cursor: pointer; color: inherit; text-align: inherit; }
table.sortable th[aria-sort="ascending"] button::after { content: " ▲"; }
table.sortable th[aria-sort="descending"] button::after { content: " ▼"; }
tr.in-incident td:first-child { box-shadow: inset 4px 0 0 var(--root); }
.event-graph text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; fill: #1d1d1f; }
.event-graph .summary { font-weight: 600; }
.event-graph .kind, .event-graph .meta { fill: #444; font-size: 11px; }
.event-graph .delta { font-size: 11px; font-weight: 600; }
.event-graph .relationship { font-size: 10px; fill: #666; }
.event-graph .badge { font-size: 10px; font-weight: 700; fill: #fff; }
.graph-scroll { overflow-x: auto; }
.legend-note { font-size: 13px; color: var(--muted); }
.swatch { display: inline-block; width: 14px; height: 10px; vertical-align: baseline; margin: 0 4px 0 10px; }
footer { margin-top: 40px; color: var(--muted); font-size: 13px; }
code { font-size: 0.92em; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  figure, table.data tr, .card dl, .card li { break-inside: avoid; }
  summary { display: none; }
  table.data thead th { position: static; }
  table.sortable th button::after { content: none !important; }
  .graph-scroll { overflow: visible; }
  .incident-row { display: block; }
  .incident-row > figure { width: auto; }
  .incident-row figure svg.event-graph { max-width: 100%; max-height: 24cm; }
  .card { break-inside: auto; }
  /* The data tables stay on screen (collapsed); on paper the charts and captions carry the numbers. */
  details.figure-data { display: none; }
  a { color: inherit; text-decoration: none; }
}
`;

/**
 * Sorting for `table.sortable` (click or keyboard on a header button; numbers by value, text by
 * code point, empty cells last, ties kept in order).
 */
export const SCRIPT = `
"use strict";
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th button").forEach(function (button) {
    button.addEventListener("click", function () {
      var th = button.parentElement, column = Number(button.dataset.column), numeric = button.dataset.kind === "num";
      var descending = th.getAttribute("aria-sort") === "ascending";
      table.querySelectorAll("th").forEach(function (h) { h.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
      var key = function (row) { var v = row.cells[column].dataset.sort; return numeric ? (v === "" || v === "NaN" ? NaN : Number(v)) : v; };
      var compare = function (x, y) {
        if (numeric && (isNaN(x) || isNaN(y))) return isNaN(x) ? (isNaN(y) ? 0 : 1) : -1;
        return numeric ? x - y : (x < y ? -1 : x > y ? 1 : 0);
      };
      rows.map(function (row, i) { return [key(row), i, row]; }).sort(function (a, b) {
        var c = compare(a[0], b[0]);
        if (numeric && (isNaN(a[0]) || isNaN(b[0]))) return c || a[1] - b[1];
        return (descending ? -c : c) || a[1] - b[1];
      }).forEach(function (entry) { body.appendChild(entry[2]); });
    });
  });
});
`;

const sha256 = (text: string): string => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

/**
 * The page. Its Content-Security-Policy allows nothing but its own inline style and script (by
 * hash): the browser itself refuses any fetch, so the file provably needs no network.
 */
export function pageHtml(options: { readonly title: string; readonly lang: string; readonly body: string }): string {
  const csp = `default-src 'none'; style-src ${sha256(STYLE)}; script-src ${sha256(SCRIPT)}; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="${escapeHtml(options.lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="llm-analytics-hub report">
<title>${escapeHtml(options.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${options.body}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
