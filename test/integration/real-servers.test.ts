// loadgate against servers nobody on this project wrote, started on 127.0.0.1: go-httpbin (its
// /status and /delay endpoints), a Hono app timing its work with hono/timing, and an Express app
// timing its work with the server-timing package. Each report line asserted here is one a real run
// printed; the servers are installed by test/helpers/real-servers.ts from the project's own files.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SummaryReport } from "../../lib/core/verdict/summary-report.ts";
import { analyseK6Output } from "../../lib/node/analyse/analyse.ts";
import { bundleScripts } from "../../lib/node/bundle.ts";
import { k6 } from "../helpers/k6.ts";
import { installRealServers, startHttpbin, startNodeApp, type RealServer } from "../helpers/real-servers.ts";

const LIB = "../../lib/index.ts";
let dir: string;

/** A script as a new user writes it: 30 GETs, a plain latency threshold, optionally loadgate's summary(). */
function naiveScript(name: string, withSummary: boolean): string {
  const file = join(dir, `${name}.ts`);
  writeFileSync(
    file,
    `import http from "k6/http";
${withSummary ? `import { summary } from ${JSON.stringify(LIB)};\n` : ""}export const options = {
  scenarios: { naive: { executor: "shared-iterations", vus: 10, iterations: 30, maxDuration: "20s" } },
  thresholds: { http_req_duration: ["p(95)<2000"] },
};
export default function (): void {
  http.get(\`\${__ENV.TARGET}\`);
}
${withSummary ? "export const handleSummary = summary();\n" : ""}`,
  );
  return file;
}

/** Two steps of 3 s, one after the other: 1 user, then 3, each pausing 100 ms between requests. */
function twoStepsScript(): string {
  const file = join(dir, "two-steps.ts");
  writeFileSync(
    file,
    `import http from "k6/http";
import { sleep } from "k6";
import { reportThresholds, summary } from ${JSON.stringify(LIB)};
export const options = {
  scenarios: {
    step_1: { executor: "constant-vus", vus: 1, duration: "3s", gracefulStop: "0s" },
    step_2: { executor: "constant-vus", vus: 3, duration: "3s", startTime: "3s", gracefulStop: "0s" },
  },
  thresholds: reportThresholds(["step_1", "step_2"]),
};
export default function (): void {
  http.get(\`\${__ENV.TARGET}\`);
  sleep(0.1);
}
export const handleSummary = summary();
`,
  );
  return file;
}

