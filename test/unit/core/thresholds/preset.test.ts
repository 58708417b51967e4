import { build } from "esbuild";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { compilePreset, flattenPreset, mergePresets, type Preset } from "../../../../lib/core/thresholds/preset.ts";
import { parseJsonText } from "../../../../lib/core/thresholds/json-text.ts";
import { parseThresholdExpression, parseThresholdMetric } from "../../../../lib/core/vocabulary/threshold-grammar.ts";
import { validatePresetData } from "../../../../lib/k6/preset-loader.ts";
import { SHIPPED_PRESETS } from "../../../../lib/k6/shipped-presets.ts";
import { K6_BUNDLE_OPTIONS } from "../../../../lib/node/bundle.ts";
import { main } from "../../../../lib/node/cli.ts";
import { compilePresetRef, flattenPresetRef, nodePresetResolver, schemaErrors, shippedPresetIds, validatePresetFile } from "../../../../lib/node/preset-files.ts";
import { GENERATED_FILE, presetValidatorSource } from "../../../../tools/generate-preset-validator.mjs";
import { PresetError } from "../../../../lib/core/errors.ts";

const ROOT = resolve(import.meta.dirname, "../../../..");
const FIXTURES = "test/fixtures/presets";
const DEFAULT_STATS = ["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)"];

/** The thresholds every error-aware gate over the whole run starts with. */
/** A whole-run gate: latency, error budget, the success-count guards (minSuccesses, then what the highest percentile needs), dropped iterations. */
function runGate(latency: string[], errors: string, successes: number[]): Record<string, string[]> {
  return {
    "http_req_duration{expected_response:true}": latency,
    http_req_failed: [errors],
    "http_reqs{expected_response:true}": successes.map((n) => `count>=${n}`),
    dropped_iterations: ["count==0"],
  };
}

describe("shipped presets", () => {
  it("are the JSON files in thresholds/, and every one is inlined for k6", () => {
    expect(Object.keys(SHIPPED_PRESETS).sort()).toEqual(shippedPresetIds());
    expect(shippedPresetIds()).toEqual([
      "booking-api",
      "crud-api",
      "database-aggregation",
      "database-full-text",
      "database-indexed",
      "database-join",
      "error-aware",
      "rag-search",
      "strict",
    ]);
  });

  it("each validate with ajv in Node, with the standalone validator, and against k6's grammar", () => {
    for (const id of shippedPresetIds()) {
      expect(validatePresetFile(`thresholds/${id}.json`, ROOT), id).toEqual([]);
      const data = JSON.parse(readFileSync(join(ROOT, "thresholds", `${id}.json`), "utf8")) as unknown;
      expect(validatePresetData(data, id)).toEqual(data);
    }
  });

  it("error-aware keeps its budget: p95 2000 ms, 1% errors, one success", () => {
    expect(SHIPPED_PRESETS["error-aware"]?.gates).toEqual({ p95: 2000, maxErrorRate: 0.01, minSuccesses: 1 });
  });

  it("compile to these thresholds and summary stats", () => {
    const compiled = Object.fromEntries(shippedPresetIds().map((id) => [id, compilePresetRef(id, ROOT)]));
    const rateAtMost1 = "rate<=0.01";
    expect(compiled).toEqual({
      "error-aware": { thresholds: runGate(["p(95)<2000"], rateAtMost1, [1, 20]), summaryTrendStats: DEFAULT_STATS },
      strict: {
        thresholds: { ...runGate(["p(95)<500", "p(99)<1000"], "rate==0", [10, 100]), checks: ["rate>=0.99"] },
        summaryTrendStats: DEFAULT_STATS,
      },
      "rag-search": {
        thresholds: {
          ...runGate(["p(95)<3000"], "rate==0", [1, 20]),
          "http_req_duration{expected_response:true,concurrency:1}": ["p(95)<1500"],
          "http_req_failed{concurrency:1}": ["rate==0"],
          "http_reqs{expected_response:true,concurrency:1}": ["count>=1", "count>=20"],
          "http_req_duration{expected_response:true,concurrency:10}": ["p(95)<2000"],
          "http_req_failed{concurrency:10}": ["rate==0"],
          "http_reqs{expected_response:true,concurrency:10}": ["count>=1", "count>=20"],
          "http_req_duration{expected_response:true,concurrency:20}": ["p(95)<3000"],
          "http_req_failed{concurrency:20}": ["rate==0"],
          "http_reqs{expected_response:true,concurrency:20}": ["count>=1", "count>=20"],
        },
        summaryTrendStats: DEFAULT_STATS,
      },
      "booking-api": { thresholds: runGate(["p(95)<500", "p(99)<800"], rateAtMost1, [1, 100]), summaryTrendStats: DEFAULT_STATS },
      "crud-api": { thresholds: runGate(["p(95)<500"], rateAtMost1, [1, 20]), summaryTrendStats: DEFAULT_STATS },
      "database-indexed": { thresholds: runGate(["p(95)<50", "p(99)<100"], rateAtMost1, [1, 100]), summaryTrendStats: DEFAULT_STATS },
      "database-join": { thresholds: runGate(["p(95)<100", "p(99)<200"], rateAtMost1, [1, 100]), summaryTrendStats: DEFAULT_STATS },
      "database-aggregation": {
        thresholds: runGate(["p(95)<150", "p(99)<300"], rateAtMost1, [1, 100]),
        summaryTrendStats: DEFAULT_STATS,
      },
      "database-full-text": {
        thresholds: runGate(["p(95)<200", "p(99)<500"], rateAtMost1, [1, 100]),
        summaryTrendStats: DEFAULT_STATS,
      },
    });
  });

  it("compile the same inside k6 (inlined presets, k6 resolver) as in Node", async () => {
    const { k6PresetResolver } = await import("../../../../lib/k6/preset-loader.ts");
    for (const [id, preset] of Object.entries(SHIPPED_PRESETS)) {
      expect(compilePreset(preset, { id, resolve: k6PresetResolver }), id).toEqual(compilePresetRef(id, ROOT));
    }
  });
});

