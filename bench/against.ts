/*
 * The validation figures of this checkout against another revision's, in one process (so the
 * machine's load hits both): interleaved rounds, CPU time, medians (bench/harness.ts).
 *
 *   git archive <rev> src bench package.json | tar -x -C /tmp/old && ln -s "$PWD/node_modules" /tmp/old/
 *   npx tsx bench/against.ts /tmp/old
 */
import { resolve } from "node:path";
import { eventCorpus } from "./corpus.js";
import { measureCases, speedup } from "./harness.js";

const oldRoot = process.argv[2];
if (oldRoot === undefined)
  throw new Error("bench/against.ts: give the root of the other checkout (see the file comment)");
const old = resolve(oldRoot, "src");
const here = resolve(import.meta.dirname, "..", "src");

type Fast = typeof import("../src/fast/index.js");
type Decode = typeof import("../src/core/decode.js");
type Events = typeof import("../src/events/schema/event.js");
const load = async (root: string) => ({
  fast: (await import(`${root}/fast/index.ts`)) as Fast,
  decode: (await import(`${root}/core/decode.ts`)) as Decode,
  events: (await import(`${root}/events/schema/event.ts`)) as Events,
});
const [before, after] = [await load(old), await load(here)];

const corpus = eventCorpus(2000);
const lines = corpus.valid.map((v) => JSON.stringify(v));
const ndjson = `${lines.join("\n")}\n`;
const mixed = `${corpus.mixed.map((v) => JSON.stringify(v)).join("\n")}\n`;

type Lib = typeof before;
const cases: [string, (l: Lib) => unknown, number][] = [
  ["isAnalyticsEvent (values, valid)", (l) => corpus.valid.map((v) => l.fast.isAnalyticsEvent(v)), corpus.valid.length],
  [
    "AnalyticsEvent.safeParse (values, valid)",
    (l) => corpus.valid.map((v) => l.events.AnalyticsEvent.safeParse(v).success),
    corpus.valid.length,
  ],
  ["validateEventLines (NDJSON, valid)", (l) => l.fast.validateEventLines(ndjson), lines.length],
  ["validateEventLines (NDJSON, 1 in 10 invalid)", (l) => l.fast.validateEventLines(mixed), corpus.mixed.length],
  ["decodeAnalyticsEvent (text, valid)", (l) => lines.map((t) => l.fast.decodeAnalyticsEvent(t).success), lines.length],
  [
    "decode(AnalyticsEvent) (text, valid)",
    (l) => lines.map((t) => l.decode.decode(l.events.AnalyticsEvent, t).success),
    lines.length,
  ],
];

console.log(`this checkout against ${oldRoot}: median ns per document, 5 interleaved rounds`);
for (const [name, run, units] of cases) {
  const [o, n] = await measureCases(
    [
      { name: "before", run: () => run(before), units },
      { name: "after", run: () => run(after), units },
    ],
    { rounds: 5, budgetMs: 300 },
  );
  if (o === undefined || n === undefined) continue;
  console.log(
    `${name.padEnd(46)} before ${o.nsPerUnit.toFixed(0).padStart(6)}  after ${n.nsPerUnit.toFixed(0).padStart(6)}  speed ${speedup(n, o).toFixed(2)}×`,
  );
}
