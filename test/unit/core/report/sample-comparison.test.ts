import { describe, expect, test } from "vitest";
import { marked } from "marked";
import { compareSamples, type RunSamples } from "../../../../lib/core/verdict/sample-comparison.ts";
import { renderSampleComparisonMarkdown, renderSampleComparisonText } from "../../../../lib/core/report/sample-comparison.ts";
import { normalDraw, seededRandom } from "../../../../lib/core/stats/random.ts";

/** A run of `n` successful requests whose phases are embedding ~40 ms and fusion ~`fusionMs`, plus ~1 ms outside them. */
function run(file: string, scope: string, seed: number, fusionMs: number, n = 400): RunSamples {
  const random = seededRandom(seed);
  const embedding = new Float64Array(n);
  const fusion = new Float64Array(n);
  const durations = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    embedding[i] = 40 + 4 * random() - 2 + Math.exp(0.5 * normalDraw(random));
    fusion[i] = fusionMs + 4 * random() - 2 + Math.exp(0.5 * normalDraw(random));
    durations[i] = embedding[i]! + fusion[i]! + 1 + random();
  }
  return { file, scopes: [{ scope, requests: n, durations: durations.sort(), phases: { embedding: embedding.sort(), fusion: fusion.sort() } }], droppedIterations: 0, sampled: false };
}

describe("the sample comparison's renderers", () => {
  const regression = compareSamples(run("base.json.gz", "scenario:search", 1, 80), run("pr.json.gz", "scenario:search", 2, 86));

  test("the verdict, the p(95) change with its interval and the blame lead the text", () => {
    const text = renderSampleComparisonText(regression);
    const [first, , blame50, blame95] = text.split("\n");
    expect(first).toBe("loadgate compare: REGRESSION  (samples of pr.json.gz against base.json.gz; 95% bootstrap intervals over successful responses)");
    expect(blame50).toMatch(/^ {2}scenario:search: p\(50\) \+\d+\.\d ms, of which fusion \+\d+\.\d ms, embedding [+-]\d+\.\d ms, unattributed [+-]\d+\.\d ms$/);
    expect(blame95).toMatch(/^ {2}scenario:search: p\(95\) \+\d+\.\d ms, of which fusion \+\d+\.\d ms, /);
  });

  test("the pull-request comment renders with a real Markdown renderer: a heading, the bullets and a 7-column table", () => {
    const html = marked.parse(renderSampleComparisonMarkdown(regression), { async: false });
    expect(html).toContain("<h3>loadgate compare: 🔴 regression</h3>");
    expect(html).toMatch(/<li>(?:<p>)?<strong>scenario:search<\/strong>: p\(95\) \+\d+\.\d ms \(\+\d+\.\d%\), 95% CI \+\d+\.\d … \+\d+\.\d ms — regression; smallest detectable change \d+\.\d ms/);
    expect(html).toMatch(/<li>p\(95\) \+\d+\.\d ms, of which fusion \+\d+\.\d ms, embedding/);
    const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<t[hd]>/g)].length);
    // header, p(50), p(95), error rate, then p(50) and p(95) of each of the two phases
    expect(rows).toEqual([7, 7, 7, 7, 7, 7, 7, 7]);
  });

  test("a hostile scope name stays text in the comment: no HTML, no split cell", () => {
    const scope = "scenario:<img src=x onerror=alert(1)>|x";
    const comparison = compareSamples(run("a", scope, 1, 80, 50), run("b", scope, 2, 80, 50));
    const html = marked.parse(renderSampleComparisonMarkdown(comparison), { async: false });
    expect(html).not.toContain("<img");
    const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<t[hd]>/g)].length);
    expect(new Set(rows)).toEqual(new Set([7]));
    expect(renderSampleComparisonText(comparison)).not.toContain("\u001b");
  });

  test("an inconclusive comparison says why, first", () => {
    const dropped = { ...run("b", "scenario:search", 2, 80), droppedIterations: 3 };
    const comparison = compareSamples(run("a", "scenario:search", 1, 80), dropped);
    expect(comparison.verdict).toBe("inconclusive");
    expect(renderSampleComparisonMarkdown(comparison).split("\n").slice(0, 5)).toEqual([
      "### loadgate compare: 🟡 inconclusive",
      "",
      "Current run b against baseline a, over successful responses; 95% bootstrap confidence intervals. A change whose interval holds 0 is *no detectable change*.",
      "",
      "- the current run dropped 3 iterations: the load asked was not delivered",
    ]);
  });
});
