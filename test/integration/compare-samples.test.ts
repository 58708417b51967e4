import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { marked } from "marked";
import { loadgate } from "../helpers/cli.ts";
import { renderJson } from "../../lib/core/report/json.ts";
import { fixture, reportOf } from "../helpers/summary-fixtures.ts";

const RUNS = resolve(import.meta.dirname, "../fixtures/runs");
const at = (name: string) => resolve(RUNS, name);

/** Runs the real CLI (bin/loadgate.js over dist/), as a user does. */
async function cli(args: string[]): Promise<{ code: number | null; out: string }> {
  const { code, stdout, stderr } = await loadgate(args);
  return { code, out: (stdout + stderr).trimEnd() };
}

describe("loadgate compare over k6 JSON output", () => {
  const dir = mkdtempSync(join(tmpdir(), "loadgate-compare-samples-"));

  test("a recorded fusion regression (80 → 86 ms) exits 1, blamed on fusion, and writes the pull-request comment", async () => {
    const markdown = join(dir, "comment.md");
    const result = await cli(["compare", at("compare/fusion-86.json.gz"), at("compare/base-a.json.gz"), "--markdown", markdown]);
    expect(result.code).toBe(1);
    const lines = result.out.split("\n");
    expect(lines[0]).toMatch(/^loadgate compare: REGRESSION {2}\(samples of .*fusion-86\.json\.gz against .*base-a\.json\.gz; 95% bootstrap intervals widened by each run's design effect \(requests close in time move together\) over successful responses\)$/);
    expect(lines[1]).toBe("  scenario:search: regression of p(50) (the two judged together at 95%)");
    expect(lines[2]).toBe("  scenario:search: p(50) +5.1 ms, of which fusion +5.7 ms, embedding -0.3 ms, unattributed -0.3 ms");
    const html = marked.parse(readFileSync(markdown, "utf8"), { async: false });
    expect(html).toContain("<h3>loadgate compare: 🔴 regression</h3>");
    expect(html).toContain("<li>p(50) +5.1 ms, of which fusion +5.7 ms, embedding -0.3 ms, unattributed -0.3 ms</li>");
  });

  test("a run against itself is no detectable change (exit 0); --json prints the comparison", async () => {
    const result = await cli(["compare", at("compare/base-a.json.gz"), at("compare/base-a.json.gz"), "--json"]);
    expect(result.code).toBe(0);
    const comparison = JSON.parse(result.out) as { kind: string; verdict: string; scopes: { scope: string; p95: { delta: number } }[] };
    expect({ kind: comparison.kind, verdict: comparison.verdict, scopes: comparison.scopes.map((s) => [s.scope, s.p95.delta]) }).toEqual({
      kind: "samples",
      verdict: "no detectable change",
      scopes: [["scenario:search", 0]],
    });
  });

  test("a run that dropped iterations makes the comparison inconclusive: exit 3", async () => {
    const result = await cli(["compare", at("dropped-open-model.json.gz"), at("dropped-open-model.json.gz")]);
    expect(result.code).toBe(3);
    expect(result.out).toMatch(/^loadgate compare: INCONCLUSIVE/);
  });

  test("--update-baseline copies a run without regression over the baseline", async () => {
    const baseline = join(dir, "baseline.json.gz");
    copyFileSync(at("compare/fusion-86.json.gz"), baseline);
    expect((await cli(["compare", at("compare/base-a.json.gz"), baseline, "--update-baseline"])).code).toBe(0);
    expect(readFileSync(baseline)).toEqual(readFileSync(at("compare/base-a.json.gz")));
  });

  test("summary.json inputs keep the summary comparison, labelled summary-only; --markdown is refused there", async () => {
    const summary = join(dir, "summary.json");
    writeFileSync(summary, renderJson(reportOf(fixture("healthy-with-phases"))));
    const result = await cli(["compare", summary, summary]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^loadgate compare: WITHIN NOISE {2}\(summary-only: /);
    const refused = await cli(["compare", summary, summary, "--markdown", join(dir, "x.md")]);
    expect(refused.code).toBe(2);
    expect(refused.out).toMatch(/^loadgate compare: --markdown needs two k6 JSON output files/);
  });

  test("--learn-noise writes the noise of A/A pairs, and --noise widens a comparison's intervals with it", async () => {
    const noise = join(dir, "noise.json");
    const [a, b] = [at("compare/base-a.json.gz"), at("compare/base-b.json.gz")];
    // The plumbing only: three pairs from two recorded runs (test/unit/core/verdict/noise.test.ts judges real A/A pairs).
    const learned = await cli(["compare", "--learn-noise", noise, a, b, b, a, a, a]);
    expect(learned.code).toBe(0);
    expect(learned.out.split("\n")[0]).toBe(`loadgate compare: noise between runs learned from 3 A/A pairs, written to ${noise}`);
    const model = JSON.parse(readFileSync(noise, "utf8")) as { schema: string; pairs: number; figures: Record<string, { pairs: number }> };
    expect({ schema: model.schema, pairs: model.pairs, figures: Object.keys(model.figures) }).toEqual({
      schema: "loadgate/noise@1",
      pairs: 3,
      figures: [
        "scenario:search p(50)",
        "scenario:search p(95)",
        "scenario:search/phase:embedding p(50)",
        "scenario:search/phase:embedding p(95)",
        "scenario:search/phase:fusion p(50)",
        "scenario:search/phase:fusion p(95)",
      ],
    });
    const judged = await cli(["compare", b, a, "--noise", noise]);
    expect(judged.out.split("\n")[0]).toMatch(/95% bootstrap intervals widened by each run's design effect \(requests close in time move together\) and the noise between runs learned from 3 A\/A pairs over successful responses\)$/);
    expect(judged.code).toBe(0);
  });

  test("bad noise input: too few A/A files, a file that is not a noise file", async () => {
    const few = await cli(["compare", "--learn-noise", join(dir, "n.json"), at("compare/base-a.json.gz"), at("compare/base-b.json.gz")]);
    expect({ code: few.code, first: few.out.split("\n")[0] }).toEqual({
      code: 2,
      first: "loadgate compare: --learn-noise needs A/A pairs of k6 JSON output files, at least 3 pairs (6 files), got 2 file(s)",
    });
    const summary = join(dir, "summary-not-noise.json");
    writeFileSync(summary, renderJson(reportOf(fixture("healthy-with-phases"))));
    const bad = await cli(["compare", at("compare/base-a.json.gz"), at("compare/base-a.json.gz"), "--noise", summary]);
    expect({ code: bad.code, out: bad.out }).toEqual({
      code: 1,
      out: `loadgate compare: ${summary}: /schema must be "loadgate/noise@1" (written by loadgate compare --learn-noise), got "loadgate/summary@3"`,
    });
  });

  test("loadgate history appends a run as one JSON line and exits 1 on the recorded creep, 0 on the flat history", async () => {
    const file = join(dir, "history.jsonl");
    const appended = await cli(["history", file, "--append", at("compare/base-a.json.gz"), "--commit", "abc123", "--verdict", "pass"]);
    expect(appended.code).toBe(0);
    expect(appended.out.split("\n").slice(0, 2)).toEqual([`appended ${at("compare/base-a.json.gz")} (abc123) to ${file}`, "loadgate history: no creep over the last 1 runs"]);
    const [line] = readFileSync(file, "utf8").trimEnd().split("\n");
    const entry = JSON.parse(line!) as { schema: string; commit: string; verdict: string; scopes: Record<string, { requests: number; phases: Record<string, unknown> }> };
    expect({ schema: entry.schema, commit: entry.commit, verdict: entry.verdict, requests: entry.scopes["scenario:search"]!.requests, phases: Object.keys(entry.scopes["scenario:search"]!.phases) }).toEqual({
      schema: "loadgate/history@1", commit: "abc123", verdict: "pass", requests: 300, phases: ["embedding", "fusion"],
    });
    const creep = await cli(["history", at("compare/history-creep.jsonl"), "--markdown", join(dir, "trend.md")]);
    expect(creep.code).toBe(1);
    expect(creep.out.split("\n")[0]).toMatch(/^loadgate history: CREEP over the last 10 runs in .*scenario:search phase:fusion p\(50\)/);
    expect(readFileSync(join(dir, "trend.md"), "utf8").split("\n")[0]).toBe("### loadgate history: 🔴 creep over the last 10 runs");
    const flat = await cli(["history", at("compare/history-flat.jsonl")]);
    expect({ code: flat.code, first: flat.out.split("\n")[0] }).toEqual({ code: 0, first: "loadgate history: no creep over the last 10 runs" });
  });

  test("loadgate history --append takes the summary.json handleSummary wrote, with its verdict, and --html writes the trend page", async () => {
    const file = join(dir, "history-summaries.jsonl");
    const summary = join(dir, "summary-for-history.json");
    const report = reportOf(fixture("healthy-with-phases"));
    writeFileSync(summary, renderJson(report));
    for (let i = 0; i < 4; i++) expect((await cli(["history", file, "--append", summary, "--commit", `c${i}`])).code).toBe(0);
    const entries = readFileSync(file, "utf8").trimEnd().split("\n").map((line) => JSON.parse(line) as { commit: string; verdict: string; scopes: Record<string, { p95: number }> });
    expect(entries.map((e) => [e.commit, e.verdict, e.scopes[`scenario:${report.scenarios[0]!.scope}`]!.p95])).toEqual(
      [0, 1, 2, 3].map((i) => [`c${i}`, report.verdict, report.scenarios[0]!.p95]),
    );
    const html = join(dir, "trend.html");
    const shown = await cli(["history", file, "--html", html]);
    expect({ code: shown.code, first: shown.out.split("\n")[0] }).toEqual({ code: 0, first: "loadgate history: no creep over the last 4 runs" });
    expect(readFileSync(html, "utf8")).toContain("<h1 class=\"verdict pass\">loadgate history: no creep over the last 4 runs</h1>");
    const refused = await cli(["history", file, "--append", summary, "--verdict", "fail"]);
    expect({ code: refused.code, out: refused.out }).toEqual({
      code: 2,
      out: `loadgate history: --verdict fail given for ${summary}, a summary.json whose verdict is ${report.verdict}`,
    });
  });
});
