// The fault matrix: the real k6 against every fault of the demo target. Each run must end within its
// bound, with the right exit code and verdict, its reports written, failures counted by kind, and
// no k6 process left behind.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ErrorKind } from "../../lib/core/verdict/error-kinds.ts";
import { bundleScripts } from "../../lib/node/bundle.ts";
import { startTarget, type TargetOptions } from "../../lib/node/demo-target.ts";
import { alive } from "../helpers/cli.ts";
import { k6 } from "../helpers/k6.ts";

const out = mkdtempSync(join(tmpdir(), "loadgate-faults-"));

/** Presets the rows use, written as a team would keep them. */
const PRESETS = {
  // p95 under 500 ms: tight enough that a leak or a queue shows within 30 requests.
  "tight.json": { gates: { p95: 500, maxErrorRate: 0.01, minSuccesses: 1 } },
  // Phase budgets: each phase carries a sample-count guard, so no timings means fail.
  "phases.json": { extends: ["error-aware"], gates: { phases: { embedding: { p95: 1000 }, fusion: { p95: 1000 } } } },
  // 99% of check()s must pass: catches a 200 whose body is not what the API promises.
  "checked.json": { extends: ["error-aware"], gates: { minCheckRate: 0.99 } },
} as const;

interface Fault {
  /** The row of the table in docs/reliability.md. */
  fault: string;
  target: TargetOptions;
  script: "burst" | "search-checked";
  vars?: Record<string, string>;
  code: 0 | 99;
  /** loadgate's verdict: the budgets met, broken, or the run cannot tell. */
  verdict: "pass" | "fail" | "inconclusive";
  /** The verdict's first reason, exactly. */
  reason: string;
  /** Failures by kind, as summary.json carries them. */
  errors: ErrorKind[];
  /** A cause the verdict must give (the gate that catches the fault), by the start of its text. */
  alsoCause?: string;
  /** Longest the k6 run may take, ms. */
  boundMs: number;
}

const ALL_OK = "all 30 requests succeeded";

/** The verdict when all 30 requests fail the same way. */
const allFailed = (code: number, label: string) => ({
  code: 99 as const,
  verdict: "fail" as const,
  reason: `30 of 30 requests failed: 30 × ${label}; latency gates measured 0 successful responses`,
  errors: [{ code, label, count: 30 }],
});
const none: ErrorKind[] = [];

