// Every ready script in scripts/ honours every common -e variable its documentation promises,
// checked on the real k6: `k6 inspect` for what shapes the options (PRESET, PRESET_FILE, SCALE,
// BASE_URL), one single-iteration `k6 run` per script for the request and the reports.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Threshold } from "k6/options";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { scaleDuration } from "../../lib/core/scenarios/scale.ts";
import type { Gate } from "../../lib/core/thresholds/gate.ts";
import { compilePreset, mergePresets } from "../../lib/core/thresholds/preset.ts";
import { bundleScripts } from "../../lib/node/bundle.ts";
import { flattenPresetRef } from "../../lib/node/preset-files.ts";
import { k6, k6Env } from "../helpers/k6.ts";
import type { CompiledThresholds } from "../../lib/core/thresholds/record.ts";

/** The page that documents the ready scripts: its "Ready scripts" section holds both tables. */
const DOC = new URL("../../docs/pipelines.md", import.meta.url);
/** The doc says every script is judged by a preset "all but `ramp`, whose steps carry their own gates". */
const WITHOUT_PRESET = new Set(["ramp"]);

const SCRIPTS = readdirSync(new URL("../../scripts/", import.meta.url))
  .filter((file) => file.endsWith(".ts"))
  .map((file) => file.slice(0, -3))
  .sort();

/** The doc's tables: the common variables, and each script's own variables with their parenthesised defaults. */
function documented(): { common: string[]; scripts: Record<string, { name: string; note: string | undefined }[]> } {
  const text = readFileSync(DOC, "utf8");
  const start = text.indexOf("## Ready scripts");
  expect(start, 'docs/pipelines.md has a "## Ready scripts" section').toBeGreaterThan(-1);
  const end = text.slice(start + 1).search(/\n##+ /);
  const section = end === -1 ? text.slice(start) : text.slice(start, start + 1 + end);
  const rows = (header: string) => {
    const lines = section.split("\n");
    const at = lines.findIndex((line) => line.startsWith(header));
    expect(at, `the section has a table headed ${header}`).toBeGreaterThan(-1);
    const body: string[][] = [];
    for (const line of lines.slice(at + 2)) {
      if (!line.startsWith("|")) break;
      body.push(line.split(" | ").map((cell) => cell.replace(/^\|\s*|\s*\|$/g, "")));
    }
    return body;
  };
  const names = (cell: string) => [...cell.matchAll(/`(\w+)`(?: \(([^)]*)\))?/g)].map((m) => ({ name: m[1] as string, note: m[2] }));
  const common = rows("| Variable |").flatMap(([cell]) => names(cell as string).map((v) => v.name));
  const scripts = Object.fromEntries(rows("| Script |").map(([script, , vars]) => [/`(\w+)`/.exec(script as string)?.[1], names(vars as string)]));
  return { common, scripts };
}

const DOCS = documented();

/** Durations a script's row lists as scaled: a default like 30s or 5m, not marked "not scaled". */
function scaledDefaults(script: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { name, note } of DOCS.scripts[script] ?? []) {
    const value = note?.split(",")[0]?.trim();
    if (value !== undefined && /^\d+(ms|s|m|h)$/.test(value) && !note?.includes("not scaled")) out[name] = value;
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), "loadgate-scripts-"));
const bundle = (script: string) => join(dir, `${script}.js`);
const PRESET_FILE = join(dir, "team.json");
// Extends a shipped preset and adds a stat of its own, so both the file and its `extends` must be read.
const TEAM_PRESET = { extends: ["strict"], gates: { "p99.9": 4321, minSuccesses: 3 } };
const BASELINE = new URL("../fixtures/summary/golden/healthy-with-phases.json", import.meta.url).pathname;
/** The target answers after this long; -e TIMEOUT is far shorter, so an honoured TIMEOUT times the request out. */
const ANSWER_AFTER_MS = 3000;
const TIMEOUT = "300ms";

interface Inspected {
  code: number;
  stderr: string;
  options?: { scenarios: Record<string, unknown>; thresholds: Record<string, Threshold[]>; summaryTrendStats: string[] };
}

function inspect(script: string, vars: Record<string, string>): Promise<Inspected> {
  const args = ["inspect", ...Object.entries(vars).flatMap(([name, value]) => ["-e", `${name}=${value}`]), bundle(script)];
  return new Promise((resolve) => {
    execFile(inject("k6Path"), args, { env: k6Env(), maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
      resolve({ code, stderr, options: code === 0 ? JSON.parse(stdout) : undefined });
    });
  });
}

