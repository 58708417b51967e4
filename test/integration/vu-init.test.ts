// k6 reads options, and runs setup and handleSummary, where __VU is 0; every VU runs the init again in
// its own runtime. loadgate loads the code that builds options and reports only where __VU is 0
// (lib/k6/facades.ts): a VU's own init gets its inputs back, and the run is the same.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { bundleScripts } from "../../lib/node/bundle.ts";
import { k6 } from "../helpers/k6.ts";

const dir = mkdtempSync(join(tmpdir(), "loadgate-vu-init-"));
let script = "";
let throwing = "";

beforeAll(async () => {
  const [built, stackTrace] = await bundleScripts(["test/integration/scripts/vu-init.ts", "test/integration/scripts/stack-trace.ts"], { outdir: dir, typeCheck: false });
  script = built!.outfile;
  throwing = stackTrace!.outfile;
});

/** The `init __VU=… main=… thresholds=…` lines the script prints, by __VU. */
function initLines(output: string): Map<number, string[]> {
  const lines = new Map<number, string[]>();
  for (const [, vu, rest] of output.matchAll(/init __VU=(\d+) (main=.*?thresholds=\d+)/g)) {
    lines.set(Number(vu), [...(lines.get(Number(vu)) ?? []), rest!.replaceAll('\\"', '"')]);
  }
  return lines;
}

describe("a script's loadgate calls in each init of a real k6 run", () => {
  it("build the scenarios and thresholds where __VU is 0 only; each VU's own init gets its inputs back, and k6 runs what VU 0 built", async () => {
    const result = await k6(script, { cwd: dir, vars: { DATA_FILE: join(dir, "data.json") } });
    // No request is sent, so the error-aware preset's success-count guard fails the run: exit 99.
    expect(result.code, result.stderr).toBe(99);
    const lines = initLines(result.stderr);
    expect([...lines.keys()].sort()).toEqual([0, 1, 2, 3]);
    // VU 0's inits: the options, then the runtime of setup and handleSummary.
    expect(lines.get(0)).toEqual([
      'main={"executor":"shared-iterations","vus":3,"iterations":6,"maxDuration":"6s","startTime":"0s"} thresholds=9',
      'main={"executor":"shared-iterations","vus":3,"iterations":6,"maxDuration":"6s","startTime":"0s"} thresholds=9',
    ]);
    for (const vu of [1, 2, 3]) expect(lines.get(vu), `VU ${vu}`).toEqual(['main={"vus":3,"requests":6} thresholds=0']);
    const data = JSON.parse(readFileSync(join(dir, "data.json"), "utf8")) as { metrics: Record<string, { values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }> };
    expect(data.metrics["iterations"]?.values["count"]).toBe(6);
    expect(data.metrics["http_reqs{expected_response:true}"]?.thresholds).toEqual({ "count>=1": { ok: false }, "count>=20": { ok: false } });
  });

  it("a bad preset stops k6 in the init that reads options, before any VU's init", async () => {
    const result = await k6(script, { cwd: dir, vars: { PRESET: "no-such-preset", DATA_FILE: join(dir, "bad.json") } });
    expect(result.code).toBe(107);
    expect(result.stderr).toMatch(/-e PRESET must be a shipped preset/);
    expect([...initLines(result.stderr).keys()]).toEqual([]);
  });

  it("an exception in the script's own code names its .ts lines: the minified code loaded where __VU is 0 leaves the source map true", async () => {
    const result = await k6(throwing, { cwd: dir });
    const trace = /msg="Error: stack-trace: thrown on purpose(.*?)"/.exec(result.stderr)?.[1] ?? result.stderr;
    const lines = readFileSync("test/integration/scripts/stack-trace.ts", "utf8").split("\n");
    const thrown = lines.findIndex((line) => line.includes("throw new Error")) + 1;
    const called = lines.findIndex((line) => line.trim() === "failing();") + 1;
    expect(trace).toMatch(new RegExp(`at failing \\(file://\\S+/stack-trace\\.ts:${thrown}:\\d+`));
    expect(trace).toMatch(new RegExp(`at stack_trace_default \\(file://\\S+/stack-trace\\.ts:${called}:\\d+`));
  });
});
