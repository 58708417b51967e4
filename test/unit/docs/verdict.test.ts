import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CAUSE_CODES } from "../../../lib/core/verdict/causes.ts";
import { runMetricsFromSummary } from "../../../lib/core/verdict/run-metrics.ts";
import { buildVerdict } from "../../../lib/core/verdict/verdict.ts";
import type { SummaryData, SummaryMetric } from "../../../lib/core/vocabulary/summary-data.ts";
import { fixture } from "../../helpers/summary-fixtures.ts";

const page = readFileSync(new URL("../../../docs/reports-and-compare.md", import.meta.url), "utf8");

function verdictSection(): string {
  const start = page.indexOf("\n## The verdict\n");
  expect(start, "docs/reports-and-compare.md has a '## The verdict' section").toBeGreaterThan(-1);
  return page.slice(start + 1).split(/\n## /)[0] as string;
}

describe("docs/reports-and-compare.md's verdict section", () => {
  it("lists every cause the verdict can give, and no other, with the verdict it leads to", () => {
    const rows = [...verdictSection().matchAll(/^\| `([a-z-]+)` \| (FAIL|INCONCLUSIVE) \|/gm)].map((m) => [m[1], m[2]]);
    expect(rows.map(([code]) => code)).toEqual([...CAUSE_CODES]);
    expect(Object.fromEntries(rows)).toMatchObject({ "threshold-failed": "FAIL", "no-successes": "FAIL", "dropped-iterations": "INCONCLUSIVE" });
  });

  // Runs whose data produce each reason and note; the lines are what buildVerdict writes from them.
  const counter = (count: number): SummaryMetric => ({ type: "counter", contains: "default", values: { count, rate: count } });
  const trend = (med: number): SummaryMetric => ({ type: "trend", contains: "time", values: { avg: med, med, "p(95)": med, max: med } });
  const data = (metrics: Record<string, SummaryMetric>): SummaryData =>
    ({ metrics, root_group: { name: "", path: "", id: "", groups: [], checks: [] }, state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 3000 } }) as unknown as SummaryData;
  const requests = (n: number, ok: number): Record<string, SummaryMetric> => ({
    http_reqs: counter(n),
    "http_reqs{expected_response:true}": counter(ok),
    http_req_failed: { type: "rate", contains: "default", values: { rate: (n - ok) / n, passes: n - ok, fails: ok } },
  });
  const naive = { http_req_duration: { ...trend(2), thresholds: { "p(95)<2000": { ok: true } } } };
  const phases = (server: number, unattributed: number, untimed: number): Record<string, SummaryMetric> => ({
    "loadgate_phase_duration{phase:embedding}": trend(40),
    "loadgate_phase_samples{phase:embedding}": counter(8),
    loadgate_timed_responses: counter(8),
    ...(untimed > 0 ? { "loadgate_untimed_responses{reason:missing}": counter(untimed) } : {}),
    loadgate_server_duration: trend(server),
    loadgate_unattributed_duration: trend(unattributed),
  });
  const CASES: [string, SummaryData, string[]][] = [
    ["no request", data({}), ["· no HTTP requests were made"]],
    ["healthy-with-phases", fixture("healthy-with-phases"), ["· all 24 requests succeeded", "· all 9 thresholds passed"]],
    [
      "30 × 503, a naive gate",
      data({ ...requests(30, 0), ...naive }),
      [
        "· 30 of 30 requests failed",
        "· all 1 threshold passed",
        "! no success-count guard (http_reqs{expected_response:true} count>=N): a run with no successes could pass",
      ],
    ],
    [
      "30 × 503 counted by kind, a naive gate",
      data({ ...requests(30, 0), ...naive, "http_reqs{error_code:1503}": counter(28), "http_reqs{error_code:1050}": counter(2) }),
      [
        "· 30 of 30 requests failed: 28 × status 503, 2 × request timeout (1050)",
        "· all 1 threshold passed",
        "! no success-count guard (http_reqs{expected_response:true} count>=N): a run with no successes could pass",
      ],
    ],
    ["all-failed-fast", fixture("all-failed-fast"), ["· 12 of 12 requests failed; latency gates measured 0 successful responses", "· 2 of 3 thresholds failed"]],
    [
      "all-failed-fast counted by kind",
      (() => {
        const d = fixture("all-failed-fast");
        return { ...d, metrics: { ...d.metrics, "http_reqs{error_code:1503}": counter(12) } };
      })(),
      ["· 12 of 12 requests failed: 12 × status 503; latency gates measured 0 successful responses", "· 2 of 3 thresholds failed"],
    ],
    [
      "two-scenarios-one-broken",
      fixture("two-scenarios-one-broken"),
      ["· 12 of 24 requests failed; latency gates measured 12 successful responses", "· scenario broken: 12 of 12 requests failed", "· 1 of 3 thresholds failed"],
    ],
    [
      "2 of 10 responses untimed",
      data({ ...requests(10, 10), ...phases(45, 5, 2) }),
      ["· all 10 requests succeeded", "! 2 of 10 successful responses carried no readable timings (2 missing): the phase figures leave them out"],
    ],
    [
      "a total read as a phase",
      data({ ...requests(8, 8), ...phases(600, -300, 0) }),
      [
        "· all 8 requests succeeded",
        '! the server total (p50 600 ms) is longer than the client\'s duration of the same responses (unattributed p50 -300.0 ms), which cannot be: the phase figures are wrong. The server\'s total entry was likely read as a phase: name it with the total option (serverTiming({ total: "<name>" })), or check that the phases do not overlap',
      ],
    ],
  ];
  const rendered = CASES.map(([name, d, expected]) => {
    const v = buildVerdict(runMetricsFromSummary(d));
    return { name, lines: [...v.reasons.map((r) => `· ${r}`), ...v.notes.map((n) => `! ${n}`)], expected };
  });

  it.each(rendered.map((r) => [r.name, r] as const))("renders the lines of %s with its own numbers", (_name, r) => {
    expect(r.lines).toEqual(r.expected);
  });

  it("lists every reason and note the verdict can write, each produced by a run above, and no other", () => {
    const start = verdictSection().indexOf("**Every other line under the verdict.**");
    expect(start).toBeGreaterThan(-1);
    const templates = [...verdictSection().slice(start).matchAll(/^\| `([·!])` \| `(.+)` \| .+ \|$/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(templates.length).toBeGreaterThan(10);
    // `<...>` is a figure of the run: a count, a duration, a scope (empty for the whole run) or words
    // (kinds, a scenario's name); a count of one takes the singular (`1 request`, `1 threshold`).
    const FIGURES: Record<string, string> = { scope: "(?:scenario [^:]+: )?", t: "-?[\\d.]+ m?s", u: "-?[\\d.]+(?: m?s)?" };
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const pattern = (template: string) =>
      new RegExp(
        `^${template
          .split(/(<[a-z0-9 ]+>)/)
          .map((part) => {
            const name = /^<([a-z0-9 ]+)>$/.exec(part)?.[1];
            if (name === undefined) return escape(part);
            return FIGURES[name] ?? (/^[a-z]$/.test(name) ? "\\d+" : "[^;:]+?");
          })
          .join("")
          .replace(/(\\d\+ [a-z]+)s\b/g, "$1s?")}$`,
      );
    const lines = rendered.flatMap((r) => r.lines);
    for (const template of templates) expect(lines.filter((l) => pattern(template).test(l)), template).not.toEqual([]);
    for (const line of lines) expect(templates.filter((t) => pattern(t).test(line)), line).not.toEqual([]);
  });
});