const FAULTS: Fault[] = [
  { fault: "healthy", target: {}, script: "burst", code: 0, verdict: "pass", reason: ALL_OK, errors: none, boundMs: 10_000 },
  {
    fault: "fast-fail 503",
    target: { mode: { kind: "fast-fail" } },
    script: "burst",
    ...allFailed(1503, "status 503"),
    boundMs: 10_000,
  },
  {
    fault: "down (nothing listening)",
    target: { mode: { kind: "down" } },
    script: "burst",
    ...allFailed(1212, "connection refused (1212)"),
    boundMs: 10_000,
  },
  {
    fault: "reset mid-body",
    target: { mode: { kind: "reset" } },
    script: "burst",
    ...allFailed(1220, "connection reset by peer (1220)"),
    boundMs: 10_000,
  },
  {
    fault: "timeouts (TIMEOUT=1s)",
    target: { mode: { kind: "timeouts" } },
    script: "burst",
    vars: { TIMEOUT: "1s" },
    ...allFailed(1050, "request timeout (1050)"),
    // 3 rounds of 10 VUs, each waiting out the 1 s timeout.
    boundMs: 8_000,
  },
  {
    fault: "slow body, drip 3 s > TIMEOUT 1s",
    target: { mode: { kind: "slow-body" }, dripMs: 3000 },
    script: "burst",
    vars: { TIMEOUT: "1s" },
    ...allFailed(1050, "request timeout (1050)"),
    boundMs: 8_000,
  },
  {
    fault: "slow body, drip 300 ms < TIMEOUT 1s",
    target: { mode: { kind: "slow-body" }, dripMs: 300 },
    script: "burst",
    vars: { TIMEOUT: "1s" },
    code: 0,
    verdict: "pass",
    reason: ALL_OK,
    errors: none,
    boundMs: 8_000,
  },
  {
    fault: "leak, error-aware preset (p95 < 2 s)",
    target: { mode: { kind: "leak" } },
    script: "burst",
    code: 0,
    verdict: "pass",
    reason: ALL_OK,
    errors: none,
    boundMs: 10_000,
  },
  {
    fault: "leak, p95 < 500 ms",
    target: { mode: { kind: "leak" } },
    script: "burst",
    vars: { PRESET_FILE: "tight.json" },
    code: 99,
    verdict: "fail",
    reason: ALL_OK,
    alsoCause: "http_req_duration{expected_response:true} p(95)<500 failed",
    errors: none,
    boundMs: 10_000,
  },
  {
    fault: "pool=2, queue wait up to 1 s, p95 < 500 ms",
    target: { mode: { kind: "pool", size: 2 } },
    script: "burst",
    vars: { PRESET_FILE: "tight.json" },
    code: 99,
    verdict: "fail",
    reason: ALL_OK,
    alsoCause: "http_req_duration{expected_response:true} p(95)<500 failed",
    errors: none,
    boundMs: 10_000,
  },
  {
    fault: "pool=2, queue wait up to 300 ms",
    target: { mode: { kind: "pool", size: 2 }, queueLimitMs: 300 },
    script: "burst",
    code: 99,
    verdict: "fail",
    reason: "", // the share that queues past 300 ms varies with timing: checked by pattern below
    errors: none,
    boundMs: 10_000,
  },
  {
    fault: "Server-Timing malformed, phase budgets",
    target: { timingHeader: "malformed" },
    script: "search-checked",
    vars: { PRESET_FILE: "phases.json" },
    // The phase gates saw nothing: the run cannot tell whether the phases met their budgets.
    code: 99,
    verdict: "inconclusive",
    reason: ALL_OK,
    alsoCause: "phase embedding received no timings, so its gate judged nothing (loadgate_phase_samples{phase:embedding} count>=1)",
    errors: none,
    boundMs: 10_000,
  },
  {
    fault: "Server-Timing missing, phase budgets",
    target: { timingHeader: "missing" },
    script: "search-checked",
    vars: { PRESET_FILE: "phases.json" },
    // The phase gates saw nothing: the run cannot tell whether the phases met their budgets.
    code: 99,
    verdict: "inconclusive",
    reason: ALL_OK,
    alsoCause: "phase embedding received no timings, so its gate judged nothing (loadgate_phase_samples{phase:embedding} count>=1)",
    errors: none,
    boundMs: 10_000,
  },
  {
    fault: "Server-Timing ok, phase budgets",
    target: {},
    script: "search-checked",
    vars: { PRESET_FILE: "phases.json" },
    code: 0,
    verdict: "pass",
    reason: ALL_OK,
    errors: none,
    boundMs: 10_000,
  },
  { fault: "huge headers (64 KiB)", target: { mode: { kind: "huge-headers" } }, script: "burst", code: 0, verdict: "pass", reason: ALL_OK, errors: none, boundMs: 10_000 },
  {
    fault: "not JSON (HTML with 200), status-only script",
    target: { mode: { kind: "not-json" } },
    script: "burst",
    code: 0,
    verdict: "pass",
    reason: ALL_OK,
    errors: none,
    boundMs: 10_000,
  },
  {
    fault: "not JSON (HTML with 200), JSON check and minCheckRate",
    target: { mode: { kind: "not-json" } },
    script: "search-checked",
    vars: { PRESET_FILE: "checked.json" },
    code: 99,
    verdict: "fail",
    reason: ALL_OK,
    alsoCause: "checks rate>=0.99 failed: rate was 50.00% (limit >= 99.00%)",
    errors: none,
    boundMs: 10_000,
  },
  {
    fault: "mix=10: 10% fail, over the 1% budget",
    target: { mode: { kind: "mix", failEvery: 10 } },
    script: "burst",
    code: 99,
    verdict: "fail",
    reason: "3 of 30 requests failed: 3 × status 500; latency gates measured 27 successful responses",
    alsoCause: "http_req_failed rate<=0.01 failed: rate was 10.00% (limit <= 1.00%)",
    errors: [{ code: 1500, label: "status 500", count: 3 }],
    boundMs: 10_000,
  },
  {
    fault: "mix=200: 0.5% fail, within the 1% budget",
    target: { mode: { kind: "mix", failEvery: 200 } },
    script: "burst",
    vars: { REQUESTS: "200", VUS: "20" },
    code: 0,
    verdict: "pass",
    reason: "1 of 200 requests failed: 1 × status 500; latency gates measured 199 successful responses",
    errors: [{ code: 1500, label: "status 500", count: 1 }],
    boundMs: 10_000,
  },
];

