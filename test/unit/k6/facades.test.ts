// What a script's calls give in a VU's own init (__VU > 0): nothing behind facades.ts is loaded and
// each call returns at once. Where __VU is 0 the code behind it imports k6's modules, which only k6
// has: test/integration/vu-init.test.ts runs both kinds of init in the real k6.
import { afterEach, describe, expect, it, vi } from "vitest";

const vuGlobal = globalThis as { __VU?: number; __ENV?: Record<string, string> };

/** facades.ts as a k6 init with this `__VU` loads it: a fresh module, evaluated with the global set. */
async function facadesAt(vu: number): Promise<typeof import("../../../lib/k6/facades.ts")> {
  vuGlobal.__VU = vu;
  vi.resetModules();
  return import("../../../lib/k6/facades.ts");
}

afterEach(() => {
  delete vuGlobal.__VU;
});

describe("facades.ts in a VU's own init (__VU > 0)", () => {
  it("loads none of the code behind it, and what builds options returns its input as given", async () => {
    const f = await facadesAt(3);
    expect(f.smoke({ vus: 2 })).toEqual({ vus: 2 });
    expect(f.burst()).toEqual({});
    expect(f.plan({ main: { executor: "constant-vus", vus: 1, duration: "1s" } })).toEqual({
      scenarios: { main: { executor: "constant-vus", vus: 1, duration: "1s" } },
      totalDuration: "",
      thresholds: {},
      warnings: [],
    });
    expect(f.presetFromEnv({ PRESET: "no-such-preset" })).toEqual({ thresholds: {}, summaryTrendStats: [] });
    expect(f.compileGate({ p95: 500 })).toEqual({ thresholds: {}, summaryTrendStats: [] });
    expect(f.reportThresholds(["a"], { http_req_failed: ["rate<0.01"] })).toEqual({ http_req_failed: ["rate<0.01"] });
    expect(f.readyOptions({ a: { executor: "constant-vus", duration: "1s" } }, {})).toEqual({ scenarios: { a: { executor: "constant-vus", duration: "1s" } }, thresholds: {}, summaryTrendStats: [] });
    expect(f.rampLadder({ levels: [1, 2] }).scenarios).toEqual({});
    expect(await f.summary()({} as never)).toEqual({});
  });

  it("what reads a run's results throws, naming where it runs", async () => {
    const f = await facadesAt(3);
    expect(() => f.phaseBreakdown({ metrics: {} })).toThrow(
      "phaseBreakdown() reads a run's results: call it in handleSummary (or setup, or the init that reads options), where __VU is 0; __VU is 3 here",
    );
  });
});
