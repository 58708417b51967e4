import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PhaseBreakdown } from "../../lib/core/phases/breakdown.ts";
import { bundleScripts } from "../../lib/node/bundle.ts";
import { startTarget, TARGET_PROFILES, type RunningTarget, type TargetOptions } from "../../lib/node/demo-target.ts";
import { k6 } from "../helpers/k6.ts";

// Scripts are written under build/ so the project's tsconfig and k6 types apply to them.
const LIB = "../../lib/index.ts";
let dir: string;

/** A small k6 script recording phases, with the thresholds written out by hand as a preset would compile them. */
function gateScript(name: string, o: { phases: string[]; thresholds: Record<string, string[]>; tags?: Record<string, string>; summary?: true }): string {
  const file = join(dir, `${name}.ts`);
  writeFileSync(
    file,
    `import http from "k6/http";
import { phaseTimings, serverTiming, summary } from ${JSON.stringify(LIB)};
const recorder = phaseTimings({ phases: ${JSON.stringify(o.phases)}, source: serverTiming() });
export const options = {
  scenarios: { search: { executor: "shared-iterations", vus: 2, iterations: 10, maxDuration: "20s" } },
  thresholds: ${JSON.stringify(o.thresholds)},
};
export default function (): void {
  const res = http.post(\`\${__ENV.BASE_URL}/search\`, JSON.stringify({ query: "q" }), { headers: { "Content-Type": "application/json" } });
  recorder.record(res${o.tags === undefined ? "" : `, ${JSON.stringify(o.tags)}`});
}
${o.summary ? "export const handleSummary = summary();\n" : ""}`,
  );
  return file;
}

/** The naive phase gate, and the same gate with loadgate's success-count guard. */
const NAIVE = { "loadgate_phase_duration{phase:embedding}": ["p(95)<300"] };
const GUARDED = { ...NAIVE, "loadgate_phase_samples{phase:embedding}": ["count>=1"] };

async function withTarget<T>(options: TargetOptions, body: (target: RunningTarget) => Promise<T>): Promise<T> {
  const target = await startTarget(options);
  try {
    return await body(target);
  } finally {
    await target.close();
  }
}

/** Runs build/phases.js and returns k6's result with the breakdown its summary.json holds. */
async function runPhases(target: RunningTarget, vars: Record<string, string>) {
  const reports = mkdtempSync(join(dir, "reports-"));
  const result = await k6(join(dir, "phases.js"), { vars: { BASE_URL: target.url, REPORT_DIR: reports, ...vars } });
  const breakdown = result.code === 0 || result.code === 99
    ? (JSON.parse(readFileSync(join(reports, "summary.json"), "utf8")) as { phases: PhaseBreakdown[] }).phases
    : [];
  return { ...result, breakdown };
}

function within(actual: number | undefined, expected: number, tolerance: number): void {
  expect(actual, `${actual} within ${tolerance * 100}% of ${expected}`).toBeGreaterThanOrEqual(expected * (1 - tolerance));
  expect(actual, `${actual} within ${tolerance * 100}% of ${expected}`).toBeLessThanOrEqual(expected * (1 + tolerance));
}

