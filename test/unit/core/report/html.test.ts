import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { renderHtml } from "../../../../lib/core/report/html.ts";
import { launchChromium } from "../../../helpers/browser.ts";
import { fixture, reportOf } from "../../../helpers/summary-fixtures.ts";
import type { SummaryData } from "../../../../lib/core/vocabulary/summary-data.ts";

const OUT = new URL("../../../../test-output/", import.meta.url).pathname;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

/** Opens a report offline (every request but the page itself is refused) and returns what it shows. */
async function open(name: string, html: string, viewport: { width: number; height: number }) {
  const file = `${OUT}${name}.html`;
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport });
  const requests: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  await page.goto(`file://${file}`);
  const verdict = await page.locator("h1").innerText();
  const charts = await page.locator("svg.chart").evaluateAll((svgs) =>
    svgs.map((svg) => {
      const box = svg.getBoundingClientRect();
      const bars = [...svg.querySelectorAll("rect")].filter((r) => r.getBoundingClientRect().width > 0).length;
      return { chart: svg.getAttribute("data-chart"), visible: box.width > 100 && box.height > 20, bars };
    }),
  );
  const overflow = await page.evaluate(() => {
    // Runs in the page; the Node type world has no DOM globals.
    const page = globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; innerWidth: number };
    return page.document.documentElement.scrollWidth > page.innerWidth;
  });
  await page.screenshot({ path: `${OUT}${name}.png`, fullPage: true });
  await page.close();
  return { verdict, charts, requests: requests.filter((url) => url !== `file://${file}`), overflow };
}

describe("report.html in headless Chromium", () => {
  test("a healthy run with phases shows PASS and draws where the time went, latency and error-share charts, offline", async () => {
    const shown = await open("report-healthy", renderHtml(reportOf(fixture("healthy-with-phases"))), { width: 1280, height: 900 });
    expect(shown).toEqual({
      verdict: "loadgate: PASS",
      charts: [
        // 3 legend swatches; for the whole run (= scenario burst, one bar pair), p50 and p95 of embedding,
        // fusion and unattributed (the phases leave 0.2 ms of the server's p50, under 1% of it: no "(in no phase)")
        { chart: "time", visible: true, bars: 9 },
        { chart: "latency", visible: true, bars: 6 },
        { chart: "errors", visible: true, bars: 2 },
      ],
      requests: [],
      overflow: false,
    });
  });

  test("in each chart no label runs over another: a scenario's phase label sits on its own line", async () => {
    // Before: "embedding (scenario burst)" was drawn on the line of its first bar's "p50" and ran over it.
    const file = `${OUT}report-labels.html`;
    writeFileSync(file, renderHtml(reportOf(fixture("healthy-with-phases"))));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`file://${file}`);
    const overlaps = await page.locator("svg.chart").evaluateAll((svgs) =>
      svgs.flatMap((svg) => {
        const texts = [...svg.querySelectorAll("text")].map((t) => ({ text: t.textContent ?? "", box: t.getBoundingClientRect() }));
        const found: string[] = [];
        for (const [i, a] of texts.entries()) {
          for (const b of texts.slice(i + 1)) {
            const apart = a.box.right <= b.box.left || b.box.right <= a.box.left || a.box.bottom <= b.box.top || b.box.bottom <= a.box.top;
            if (!apart) found.push(`${svg.getAttribute("data-chart")}: "${a.text}" over "${b.text}"`);
          }
        }
        return found;
      }),
    );
    await page.close();
    expect(overlaps).toEqual([]);
  });

  test("an all-failed run shows FAIL with the reason, and on a phone-sized screen the page does not scroll sideways", async () => {
    const html = renderHtml(reportOf(fixture("all-failed-fast")));
    expect(html).toContain("12 of 12 requests failed; latency gates measured 0 successful responses");
    const shown = await open("report-all-failed", html, { width: 390, height: 844 });
    expect(shown).toEqual({
      verdict: "loadgate: FAIL",
      // no latency chart (nothing succeeded); the error share shows two all-red bars
      charts: [{ chart: "errors", visible: true, bars: 2 }],
      requests: [],
      overflow: false,
    });
  });
});

describe("report.html's latency chart, when it cannot be drawn", () => {
  test("says the summary lacks the successes' latency where requests succeeded, and 'no successful responses' only where none did", () => {
    // Before: a ladder run whose 66 successes had no whole-run latency sub-metric read "no successful responses were measured".
    const ladder = JSON.parse(readFileSync(new URL("../../../fixtures/ladder-step-6-fails.json", import.meta.url), "utf8")) as SummaryData;
    const report = reportOf(ladder);
    expect(report.run.successes).toBeGreaterThan(0);
    const html = renderHtml(report);
    expect(html).not.toContain("no successful responses were measured");
    expect(html).toContain("No latency chart: k6's summary holds no latency of the successful responses");
    expect(renderHtml(reportOf(fixture("all-failed-fast")))).toContain("No latency chart: no successful responses were measured.");
  });
});
