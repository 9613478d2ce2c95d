import type { CodegenFile } from "./build.js";

/*
 * The round-trip programs, one per language, as a team would write them around the generated
 * types: read AnalyticsEvent NDJSON on stdin, pick the variant's generated type by the tags
 * (`payload.payload_type`, then `payload.data.<payload_type>_type`), read the line into it and
 * write it back. A line that fails becomes `!error: …` so the test can say which and why.
 * docs/json-schema.md shows the same dispatch.
 */

const eventFiles = (files: readonly CodegenFile[]) =>
  files.filter((f): f is CodegenFile & { key: string } => f.key !== undefined);

/** The payload types whose data carries an inner tag, e.g. telemetry → telemetry_type. */
const innerTags = (files: readonly CodegenFile[]) => [
  ...new Set(
    eventFiles(files)
      .map((f) => f.key.split(".")[0] as string)
      .filter((type) => eventFiles(files).some((f) => f.key.startsWith(`${type}.`))),
  ),
];

const pascal = (snake: string) => snake.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());

export function goDriver(files: readonly CodegenFile[]): string {
  const events = eventFiles(files);
  const inner = innerTags(files);
  return `// Reads AnalyticsEvent NDJSON on stdin and writes every event back through the Go types
// quicktype generated for its variant (json-schema/codegen/AnalyticsEvent.<tags>.json).
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

${events.map((f) => `\t"hubcodegen/${f.pkg}"`).join("\n")}
)

// The tags that pick the variant, read first.
type tags struct {
	Payload struct {
		PayloadType string \`json:"payload_type"\`
		Data        struct {
${inner.map((t) => `\t\t\t${pascal(t)}Type string \`json:"${t}_type"\``).join("\n")}
		} \`json:"data"\`
	} \`json:"payload"\`
}

func (t tags) key() string {
	switch t.Payload.PayloadType {
${inner.map((t) => `\tcase "${t}":\n\t\treturn "${t}." + t.Payload.Data.${pascal(t)}Type`).join("\n")}
	}
	return t.Payload.PayloadType
}

var roundTrip = map[string]func([]byte) ([]byte, error){
${events
  .map(
    (f) => `\t"${f.key}": func(line []byte) ([]byte, error) {
		event, err := ${f.pkg}.UnmarshalAnalyticsEvent(line)
		if err != nil {
			return nil, err
		}
		return event.Marshal()
	},`,
  )
  .join("\n")}
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<28)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		line := in.Bytes()
		var t tags
		written, err := []byte(nil), json.Unmarshal(line, &t)
		if err == nil {
			if f, ok := roundTrip[t.key()]; ok {
				written, err = f(line)
			} else {
				err = fmt.Errorf("no generated type for variant %q", t.key())
			}
		}
		if err != nil {
			fmt.Fprintf(out, "!error: %v\\n", err)
			continue
		}
		out.Write(written)
		out.WriteByte('\\n')
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
`;
}

export function pythonDriver(files: readonly CodegenFile[]): string {
  const events = eventFiles(files);
  return `"""Reads AnalyticsEvent NDJSON on stdin and writes every event back through the Python
classes quicktype generated for its variant (json-schema/codegen/AnalyticsEvent.<tags>.json)."""
import importlib
import json
import sys

# Every generated module, imported so that one that does not load fails the run.
MODULES = {name: importlib.import_module("hub." + name) for name in [
${files.map((f) => `    "${f.module}",`).join("\n")}
]}

ROUND_TRIP = {
${events.map((f) => `    "${f.key}": MODULES["${f.module}"],`).join("\n")}
}


def key(event):
    payload_type = event["payload"]["payload_type"]
    inner = event["payload"]["data"].get(payload_type + "_type") if payload_type != "custom" else None
    return payload_type if inner is None else payload_type + "." + inner


for raw in sys.stdin.buffer:
    try:
        event = json.loads(raw)
        module = ROUND_TRIP[key(event)]
        line = json.dumps(module.analytics_event_to_dict(module.analytics_event_from_dict(event)))
    except Exception as error:  # noqa: BLE001 - reported per line
        line = "!error: " + repr(error)
    sys.stdout.write(line + "\\n")
`;
}

