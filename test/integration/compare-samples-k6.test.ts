import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { marked } from "marked";
import { bundleScripts } from "../../lib/node/bundle.ts";
import { startTarget, TARGET_PROFILES, type RunningTarget } from "../../lib/node/demo-target.ts";
import { compareSampleFiles } from "../../lib/node/compare-samples/compare-files.ts";
import { k6 } from "../helpers/k6.ts";
import { loadgate } from "../helpers/cli.ts";

const outdir = mkdtempSync(join(tmpdir(), "loadgate-compare-k6-"));

beforeAll(async () => {
  await bundleScripts(["scripts/phases.ts"], { outdir });
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Runs build/phases.js against a baseline target and a changed target side by side, each to its own k6 JSON output. */
async function sideBySide(name: string, fusionMs: number): Promise<{ baseline: string; current: string }> {
  const [before, after] = await Promise.all([startTarget({ fusionMs: 80 }), startTarget({ fusionMs })]);
  try {
    const files = { baseline: join(outdir, `${name}-baseline.json.gz`), current: join(outdir, `${name}-current.json.gz`) };
    const vars = { REQUESTS: "300", VUS: "5", REPORT_FILES: "json", REPORT_DIR: outdir };
    const runs = await Promise.all([
      k6(join(outdir, "phases.js"), { vars: { ...vars, BASE_URL: before.url }, args: ["--quiet", "--out", `json=${files.baseline}`] }),
      k6(join(outdir, "phases.js"), { vars: { ...vars, BASE_URL: after.url }, args: ["--quiet", "--out", `json=${files.current}`] }),
    ]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    return files;
  } finally {
    await Promise.all([before.close(), after.close()]);
  }
}

describe("loadgate compare over samples of real k6 runs, side by side", () => {
  it.each([1, 2, 3])("pair %i: finds a 5% fusion-only regression (80 → 86 ms), its p(50) interval excluding 0, blamed on fusion within 10% of 6 ms", async (pair) => {
    const { baseline, current } = await sideBySide(`fusion-86-${pair}`, 86);
    const markdown = join(outdir, `comment-${pair}.md`);
    const result = await loadgate(["compare", current, baseline, "--json", "--markdown", markdown]);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    const comparison = JSON.parse(result.stdout) as {
      verdict: string;
      scopes: { scope: string; p50: { low: number }; blame: { p: number; phases: { phase: string; shift: { delta: number } }[] }[] }[];
    };
    const scope = comparison.scopes[0]!;
    expect({ verdict: comparison.verdict, scope: scope.scope }).toEqual({ verdict: "regression", scope: "scenario:search" });
    expect(scope.p50.low).toBeGreaterThan(0);
    const blame = scope.blame.find((b) => b.p === 50)!;
    expect(blame.phases[0]!.phase).toBe("fusion");
    expect(Math.abs(blame.phases[0]!.shift.delta - 6)).toBeLessThanOrEqual(0.6);
    const html = marked.parse(readFileSync(markdown, "utf8"), { async: false });
    expect(html).toContain("<h3>loadgate compare: 🔴 regression</h3>");
  }, 120_000);
});

/** Runs build/phases.js once against `url`, writing its k6 JSON output to `file`. */
async function runOnce(url: string, file: string): Promise<void> {
  const run = await k6(join(outdir, "phases.js"), {
    vars: { REQUESTS: "240", VUS: "40", REPORT_FILES: "json", REPORT_DIR: outdir, BASE_URL: url },
    args: ["--quiet", "--out", `json=${file}`],
  });
  expect(run.code, run.stderr).toBe(0);
}

// The rule the product uses: one pair of runs of 240 requests each (40 VUs, about 6 s), baseline first and
// then current, as a pipeline runs them, judged with bootstrap intervals widened by each run's design
// effect (requests close in time share the machine's state). The target's own spread (±30 ms a phase)
// is large against the few ms a shared machine drifts between runs.
//
// A measurement of rates, not a check of one run: even a perfectly calibrated 95% interval flags 2 or more
// of 20 A/A pairs about a quarter of the time, and the 44 runs take about 4 minutes. So it runs on demand,
// `npm run measure:compare`, and its figures are in docs/reports-and-compare.md; the rule itself is held
// in every `npm test` by the seeded simulations of test/unit/core/verdict/sample-comparison.test.ts and the
// side-by-side real pairs above.
describe.runIf(process.env["LOADGATE_MEASURE"] === "compare")("loadgate compare over samples of real k6 runs, one after another, on the search profile (600 ms, ±30 ms a phase)", () => {
  let same: RunningTarget;
  let slower: RunningTarget;
  beforeAll(async () => {
    same = await startTarget(TARGET_PROFILES.search);
    slower = await startTarget({ ...TARGET_PROFILES.search, fusionMs: TARGET_PROFILES.search.fusionMs + 30 });
  });
  afterAll(async () => {
    await Promise.all([same?.close(), slower?.close()]);
  });

  it("20 A/A pairs (the same target twice): at least 19 are no detectable change", async () => {
    // All runs first, then the comparisons: the target shares this process, and reading a run while the
    // next one ran would slow that run's responses.
    const pairs: [baseline: string, current: string][] = [];
    for (let pair = 1; pair <= 20; pair++) {
      const files: [string, string] = [join(outdir, `aa-${pair}-baseline.json.gz`), join(outdir, `aa-${pair}-current.json.gz`)];
      await runOnce(same.url, files[0]);
      await runOnce(same.url, files[1]);
      pairs.push(files);
    }
    const verdicts: string[] = [];
    for (const [baseline, current] of pairs) verdicts.push((await compareSampleFiles(current, baseline)).verdict);
    const alarms = verdicts.filter((verdict) => verdict !== "no detectable change");
    console.log(`A/A false alarms: ${alarms.length}/20 (${alarms.join(", ") || "none"})`);
    expect(alarms.length).toBeLessThanOrEqual(1);
  }, 300_000);

  it("a 5% regression (fusion 400 → 430 ms, +30 ms on 600), 4 pairs: each a regression with its p(50) interval above 0, p(95)'s above 0 in at least 3", async () => {
    const seen: { verdict: string; code: number | null; p50: { low: number; delta: number }; p95: { low: number; delta: number }; blamed: string }[] = [];
    for (let pair = 1; pair <= 4; pair++) {
      await runOnce(same.url, join(outdir, `five-${pair}-baseline.json.gz`));
      await runOnce(slower.url, join(outdir, `five-${pair}-current.json.gz`));
    }
    for (let pair = 1; pair <= 4; pair++) {
      const baseline = join(outdir, `five-${pair}-baseline.json.gz`);
      const current = join(outdir, `five-${pair}-current.json.gz`);
      const result = await loadgate(["compare", current, baseline, "--json"]);
      const comparison = JSON.parse(result.stdout) as {
        verdict: string;
        scopes: { p50: { low: number; delta: number }; p95: { low: number; delta: number }; blame: { p: number; phases: { phase: string }[] }[] }[];
      };
      const scope = comparison.scopes[0]!;
      seen.push({ verdict: comparison.verdict, code: result.code, p50: scope.p50, p95: scope.p95, blamed: scope.blame.find((b) => b.p === 50)!.phases[0]!.phase });
      console.log(`5% regression pair ${pair}: p(50) ${scope.p50.delta.toFixed(1)} ms (low ${scope.p50.low.toFixed(1)}), p(95) ${scope.p95.delta.toFixed(1)} ms (low ${scope.p95.low.toFixed(1)})`);
    }
    expect(seen.map((s) => [s.verdict, s.code, s.p50.low > 0, s.blamed])).toEqual(Array(4).fill(["regression", 1, true, "fusion"]));
    expect(seen.filter((s) => s.p95.low > 0).length).toBeGreaterThanOrEqual(3);
  }, 120_000);
});
