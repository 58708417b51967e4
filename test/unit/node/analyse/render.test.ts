import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { analyseK6Output, type AnalyseOptions } from "../../../../lib/node/analyse/analyse.ts";
import { renderAnalysisHtml } from "../../../../lib/node/analyse/render.ts";
import { CLEAN_LAYOUTS, launchChromium, layoutsAtPhoneAndDesktop } from "../../../helpers/browser.ts";

const OUT = new URL("../../../../test-output/", import.meta.url).pathname;

/** Real k6 runs against the demo target (test/fixtures/scripts/record.sh), analysed as `loadgate analyse` does. */
const RUNS: Record<string, { file: string; options: AnalyseOptions }> = {
  // Pool of 4 behind a ladder of 1..16 users: throughput stops growing after step 3, and step 4's p95 (242 ms) is over the 200 ms budget.
  "ladder-breaks": { file: "pool4-ladder", options: { windowMs: 2000, p95Ms: 200 } },
  // Every request 20 ms slower than the one before.
  leak: { file: "leak-sequential", options: { windowMs: 2000 } },
  // The seed RAG profile: embedding 233.6 ms, fusion 476.8 ms, 331.6 ms the API did not report.
  "seed-rag-profile": { file: "seed-rag-profile", options: { windowMs: 2000 } },
  healthy: { file: "healthy-sequential", options: { windowMs: 2000 } },
  // Answers normally, then every answer a quick 503.
  "fast-fail": { file: "fast-fail-sequential", options: { windowMs: 2000 } },
  // Every answer a quick 503 (`loadgate target --mode fast-fail`, 20 requests).
  "all-failed": { file: "all-failed-sequential", options: { windowMs: 2000 } },
  "cold-start": { file: "cold-start-sequential", options: { windowMs: 2000 } },
};

const page = async (name: string) => {
  const run = RUNS[name]!;
  return renderAnalysisHtml(await analyseK6Output(`test/fixtures/runs/${run.file}.json.gz`, run.options));
};
const charts = (html: string) => [...html.matchAll(/data-chart="([a-z]+)"/g)].map((m) => m[1]);

describe("the analyse page's pictures", () => {
  test("a ladder that breaks: one timeline with the steps as bands and the knee marked, p95 per step against the budget, throughput against linear", async () => {
    const html = await page("ladder-breaks");
    expect(charts(html)).toEqual(["timeline", "broke", "throughput"]);
    // Five steps, five bands; the step outside the gate is mark 1, the throughput knee mark 2.
    expect(html.match(/<rect [^>]*><title>step \d+: [\d.]+–[\d.]+ s<\/title>/g)?.length).toBe(5);
    expect(html).toContain(`<title>1: capacity</title>`);
    expect(html).toContain(`<title>2: knee</title>`);
    expect(html).toContain("budget p95 &lt; 200 ms");
    expect(html).toContain("the green column is the capacity (step 3)");
    expect(html.indexOf("<h2>Findings</h2>")).toBeLessThan(html.indexOf(`data-chart="timeline"`));
  });

  test("a leak: the degradation finding is marked over the stretch it covers", async () => {
    const html = await page("leak");
    expect(charts(html)).toEqual(["timeline"]);
    expect(html).toContain(`<title>1: degradation</title>`);
  });

  test("an all-failed run: the timeline has no latency line to draw, and its error strip is full", async () => {
    const html = await page("all-failed");
    expect(charts(html)).toEqual(["timeline"]);
    expect(html).not.toMatch(/<polyline [^>]*stroke="#(4c78a8|f58518|b279a2)"/);
    const failed = [...html.matchAll(/<title>[\d.]+ s: ([\d.]+)% of \d+ failed<\/title>/g)].map((m) => m[1]);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((share) => share === "100.0")).toBe(true);
    expect(html).toContain("No window had a successful response, so no latency line is drawn");
  });

  test("the seed RAG profile: where the time went shows embedding, fusion and the unattributed time at p50 and p95", async () => {
    const html = await page("seed-rag-profile");
    expect(charts(html)).toEqual(["timeline", "time"]);
    const cells = [...html.matchAll(/<tr><td class="text">scenario burst<\/td><td class="text">(p50|p95)<\/td><td>([\d.]+)ms<\/td><td>([\d.]+)ms<\/td><td>([\d.]+)ms<\/td>/g)];
    expect(cells.map((m) => m[1])).toEqual(["p50", "p95"]);
    for (const m of cells) {
      // The target sleeps exactly these times; each part at its own percentile is at or a little above them.
      expect([Number(m[2]) - 233.6, Number(m[3]) - 476.8, Number(m[4]) - 331.6].every((d) => d > -1 && d < 20)).toBe(true);
    }
  });
});

describe("the analyse page in headless Chromium, offline", () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  for (const name of Object.keys(RUNS)) {
    test(`${name}: at 390 px and 1280 px no two labels overlap and nothing scrolls sideways`, async () => {
      expect(await layoutsAtPhoneAndDesktop(browser, OUT, `analyse-${name}`, await page(name))).toEqual(CLEAN_LAYOUTS);
    });
  }
});
