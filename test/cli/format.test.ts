import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { formatStat, renderMarkdownTable, renderPath, renderTable } from "../../src/cli/format.js";
import type { CliIo } from "../../src/cli/io.js";
import {
  countLine,
  countProgress,
  formatBytes,
  inputProgress,
  ProgressBar,
  progressLine,
} from "../../src/cli/progress.js";

describe("renderPath", () => {
  it("writes JSONPath: dots for identifiers, brackets for indices and other keys", () => {
    expect(renderPath([])).toBe("$");
    expect(renderPath(["payload", "data", "findings", 3, "status"])).toBe("$.payload.data.findings[3].status");
    expect(renderPath([2, "tags", "a b", "x.y"])).toBe('$[2].tags["a b"]["x.y"]');
  });
});

describe("tables", () => {
  it("pads columns, right-aligns numbers, and renders Markdown with escaped pipes", () => {
    expect(
      renderTable(
        ["model", "count"],
        [
          ["gpt-4o", 1200],
          ["claude-sonnet-4", 7],
        ],
      ),
    ).toBe("model            count\n---------------  -----\ngpt-4o           1,200\nclaude-sonnet-4      7");
    expect(renderMarkdownTable(["a|b", "n"], [["x|y", 2]])).toBe("| a\\|b | n |\n| --- | ---: |\n| x\\|y | 2 |");
  });

  it("formats statistics with 2 decimals from 1 up and 3 significant digits below", () => {
    expect(formatStat(30092.9)).toBe("30,092.90");
    expect(formatStat(0.000366)).toBe("0.000366");
    expect(formatStat(0.123456)).toBe("0.123");
    expect(formatStat(0)).toBe("0");
  });
});

describe("progress", () => {
  const recorder = () => {
    const frames: string[] = [];
    return { frames, sink: { write: (s: string) => void frames.push(s), flush: () => Promise.resolve() } };
  };
  const io = (stderrIsTty: boolean, sink: ReturnType<typeof recorder>["sink"]): CliIo => ({
    stdin: Readable.from([]),
    stdinIsTty: false,
    stdout: sink,
    stderr: sink,
    stderrIsTty,
    cwd: ".",
    progressDelayMs: 0,
  });

  it("shows a bar only on a terminal, and for an input only when its size is known", () => {
    const tty = recorder();
    inputProgress(io(true, tty.sink), { size: 100, bytesRead: () => 50 }).update(7);
    expect(tty.frames).toEqual([`\r${progressLine(50, 100, 7)}`]);
    const pipe = recorder();
    inputProgress(io(false, pipe.sink), { size: 100, bytesRead: () => 50 }).update(7);
    inputProgress(io(true, pipe.sink), { size: undefined, bytesRead: () => 50 }).update(7);
    countProgress(io(false, pipe.sink), 10, "events").update(5);
    expect(pipe.frames).toEqual([]);
  });

  it("stays silent until the run has lasted the delay", () => {
    const { frames, sink } = recorder();
    let now = 0;
    const bar = new ProgressBar(sink, 100, { delayMs: 1000, now: () => now, unit: { noun: "events" } });
    bar.update(10);
    now = 999;
    bar.update(20);
    now = 1000;
    bar.update(30);
    bar.clear();
    expect(frames).toEqual([`\r${countLine(30, 100, "events")}`, "\r\u001b[2K"]);
    expect(countLine(45_000, 100_000, "events", 20)).toBe("[#########...........]  45%  45,000 / 100,000 events");
  });

  it("draws the bar, the share done, the bytes in binary units and the records", () => {
    expect(progressLine(512 * 1024 * 1024, 2 * 1024 ** 3, 1234567, 20)).toBe(
      "[#####...............]  25%  512.0 MiB / 2.0 GiB  1,234,567 records",
    );
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(12)).toBe("12 B");
  });

  it("redraws in place only when the whole percentage changes, and erases itself at the end", () => {
    const frames: string[] = [];
    const sink = { write: (s: string) => void frames.push(s), flush: () => Promise.resolve() };
    const bar = new ProgressBar(sink, 1000);
    bar.update(0, 0);
    bar.update(5, 1);
    bar.update(10, 2);
    bar.update(1000, 3);
    bar.clear();
    expect(frames.map((f) => f.slice(0, 40))).toEqual([
      `\r${progressLine(0, 1000, 0).slice(0, 39)}`,
      `\r${progressLine(10, 1000, 2).slice(0, 39)}`,
      `\r${progressLine(1000, 1000, 3).slice(0, 39)}`,
      "\r\u001b[2K",
    ]);
  });
});
