import { isUtf8 } from "node:buffer";
import { BLANK_LINE_MESSAGE, isBlankLine } from "../core/json-lines.js";
import type { AnalyticsEvent } from "../events/index.js";
import { decodeAnalyticsEvent } from "../fast/index.js";
import { renderPath } from "./format.js";
import type { Input } from "./input.js";
import { DetectingSplitter, type SplitItem } from "./records.js";

/** Longest record the event readers decode; longer ones are reported, never buffered. */
const MAX_EVENT_BYTES = 16 * 1024 * 1024;

/** A record that is not a valid AnalyticsEvent, with its line and the first problem. */
export interface EventReadError {
  readonly line: number;
  readonly message: string;
}

/**
 * Streams AnalyticsEvents out of NDJSON, a JSON array or one document (as `validate` reads
 * them): `onEvent` gets each valid event in input order, `onError` each record that is not one.
 * Returns the number of records read.
 */
export async function forEachEvent(
  input: Input,
  onEvent: (event: AnalyticsEvent, line: number) => void,
  onError: (error: EventReadError) => void,
): Promise<number> {
  const splitter = new DetectingSplitter("auto", MAX_EVENT_BYTES);
  let records = 0;
  const handle = (item: SplitItem): void => {
    switch (item.kind) {
      case "part":
        return;
      case "oversized":
        records++;
        onError({ line: item.line, message: `record of ${item.size} bytes is over the ${MAX_EVENT_BYTES}-byte limit` });
        return;
      case "unterminated":
        onError({ line: item.line, message: "the input ended before the array's closing ]" });
        return;
      case "record":
        break;
    }
    records++;
    if (item.role === "trailing") {
      onError({ line: item.line, message: "content after the array's closing ]" });
      return;
    }
    const bytes = Buffer.from(item.content.buffer, item.content.byteOffset, item.content.byteLength);
    if (isBlankLine(bytes)) {
      onError({ line: item.line, message: item.role === "line" ? BLANK_LINE_MESSAGE : "empty array element" });
      return;
    }
    if (!isUtf8(bytes)) {
      onError({ line: item.line, message: "invalid UTF-8" });
      return;
    }
    // The generated fast path, with decode's exact verdicts and values (decode runs when in doubt).
    const result = decodeAnalyticsEvent(bytes.toString("utf8"));
    if (result.success) onEvent(result.data, item.line);
    else {
      const issue = result.error.issues[0]!;
      const path = issue.path.length === 0 ? "" : `${renderPath(issue.path)}: `;
      const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : "";
      onError({ line: item.line, message: `${path}${issue.message}${more}` });
    }
  };
  for await (const chunk of input.chunks) splitter.push(chunk, handle);
  splitter.end(handle);
  return records;
}
