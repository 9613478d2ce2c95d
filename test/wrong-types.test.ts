/*
 * An argument of the wrong kind at a public entry point throws a TypeError that names the
 * function called (docs/naming.md, "Arguments of the wrong type"); before round twenty-two these
 * calls threw from deep inside ("events is not iterable", "Invalid value used as weak map key",
 * "Cannot read properties of undefined (reading 'def')"), naming nothing (issue 17's audit).
 */
import { describe, expect, it } from "vitest";
import { checkValue } from "../src/checks/index.js";
import { decode } from "../src/core/index.js";
import {
  analyzeIncidents,
  correlateEvents,
  graphMetadataOf,
  impactMetricKindOf,
  rankRootCauses,
  rootCauseCandidates,
} from "../src/correlation/index.js";
import { AnalyticsEvent } from "../src/events/index.js";
import { toLineProtocol } from "../src/interop/index.js";

// The calls below contradict the declared types on purpose, as untyped JavaScript would.
const loose = (f: unknown) => f as (...args: unknown[]) => unknown;

describe("arguments of the wrong kind", () => {
  it.each([
    [
      "analyzeIncidents",
      () => loose(analyzeIncidents)(5),
      "analyzeIncidents: events must be an iterable of AnalyticsEvent, received 5",
    ],
    [
      "correlateEvents",
      () => loose(correlateEvents)("x"),
      'correlateEvents: events must be an array of AnalyticsEvent, received "x"',
    ],
    [
      "rankRootCauses",
      () => loose(rankRootCauses)({}),
      "rankRootCauses: graph must be an EventGraph (nodes and edges arrays), received {}",
    ],
    [
      "rootCauseCandidates",
      () => loose(rootCauseCandidates)({}),
      "rootCauseCandidates: graph must be an EventGraph (nodes and edges arrays), received {}",
    ],
    [
      "graphMetadataOf",
      () => loose(graphMetadataOf)({}),
      "graphMetadataOf: graph must be an EventGraph (nodes and edges arrays), received {}",
    ],
    [
      "impactMetricKindOf",
      () => loose(impactMetricKindOf)(5),
      "impactMetricKindOf: metric must be a string, received 5",
    ],
    [
      "toLineProtocol",
      () => loose(toLineProtocol)("cpu value=1"),
      'toLineProtocol: points must be a TimeSeriesPoint or an array of them, received "cpu value=1"',
    ],
    [
      "checkValue",
      () => loose(checkValue)(5, {}),
      "checkValue: schema must be a Zod schema (the first argument), received number",
    ],
    [
      "decode",
      () => loose(decode)(5, "{}"),
      "decode: schema must be a Zod schema (the first argument), received number",
    ],
    [
      "decode's text",
      () => loose(decode)(AnalyticsEvent, {}),
      "decode: text must be a string of JSON, received object",
    ],
  ])("%s", (_, call, message) => {
    expect(call).toThrow(TypeError);
    expect(call).toThrow(message);
  });
});