export function javaDriver(files: readonly CodegenFile[]): string {
  const events = eventFiles(files);
  return `package hub;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads AnalyticsEvent NDJSON on stdin and writes every event back through the Java classes
 * quicktype generated for its variant (json-schema/codegen/AnalyticsEvent.<tags>.json): read
 * with the generated Converter, written with a mapper that leaves out absent fields (the hub
 * rejects null for a defaulted field such as tags) but keeps a JSON value's null (a custom
 * payload's required data).
 */
public final class RoundTrip {
    interface Step { String apply(String line) throws IOException; }

    public static void main(String[] args) throws IOException {
        ObjectMapper writer = new ObjectMapper();
        writer.setDefaultPropertyInclusion(
            JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS));
        writer.configOverride(Object.class)
            .setInclude(JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS));
        Map<String, Step> roundTrip = new HashMap<>();
${events
  .map(
    (f) =>
      `        roundTrip.put("${f.key}", line -> writer.writeValueAsString(hub.${f.pkg}.Converter.fromJsonString(line)));`,
  )
  .join("\n")}
        ObjectMapper tags = new ObjectMapper();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            try {
                JsonNode payload = tags.readTree(line).path("payload");
                String type = payload.path("payload_type").asText();
                String key = type.equals("custom") ? type : type + "." + payload.path("data").path(type + "_type").asText();
                Step step = roundTrip.get(key);
                if (step == null) throw new IOException("no generated type for variant " + key);
                out.println(step.apply(line));
            } catch (Exception error) {
                out.println("!error: " + error);
            }
        }
        out.flush();
    }
}
`;
}

/** TypeScript needs no dispatch: the generated EventPayload is a discriminated union. */
export function tsDriver(): string {
  return `// Reads AnalyticsEvent NDJSON on stdin and writes every event back as the type
// json-schema-to-typescript generated from json-schema/AnalyticsEvent.json. The switch narrows
// the payload by its tags; a variant the types did not know would fail to compile (never).
import { createInterface } from "node:readline";
import type { AnalyticsEvent, EventPayload } from "./AnalyticsEvent.js";

function variant(payload: EventPayload): string {
  switch (payload.payload_type) {
    case "telemetry":
      return \`telemetry.\${payload.data.telemetry_type}\`;
    case "security":
      return \`security.\${payload.data.security_type}\`;
    case "cost":
      return \`cost.\${payload.data.cost_type}\`;
    case "governance":
      return \`governance.\${payload.data.governance_type}\`;
    case "custom":
      return "custom";
    default: {
      const unknown: never = payload;
      throw new Error(\`unknown payload \${JSON.stringify(unknown)}\`);
    }
  }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
const out: string[] = [];
for await (const line of lines) {
  const event: AnalyticsEvent = JSON.parse(line);
  variant(event.payload);
  out.push(JSON.stringify(event));
}
process.stdout.write(out.map((l) => \`\${l}\\n\`).join(""));
`;
}

/**
 * Where the library's own input type is looser or shaped differently than its schema, the two
 * cannot be equal; each such type is pinned as differing, with the reason, so that a change on
 * either side shows up here.
 */
export const TYPE_DIFFERENCES: Readonly<Record<string, string>> = {
  AggregatedMetric:
    "MetricValues' kept `delta`/`rate` are `unknown` in the library's input type, JsonValue in the schema",
  TimeSeriesPoint:
    "the library types FieldSet as one flat map; the schema (and the generated type) is the union of its five variants",
  TimeSeriesBatch: "its points are TimeSeriesPoints (FieldSet, as above)",
  ApiResponse:
    "json-schema-to-typescript adds `| undefined` to ResponseMetadata's index signature because of the optional response_time_ms",
  PaginatedResponse: "its meta is a ResponseMetadata (as above)",
};

/**
 * A type-level test: each type json-schema-to-typescript generated from a published file is the
 * library's own input type for it (what \`parse\` accepts), exactly, but for TYPE_DIFFERENCES.
 */
export function tsEquality(names: readonly string[], library: string): string {
  return `import type * as z from "zod";
import type { SCHEMAS } from "${library}";
${names.map((n) => `import type { ${n} as Generated${n} } from "./${n}.js";`).join("\n")}

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
// The library's JsonValue also holds bigints (integers beyond 2^53, kept exactly, as the hub keeps
// them); JSON Schema has one number type, so the generated types have number only.
type WithoutBigInt<T> = T extends bigint
  ? never
  : T extends readonly (infer I)[]
    ? WithoutBigInt<I>[]
    : T extends object
      ? { [K in keyof T]: WithoutBigInt<T[K]> }
      : T;
type Library<N extends keyof typeof SCHEMAS> = WithoutBigInt<z.input<(typeof SCHEMAS)[N]>>;

${names
  .map((n) => {
    const differs = TYPE_DIFFERENCES[n];
    return differs === undefined
      ? `export const ${n}Equal: Equal<Generated${n}, Library<"${n}">> = true;`
      : `// Differs: ${differs}.\nexport const ${n}Equal: Equal<Generated${n}, Library<"${n}">> = false;`;
  })
  .join("\n")}
`;
}
