import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { analyseK6Output } from "../../../../lib/node/analyse/analyse.ts";
import { renderAnalysisHtml } from "../../../../lib/node/analyse/render.ts";
import { launchChromium } from "../../../helpers/browser.ts";

const ARTIFACTS = "test-output";

// Without Chromium this test fails (launchChromium throws): it never passes by being skipped.
test(
  "the HTML page renders its charts in headless Chromium with no network",
  async () => {
    const html = renderAnalysisHtml(await analyseK6Output("test/fixtures/runs/pool4-ladder.json.gz", { windowMs: 2000 }));
    mkdirSync(ARTIFACTS, { recursive: true });
    const page_ = join(ARTIFACTS, "analyse-pool4-ladder.html");
    writeFileSync(page_, html);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
      const requests: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.setContent(html, { waitUntil: "load" });
      const charts = await page.$$eval("svg", (svgs) =>
        svgs.map((svg) => ({
          label: svg.getAttribute("aria-label"),
          lines: svg.querySelectorAll("path").length,
          height: Math.round(svg.getBoundingClientRect().height),
        })),
      );
      expect(charts.map((c) => c.label)).toEqual([
        ...[1, 2, 3, 4, 5].map((n) => `Latency over time, scenario step_${n} (step ${n}) (successes)`),
        "Error rate over time",
        "Throughput vs users",
      ]);
      expect(charts.every((c) => c.lines > 0 && c.height === 260)).toBe(true);
      expect(await page.locator(".finding").allTextContents()).toEqual([
        "knee (ladder): throughput knee (a scaling heuristic, not the gate): after step 3 (4 users, 33.49 req/s), step 4 (8 users, 34 req/s): throughput rose 2% while users rose 100% over step 3",
      ]);
      expect([requests, errors]).toEqual([[], []]);
      await page.screenshot({ path: join(ARTIFACTS, "analyse-pool4-ladder.png"), fullPage: true });
      expect(existsSync(join(ARTIFACTS, "analyse-pool4-ladder.png"))).toBe(true);
    } finally {
      await browser.close();
    }
  },
);
