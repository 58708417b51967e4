// A real k6 run whose check names and tag values are hostile text (test/helpers/hostile.ts), through
// every renderer: k6's terminal summary, summary.md, report.html, junit.xml and summary.json, then
// `loadgate analyse` (text, Markdown, HTML, JSON), `loadgate merge` and `loadgate compare` on what
// it wrote. Each shows the text as data: the verdict line cannot be spoofed, rendered Markdown and
// HTML run no script and gain no element, every XML file parses with a strict parser.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { marked } from "marked";
import type { Browser } from "playwright-core";
import { SaxesParser } from "saxes";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bundleScripts } from "../../lib/node/bundle.ts";
import { startTarget, type RunningTarget } from "../../lib/node/demo-target.ts";
import type { SummaryReport } from "../../lib/core/verdict/summary-report.ts";
import { asShown, launchChromium, openHtml, type Opened } from "../helpers/browser.ts";
import { loadgate } from "../helpers/cli.ts";
import { HOSTILE_STRINGS, shownAs, TERMINAL_CONTROLS } from "../helpers/hostile.ts";
import { k6 } from "../helpers/k6.ts";

const dir = mkdtempSync(join(tmpdir(), "loadgate-hostile-"));
const at = (...parts: string[]) => join(dir, ...parts);
const read = (...parts: string[]) => readFileSync(at(...parts), "utf8");
/** Each threshold of the run names one hostile tag value. */
const KEYS = HOSTILE_STRINGS.map((value) => `http_req_duration{hostile:${value}}`);

let target: RunningTarget;
/** Answers `{ timings: { "<X-Phase>_ms": 0.1 } }`: a server naming its phase with the hostile text. */
let timings: Server;
let browser: Browser;
let run: { code: number | null; stdout: string; stderr: string };

beforeAll(async () => {
  const [built] = await bundleScripts(["test/integration/scripts/hostile-text.ts"], { outdir: dir, typeCheck: false });
  target = await startTarget({ embeddingMs: 1, fusionMs: 1, jitterMs: 0 });
  timings = createServer((req, res) => {
    const phase = decodeURIComponent(String(req.headers["x-phase"] ?? "none"));
    res.setHeader("Content-Type", "application/json");
    res.end(JSON.stringify({ timings: { [`${phase}_ms`]: 0.1 } }));
  });
  await new Promise<void>((listening) => timings.listen(0, "127.0.0.1", listening));
  const timingsUrl = `http://127.0.0.1:${(timings.address() as AddressInfo).port}`;
  browser = await launchChromium();
  mkdirSync(at("reports"));
  run = await k6(join(process.cwd(), built!.outfile), {
    vars: { BASE_URL: target.url, TIMINGS_URL: timingsUrl, REPORT_DIR: at("reports") },
    args: ["--out", `json=${at("run.json")}`],
  });
});
afterAll(async () => {
  await browser?.close();
  await target?.close();
  await new Promise((closed) => timings?.close(closed));
});

/** Terminal output: no control character but line breaks, and one verdict line, the true one. */
function expectTerminalSafe(output: string, verdict: "FAIL" | "PASS"): void {
  expect(output.match(TERMINAL_CONTROLS), "a control character reached the terminal").toBeNull();
  expect(output.split("\n").filter((line) => /^\s*loadgate verdict:/.test(line))).toEqual([`  loadgate verdict: ${verdict}`]);
}

/** What hostile text could do in a page: nothing ran, loaded or was added. */
const harm = (page: Opened) => ({ dialogs: page.dialogs, errors: page.errors, requests: page.requests, active: page.active, handlers: page.handlers });
const HARMLESS = { dialogs: [], errors: [], requests: [], active: {}, handlers: [] };

