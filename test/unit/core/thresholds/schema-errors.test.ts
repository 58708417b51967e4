// Every rule of thresholds/schema.json broken once: one message naming the file, the JSON path, the
// rule and the value, worded the same by ajv in Node (loadgate presets validate) and by the
// pre-compiled validator inside k6 (-e PRESET_FILE).
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, test } from "vitest";
import { validatePresetData } from "../../../../lib/k6/preset-loader.ts";
import { schemaErrors } from "../../../../lib/node/preset-files.ts";
import { caught } from "../../../helpers/caught.ts";
import { PresetError } from "../../../../lib/core/errors.ts";

const ROWS: [rule: string, preset: unknown, message: string][] = [
  ["not an object", [],
    "team.json: / must be an object, got []"],
  ["null", null,
    "team.json: / must be an object, got null"],
  ["unknown top key", { gate: {} },
    "team.json: /gate: unknown key \"gate\"; / takes $schema, description, extends, gates, scopes or thresholds"],
  ["$schema number", { $schema: 1 },
    "team.json: /$schema must be a string, got 1"],
  ["description number", { description: 5 },
    "team.json: /description must be a string, got 5"],
  ["extends number", { extends: 3 },
    "team.json: /extends must be a preset reference or a non-empty array of them, got 3"],
  ["extends with space", { extends: "a b" },
    "team.json: /extends must be a preset reference or a non-empty array of them, got \"a b\""],
  ["extends empty array", { extends: [] },
    "team.json: /extends must be a preset reference or a non-empty array of them, got []"],
  ["extends item number", { extends: [1] },
    "team.json: /extends/0 must be a shipped preset id, a relative path (./team.json) or an npm package file (@acme/perf-presets/search.json), got 1"],
  ["extends item space", { extends: ["a b"] },
    "team.json: /extends/0 must be a shipped preset id, a relative path (./team.json) or an npm package file (@acme/perf-presets/search.json), got \"a b\""],
  ["gates not object", { gates: 5 },
    "team.json: /gates must be an object, got 5"],
  ["gates unknown key", { gates: { p95ms: 3 } },
    "team.json: /gates/p95ms: unknown key \"p95ms\"; /gates takes p<N> (a percentile such as p95 or p99.9), avg, med, max, maxErrorRate, minSuccesses, minCheckRate, abortOnFail, phases or inconclusive"],
  ["gates p0", { gates: { p0: 3 } },
    "team.json: /gates/p0: unknown key \"p0\"; /gates takes p<N> (a percentile such as p95 or p99.9), avg, med, max, maxErrorRate, minSuccesses, minCheckRate, abortOnFail, phases or inconclusive"],
  ["gates p100", { gates: { p100: 3 } },
    "team.json: /gates/p100: unknown key \"p100\"; /gates takes p<N> (a percentile such as p95 or p99.9), avg, med, max, maxErrorRate, minSuccesses, minCheckRate, abortOnFail, phases or inconclusive"],
  ["gates p95 string", { gates: { p95: "fast" } },
    "team.json: /gates/p95 must be a number of milliseconds > 0, got \"fast\""],
  ["gates p95 zero", { gates: { p95: 0 } },
    "team.json: /gates/p95 must be a number of milliseconds > 0, got 0"],
  ["gates avg neg", { gates: { avg: -1 } },
    "team.json: /gates/avg must be a number of milliseconds > 0, got -1"],
  ["gates med str", { gates: { med: "1" } },
    "team.json: /gates/med must be a number of milliseconds > 0, got \"1\""],
  ["gates max 0", { gates: { max: 0 } },
    "team.json: /gates/max must be a number of milliseconds > 0, got 0"],
  ["maxErrorRate 2", { gates: { maxErrorRate: 2 } },
    "team.json: /gates/maxErrorRate must be a number from 0 to 1, got 2"],
  ["maxErrorRate -0.1", { gates: { maxErrorRate: -0.1 } },
    "team.json: /gates/maxErrorRate must be a number from 0 to 1, got -0.1"],
  ["maxErrorRate string", { gates: { maxErrorRate: "1%" } },
    "team.json: /gates/maxErrorRate must be a number from 0 to 1, got \"1%\""],
  ["minSuccesses 0", { gates: { minSuccesses: 0 } },
    "team.json: /gates/minSuccesses must be an integer >= 1, got 0"],
  ["minSuccesses 1.5", { gates: { minSuccesses: 1.5 } },
    "team.json: /gates/minSuccesses must be an integer >= 1, got 1.5"],
  ["minCheckRate 1.5", { gates: { minCheckRate: 1.5 } },
    "team.json: /gates/minCheckRate must be a number from 0 to 1, got 1.5"],
  ["inconclusive ignore", { gates: { inconclusive: "ignore" } },
    "team.json: /gates/inconclusive must be \"fail\" (an inconclusive run fails k6's exit code) or \"warn\" (it passes, with warnings), got \"ignore\""],
  ["abortOnFail 5", { gates: { abortOnFail: 5 } },
    "team.json: /gates/abortOnFail must be true, false or a k6 duration such as \"10s\" (the delay before the first evaluation), got 5"],
  ["abortOnFail soon", { gates: { abortOnFail: "soon" } },
    "team.json: /gates/abortOnFail must be true, false or a k6 duration such as \"10s\" (the delay before the first evaluation), got \"soon\""],
  ["phases not obj", { gates: { phases: [] } },
    "team.json: /gates/phases must be an object, got []"],
  ["phases bad name", { gates: { phases: { "embed ding": { p95: 1 } } } },
    "team.json: /gates/phases/embed ding: unknown key \"embed ding\"; /gates/phases takes phase names of letters, digits, \"_\", \"-\" and \".\" (such as embedding)"],
  ["phase budget not obj", { gates: { phases: { embedding: 5 } } },
    "team.json: /gates/phases/embedding must be an object, got 5"],
  ["phase unknown key", { gates: { phases: { embedding: { maxErrorRate: 0.1 } } } },
    "team.json: /gates/phases/embedding/maxErrorRate: unknown key \"maxErrorRate\"; /gates/phases/embedding takes p<N> (a percentile such as p95 or p99.9), avg, med, max or minSamples"],
  ["phase p95 0", { gates: { phases: { embedding: { p95: 0 } } } },
    "team.json: /gates/phases/embedding/p95 must be a number of milliseconds > 0, got 0"],
  ["phase minSamples 0", { gates: { phases: { embedding: { minSamples: 0 } } } },
    "team.json: /gates/phases/embedding/minSamples must be an integer >= 1, got 0"],
  ["phase minSamples string", { gates: { phases: { embedding: { minSamples: "1" } } } },
    "team.json: /gates/phases/embedding/minSamples must be an integer >= 1, got \"1\""],
  ["scopes not obj", { scopes: 5 },
    "team.json: /scopes must be an object, got 5"],
  ["scopes bad selector", { scopes: { peak: {} } },
    "team.json: /scopes/peak: unknown key \"peak\"; /scopes takes tag selectors such as \"scenario:peak\", \"step:5\" or \"scenario:peak,step:5\" (letters, digits, \"_\", \"-\" and \".\")"],
  ["scope gate bad", { scopes: { "scenario:peak": { p95: -1 } } },
    "team.json: /scopes/scenario:peak/p95 must be a number of milliseconds > 0, got -1"],
  ["thresholds not obj", { thresholds: [] },
    "team.json: /thresholds must be an object, got []"],
  ["thresholds entry not array", { thresholds: { http_req_duration: "p(95)<500" } },
    "team.json: /thresholds/http_req_duration must be an array of k6 threshold expressions such as [\"p(99)<800\"], got \"p(95)<500\""],
  ["threshold item number", { thresholds: { http_req_duration: [5] } },
    "team.json: /thresholds/http_req_duration/0 must be a k6 threshold expression such as \"p(95)<500\", or { \"threshold\": \"...\", \"abortOnFail\": true, \"delayAbortEval\": \"10s\" }, got 5"],
  ["threshold obj missing threshold", { thresholds: { http_req_duration: [{ abortOnFail: true }] } },
    "team.json: /thresholds/http_req_duration/0/threshold is required, got nothing"],
  ["threshold obj threshold number", { thresholds: { http_req_duration: [{ threshold: 5 }] } },
    "team.json: /thresholds/http_req_duration/0/threshold must be a string, got 5"],
  ["threshold obj unknown key", { thresholds: { http_req_duration: [{ threshold: "p(95)<5", abort: true }] } },
    "team.json: /thresholds/http_req_duration/0/abort: unknown key \"abort\"; /thresholds/http_req_duration/0 takes threshold, abortOnFail or delayAbortEval"],
  ["threshold obj abortOnFail str", { thresholds: { http_req_duration: [{ threshold: "p(95)<5", abortOnFail: "yes" }] } },
    "team.json: /thresholds/http_req_duration/0/abortOnFail must be true or false, got \"yes\""],
  ["threshold obj delayAbortEval bad", { thresholds: { http_req_duration: [{ threshold: "p(95)<5", delayAbortEval: "soon" }] } },
    "team.json: /thresholds/http_req_duration/0/delayAbortEval must be a k6 duration such as \"10s\" or \"1m30s\", got \"soon\""],
  ["threshold obj delayAbortEval number", { thresholds: { http_req_duration: [{ threshold: "p(95)<5", delayAbortEval: 10 }] } },
    "team.json: /thresholds/http_req_duration/0/delayAbortEval must be a k6 duration such as \"10s\" or \"1m30s\", got 10"],
];

