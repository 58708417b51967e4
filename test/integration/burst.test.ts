import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { bundleScripts } from "../../lib/node/bundle.ts";
import { startTarget, type RunningTarget } from "../../lib/node/demo-target.ts";
import { k6 } from "../helpers/k6.ts";

const out = mkdtempSync(join(tmpdir(), "loadgate-burst-"));
const burst = join(out, "burst.js");
const naive = join(out, "naive.js");

// The trap: the gate most k6 scripts carry, latency only.
const NAIVE_SCRIPT = `
import http from "k6/http";
export const options = {
  scenarios: { burst: { executor: "shared-iterations", vus: 10, iterations: 30, maxDuration: "1m" } },
  thresholds: { http_req_duration: ["p(95)<2000"] },
};
export default function () {
  http.post(\`\${__ENV.BASE_URL}/search\`, JSON.stringify({ query: "q" }), { headers: { "Content-Type": "application/json" } });
}
`;

let target: RunningTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

beforeAll(async () => {
  const naiveSource = join(out, "naive.ts");
  writeFileSync(naiveSource, NAIVE_SCRIPT);
  await bundleScripts(["scripts/burst.ts"], { outdir: out });
  await bundleScripts([naiveSource], { outdir: out, typeCheck: false });
});

describe("build/burst.js on the real k6 binary", () => {
  it("passes against a healthy target", async () => {
    target = await startTarget();
    const run = await k6(burst, { vars: { BASE_URL: target.url } });
    expect(run.code, run.stderr).toBe(0);
    expect(target.stats().requests).toBe(30);
  });

  it("fails a fast-failing target that the latency-only gate passes", async () => {
    target = await startTarget({ mode: { kind: "fast-fail" } });
    const plain = await k6(naive, { vars: { BASE_URL: target.url } });
    expect(plain.code, "the naive p95 gate passes: failures are fast").toBe(0);
    expect(plain.stdout).toMatch(/✓ 'p\(95\)<2000'/);

    const gated = await k6(burst, { vars: { BASE_URL: target.url } });
    expect(gated.code).toBe(99);
    expect(gated.stdout).toMatch(/✗ 'rate<=0.01' rate=100.00%/);
    expect(gated.stdout).toMatch(/✗ 'count>=1' count=0/);
    expect(target.stats().statuses).toEqual({ "503": 60 });
  });

  it("fails when nothing listens", async () => {
    target = await startTarget({ mode: { kind: "down" } });
    const run = await k6(burst, { vars: { BASE_URL: target.url } });
    expect(run.code).toBe(99);
    expect(run.stdout).toMatch(/✗ 'count>=1' count=0/);
  });

  it("fails within the configured timeout when the target never answers", async () => {
    target = await startTarget({ mode: { kind: "timeouts" } });
    const run = await k6(burst, { vars: { BASE_URL: target.url, TIMEOUT: "1s" } });
    expect(run.code).toBe(99);
    // 30 requests over 10 users: three rounds of a 1 s timeout, plus k6's start-up.
    expect(run.ms).toBeLessThan(15_000);
    expect(run.stdout).toMatch(/✗ 'rate<=0.01' rate=100.00%/);
  });

  it.each([
    [{}, /-e BASE_URL is required/],
    [{ BASE_URL: "127.0.0.1:8080" }, /-e BASE_URL: must be an http:\/\/ or https:\/\/ URL .*got \\?"127.0.0.1:8080\\?"/],
    [{ VUS: "ten" }, /-e VUS: must be a whole number >= 1, got \\?"ten\\?"/],
  ])("stops in init before any request when the variables are %j", async (vars, message) => {
    target = await startTarget();
    const withUrl = "BASE_URL" in vars || !("VUS" in vars) ? vars : { ...vars, BASE_URL: target.url };
    const run = await k6(burst, { vars: withUrl as Record<string, string> });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(message);
    expect(target.stats().requests).toBe(0);
  });
});