/** Every testcase of a JUnit file, read by a strict XML 1.0 parser (it throws on any fault). */
function junitCases(xml: string): string[] {
  const cases: string[] = [];
  const parser = new SaxesParser();
  parser.on("opentag", (tag) => {
    if (tag.name === "testcase") cases.push(`${String(tag.attributes["classname"])} ${String(tag.attributes["name"])}`);
  });
  parser.write(xml).close();
  return cases;
}

describe("a k6 run with hostile check names and tag values", () => {
  test("k6 exits 99 and its terminal summary has one verdict line, FAIL, with every hostile string shown, controls written out", () => {
    expect(run.code, run.stderr.slice(0, 2000)).toBe(99);
    expectTerminalSafe(run.stdout, "FAIL");
    for (const text of HOSTILE_STRINGS) expect(run.stdout).toContain(`✗ ${shownAs(text)}  1 / 2`);
  });

  test("summary.json keeps every check name and threshold key exactly as the script wrote it", () => {
    const report = JSON.parse(read("reports", "summary.json")) as SummaryReport;
    expect(report.checks.map((c) => c.name).sort()).toEqual([...HOSTILE_STRINGS].sort());
    expect(report.thresholds.map((t) => t.metric).filter((m) => m.includes("hostile:")).sort()).toEqual([...KEYS].sort());
    expect(report.ok).toBe(false);
  });

  test("summary.md, rendered as GitHub would, runs no script and adds no element, heading or table cell", async () => {
    const page = await openHtml(browser, marked.parse(read("reports", "summary.md"), { async: false }));
    expect(harm(page)).toEqual(HARMLESS);
    expect(page.headings).toEqual(["❌ loadgate: FAIL", "Scenarios", "Phases", "Thresholds", "Checks"]);
    // scenarios: header, hostile, all; the phases of the whole run (the unlisted ones are not in k6's
    // summary); thresholds: header and one per key plus the gate's five (its error budget, latency,
    // two success-count guards and the dropped-iterations guard); checks: header and one per name
    expect([page.tables[0], ...page.tables.slice(2)]).toEqual([[8, 8, 8], Array(KEYS.length + 6).fill(5), Array(HOSTILE_STRINGS.length + 1).fill(3)]);
    for (const text of HOSTILE_STRINGS) expect(page.text).toContain(asShown(shownAs(text)));
  });

  test("report.html runs no script and adds no element, and shows every hostile string", async () => {
    const page = await openHtml(browser, read("reports", "report.html"));
    expect(harm(page)).toEqual(HARMLESS);
    expect(page.headings).toEqual(["loadgate: FAIL", "Scenarios", "Phases", "Thresholds", "Checks"]);
    for (const text of HOSTILE_STRINGS) expect(page.text).toContain(asShown(shownAs(text)));
  });

  test("junit.xml parses with a strict XML parser, one testcase per threshold named as shown", () => {
    const cases = junitCases(read("reports", "junit.xml"));
    for (const key of KEYS) expect(cases).toContain(`${shownAs(key)} p(95)<0.001`);
    expect(cases).toHaveLength(1 + KEYS.length + 5);
  });
});