const SCHEMA = JSON.parse(readFileSync(new URL("../../../../thresholds/schema.json", import.meta.url), "utf8")) as Record<string, unknown>;
/** The keywords of thresholds/schema.json that can reject a value. */
const RULES = ["type", "enum", "pattern", "minItems", "minimum", "maximum", "exclusiveMinimum", "required", "additionalProperties"];

/** Each subschema of thresholds/schema.json by where it stands (`#/$defs/gate/properties/minSuccesses`). */
const NODES = new Map<object, string>();
/** Every rule of the schema: where its subschema stands, and the keyword (`#/$defs/latency/exclusiveMinimum`). */
function schemaRules(node: Record<string, unknown>, at: string): string[] {
  NODES.set(node, at);
  const rules = RULES.filter((k) => k in node && !(k === "additionalProperties" && typeof node[k] === "object")).map((k) => `${at}/${k}`);
  const children = (key: string) =>
    Object.entries((node[key] ?? {}) as Record<string, Record<string, unknown>>).map(([name, child]): [string, Record<string, unknown>] => [`${at}/${key}/${name}`, child]);
  const below = [...children("properties"), ...children("patternProperties"), ...children("$defs")];
  for (const key of ["items", "additionalProperties"]) if (typeof node[key] === "object") below.push([`${at}/${key}`, node[key] as Record<string, unknown>]);
  return [...rules, ...below.flatMap(([path, child]) => schemaRules(child, path))];
}
const ALL_RULES = schemaRules(SCHEMA, "#");

