import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { marked } from "marked";
import { bundleScripts } from "../../lib/node/bundle.ts";
import { startTarget } from "../../lib/node/demo-target.ts";
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