beforeAll(async () => {
  for (const [name, preset] of Object.entries(PRESETS)) writeFileSync(join(out, name), JSON.stringify(preset));
  await bundleScripts(["scripts/burst.ts", "test/integration/scripts/search-checked.ts"], { outdir: out });
});

describe("the fault matrix on the real k6 binary", () => {
  it.each(FAULTS.map((f) => [f.fault, f] as const))("%s", async (_name, fault) => {
    const target = await startTarget({ embeddingMs: 40, fusionMs: 80, ...fault.target });
    const reports = mkdtempSync(join(out, "reports-"));
    let pid = 0;
    try {
      const vars: Record<string, string> = { BASE_URL: target.url, REPORT_DIR: reports, ...fault.vars };
      if (vars["PRESET_FILE"] !== undefined) vars["PRESET_FILE"] = join(out, vars["PRESET_FILE"]);
      const run = await k6(join(out, `${fault.script}.js`), { vars, args: ["--quiet"], onSpawn: (p) => (pid = p) });
      expect(run.code, run.stdout + run.stderr).toBe(fault.code);
      expect(run.ms).toBeLessThan(fault.boundMs);
      for (const file of ["summary.json", "junit.xml", "summary.md", "report.html"]) expect(existsSync(join(reports, file)), file).toBe(true);
      const summary = JSON.parse(readFileSync(join(reports, "summary.json"), "utf8")) as {
        ok: boolean;
        verdict: string;
        causes: { text: string }[];
        reasons: string[];
        errors?: ErrorKind[];
      };
      expect(summary.ok).toBe(fault.code === 0);
      expect(summary.verdict, summary.causes.map((c) => c.text).join("\n")).toBe(fault.verdict);
      expect(run.stdout).toContain(`loadgate verdict: ${fault.verdict.toUpperCase()}`);
      if (fault.reason === "") {
        // pool=2 with a 300 ms queue limit: some requests queue too long and get a 503.
        expect(summary.reasons[0]).toMatch(/^(\d+) of 30 requests failed: \1 × status 503; latency gates measured \d+ successful responses$/);
        expect(summary.errors?.map((e) => e.label)).toEqual(["status 503"]);
      } else {
        expect(summary.reasons[0]).toBe(fault.reason);
        expect(summary.errors).toEqual(fault.errors);
      }
      if (fault.alsoCause) expect(summary.causes.some((c) => c.text.startsWith(fault.alsoCause as string)), summary.causes.map((c) => c.text).join("\n")).toBe(true);
      // The same verdict reaches the terminal.
      if (fault.reason !== "") expect(run.stdout).toContain(fault.reason);
    } finally {
      await target.close();
    }
    expect(pid).toBeGreaterThan(0);
    expect(alive(pid)).toBe(false);
  });
});