/**
 * The schema rules a preset breaks, by ajv with lib/node/preset-files.ts's options. ajv's schemaPath is
 * relative to a $ref'd definition it compiled apart, so each error is placed by its parent subschema.
 */
const brokenRules = (() => {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
  for (const keyword of ["x-expected", "x-keys"]) ajv.addKeyword(keyword);
  const validate = ajv.compile(SCHEMA);
  return (preset: unknown) => (validate(preset) ? [] : (validate.errors ?? []).map((e) => `${NODES.get(e.parentSchema as object) ?? "?"}/${e.keyword}`));
})();

describe("every schema rule a preset can break", () => {
  test(`the ${ROWS.length} rows break every rule of thresholds/schema.json, each row once`, () => {
    expect(new Set(ROWS.map(([rule]) => rule)).size).toBe(ROWS.length);
    const broken = new Set(ROWS.flatMap(([, preset]) => brokenRules(preset)));
    expect(ALL_RULES.filter((rule) => !broken.has(rule))).toEqual([]);
    expect([...broken].filter((rule) => !ALL_RULES.includes(rule))).toEqual([]);
    expect(ALL_RULES.length).toBeGreaterThan(25);
  });
  test.each(ROWS)("%s", (_rule, preset, message) => {
    expect(schemaErrors(preset, "team.json")).toEqual([message]);
    expect(caught(() => validatePresetData(preset, "team.json"))).toEqual(new PresetError(message));
  });
});
