// A sample of generated valid presets, compiled and handed to the real k6 in one run: k6 exits 104
// (or 107) on a threshold or summaryTrendStats entry it rejects, so exit 0 or 99 proves it accepted all.
import fc from "fast-check";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Threshold } from "k6/options";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { METRICS } from "../../lib/core/vocabulary/metric-names.ts";
import { compilePreset } from "../../lib/core/thresholds/preset.ts";
import { startTarget, type RunningTarget } from "../../lib/node/demo-target.ts";
import { k6 } from "../helpers/k6.ts";
import { validPreset } from "../helpers/preset-arbitrary.ts";

const dir = mkdtempSync(join(tmpdir(), "loadgate-preset-sample-"));
let target: RunningTarget;
beforeAll(async () => (target = await startTarget()));
afterAll(() => target.close());

/** A one-request script whose options carry `thresholds`; it declares loadgate's phase metrics, as phaseTimings() does. */
function script(thresholds: Record<string, Threshold[]>, summaryTrendStats: string[]): string {
  const path = join(dir, `sample-${Object.keys(thresholds).length}-${Date.now()}.js`);
  writeFileSync(
    path,
    `import http from "k6/http";
import { Counter, Trend } from "k6/metrics";
new Trend(${JSON.stringify(METRICS.phaseDuration)}, true);
new Counter(${JSON.stringify(METRICS.phaseSamples)});
export const options = ${JSON.stringify({ thresholds, summaryTrendStats })};
export default function () { http.get(__ENV.BASE_URL + "/health"); }
`,
  );
  return path;
}

function union(presets: ReturnType<typeof compilePreset>[]) {
  const thresholds: Record<string, Threshold[]> = {};
  const stats = new Set<string>();
  for (const compiled of presets) {
    for (const [metric, entries] of Object.entries(compiled.thresholds)) thresholds[metric] = [...(thresholds[metric] ?? []), ...entries];
    for (const stat of compiled.summaryTrendStats) stats.add(stat);
  }
  return { thresholds, summaryTrendStats: [...stats] };
}

describe("generated presets on the real k6", () => {
  it("k6 accepts every threshold of 50 generated valid presets (exit 0 or 99, never 104/107)", async () => {
    const seed = Date.now() % 2 ** 31;
    const presets = fc.sample(validPreset, { numRuns: 50, seed }).map((preset) => compilePreset(preset, "generated"));
    const { thresholds, summaryTrendStats } = union(presets);
    const expressions = Object.values(thresholds).flat().length;
    expect(expressions).toBeGreaterThan(100);
    const run = await k6(script(thresholds, summaryTrendStats), { vars: { BASE_URL: target.url }, args: ["--vus", "1", "--iterations", "1", "--quiet"] });
    expect([0, 99], `seed ${seed}, ${expressions} expressions:\n${run.stderr}`).toContain(run.code);
  });

  it("the same harness fails on one expression k6 rejects (so the check above can fail)", async () => {
    const run = await k6(script({ http_req_duration: ["p(95)<500", "p95<500"] }, ["avg", "p(95)"]), {
      vars: { BASE_URL: target.url },
      args: ["--vus", "1", "--iterations", "1", "--quiet"],
    });
    expect([104, 107]).toContain(run.code);
  });
});
