#!/usr/bin/env node
// The `llm-analytics-hub` command (package "bin"): see `llm-analytics-hub --help` and docs/cli.md.
import { processIo } from "./io.js";
import { runCli } from "./run.js";

// No top-level await, so the file also bundles to CommonJS if a build asks for it.
runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `llm-analytics-hub: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 70; // EX_SOFTWARE (sysexits.h)
  },
);
