import { allOf, firstOf, type SourceField } from "./dialects.js";
import type { OtlpImportNoticeCode } from "./import.js";
import type { OtelValue, SpanRecord } from "./otlp.js";
import { ATTR_EXCEPTION_TYPE, ERROR_TYPE_VALUE_OTHER } from "./semconv.js";

/*
 * Typed access to one span's attributes in any dialect, each coercion or rejection reported.
 */

/** Reports a notice about the span being read (its place and ids are added by the caller). */
export type Notify = (code: OtlpImportNoticeCode, message: string, attribute?: string) => void;

function typeName(value: OtelValue): string {
  if (value.type === "empty") return "an empty value";
  return `${value.type === "int" || value.type === "array" ? "an" : "a"} ${value.type}Value`;
}

/** Typed attribute access for one span, reporting every coercion and rejection. */
export class SpanReader {
  constructor(
    readonly span: SpanRecord,
    readonly notify: Notify,
  ) {}

  string(field: SourceField): { key: string; value: string } | undefined {
    const found = firstOf(this.span.attributes, field);
    if (found === undefined) return undefined;
    const { key, value } = found;
    if (value.type === "string") return value.value === "" ? undefined : { key, value: value.value };
    if (value.type === "int" || value.type === "double" || value.type === "bool") {
      this.notify("coerced_value", `${key} is ${typeName(value)}; read as the string "${value.value}"`, key);
      return { key, value: String(value.value) };
    }
    this.notify("invalid_attribute", `${key}: expected a stringValue, received ${typeName(value)}; ignored`, key);
    return undefined;
  }

  private toCount(key: string, value: OtelValue): bigint | undefined {
    let count: bigint | undefined;
    if (value.type === "int") count = value.value;
    else if (value.type === "double" && Number.isSafeInteger(value.value)) count = BigInt(value.value);
    else if (value.type === "string" && /^\s*\d+(\.0+)?\s*$/.test(value.value)) {
      count = BigInt(value.value.trim().replace(/\.0+$/, ""));
      this.notify("coerced_value", `${key} is the stringValue ${JSON.stringify(value.value)}; read as ${count}`, key);
    }
    if (count === undefined) {
      const shown =
        value.type === "double" || value.type === "string"
          ? `${typeName(value)} ${JSON.stringify(value.value)}`
          : typeName(value);
      this.notify("invalid_attribute", `${key}: expected a whole number, received ${shown}; ignored`, key);
      return undefined;
    }
    if (count < 0n) {
      this.notify("invalid_attribute", `${key}: a count cannot be negative, received ${count}; ignored`, key);
      return undefined;
    }
    return count;
  }

  /** A count; spellings of the same field that disagree give a `usage_conflict` notice (the first wins). */
  count(field: SourceField): { key: string; value: bigint } | undefined {
    let chosen: { key: string; value: bigint } | undefined;
    for (const { key, value } of allOf(this.span.attributes, field)) {
      const count = this.toCount(key, value);
      if (count === undefined) continue;
      if (chosen === undefined) chosen = { key, value: count };
      else if (chosen.value !== count) {
        this.notify(
          "usage_conflict",
          `${chosen.key} is ${chosen.value} but ${key} is ${count}; ${chosen.key} is used`,
          key,
        );
      }
    }
    return chosen;
  }

  number(field: SourceField): { key: string; value: number } | undefined {
    const found = firstOf(this.span.attributes, field);
    if (found === undefined) return undefined;
    const { key, value } = found;
    if (value.type === "double" && Number.isFinite(value.value)) return { key, value: value.value };
    if (value.type === "int") return { key, value: Number(value.value) };
    if (value.type === "string" && value.value.trim() !== "" && Number.isFinite(Number(value.value))) {
      this.notify("coerced_value", `${key} is the stringValue ${JSON.stringify(value.value)}; read as a number`, key);
      return { key, value: Number(value.value) };
    }
    this.notify("invalid_attribute", `${key}: expected a number, received ${typeName(value)}; ignored`, key);
    return undefined;
  }

  bool(field: SourceField): { key: string; value: boolean } | undefined {
    const found = firstOf(this.span.attributes, field);
    if (found === undefined) return undefined;
    const { key, value } = found;
    if (value.type === "bool") return { key, value: value.value };
    if (value.type === "string" && (value.value === "true" || value.value === "false")) {
      this.notify("coerced_value", `${key} is the stringValue "${value.value}"; read as a boolean`, key);
      return { key, value: value.value === "true" };
    }
    this.notify("invalid_attribute", `${key}: expected a boolValue, received ${typeName(value)}; ignored`, key);
    return undefined;
  }

  /** Finish reasons: a string array, one string, a JSON array in a string, or OpenLLMetry's `gen_ai.completion.N.finish_reason`. */
  finishReasons(): string[] | undefined {
    const found = firstOf(this.span.attributes, "finishReasons");
    if (found !== undefined) {
      const { key, value } = found;
      if (value.type === "array") {
        const reasons = value.value.flatMap((v) => (v.type === "string" ? [v.value] : []));
        if (reasons.length !== value.value.length) {
          this.notify("invalid_attribute", `${key}: non-string items ignored`, key);
        }
        return reasons;
      }
      if (value.type === "string") {
        if (value.value.startsWith("[")) {
          try {
            const parsed: unknown = JSON.parse(value.value);
            if (Array.isArray(parsed) && parsed.every((r) => typeof r === "string")) return parsed;
          } catch {}
        }
        return [value.value];
      }
      this.notify("invalid_attribute", `${key}: expected strings, received ${typeName(value)}; ignored`, key);
    }
    const numbered = [...this.span.attributes.entries()]
      .map(([key, value]) => ({ match: /^gen_ai\.completion\.(\d+)\.finish_reason$/.exec(key), value }))
      .filter((e) => e.match !== null && e.value.type === "string")
      .sort((a, b) => Number(a.match?.[1]) - Number(b.match?.[1]))
      .map((e) => (e.value as { value: string }).value);
    return numbered.length > 0 ? numbered : undefined;
  }
}

export function stringOf(attrs: ReadonlyMap<string, OtelValue>, key: string): string | undefined {
  const value = attrs.get(key);
  return value?.type === "string" && value.value !== "" ? value.value : undefined;
}

export function errorTypeOf(span: SpanRecord, declared: string | undefined): string | undefined {
  if (declared !== undefined) return declared;
  if (span.statusCode !== 2) return undefined;
  // Instrumentations without error.type record the failure as an `exception` span event.
  for (let i = span.events.length - 1; i >= 0; i--) {
    const event = span.events[i];
    if (event?.name !== "exception") continue;
    const type = stringOf(event.attributes, ATTR_EXCEPTION_TYPE);
    if (type !== undefined) return type;
  }
  return ERROR_TYPE_VALUE_OTHER;
}