describe("a bad preset gives one precise message", () => {
  const cases: [string, string][] = [
    [
      "syntax-trailing-comma.json",
      `${FIXTURES}/syntax-trailing-comma.json:5:3: invalid JSON: expected a property name after "," (trailing commas are not JSON), found "}"`,
    ],
    ["wrong-type.json", `${FIXTURES}/wrong-type.json: /gates/p95 must be a number of milliseconds > 0, got "fast"`],
    [
      "unknown-key.json",
      `${FIXTURES}/unknown-key.json: /gates/p95ms: unknown key "p95ms"; /gates takes p<N> (a percentile such as p95 or p99.9), avg, med, max, maxErrorRate, minSuccesses, minCheckRate, abortOnFail, phases or inconclusive`,
    ],
    ["non-positive-percentile.json", `${FIXTURES}/non-positive-percentile.json: /gates/p99 must be a number of milliseconds > 0, got 0`],
    ["error-rate-above-one.json", `${FIXTURES}/error-rate-above-one.json: /gates/maxErrorRate must be a number from 0 to 1, got 5`],
    [
      "unknown-extends.json",
      `${FIXTURES}/unknown-extends.json: /extends/1: unknown preset "eror-aware"; shipped presets: booking-api, crud-api, database-aggregation, database-full-text, database-indexed, database-join, error-aware, rag-search, strict (extends chain: ${FIXTURES}/unknown-extends.json → eror-aware)`,
    ],
    [
      "circular-a.json",
      `${FIXTURES}/circular-b.json: /extends/1: circular extends: ${FIXTURES}/circular-a.json → ${FIXTURES}/circular-b.json → ${FIXTURES}/circular-a.json`,
    ],
    [
      "raw-threshold-k6-rejects.json",
      `${FIXTURES}/raw-threshold-k6-rejects.json: /thresholds/http_req_duration{scenario:peak}/1 must be a k6 threshold expression such as "p(95)<500", "rate<0.01" or "count>=1", got "p95<500" ("p95" is not an aggregation method (count, rate, value, avg, min, med, max, p(N)))`,
    ],
  ];
  for (const [file, message] of cases) {
    it(`${file}`, () => {
      expect(validatePresetFile(`${FIXTURES}/${file}`, ROOT)).toEqual([message]);
    });
  }

  it("the standalone validator k6 uses words schema errors exactly as ajv in Node does", () => {
    for (const file of ["wrong-type.json", "unknown-key.json", "non-positive-percentile.json", "error-rate-above-one.json"]) {
      const data = JSON.parse(readFileSync(join(ROOT, FIXTURES, file), "utf8")) as unknown;
      const node = schemaErrors(data, file);
      expect(node).toHaveLength(1);
      expect(() => validatePresetData(data, file)).toThrow(new PresetError(node[0]));
    }
  });

  it("lists every schema problem of a file, one line each", () => {
    const data = { gates: { p95: -1, maxErrorRate: "1%", abortOnFail: "soon" }, scopes: { peak: {} }, extends: [] };
    expect(schemaErrors(data, "team.json")).toEqual([
      "team.json: /extends must be a preset reference or a non-empty array of them, got []",
      'team.json: /gates/maxErrorRate must be a number from 0 to 1, got "1%"',
      'team.json: /gates/abortOnFail must be true, false or a k6 duration such as "10s" (the delay before the first evaluation), got "soon"',
      "team.json: /gates/p95 must be a number of milliseconds > 0, got -1",
      'team.json: /scopes/peak: unknown key "peak"; /scopes takes tag selectors such as "scenario:peak", "step:5" or "scenario:peak,step:5" (letters, digits, "_", "-" and ".")',
    ]);
  });
});

