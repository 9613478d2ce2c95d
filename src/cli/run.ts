import packageJson from "../../package.json" with { type: "json" };
import { EXIT_OK, EXIT_USAGE, UsageError } from "./errors.js";
import type { CliIo } from "./io.js";

type CommandRun = (argv: readonly string[], io: CliIo) => Promise<number>;

interface Command {
  readonly name: string;
  readonly summary: string;
  /** Loaded on use, so one command's imports (and their cost) never burden another. */
  readonly load: () => Promise<CommandRun>;
}

const COMMANDS: readonly Command[] = [
  {
    name: "validate",
    summary: "Check NDJSON, a JSON array or a document against a wire type",
    load: async () => (await import("./commands/validate.js")).validateCommand,
  },
  {
    name: "schema",
    summary: "Print or write the JSON Schema of the wire types",
    load: async () => (await import("./commands/schema.js")).schemaCommand,
  },
  {
    name: "generate",
    summary: "Write realistic synthetic events as NDJSON (seeded)",
    load: async () => (await import("./commands/generate.js")).generateCommand,
  },
  {
    name: "rollup",
    summary: "Roll a numeric event field up into AggregatedMetric windows",
    load: async () => (await import("./commands/rollup.js")).rollupCommand,
  },
  {
    name: "correlate",
    summary: "Anomalies, correlations, event graph (Mermaid) and root cause",
    load: async () => (await import("./commands/correlate.js")).correlateCommand,
  },
  {
    name: "import-otlp",
    summary: "Turn OpenTelemetry LLM spans (OTLP JSON or protobuf) into AnalyticsEvent NDJSON",
    load: async () => (await import("./commands/import-otlp.js")).importOtlpCommand,
  },
  {
    name: "report",
    summary: "Write a self-contained HTML report: charts, incidents, root causes, anomalies",
    load: async () => (await import("./commands/report.js")).reportCommand,
  },
  {
    name: "demo",
    summary: "Generate a day with an incident and run it all: validate, roll up, detect, correlate",
    load: async () => (await import("./commands/demo.js")).demoCommand,
  },
];

export const VERSION: string = packageJson.version;

/** The top-level help: the commands and their one-line summaries. */
export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: llm-analytics-hub <command> [options]

Validate, generate, roll up and correlate LLM Analytics Hub events (the Rust hub's wire format).

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

Options:
  -h, --help     Show this help; a command's help: llm-analytics-hub <command> --help
  -v, --version  Print the version

Exit status: 0 ok, 1 invalid data, 2 usage error.
`;
}

/** Runs one command line (the words after the program name) and returns the exit status. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined || first === "-h" || first === "--help" || first === "help") {
      const topic = first === "help" ? rest[0] : undefined;
      if (topic !== undefined) return await (await commandNamed("help", topic).load())(["--help"], io);
      io.stdout.write(mainHelp());
      // Bare `llm-analytics-hub` is a usage error: the help is shown, but nothing was asked for.
      return first === undefined ? EXIT_USAGE : EXIT_OK;
    }
    if (first === "-v" || first === "--version") {
      io.stdout.write(`${VERSION}\n`);
      return EXIT_OK;
    }
    if (first.startsWith("-")) {
      throw new UsageError("llm-analytics-hub", `unknown option ${first}; give a command first (${names()})`);
    }
    return await (await commandNamed(first, first).load())(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      const known = COMMANDS.some((c) => c.name === error.command);
      const hint = known ? `llm-analytics-hub ${error.command} --help` : "llm-analytics-hub --help";
      const prefix = error.command === "llm-analytics-hub" ? "llm-analytics-hub" : `llm-analytics-hub ${error.command}`;
      io.stderr.write(`${prefix}: ${error.message}\nSee: ${hint}\n`);
      return EXIT_USAGE;
    }
    throw error;
  } finally {
    await io.stdout.flush();
    await io.stderr.flush();
  }
}

function names(): string {
  return COMMANDS.map((c) => c.name).join(", ");
}

function commandNamed(context: string, name: string): Command {
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    throw new UsageError(
      context === name ? "llm-analytics-hub" : context,
      `unknown command ${JSON.stringify(name)}; commands: ${names()}`,
    );
  }
  return command;
}