beforeAll(async () => {
  mkdirSync("build", { recursive: true });
  dir = resolve(mkdtempSync(join("build", "phases-test-")));
  await bundleScripts(
    [
      "scripts/phases.ts",
      gateScript("naive-gate", { phases: ["embedding", "fusion"], thresholds: NAIVE }),
      gateScript("guarded-gate", { phases: ["embedding", "fusion"], thresholds: GUARDED }),
      gateScript("unlisted-phase", {
        phases: ["embedding"],
        tags: { step: "3" },
        thresholds: {
          // fusion is not listed: its time is recorded as the unlisted phases' sum, never under its
          // own name; every sample carries the step and scenario tags.
          "loadgate_phase_samples{phase:fusion}": ["count==0"],
          "loadgate_phase_samples{phase:_unlisted,scenario:search,step:3}": ["count==10"],
          "loadgate_phase_duration{phase:_unlisted}": ["p(50)>70", "p(50)<120"],
          "loadgate_phase_samples{phase:embedding,scenario:search,step:3}": ["count==10"],
          "loadgate_server_duration{scenario:search,step:3}": ["p(50)>100"],
          "loadgate_timed_responses{step:3}": ["count==10"],
        },
      }),
      gateScript("undeclared", { phases: ["embedding", "fusion"], thresholds: {}, summary: true }),
      gateScript("bad-phase-name", { phases: ["embedding", "vector search"], thresholds: {} }),
      gateScript("reserved-phase-name", { phases: ["_unlisted"], thresholds: {} }),
      gateScript("failures-unrecorded", {
        phases: ["embedding"],
        thresholds: {
          http_reqs: ["count==10"],
          loadgate_timed_responses: ["count==0"],
          loadgate_untimed_responses: ["count==0"],
          loadgate_phase_samples: ["count==0"],
        },
      }),
    ],
    { outdir: dir },
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("scripts/phases.ts on the real k6", () => {
  it("breaks 40 ms embedding, 80 ms fusion and 30 ms unreported down per scenario within 10%", async () => {
    const run = await withTarget({ embeddingMs: 40, fusionMs: 80, unreportedMs: 30 }, (target) =>
      runPhases(target, { VUS: "5", REQUESTS: "50" }),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.breakdown.map((b) => [b.scope, b.phases.map((p) => [p.phase, p.samples]), b.timed, b.untimed])).toEqual([
      [{ scenario: "search" }, [["embedding", 50], ["fusion", 50]], 50, { missing: 0, malformed: 0 }],
    ]);
    const [search] = run.breakdown;
    const [embedding, fusion] = search!.phases;
    within(embedding!.stats!.p50, 40, 0.1);
    within(fusion!.stats!.p50, 80, 0.1);
    within(search!.server!.p50, 120, 0.1);
    // The shares add up: the target's total is the sum of its two phases.
    within(embedding!.share! + fusion!.share!, 1, 0.01);
    within(embedding!.share, 1 / 3, 0.1);
    // Unattributed: the 30 ms delay plus loopback HTTP; timers never fire early.
    expect(search!.unattributed!.p50).toBeGreaterThanOrEqual(29.5);
    expect(search!.unattributed!.p50).toBeLessThanOrEqual(36);
    expect(run.stdout).toMatch(/phase breakdown \(scenario search\): 50 of 50 successful responses carried timings/);
    // The table sits in the terminal summary's PHASES section.
    expect(run.stdout).toMatch(/█ PHASES\n\n {4}phase breakdown \(scenario search\)/);
    expect(run.stdout).toMatch(/^ {6}embedding +\d+\.\dms +\d+\.\dms +\d+\.\dms +3\d\.\d%$/m);
    expect(run.stdout).toMatch(/^ {6}unattributed +(29|3\d)\.\dms/m);
  });

  it("reads the same phases from the JSON body with SOURCE=json-body", async () => {
    const run = await withTarget({ embeddingMs: 40, fusionMs: 80, unreportedMs: 30 }, (target) =>
      runPhases(target, { VUS: "5", REQUESTS: "20", SOURCE: "json-body" }),
    );
    expect(run.code, run.stderr).toBe(0);
    const [search] = run.breakdown;
    expect(search!.timed).toBe(20);
    within(search!.phases[0]!.stats!.p50, 40, 0.1);
    within(search!.phases[1]!.stats!.p50, 80, 0.1);
  });

  it("reproduces the seed profile: embedding 233.6, fusion 476.8 and about 331.6 ms unattributed, within 5%", async () => {
    // 20 requests: the preset's p(95) needs 20 samples; 10 VUs keep it to two rounds of about a second.
    const run = await withTarget({ ...TARGET_PROFILES.seed }, (target) => runPhases(target, { VUS: "10", REQUESTS: "20" }));
    expect(run.code, run.stderr).toBe(0);
    const [search] = run.breakdown;
    expect(search!.timed).toBe(20);
    within(search!.phases[0]!.stats!.p50, 233.6, 0.05);
    within(search!.phases[1]!.stats!.p50, 476.8, 0.05);
    within(search!.server!.p50, 713.1, 0.05);
    within(search!.unattributed!.p50, 331.6, 0.05);
    within(search!.phases[0]!.share, 0.33, 0.05);
    within(search!.phases[1]!.share, 0.67, 0.05);
  });

  it("completes against a malformed Server-Timing header, counting every response untimed and recording nothing", async () => {
    const run = await withTarget({ embeddingMs: 5, fusionMs: 5, timingHeader: "malformed" }, (target) =>
      runPhases(target, { VUS: "2", REQUESTS: "20" }),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.breakdown).toEqual([
      {
        scope: { scenario: "search" },
        phases: [
          { phase: "embedding", samples: 0 },
          { phase: "fusion", samples: 0 },
        ],
        timed: 0,
        untimed: { missing: 0, malformed: 20 },
      },
    ]);
    expect(run.stdout).toMatch(/0 of 20 successful responses carried timings; 20 untimed \(20 malformed\)/);
    expect(run.stdout).toContain("scenario search: 20 of 20 successful responses carried no readable timings (20 malformed)");
  });

  it("counts responses without the header as missing", async () => {
    const run = await withTarget({ embeddingMs: 5, fusionMs: 5, timingHeader: "missing" }, (target) =>
      runPhases(target, { VUS: "2", REQUESTS: "20" }),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.breakdown.map((b) => [b.timed, b.untimed])).toEqual([[0, { missing: 20, malformed: 0 }]]);
  });
});

describe("phase gates on the real k6", () => {
  it("a naive phase gate passes on zero samples where the guarded gate fails (malformed header)", async () => {
    const [naive, guarded] = await withTarget({ embeddingMs: 5, fusionMs: 5, timingHeader: "malformed" }, async (target) => [
      await k6(join(dir, "naive-gate.js"), { vars: { BASE_URL: target.url } }),
      await k6(join(dir, "guarded-gate.js"), { vars: { BASE_URL: target.url } }),
    ]);
    expect(naive!.code, naive!.stderr).toBe(0); // the trap: p(95) of an empty Trend is 0
    expect(guarded!.code, guarded!.stderr).toBe(99);
    expect(guarded!.stderr).toMatch(/loadgate_phase_samples\{phase:embedding\}/);
  });

  it("a run that declared no phase's sub-metrics says each phase was not kept, where it said all server time was in no phase", async () => {
    const reports = mkdtempSync(join(dir, "reports-"));
    const run = await withTarget({ embeddingMs: 20, fusionMs: 30, jitterMs: 0 }, (target) =>
      k6(join(dir, "undeclared.js"), { vars: { BASE_URL: target.url, REPORT_DIR: reports } }),
    );
    expect(run.code, run.stderr).toBe(0);
    // k6 kept the server total but no phase's own figures (no phaseBreakdownThresholds()).
    expect(run.stdout).toMatch(/phase breakdown: 10 of 10 successful responses carried timings\n.*\n\s+each phase\s+not kept: phaseBreakdownThresholds\(\) declares them\n\s+server total\s+5\d\.\dms/);
    expect(run.stdout).not.toContain("(in no phase)");
    const { phases } = JSON.parse(readFileSync(join(reports, "summary.json"), "utf8")) as { phases: PhaseBreakdown[] };
    expect(phases.map((b) => ({ scope: b.scope, phases: b.phases, unphasedShare: b.unphasedShare, timed: b.timed }))).toEqual([
      { scope: {}, phases: [], unphasedShare: undefined, timed: 10 },
    ]);
    expect(readFileSync(join(reports, "summary.md"), "utf8")).toContain("not kept: phaseBreakdownThresholds() declares them");
  });

  it("the guarded gate passes when the phase is reported and fast enough", async () => {
    const result = await withTarget({ embeddingMs: 5, fusionMs: 5 }, (target) =>
      k6(join(dir, "guarded-gate.js"), { vars: { BASE_URL: target.url } }),
    );
    expect(result.code, result.stderr).toBe(0);
  });

  it("the guarded gate fails when the phase is slower than its budget", async () => {
    const result = await withTarget({ embeddingMs: 320, fusionMs: 5, jitterMs: 0 }, (target) =>
      k6(join(dir, "guarded-gate.js"), { vars: { BASE_URL: target.url } }),
    );
    expect(result.code, result.stderr).toBe(99);
    expect(result.stderr).toMatch(/loadgate_phase_duration\{phase:embedding\}/);
  });

  it("records the phases the config did not list as one unlisted sum, tagged with the request's step and scenario", async () => {
    const result = await withTarget({ embeddingMs: 40, fusionMs: 80 }, (target) =>
      k6(join(dir, "unlisted-phase.js"), { vars: { BASE_URL: target.url } }),
    );
    expect(result.code, result.stderr).toBe(0);
  });

  it("records nothing for failed responses, while the same script sees healthy responses recorded", async () => {
    const failed = await withTarget({ mode: { kind: "fast-fail" } }, (target) =>
      k6(join(dir, "failures-unrecorded.js"), { vars: { BASE_URL: target.url } }),
    );
    expect(failed.code, failed.stderr).toBe(0);
    // Its "nothing recorded" thresholds do fail when there is something to record: they can tell.
    const healthy = await withTarget({ embeddingMs: 5, fusionMs: 5 }, (target) =>
      k6(join(dir, "failures-unrecorded.js"), { vars: { BASE_URL: target.url } }),
    );
    expect(healthy.code, healthy.stderr).toBe(99);
    expect(healthy.stderr).toContain("thresholds on metrics 'loadgate_phase_samples, loadgate_timed_responses' have been crossed");
  });

  it("stops in the init context with the option, the rule and the value when a phase name is unusable", async () => {
    const result = await k6(join(dir, "bad-phase-name.js"), { vars: { BASE_URL: "http://127.0.0.1:9" } });
    expect(result.code).toBe(107);
    expect(result.stderr).toContain(
      'phaseTimings(): `phases[1]` must be a name of letters, digits, \\"_\\", \\"-\\" or \\".\\" (it becomes a tag selector), got \\"vector search\\"',
    );
    const reserved = await k6(join(dir, "reserved-phase-name.js"), { vars: { BASE_URL: "http://127.0.0.1:9" } });
    expect(reserved.code).toBe(107);
    expect(reserved.stderr).toContain("is \\\"_unlisted\\\", the name loadgate gives the sum of the phases a script does not list");
  });
});
