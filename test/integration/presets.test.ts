import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleScripts } from "../../lib/node/bundle.ts";
import { startTarget, type RunningTarget } from "../../lib/node/demo-target.ts";
import { k6 } from "../helpers/k6.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const FIXTURES = join(ROOT, "test/fixtures/presets");

let outdir: string;
let burst: string;
let scoped: string;

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), "loadgate-presets-it-"));
  [burst, scoped] = (
    await bundleScripts([join(ROOT, "scripts/burst.ts"), join(ROOT, "test/fixtures/k6/scoped-scenarios.js")], { outdir })
  ).map((r) => resolve(r.outfile)) as [string, string];
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

async function withTarget<T>(run: (target: RunningTarget) => Promise<T>): Promise<T> {
  const target = await startTarget({ embeddingMs: 40, fusionMs: 80 });
  try {
    return await run(target);
  } finally {
    await target.close();
  }
}

describe("-e PRESET_FILE", () => {
  it("a preset file with a schema error stops k6 in init: non-zero exit, the file, path, rule and value, zero requests", async () => {
    const file = join(outdir, "team.json");
    writeFileSync(file, JSON.stringify({ extends: ["error-aware"], gates: { p95: "fast" } }, null, 2));
    await withTarget(async (target) => {
      const run = await k6(burst, { vars: { BASE_URL: target.url, PRESET_FILE: file, VUS: "2", REQUESTS: "4" } });
      expect(run.code).toBe(107);
      expect(run.stderr).toContain(`PresetError: ${file}: /gates/p95 must be a number of milliseconds > 0, got \\"fast\\"`);
      expect(target.stats().requests).toBe(0);
    });
  });

  it("a JSON syntax error names the line and column, and no request is sent", async () => {
    const file = join(outdir, "broken.json");
    writeFileSync(file, '{\n  "gates": { "p95": 500 }\n  "scopes": {}\n}\n');
    await withTarget(async (target) => {
      const run = await k6(burst, { vars: { BASE_URL: target.url, PRESET_FILE: file, VUS: "2", REQUESTS: "4" } });
      expect(run.code).toBe(107);
      expect(run.stderr).toContain(`${file}:3:3: invalid JSON: expected \\",\\" or \\"}\\" after a property value, found \\"\\\\\\"\\"`);
      expect(target.stats().requests).toBe(0);
    });
  });

  it("a valid file, relative to the working directory, extending a file beside it and a shipped preset, runs and passes", async () => {
    mkdirSync(join(outdir, "perf"), { recursive: true });
    writeFileSync(join(outdir, "perf/base.json"), JSON.stringify({ extends: ["crud-api"], gates: { minSuccesses: 4 } }));
    writeFileSync(join(outdir, "ok.json"), JSON.stringify({ extends: ["./perf/base.json"], gates: { p99: 1000 } }));
    await withTarget(async (target) => {
      // p(99) needs 100 successful responses before it differs from the maximum.
      const run = await k6(burst, {
        vars: { BASE_URL: target.url, PRESET_FILE: "ok.json", VUS: "20", REQUESTS: "100" },
        cwd: outdir,
        env: { ...process.env, PWD: outdir },
      });
      expect({ code: run.code, requests: target.stats().requests }).toEqual({ code: 0, requests: 100 });
      // The end-of-test summary lists the merged thresholds: crud-api's p95, the base's guard, the file's p99.
      for (const expression of ["p(95)<500", "count>=4", "p(99)<1000"]) expect(run.stdout).toContain(`'${expression}'`);
    });
  });
});

describe("-e PRESET", () => {
  it("picks a shipped preset; an unknown id stops k6 in init with the ids there are", async () => {
    await withTarget(async (target) => {
      const ok = await k6(burst, { vars: { BASE_URL: target.url, PRESET: "crud-api", VUS: "5", REQUESTS: "20" } });
      expect({ code: ok.code, requests: target.stats().requests }).toEqual({ code: 0, requests: 20 });
      const bad = await k6(burst, { vars: { BASE_URL: target.url, PRESET: "crud", VUS: "2", REQUESTS: "4" } });
      expect(bad.code).toBe(107);
      expect(bad.stderr).toContain('-e PRESET must be a shipped preset (error-aware, strict, rag-search, booking-api, crud-api, database-indexed, database-join, database-aggregation, database-full-text), got \\"crud\\"');
      expect(target.stats().requests).toBe(20);
    });
  });
});

/** Every threshold of a k6 summary, by metric, with whether it passed. */
function verdicts(summaryFile: string): Record<string, Record<string, boolean>> {
  const data = JSON.parse(readFileSync(summaryFile, "utf8")) as {
    metrics: Record<string, { thresholds?: Record<string, { ok: boolean }> }>;
  };
  const out: Record<string, Record<string, boolean>> = {};
  for (const [metric, { thresholds }] of Object.entries(data.metrics)) {
    if (thresholds === undefined) continue;
    out[metric] = Object.fromEntries(Object.entries(thresholds).map(([expression, { ok }]) => [expression, ok]));
  }
  return out;
}

describe("a scoped preset", () => {
  it("fails only because of the peak scenario's stricter budget, and the summary says which threshold", async () => {
    const summary = join(outdir, "scoped-summary.json");
    await withTarget(async (target) => {
      const run = await k6(scoped, {
        vars: { BASE_URL: target.url, PRESET_FILE: join(FIXTURES, "peak-stricter.json"), SUMMARY_FILE: summary },
      });
      expect({ code: run.code, requests: target.stats().requests }).toEqual({ code: 99, requests: 48 });
    });
    expect(verdicts(summary)).toEqual({
      "http_req_duration{expected_response:true}": { "p(95)<1000": true },
      http_req_failed: { "rate<=0.01": true },
      "http_reqs{expected_response:true}": { "count>=5": true, "count>=20": true },
      dropped_iterations: { "count==0": true },
      "http_req_duration{expected_response:true,scenario:normal}": { "p(95)<1000": true },
      "http_req_failed{scenario:normal}": { "rate<=0.01": true },
      "http_reqs{expected_response:true,scenario:normal}": { "count>=3": true, "count>=20": true },
      "dropped_iterations{scenario:normal}": { "count==0": true },
      "http_req_duration{expected_response:true,scenario:peak}": { "p(95)<60": false },
      "http_req_failed{scenario:peak}": { "rate<=0.01": true },
      "http_reqs{expected_response:true,scenario:peak}": { "count>=3": true, "count>=20": true },
      "dropped_iterations{scenario:peak}": { "count==0": true },
    });
  });

  it("the same run under the naive whole-run budget passes: it cannot see that peak is too slow", async () => {
    const summary = join(outdir, "whole-run-summary.json");
    await withTarget(async (target) => {
      const run = await k6(scoped, {
        vars: { BASE_URL: target.url, PRESET_FILE: join(FIXTURES, "whole-run-only.json"), SUMMARY_FILE: summary },
      });
      expect({ code: run.code, requests: target.stats().requests }).toEqual({ code: 0, requests: 48 });
    });
    expect(verdicts(summary)).toEqual({
      "http_req_duration{expected_response:true}": { "p(95)<1000": true },
      http_req_failed: { "rate<=0.01": true },
      "http_reqs{expected_response:true}": { "count>=5": true, "count>=20": true },
      dropped_iterations: { "count==0": true },
    });
  });
});