describe("loadgate analyse of the run's k6 JSON output, split by the hostile step tag", () => {
  test("text: no control character reaches the terminal, and every hostile step is shown", async () => {
    const text = await loadgate(["analyse", at("run.json")]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout.match(TERMINAL_CONTROLS)).toBeNull();
    for (const value of HOSTILE_STRINGS) expect(text.stdout).toContain(shownAs(value));
  });

  test("Markdown and HTML run no script and add no element; every table row keeps its cells", async () => {
    for (const format of ["md", "html", "json"]) {
      const result = await loadgate(["analyse", at("run.json"), "--format", format, "--out", at("analyse")]);
      expect(result.code, result.stderr).toBe(0);
    }
    const markdown = await openHtml(browser, marked.parse(read("analyse", "run.md"), { async: false }));
    const html = await openHtml(browser, read("analyse", "run.html"));
    expect([harm(markdown), harm(html).handlers, harm(html).dialogs, harm(html).requests]).toEqual([HARMLESS, [], [], []]);
    expect(html.active).toEqual({});
    // the scopes table (9 columns) and the ladder table (8): one row per hostile step and the header
    expect(markdown.tables.slice(0, 2)).toEqual([Array(HOSTILE_STRINGS.length + 1).fill(9), Array(HOSTILE_STRINGS.length + 1).fill(8)]);
    expect(markdown.tables.slice(2).every((rows) => rows.every((cells) => cells === 7))).toBe(true);
    for (const page of [markdown, html]) for (const value of HOSTILE_STRINGS) expect(page.text).toContain(asShown(shownAs(value)));
    const analysis = JSON.parse(read("analyse", "run.json")) as { scopes: { step: string; phases: { phase: string }[] }[] };
    // The script lists no phase: what the server named after each step is summed as the unlisted phases.
    expect(analysis.scopes.map((s) => [s.step, s.phases.map((p) => p.phase)])).toEqual(
      expect.arrayContaining(HOSTILE_STRINGS.map((value) => [value, ["_unlisted"]])),
    );
    expect(analysis.scopes).toHaveLength(HOSTILE_STRINGS.length);
  });
});

describe("loadgate merge of the run, judged by a preset whose thresholds name the hostile tag values", () => {
  test("its terminal summary has one verdict line, FAIL, sums the phases the server named, and its reports parse and show the text as data", async () => {
    const preset = at("hostile-preset.json");
    writeFileSync(preset, JSON.stringify({ extends: ["error-aware"], thresholds: Object.fromEntries(KEYS.map((key) => [key, ["p(95)<0.001"]])) }));
    const merged = await loadgate(["merge", at("run.json"), "--preset", preset, "--out", at("merged")]);
    expect(merged.code, merged.stderr).toBe(99);
    expectTerminalSafe(merged.stdout, "FAIL");
    for (const text of HOSTILE_STRINGS) expect(merged.stdout).toContain(`✗ ${shownAs(text)}  1 / 2`);
    // The server's phase names are never recorded (the script lists none): their time is the unlisted phases' row.
    expect(merged.stdout).not.toContain("cannot be named in a tag selector");
    expect(merged.stdout).toMatch(/\(other named phases\)\s+\d+\.\dms/);
    const cases = junitCases(read("merged", "junit.xml"));
    for (const key of KEYS) expect(cases).toContain(`${shownAs(key)} p(95)<0.001`);
    const page = await openHtml(browser, marked.parse(read("merged", "summary.md"), { async: false }));
    expect(harm(page)).toEqual(HARMLESS);
    expect(harm(await openHtml(browser, read("merged", "report.html")))).toEqual(HARMLESS);
  });
});

describe("loadgate compare of two summary.json files whose scenario names are hostile text", () => {
  test("prints no control character, and names each hostile scenario's regression as shown", async () => {
    // A summary.json is a file from outside: here the real one, its scenario named by each hostile string.
    const report = JSON.parse(read("reports", "summary.json")) as SummaryReport;
    const [row] = report.scenarios;
    const crafted = { ...report, scenarios: HOSTILE_STRINGS.map((scope) => ({ ...row!, scope })) };
    const slower = { ...crafted, scenarios: crafted.scenarios.map((s) => ({ ...s, p95: (s.p95 ?? 0) * 3 + 100 })) };
    writeFileSync(at("baseline.json"), JSON.stringify(crafted));
    writeFileSync(at("current.json"), JSON.stringify(slower));
    const compared = await loadgate(["compare", at("current.json"), at("baseline.json")]);
    expect(compared.code, compared.stderr).toBe(1);
    expect(compared.stdout.match(TERMINAL_CONTROLS)).toBeNull();
    for (const value of HOSTILE_STRINGS) expect(compared.stdout).toContain(`scenario:${shownAs(value)} regressed: p95 `);
  });
});