describe("the standalone validator", () => {
  it("is up to date with thresholds/schema.json (regenerate with npm run generate)", () => {
    expect(readFileSync(GENERATED_FILE, "utf8")).toBe(presetValidatorSource());
  });

  it("bundles for k6 with the preset loader: no Node built-ins, no npm packages", async () => {
    const result = await build({
      ...K6_BUNDLE_OPTIONS,
      entryPoints: [join(ROOT, "lib/k6/preset-loader.ts")],
      write: false,
      metafile: true,
      outfile: "presets.js",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((input) => input.includes("node_modules") || input.startsWith("node:"))).toEqual([]);
    expect(inputs.some((input) => input.endsWith("preset-validator.generated.ts"))).toBe(true);
    const code = result.outputFiles[0]?.text ?? "";
    expect(code).not.toMatch(/\bnew Function\b|\beval\(|\brequire\(/);
  });
});

describe("compilePreset", () => {
  it("merges extends in order, later winning, deep for gates, phases and scopes", () => {
    const flat = flattenPresetRef(`${FIXTURES}/team-search.json`, ROOT);
    expect(flat).toEqual({
      description: "A team's search budget: RAG search, stricter p99, phase budgets and one raw threshold.",
      gates: {
        p95: 3000,
        maxErrorRate: 0,
        minSuccesses: 20,
        p99: 4000,
        phases: { embedding: { p99: 600, p95: 300, minSamples: 5 }, fusion: { p95: 600 } },
      },
      scopes: {
        "concurrency:1": { p95: 1500 },
        "concurrency:10": { p95: 2000 },
        "concurrency:20": { p95: 2500, abortOnFail: "10s" },
      },
      thresholds: { "http_req_duration{expected_response:true}": ["p(99.9)<6000"] },
    });
  });

  it("compiles a team preset whole: inherited scopes, abortOnFail entries, phases, raw stats", () => {
    const onConcurrency = (level: number, p95: number) => ({
      [`http_req_duration{expected_response:true,concurrency:${level}}`]: [`p(95)<${p95}`, "p(99)<4000"],
      [`http_req_failed{concurrency:${level}}`]: ["rate==0"],
      [`http_reqs{expected_response:true,concurrency:${level}}`]: ["count>=20", "count>=100"],
    });
    const abort = (threshold: string) => ({ threshold, abortOnFail: true, delayAbortEval: "10s" });
    expect(compilePresetRef(`${FIXTURES}/team-search.json`, ROOT)).toEqual({
      thresholds: {
        ...runGate(["p(95)<3000", "p(99)<4000", "p(99.9)<6000"], "rate==0", [20, 100]),
        "loadgate_phase_duration{phase:embedding}": ["p(99)<600", "p(95)<300"],
        "loadgate_phase_samples{phase:embedding}": ["count>=5", "count>=100"],
        "loadgate_phase_duration{phase:fusion}": ["p(95)<600"],
        "loadgate_phase_samples{phase:fusion}": ["count>=1", "count>=20"],
        ...onConcurrency(1, 1500),
        ...onConcurrency(10, 2000),
        "http_req_duration{expected_response:true,concurrency:20}": [abort("p(95)<2500"), abort("p(99)<4000")],
        "http_req_failed{concurrency:20}": [abort("rate==0")],
        "http_reqs{expected_response:true,concurrency:20}": ["count>=20", "count>=100"],
      },
      summaryTrendStats: [...DEFAULT_STATS, "p(99.9)"],
    });
  });

  it("compiles phases to phase-duration limits with a phase-sample guard, scopes to tagged sub-metrics", () => {
    const preset: Preset = {
      gates: { p95: 800, phases: { embedding: { p95: 300, minSamples: 1 }, fusion: { max: 900 } } },
      scopes: { "scenario:peak": { p95: 1500, phases: { embedding: { p95: 500 } } }, "step:5": { maxErrorRate: 0 } },
      thresholds: { "loadgate_phase_duration{phase:fusion}": ["p(99.9)<1200"] },
    };
    expect(compilePreset(preset, { id: "team.json" })).toEqual({
      thresholds: {
        ...runGate(["p(95)<800"], "rate<=0.01", [1, 20]),
        "loadgate_phase_duration{phase:embedding}": ["p(95)<300"],
        "loadgate_phase_samples{phase:embedding}": ["count>=1", "count>=20"],
        // A raw threshold (p(99.9) on fusion) is the team's own: only the gate's percentiles get sample guards.
        "loadgate_phase_duration{phase:fusion}": ["max<900", "p(99.9)<1200"],
        "loadgate_phase_samples{phase:fusion}": ["count>=1"],
        "http_req_duration{expected_response:true,scenario:peak}": ["p(95)<1500"],
        "http_req_failed{scenario:peak}": ["rate<=0.01"],
        "http_reqs{expected_response:true,scenario:peak}": ["count>=1", "count>=20"],
        "dropped_iterations{scenario:peak}": ["count==0"],
        "loadgate_phase_duration{phase:embedding,scenario:peak}": ["p(95)<500"],
        "loadgate_phase_samples{phase:embedding,scenario:peak}": ["count>=1", "count>=20"],
        "http_req_duration{expected_response:true,step:5}": ["p(95)<800"],
        "http_req_failed{step:5}": ["rate==0"],
        "http_reqs{expected_response:true,step:5}": ["count>=1", "count>=20"],
      },
      summaryTrendStats: [...DEFAULT_STATS, "p(99.9)"],
    });
  });

  it("resolves extends from a file inside an npm package", () => {
    const dir = mkdtempSync(join(tmpdir(), "loadgate-presets-"));
    try {
      const pkg = join(dir, "node_modules/@acme/perf-presets");
      mkdirSync(pkg, { recursive: true });
      writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "@acme/perf-presets", version: "1.0.0" }));
      writeFileSync(join(pkg, "search.json"), JSON.stringify({ extends: ["error-aware"], gates: { p95: 1500, maxErrorRate: 0 } }));
      mkdirSync(join(dir, "perf"));
      writeFileSync(join(dir, "perf/service.json"), JSON.stringify({ extends: ["@acme/perf-presets/search.json"], gates: { p99: 2500 } }));
      expect(compilePresetRef("perf/service.json", dir)).toEqual({
        thresholds: runGate(["p(95)<1500", "p(99)<2500"], "rate==0", [1, 100]),
        summaryTrendStats: DEFAULT_STATS,
      });
      // k6 resolves no npm packages: validate says so and names the path k6 can open. Before: no problem
      // reported, and k6 then stopped with exit 107.
      expect(validatePresetFile("perf/service.json", dir)).toEqual([
        'perf/service.json: extends "@acme/perf-presets/search.json", a file of an npm package: loadgate merge and presets show read it, but k6 resolves no npm packages and stops before the first request (exit 107) when a script loads this preset; name it by its path instead: "../node_modules/@acme/perf-presets/search.json"',
      ]);
      writeFileSync(join(dir, "perf/by-path.json"), JSON.stringify({ extends: ["../node_modules/@acme/perf-presets/search.json"], gates: { p99: 2500 } }));
      expect(validatePresetFile("perf/by-path.json", dir)).toEqual([]);
      writeFileSync(join(dir, "perf/missing.json"), JSON.stringify({ extends: ["@acme/perf-presets/nope.json"] }));
      expect(validatePresetFile("perf/missing.json", dir)).toEqual([
        'perf/missing.json: /extends/0: "@acme/perf-presets/nope.json" is neither a shipped preset (booking-api, crud-api, database-aggregation, database-full-text, database-indexed, database-join, error-aware, rag-search, strict) nor a file of an installed npm package (npm install the package, or write ./ for a relative path) (extends chain: perf/missing.json → @acme/perf-presets/nope.json)',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names the whole chain when a preset further down is invalid", () => {
    const resolve = nodePresetResolver(ROOT);
    expect(() => flattenPreset("service.json", { extends: [`./${FIXTURES}/wrong-type.json`] }, resolve)).toThrow(
      new PresetError(
        `service.json: /extends/0: ${FIXTURES}/wrong-type.json: /gates/p95 must be a number of milliseconds > 0, got "fast" (extends chain: service.json → ./${FIXTURES}/wrong-type.json)`,
      ),
    );
    expect(() => flattenPreset("service.json", { extends: [`./${FIXTURES}/unknown-extends.json`] }, resolve)).toThrow(
      new PresetError(
        `${FIXTURES}/unknown-extends.json: /extends/1: unknown preset "eror-aware"; shipped presets: ${shippedPresetIds().join(", ")} (extends chain: service.json → ${FIXTURES}/unknown-extends.json → eror-aware)`,
      ),
    );
  });

  it("applies a base shared by two presets in the chain once, where it first appears", () => {
    const presets: Record<string, Preset> = {
      base: { gates: { p95: 2000, maxErrorRate: 0.01 } },
      loose: { extends: ["base"], gates: { p95: 3000 } },
      team: { extends: ["base"], gates: { minSuccesses: 20 } },
    };
    const resolve = (ref: string) => ({ id: ref, preset: presets[ref] as Preset });
    expect(flattenPreset("service", { extends: ["loose", "team"] }, resolve)).toEqual({
      gates: { p95: 3000, maxErrorRate: 0.01, minSuccesses: 20 },
    });
  });

  it("rejects extends without a resolver, and a threshold method the metric's type lacks", () => {
    expect(() => compilePreset({ extends: "error-aware" }, { id: "x.json" })).toThrow(
      new PresetError('x.json: /extends: cannot resolve "error-aware" without a preset resolver'),
    );
    expect(() => compilePreset({ thresholds: { http_req_failed: ["p(95)<1"] } }, { id: "x.json" })).toThrow(
      new PresetError('x.json: /thresholds/http_req_failed/0 must use an aggregation method of a Rate (rate), got "p(95)<1"'),
    );
    expect(() => compilePreset({ thresholds: { "http_req_duration{scenario}": ["p(95)<1"] } }, { id: "x.json" })).toThrow(
      new PresetError(
        'x.json: /thresholds/http_req_duration{scenario} the key must be a k6 metric with optional tags such as "http_req_duration{scenario:peak}", got "http_req_duration{scenario}" (tag selector "scenario" is not of the form name:value)'.replace(
          "{scenario} the",
          "{scenario}: the",
        ),
      ),
    );
  });

  it("mergePresets keeps the base's keys the override does not set", () => {
    expect(
      mergePresets(
        { description: "base", gates: { p95: 1, phases: { a: { p95: 1 } } }, thresholds: { x: ["count>1"] } },
        { gates: { p99: 2, phases: { a: { max: 3 } } }, thresholds: { x: ["count>2"] } },
      ),
    ).toEqual({ description: "base", gates: { p95: 1, p99: 2, phases: { a: { p95: 1, max: 3 } } }, thresholds: { x: ["count>2"] } });
  });
});

describe("k6's threshold grammar", () => {
  it("accepts what k6 v2.2.0 parses", () => {
    expect(
      ["p(95)<500", "p(99.9) <= 1e3", "rate==0", "count>=1", "value != 2", "avg===3", " med > .5 ", "p(100)<1_000", "max<Inf"].map(
        parseThresholdExpression,
      ),
    ).toEqual([
      { method: "p(95)", operator: "<", value: 500 },
      { method: "p(99.9)", operator: "<=", value: 1000 },
      { method: "rate", operator: "==", value: 0 },
      { method: "count", operator: ">=", value: 1 },
      { method: "value", operator: "!=", value: 2 },
      { method: "avg", operator: "===", value: 3 },
      { method: "med", operator: ">", value: 0.5 },
      { method: "p(100)", operator: "<", value: 1000 },
      { method: "max", operator: "<", value: Infinity },
    ]);
  });

  it("rejects what k6 v2.2.0 rejects, with the reason", () => {
    expect(["p95<500", "p(101)<1", "p( 95)<1", "rate<", "rate", "rate<1ms", "rate=>1", "count>=1__0"].map(parseThresholdExpression)).toEqual([
      '"p95" is not an aggregation method (count, rate, value, avg, min, med, max, p(N))',
      'the percentile in "p(101)" must be between 0 and 100',
      'the percentile in "p( 95)" is not a number',
      "no comparison operator (<, <=, >, >=, ==, ===, !=) followed by a value",
      "no comparison operator (<, <=, >, >=, ==, ===, !=) followed by a value",
      'the right-hand side "1ms" is not a number',
      '"rate=" is not an aggregation method (count, rate, value, avg, min, med, max, p(N))',
      'the right-hand side "1__0" is not a number',
    ]);
  });

  it("checks metric keys as k6's ParseMetricName does", () => {
    expect(["http_reqs", "http_reqs{a:b, c:d}", "http_reqs{a}", "http_reqs{a:b", "http_reqs{a:b}x"].map(parseThresholdMetric)).toEqual([
      { name: "http_reqs", tags: [] },
      { name: "http_reqs", tags: ["a:b", "c:d"] },
      ['tag selector "a" is not of the form name:value'],
      ["unmatched opening/closing curly brace"],
      ["the closing curly brace must come last"],
    ]);
  });
});

describe("parseJsonText", () => {
  it("reports the line and column of the first syntax error", () => {
    const cases = ['{\n  "gates": {\n    "p95" 500\n  }\n}', '{"a": 1}\n{"b": 2}', '{"a": [1, 2', "{'a': 1}"];
    expect(
      cases.map((text) => {
        try {
          parseJsonText(text, "t.json");
          return "parsed";
        } catch (error) {
          return (error as Error).message;
        }
      }),
    ).toEqual([
      't.json:3:11: invalid JSON: expected ":" after the property name, found "5"',
      't.json:2:1: invalid JSON: expected the end of the file after the top-level value, found "{"',
      't.json:1:12: invalid JSON: expected "," or "]" after an array element, found the end of the file',
      `t.json:1:2: invalid JSON: expected a property name in double quotes, found "'"`,
    ]);
  });
});

describe("loadgate presets", () => {
  const out: string[] = [];
  const err: string[] = [];
  beforeAll(() => {
    vi.spyOn(console, "log").mockImplementation((line: string) => void out.push(line));
    vi.spyOn(console, "error").mockImplementation((line: string) => void err.push(line));
  });
  afterAll(() => vi.restoreAllMocks());
  const run = async (args: string[]) => {
    out.length = 0;
    err.length = 0;
    const code = await main(["presets", ...args]);
    return { code, out: out.join("\n"), err: err.join("\n") };
  };

  it("validate exits 0 when every file is valid, 1 when any is not, 2 without files", async () => {
    expect(process.cwd()).toBe(ROOT);
    expect(await run(["validate", "thresholds/strict.json", `${FIXTURES}/peak-stricter.json`])).toEqual({
      code: 0,
      out: `ok  thresholds/strict.json\nok  ${FIXTURES}/peak-stricter.json`,
      err: "",
    });
    expect(await run(["validate", "thresholds/strict.json", `${FIXTURES}/wrong-type.json`])).toEqual({
      code: 1,
      out: "ok  thresholds/strict.json",
      err: `${FIXTURES}/wrong-type.json: /gates/p95 must be a number of milliseconds > 0, got "fast"\n1 of 2 preset files invalid`,
    });
    expect((await run(["validate"])).code).toBe(2);
    expect((await run(["frobnicate"])).code).toBe(2);
  });

  it("show prints the merged preset, or with --compiled what k6 gets", async () => {
    const shown = await run(["show", "booking-api"]);
    expect({ code: shown.code, preset: JSON.parse(shown.out) as unknown }).toEqual({
      code: 0,
      preset: {
        description: SHIPPED_PRESETS["booking-api"]?.description,
        gates: { p95: 500, maxErrorRate: 0.01, minSuccesses: 1, p99: 800 },
      },
    });
    const compiled = await run(["show", "booking-api", "--compiled"]);
    expect(JSON.parse(compiled.out)).toEqual(compilePresetRef("booking-api", ROOT));
    expect((await run(["show", "nope"])).code).toBe(1);
    expect((await run(["list", "--compiled"])).code).toBe(2);
  });

  it("list names every shipped preset with its description", async () => {
    const listed = await run(["list"]);
    expect(listed.out.split("\n").map((line) => line.split(/\s+/)[0])).toEqual(shippedPresetIds());
  });
});
