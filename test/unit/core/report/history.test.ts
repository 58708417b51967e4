import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { findCreep, parseHistory, type HistoryEntry } from "../../../../lib/core/verdict/history.ts";
import { renderTrendsHtml, SPARKLINE_SVG } from "../../../../lib/core/report/history.ts";
import { launchChromium, openHtml } from "../../../helpers/browser.ts";

// The recorded histories of test/unit/core/verdict/history.test.ts: `creep` rose 1 ms a run in fusion.
const load = (name: string) => {
  const file = resolve(import.meta.dirname, "../../../fixtures/runs/compare", `history-${name}.jsonl`);
  return parseHistory(readFileSync(file, "utf8"), file);
};

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => browser?.close());

/** Each sparkline's points as the browser laid them out (x, y in px within its SVG), with the row's figure. */
async function sparklines(html: string): Promise<{ figure: string; points: { x: number; y: number }[]; width: number; height: number }[]> {
  const page = await browser.newPage();
  await page.route("**/*", (route) => route.abort());
  try {
    await page.setContent(html, { waitUntil: "load" });
    return await page.evaluate(() => {
      // Runs in the page; the Node type world has no DOM globals.
      interface El { textContent: string | null; querySelector(s: string): El | null; querySelectorAll(s: string): ArrayLike<El>; getBoundingClientRect(): { width: number; height: number } }
      interface Line extends El { points: { numberOfItems: number; getItem(i: number): { x: number; y: number } } }
      const doc = (globalThis as unknown as { document: El }).document;
      return Array.from(doc.querySelectorAll("tbody tr")).map((row) => {
        const svg = row.querySelector("svg")!;
        const line = svg.querySelector("polyline") as Line;
        const points = Array.from({ length: line.points.numberOfItems }, (_, i) => ({ x: line.points.getItem(i).x, y: line.points.getItem(i).y }));
        const box = svg.getBoundingClientRect();
        return { figure: `${row.querySelectorAll("td")[0]!.textContent} ${row.querySelectorAll("td")[1]!.textContent}`, points, width: box.width, height: box.height };
      });
    });
  } finally {
    await page.close();
  }
}

describe("the HTML trend of a run history, in the real Chromium", () => {
  test("a creeping history: one SVG sparkline per figure, fusion's rising left to right, nothing loaded or run", async () => {
    const html = renderTrendsHtml(findCreep(load("creep")), 10);
    const opened = await openHtml(browser, html);
    expect({ dialogs: opened.dialogs, errors: opened.errors, requests: opened.requests, active: opened.active, handlers: opened.handlers }).toEqual({
      dialogs: [],
      errors: [],
      requests: [],
      active: {},
      handlers: [],
    });
    expect(opened.headings).toEqual(["loadgate history: creep over the last 10 runs"]);
    expect(opened.tables).toEqual([[6, 6, 6, 6, 6, 6, 6]]);
    const lines = await sparklines(html);
    expect(lines).toHaveLength(6);
    for (const line of lines) {
      expect({ figure: line.figure, points: line.points.length, width: line.width, height: line.height }).toEqual({
        figure: line.figure,
        points: 10,
        width: SPARKLINE_SVG.width,
        height: SPARKLINE_SVG.height,
      });
      for (const point of line.points) {
        expect(point.y).toBeGreaterThanOrEqual(0);
        expect(point.y).toBeLessThanOrEqual(SPARKLINE_SVG.height);
      }
    }
    const fusion = lines.find((line) => line.figure === "scenario:search phase:fusion p(50)")!;
    // SVG y grows downwards: the last run, the slowest, is drawn higher than the first.
    expect(fusion.points[9]!.y).toBeLessThan(fusion.points[0]!.y);
    expect(fusion.points.map((p) => p.x)).toEqual([...fusion.points.map((p) => p.x)].sort((a, b) => a - b));
  }, 60_000);

  test("a scope name from outside loadgate is shown as text, never as markup", async () => {
    const hostile = '<img src=x onerror=alert(1)>"';
    const entries: HistoryEntry[] = Array.from({ length: 5 }, (_, i) => ({
      schema: "loadgate/history@1",
      commit: `c${i}`,
      date: "2026-11-30T06:00:00.000Z",
      scopes: { [`scenario:${hostile}`]: { requests: 10, errorRate: 0, p50: 100 + i, p95: 120, phases: {} } },
    }));
    const opened = await openHtml(browser, renderTrendsHtml(findCreep(entries), 5));
    expect({ dialogs: opened.dialogs, active: opened.active, handlers: opened.handlers }).toEqual({ dialogs: [], active: {}, handlers: [] });
    expect(opened.text).toContain(`scenario:${hostile}`);
  }, 60_000);
});