beforeAll(async () => {
  installRealServers();
  mkdirSync("build", { recursive: true });
  dir = resolve(mkdtempSync(join("build", "real-servers-test-")));
  writeFileSync(join(dir, "p95-200ms.json"), JSON.stringify({ description: "200 ms p(95).", extends: ["error-aware"], gates: { p95: 200 } }));
  await bundleScripts(["scripts/burst.ts", "scripts/phases.ts", naiveScript("naive", false), naiveScript("naive-summary", true), twoStepsScript()], { outdir: dir });
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function withServer<T>(start: Promise<RealServer>, body: (server: RealServer) => Promise<T>): Promise<T> {
  const server = await start;
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}

/** Runs a bundled script with a fresh report folder; returns k6's result and summary.json when written. */
async function run(script: string, vars: Record<string, string>) {
  const reports = mkdtempSync(join(dir, "reports-"));
  const result = await k6(join(dir, script), { vars: { REPORT_DIR: reports, ...vars }, cwd: dir });
  let report: SummaryReport | undefined;
  try {
    report = JSON.parse(readFileSync(join(reports, "summary.json"), "utf8")) as SummaryReport;
  } catch {
    report = undefined;
  }
  return { ...result, report };
}

const within = (actual: number | undefined, expected: number, tolerance: number) => {
  expect(actual, `${actual} within ${tolerance * 100}% of ${expected}`).toBeGreaterThanOrEqual(expected * (1 - tolerance));
  expect(actual, `${actual} within ${tolerance * 100}% of ${expected}`).toBeLessThanOrEqual(expected * (1 + tolerance));
};

describe("go-httpbin", () => {
  it("the all-503 trap: a plain p(95)<2000 passes /status/503, loadgate fails it and says why in words", async () => {
    await withServer(startHttpbin(), async (httpbin) => {
      const naive = await k6(join(dir, "naive.js"), { vars: { TARGET: `${httpbin.url}/status/503` } });
      expect(naive.code, naive.stderr).toBe(0);

      const gated = await run("burst.js", { BASE_URL: httpbin.url, ENDPOINT: "/status/503", METHOD: "GET", VUS: "10", REQUESTS: "30" });
      expect(gated.code, gated.stderr).toBe(99);
      expect(gated.report?.verdict).toBe("fail");
      expect(gated.stdout).toContain("  loadgate verdict: FAIL\n");
      expect(gated.stdout).toContain("    ✗ none of 30 requests succeeded (http_reqs{expected_response:true} count>=1)\n");
      expect(gated.stdout).toMatch(/^ {4}· 30 of 30 requests failed: 30 × status 503; latency gates measured 0 successful responses$/m);
      // No good news is marked as a failure, and every reason line is marked ·.
      expect(gated.stdout).not.toMatch(/✗ all \d+ requests succeeded/);
    });
  });

  it("a naive threshold with summary() counts no successes where none succeeded", async () => {
    await withServer(startHttpbin(), async (httpbin) => {
      const naive = await run("naive-summary.js", { TARGET: `${httpbin.url}/status/503` });
      expect(naive.code, naive.stderr).toBe(0);
      // Before: "30 of 30 requests failed; latency gates measured 30 successful responses".
      expect(naive.report?.reasons[0]).toBe("30 of 30 requests failed");
      expect(naive.report?.run).toMatchObject({ requests: 30, successes: 0, failures: 30 });
      expect(naive.stdout).not.toMatch(/measured \d+ successful/);
    });
  });

  it("a slow endpoint misses its 200 ms budget: /delay/0.3 is a FAIL with the observed p(95)", async () => {
    await withServer(startHttpbin(), async (httpbin) => {
      const slow = await run("burst.js", {
        BASE_URL: httpbin.url,
        ENDPOINT: "/delay/0.3",
        METHOD: "GET",
        VUS: "10",
        REQUESTS: "20",
        PRESET_FILE: join(dir, "p95-200ms.json"),
      });
      expect(slow.code, slow.stderr).toBe(99);
      expect(slow.report?.verdict).toBe("fail");
      expect(slow.report?.causes.map((c) => c.code)).toEqual(["threshold-failed"]);
      expect(slow.report?.causes[0]?.text).toMatch(/^http_req_duration\{expected_response:true\} p\(95\)<200 failed: p\(95\) was 3\d\d\.\d\dms \(limit < 200\.00ms\)$/);
      expect(slow.report?.reasons).toEqual(["all 20 requests succeeded", expect.stringMatching(/^1 of \d+ thresholds failed$/)]);
      expect(slow.stdout).toContain("    · all 20 requests succeeded\n");
    });
  });
});

describe("a Hono app", () => {
  it("mixed success: 10% failures break the 1% budget, 0.5% stay within it, each counted exactly", async () => {
    await withServer(startNodeApp("hono-app.mjs"), async (hono) => {
      const ten = await run("burst.js", { BASE_URL: hono.url, ENDPOINT: "/every/10", METHOD: "GET", VUS: "10", REQUESTS: "40" });
      expect(ten.code, ten.stderr).toBe(99);
      expect(ten.report?.verdict).toBe("fail");
      expect(ten.report?.causes.map((c) => c.text)).toEqual(["http_req_failed rate<=0.01 failed: rate was 10.00% (limit <= 1.00%)"]);
      expect(ten.report?.reasons[0]).toBe("4 of 40 requests failed: 4 × status 503; latency gates measured 36 successful responses");

      const half = await run("burst.js", { BASE_URL: hono.url, ENDPOINT: "/every/200", METHOD: "GET", VUS: "20", REQUESTS: "200" });
      expect(half.code, half.stderr).toBe(0);
      expect(half.report?.verdict).toBe("pass");
      expect(half.report?.reasons[0]).toBe("1 of 200 requests failed: 1 × status 503; latency gates measured 199 successful responses");
    });
  });

  it("hono/timing's embedding and fusion are measured within 10% of the app's real waits", async () => {
    await expectRealWaits("hono-app.mjs");
  });

  it("a phase the server names but the script does not list is shown as other named phases, not as time in no phase", async () => {
    // Before: only embedding was shown, and fusion's 200 ms was folded into "(in no phase)" (about 67%).
    await withServer(startNodeApp("hono-app.mjs", { EMBEDDING_MS: "100", FUSION_MS: "200" }), async (app) => {
      const timed = await run("phases.js", { BASE_URL: app.url, ENDPOINT: "/search", METHOD: "GET", VUS: "10", REQUESTS: "20", PHASES: "embedding" });
      expect(timed.code, timed.stderr).toBe(0);
      const [search] = timed.report!.phases;
      expect(search?.phases.map((p) => [p.phase, p.samples])).toEqual([["embedding", 20], ["_unlisted", 20]]);
      within(search?.phases[1]?.stats?.p50, 200, 0.1);
      expect(search?.unphasedShare ?? 0).toBeLessThan(0.05);
      expect(timed.stdout).toMatch(/\(other named phases\)\s+\d+\.\dms/);
    });
  });
});

/**
 * Runs scripts/phases.ts against an app that waits 100 ms in embedding and 200 ms in fusion, and
 * checks the breakdown against those waits: within 10%, the total not a phase, no note.
 */
async function expectRealWaits(file: string, env: Record<string, string> = {}): Promise<void> {
  await withServer(startNodeApp(file, { EMBEDDING_MS: "100", FUSION_MS: "200", ...env }), async (app) => {
    const timed = await run("phases.js", { BASE_URL: app.url, ENDPOINT: "/search", METHOD: "GET", VUS: "10", REQUESTS: "20" });
    expect(timed.code, timed.stderr).toBe(0);
    const [search] = timed.report!.phases;
    expect(search?.phases.map((p) => [p.phase, p.samples])).toEqual([["embedding", 20], ["fusion", 20]]);
    within(search?.phases[0]?.stats?.p50, 100, 0.1);
    within(search?.phases[1]?.stats?.p50, 200, 0.1);
    within(search?.server?.p50, 300, 0.1);
    expect(search?.unattributed?.p50).toBeGreaterThanOrEqual(0);
    expect(timed.report?.notes).toEqual([]);
  });
}

describe("an Express app with the server-timing package", () => {
  it("its embedding and fusion are measured within 10% of the app's real waits", async () => {
    await expectRealWaits("express-app.mjs");
  });

  it("a total named total_duration is the server total, not a phase: no negative unattributed time", async () => {
    // Before: total_duration read as a phase, server total 600 ms, unattributed near -300 ms.
    await expectRealWaits("express-app.mjs", { TOTAL_NAME: "total_duration" });
  });

  it("a total under a name loadgate cannot know is never printed silently: the report says the figures are wrong and how to fix them", async () => {
    await withServer(startNodeApp("express-app.mjs", { EMBEDDING_MS: "100", FUSION_MS: "200", TOTAL_NAME: "app_total" }), async (app) => {
      const timed = await run("phases.js", { BASE_URL: app.url, ENDPOINT: "/search", METHOD: "GET", VUS: "10", REQUESTS: "20" });
      const [search] = timed.report!.phases;
      expect(search?.unattributed?.p50).toBeLessThan(0);
      expect(timed.report?.notes).toEqual([
        expect.stringMatching(
          /^scenario search: the server total \(p50 \d+ ms\) is longer than the client's duration of the same responses \(unattributed p50 -\d+(\.\d)? ms\), which cannot be: the phase figures are wrong\. The server's total entry was likely read as a phase: name it with the total option/,
        ),
      ]);
      expect(timed.stdout).toContain("the phase figures are wrong");
    });
  });
});

describe("requests per second of a scenario", () => {
  it("are over the time the scenario ran, within 5% of analyse's figure for the same run", async () => {
    await withServer(startNodeApp("hono-app.mjs"), async (hono) => {
      const out = join(dir, "two-steps.json");
      const again = await k6(join(dir, "two-steps.js"), { vars: { TARGET: `${hono.url}/every/1000000`, REPORT_DIR: dir }, args: ["--out", `json=${out}`], cwd: dir });
      expect(again.code, again.stderr).toBe(0);
      const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as SummaryReport;
      const analysis = await analyseK6Output(out);
      for (const scenario of ["step_1", "step_2"]) {
        const reported = summary.scenarios.find((s) => s.scope === scenario)?.throughput;
        const measured = analysis.scopes.find((s) => s.scenario === scenario)?.rps;
        // Before: the scenario's requests over the whole 6 s test, about half of what it sent per second.
        within(reported, measured!, 0.05);
      }
    });
  });
});
