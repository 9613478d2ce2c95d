/*
 * `npm run fuzz`: the property tests of test/property with a large budget.
 *
 *   npm run fuzz                         every schema, 2000 runs per property, a fresh seed
 *   npm run fuzz -- --runs 500 --seed 42 AnalyticsEvent MetricType
 *
 * Prints the seed first, so any failure can be replayed with `--seed`. Exits 1 on a failure,
 * printing fast-check's counterexample (shrunk) and the property that broke.
 */
import fc from "fast-check";
import { SCHEMA_NAMES, SCHEMAS, type SchemaName } from "../src/json-schema/registry.js";
import { mutation, roundTrip } from "../test/property/properties.js";

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const runs = Number(option("runs") ?? 2000);
const seed = Number(option("seed") ?? Date.now() % 2 ** 31);
if (!Number.isSafeInteger(runs) || runs < 1)
  throw new RangeError(`fuzz: --runs must be a positive integer, received ${option("runs")}`);
if (!Number.isSafeInteger(seed)) throw new RangeError(`fuzz: --seed must be an integer, received ${option("seed")}`);

const skip = new Set(["--runs", "--seed"].flatMap((flag) => [flag, option(flag.slice(2)) ?? ""]));
const named = process.argv.slice(2).filter((a) => !skip.has(a));
for (const name of named) {
  if (!(name in SCHEMAS))
    throw new RangeError(`fuzz: unknown schema ${JSON.stringify(name)}; known: ${SCHEMA_NAMES.join(", ")}`);
}
const names = (named.length > 0 ? named : SCHEMA_NAMES) as SchemaName[];

console.log(`fuzz: seed ${seed}, ${runs} runs per property, ${names.length} schemas`);
let failed = 0;
for (const name of names) {
  for (const [label, property] of [
    ["round trip", roundTrip],
    ["mutation", mutation],
  ] as const) {
    const started = Date.now();
    const details = fc.check(property(SCHEMAS[name]) as fc.IRawProperty<unknown[]>, {
      seed,
      numRuns: runs,
    }) as fc.RunDetails<unknown[]>;
    const took = ((Date.now() - started) / 1000).toFixed(1);
    if (details.failed) {
      failed++;
      console.log(`FAIL ${name} ${label} (${took} s)\n${fc.defaultReportMessage(details)}\n`);
    } else {
      console.log(`ok   ${name} ${label}: ${details.numRuns} runs, ${details.numSkips} skipped (${took} s)`);
    }
  }
}
console.log(failed === 0 ? "fuzz: every property held" : `fuzz: ${failed} properties failed (seed ${seed})`);
process.exitCode = failed === 0 ? 0 : 1;