/** Runs `jobs` at most `limit` at a time: each k6 process is short, and the machine may have two cores. */
async function pooled<T>(jobs: (() => Promise<T>)[], limit = 4): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await (jobs[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

interface Received {
  method: string;
  url: string;
  body: string;
}

const received: Received[] = [];
let server: Server;
let base: string;

/** What each script gave under each variable setting, keyed `script/case`. */
const inspected = new Map<string, Inspected>();
const runs = new Map<string, { code: number; stdout: string; stderr: string; reports: string; data: string }>();

function inspectCases(script: string): Record<string, Record<string, string>> {
  const url = { BASE_URL: "http://127.0.0.1:9" };
  const half = Object.fromEntries(Object.entries(scaledDefaults(script)).map(([name, value]) => [name, scaleDuration(value, 0.5)]));
  return {
    default: url,
    "no BASE_URL": {},
    "PRESET=strict": { ...url, PRESET: "strict" },
    PRESET_FILE: { ...url, PRESET_FILE },
    "PRESET and PRESET_FILE": { ...url, PRESET: "strict", PRESET_FILE },
    "SCALE=0.5": { ...url, SCALE: "0.5" },
    "durations halved": { ...url, ...half },
    "SCALE=0": { ...url, SCALE: "0" },
  };
}

beforeAll(async () => {
  writeFileSync(PRESET_FILE, JSON.stringify(TEAM_PRESET));
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push({ method: req.method ?? "", url: req.url ?? "", body });
      setTimeout(() => res.end("{}"), ANSWER_AFTER_MS).unref();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await bundleScripts(
    SCRIPTS.map((script) => `scripts/${script}.ts`),
    { outdir: dir, typeCheck: false },
  );

  const jobs: (() => Promise<void>)[] = [];
  for (const script of SCRIPTS) {
    for (const [name, vars] of Object.entries(inspectCases(script))) {
      jobs.push(async () => void inspected.set(`${script}/${name}`, await inspect(script, vars)));
    }
    jobs.push(async () => {
      const reports = join(dir, `${script}-reports`);
      mkdirSync(reports);
      const data = join(dir, `${script}-data.json`);
      // --iterations 1 replaces the script's scenarios by one iteration: its init, request and
      // handleSummary are the script's own, and the run takes a moment.
      const run = await k6(bundle(script), {
        args: ["--iterations", "1", "--vus", "1"],
        vars: {
          BASE_URL: `${base}/${script}`,
          ENDPOINT: "/probe",
          METHOD: "PUT",
          BODY: JSON.stringify({ script }),
          TIMEOUT,
          REPORT_DIR: reports,
          REPORT_FILES: "json,markdown",
          BASELINE,
          SUMMARY_JSON: data,
        },
      });
      runs.set(script, { ...run, reports, data });
    });
  }
  await pooled(jobs);
}, 120_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function inspectedAs(script: string, name: string): Inspected {
  const result = inspected.get(`${script}/${name}`);
  if (result === undefined) throw new Error(`no k6 inspect result for ${script}/${name}`);
  return result;
}

function options(script: string, name: string): NonNullable<Inspected["options"]> {
  const result = inspectedAs(script, name);
  expect(result.code, `k6 inspect ${script} (${name}):\n${result.stderr}`).toBe(0);
  return result.options as NonNullable<Inspected["options"]>;
}

function run(script: string) {
  const result = runs.get(script);
  if (result === undefined) throw new Error(`no k6 run of ${script}`);
  // The request times out on purpose, so the gates fail.
  expect(result.code, `k6 run ${script}:\n${result.stderr}`).toBe(99);
  return result;
}

const nonEmpty = (thresholds: Record<string, Threshold[]>) => Object.fromEntries(Object.entries(thresholds).filter(([, entries]) => entries.length > 0));

/** A preset compiled in Node, with `abortOnFail` laid over its gates when given. */
function compiled(ref: string, abortOnFail?: Gate["abortOnFail"]): CompiledThresholds {
  const flat = flattenPresetRef(ref);
  return compilePreset(abortOnFail === undefined ? flat : mergePresets(flat, { gates: { abortOnFail } }), { id: ref });
}

/**
 * The thresholds a script should have under the preset `ref`: its default ones with the entries of
 * the error-aware preset (the documented default, last on each metric) replaced by those of `ref`,
 * stopping the run the same way (a breakpoint lays abortOnFail over whichever preset is picked).
 */
function withPreset(script: string, ref: string): CompiledThresholds {
  const defaults = options(script, "default").thresholds;
  const tails = Object.entries(compiled("error-aware").thresholds).flatMap(([metric, entries]) =>
    entries.length === 0 ? [] : (defaults[metric] ?? []).slice(-entries.length),
  );
  const abort = tails.find((entry) => typeof entry !== "string" && entry.abortOnFail === true);
  const abortOnFail = abort === undefined || typeof abort === "string" ? undefined : (abort.delayAbortEval ?? true);
  const errorAware = compiled("error-aware", abortOnFail);
  const own: Record<string, Threshold[]> = {};
  for (const [metric, entries] of Object.entries(defaults)) {
    const tail = errorAware.thresholds[metric]?.length ?? 0;
    expect(entries.slice(entries.length - tail), `${script}: ${metric} ends with the error-aware preset's entries`).toEqual(
      errorAware.thresholds[metric] ?? [],
    );
    own[metric] = entries.slice(0, entries.length - tail);
  }
  const preset = compiled(ref, abortOnFail);
  const thresholds = { ...own };
  for (const [metric, entries] of Object.entries(preset.thresholds)) thresholds[metric] = [...(own[metric] ?? []), ...entries];
  return { thresholds: nonEmpty(thresholds), summaryTrendStats: preset.summaryTrendStats };
}

function honoursPreset(script: string, name: string, ref: string): void {
  const got = options(script, name);
  if (WITHOUT_PRESET.has(script)) {
    expect(got).toEqual(options(script, "default"));
    return;
  }
  const expected = withPreset(script, ref);
  expect(nonEmpty(got.thresholds)).toEqual(expected.thresholds);
  expect(got.summaryTrendStats).toEqual(expect.arrayContaining(expected.summaryTrendStats));
  expect(got.scenarios).toEqual(options(script, "default").scenarios);
}

/** What each common variable promises, checked on one script. */
const CHECKS: Record<string, (script: string) => void> = {
  BASE_URL(script) {
    const missing = inspectedAs(script, "no BASE_URL");
    expect(missing.code).toBe(107);
    expect(missing.stderr).toContain("-e BASE_URL is required: the http(s) URL of the service under test");
    run(script);
    expect(received.filter((r) => r.url.startsWith(`/${script}/`))).toHaveLength(1);
  },
  ENDPOINT(script) {
    run(script);
    expect(received.filter((r) => r.url === `/${script}/probe`)).toHaveLength(1);
  },
  METHOD(script) {
    run(script);
    expect(received.find((r) => r.url === `/${script}/probe`)?.method).toBe("PUT");
  },
  BODY(script) {
    run(script);
    expect(received.find((r) => r.url === `/${script}/probe`)?.body).toBe(JSON.stringify({ script }));
  },
  TIMEOUT(script) {
    const data = JSON.parse(readFileSync(run(script).data, "utf8")) as { metrics: Record<string, { values: Record<string, number> }> };
    // k6's error code 1050 is a request timeout: the target answers only after ANSWER_AFTER_MS.
    expect(data.metrics["http_reqs{error_code:1050}"]?.values["count"]).toBe(1);
    expect(data.metrics["http_req_duration"]?.values["max"]).toBeLessThan(ANSWER_AFTER_MS);
  },
  PRESET(script) {
    honoursPreset(script, "PRESET=strict", "strict");
  },
  PRESET_FILE(script) {
    honoursPreset(script, "PRESET_FILE", PRESET_FILE);
    const both = inspectedAs(script, "PRESET and PRESET_FILE");
    if (WITHOUT_PRESET.has(script)) return;
    expect(both.code).toBe(107);
    expect(both.stderr).toContain(`-e PRESET=strict and -e PRESET_FILE=${PRESET_FILE}: set one of them, not both`);
  },
  SCALE(script) {
    const refused = inspectedAs(script, "SCALE=0");
    expect(refused.code).toBe(107);
    expect(refused.stderr).toContain('-e SCALE: must be a number > 0, got \\"0\\"');
    const scaled = options(script, "SCALE=0.5");
    const scales = (DOCS.scripts[script] ?? []).some((v) => v.name === "SCALE");
    if (!scales) {
      // The doc lists no SCALE for it: it has no durations to scale.
      expect(scaled).toEqual(options(script, "default"));
      return;
    }
    // SCALE=0.5 is the same as giving every duration the doc lists as scaled at half its documented default.
    expect(Object.keys(scaledDefaults(script)).length).toBeGreaterThan(0);
    expect(scaled).toEqual(options(script, "durations halved"));
    expect(scaled.scenarios).not.toEqual(options(script, "default").scenarios);
  },
  REPORT_DIR(script) {
    expect(readdirSync(run(script).reports)).toContain("summary.json");
  },
  REPORT_FILES(script) {
    expect(readdirSync(run(script).reports).sort()).toEqual(["summary.json", "summary.md"]);
  },
  BASELINE(script) {
    const report = JSON.parse(readFileSync(join(run(script).reports, "summary.json"), "utf8")) as {
      ok: boolean;
      verdict: string;
      comparison?: { verdict: string };
    };
    // The baseline passed and this run failed (its request timed out): a regression, which only a read
    // baseline can tell. A ladder's steps never ran under --iterations 1, so its run is inconclusive,
    // and so is the comparison.
    expect(report.ok).toBe(false);
    expect([report.verdict, report.comparison?.verdict]).toEqual(script === "ramp" ? ["inconclusive", "inconclusive"] : ["fail", "regression"]);
  },
  SUMMARY_JSON(script) {
    const data = JSON.parse(readFileSync(run(script).data, "utf8")) as { metrics: Record<string, { values: Record<string, number> }> };
    expect(data.metrics["http_reqs"]?.values["count"]).toBe(1);
  },
};

describe("the ready scripts' documentation", () => {
  it("lists every script in scripts/, and no other", () => {
    expect(Object.keys(DOCS.scripts).sort()).toEqual(SCRIPTS);
  });

  it("lists exactly the common variables this test checks", () => {
    expect([...DOCS.common].sort()).toEqual(Object.keys(CHECKS).sort());
  });
});

describe.each(SCRIPTS)("scripts/%s.ts on the real k6", (script) => {
  it.each(Object.keys(CHECKS))("honours -e %s", (variable) => {
    (CHECKS[variable] as (script: string) => void)(script);
  });
});
