import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./errors.js";

/** One flag of a command: its `util.parseArgs` shape plus what `--help` says about it. */
export interface FlagSpec {
  readonly type: "string" | "boolean";
  readonly multiple?: boolean;
  readonly short?: string;
  /** Shown after the flag in `--help`, e.g. `NAME`. */
  readonly value?: string;
  readonly description: string;
}

/** A command's help text and flags. `--help`/`-h` is added to every command. */
export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  /** The synopsis after `llm-analytics-hub`, e.g. `validate [FILE|-] [options]`. */
  readonly usage: string;
  readonly flags: Readonly<Record<string, FlagSpec>>;
  /** Paragraphs after the flag list: details, exit codes, examples. */
  readonly details?: string;
}

export interface ParsedArgs {
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: string[];
  readonly help: boolean;
}

const HELP_FLAG: FlagSpec = { type: "boolean", short: "h", description: "Show this help and exit" };

/** Parses `argv` (the words after the command name) with `util.parseArgs` in strict mode. */
export function parseCommandArgs(spec: CommandSpec, argv: readonly string[]): ParsedArgs {
  const options: NonNullable<ParseArgsConfig["options"]> = {};
  for (const [name, flag] of Object.entries({ ...spec.flags, help: HELP_FLAG })) {
    options[name] = {
      type: flag.type,
      ...(flag.multiple ? { multiple: true } : {}),
      ...(flag.short === undefined ? {} : { short: flag.short }),
    };
  }
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    const { help, ...rest } = values as Record<string, string | boolean | string[] | undefined>;
    return { values: rest, positionals, help: help === true };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code?.startsWith("ERR_PARSE_ARGS_")) {
      // Node's messages already name the flag; drop its long hint about `--`.
      const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, "");
      throw new UsageError(spec.name, message);
    }
    throw error;
  }
}

/** The `--help` text of a command. */
export function helpText(spec: CommandSpec): string {
  const rows = Object.entries({ ...spec.flags, help: HELP_FLAG }).map(([name, flag]) => {
    const short = flag.short === undefined ? "    " : `-${flag.short}, `;
    const value = flag.value === undefined ? "" : ` ${flag.value}`;
    return [`${short}--${name}${value}`, flag.description + (flag.multiple ? " (repeatable)" : "")] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length));
  const lines = [
    `Usage: llm-analytics-hub ${spec.usage}`,
    "",
    spec.summary,
    "",
    "Options:",
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`),
  ];
  if (spec.details !== undefined) lines.push("", spec.details.trimEnd());
  return `${lines.join("\n")}\n`;
}

/** A flag that must be given once as a string. */
export function stringFlag(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === "string" ? value : undefined;
}

/** Reads an integer flag within [min, max]; `undefined` when the flag is absent. */
export function integerFlag(
  command: string,
  parsed: ParsedArgs,
  name: string,
  { min, max }: { readonly min: number; readonly max: number },
) {
  const text = stringFlag(parsed, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text))
    throw new UsageError(command, `--${name} must be a whole number, received ${JSON.stringify(text)}`);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(command, `--${name} must be within [${min}, ${max}], received ${text}`);
  }
  return value;
}

/** Reads a flag whose value must be one of `choices`; `fallback` when it is absent. */
export function choiceFlag<const C extends string>(
  command: string,
  parsed: ParsedArgs,
  name: string,
  { choices, fallback }: { readonly choices: readonly C[]; readonly fallback: NoInfer<C> },
): C {
  const text = stringFlag(parsed, name);
  if (text === undefined) return fallback;
  if (!(choices as readonly string[]).includes(text)) {
    throw new UsageError(command, `--${name} must be one of ${choices.join(", ")}; received ${JSON.stringify(text)}`);
  }
  return text as C;
}

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses a duration such as `90s`, `15m`, `24h` or `1d` into milliseconds. */
export function parseDurationMs(command: string, flag: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text);
  const amount = match ? Number(match[1]) * DURATION_UNITS[match[2]!]! : Number.NaN;
  if (!(amount > 0) || !Number.isFinite(amount)) {
    throw new UsageError(
      command,
      `--${flag} must be a positive duration such as 90s, 15m, 24h or 1d; received ${JSON.stringify(text)}`,
    );
  }
  return Math.round(amount);
}
