/** A JSON path as JSONPath text: `["payload", "data", 0, "a b"]` → `$.payload.data[0]["a b"]`. */
export function renderPath(path: readonly PropertyKey[]): string {
  let out = "$";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (typeof segment === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

export type Align = "left" | "right";

/**
 * A plain-text table: a header row, a rule, and the rows, each column padded to its widest
 * cell. Numbers are right-aligned unless `align` says otherwise.
 */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  align?: readonly Align[],
): string {
  const cells = rows.map((row) => row.map((cell) => (typeof cell === "number" ? formatNumber(cell) : cell)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => (row[i] ?? "").length)));
  const alignOf = (i: number): Align =>
    align?.[i] ?? (rows.length > 0 && rows.every((row) => typeof row[i] === "number") ? "right" : "left");
  const line = (row: readonly string[]): string =>
    row
      .map((cell, i) => (alignOf(i) === "right" ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}

/** A number for a table: whole numbers with thousands separators, others to 2 decimals (3 significant digits below 1). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  if (Math.abs(value) >= 1)
    return value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return String(Number(value.toPrecision(3)));
}

/** A GitHub-flavoured Markdown table; `|` in cells is escaped. Numbers are right-aligned. */
export function renderMarkdownTable(
  headers: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  align?: readonly Align[],
): string {
  const cell = (value: string | number): string =>
    (typeof value === "number" ? formatNumber(value) : value).replaceAll("|", "\\|");
  const alignOf = (i: number): Align =>
    align?.[i] ?? (rows.length > 0 && rows.every((row) => typeof row[i] === "number") ? "right" : "left");
  return [
    `| ${headers.map(cell).join(" | ")} |`,
    `| ${headers.map((_, i) => (alignOf(i) === "right" ? "---:" : "---")).join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ].join("\n");
}

/** A statistic for a table: 2 decimals from 1 up (with thousands separators), 3 significant digits below. */
export function formatStat(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  if (Math.abs(value) >= 1)
    return value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return String(Number(value.toPrecision(3)));
}
