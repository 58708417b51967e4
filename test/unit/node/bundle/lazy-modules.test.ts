// What every VU of a ready script pays for: k6 runs a bundle's whole top level in each VU, and each
// function declared there is an object every VU holds (bench/README.md: about 0.8 KiB per function
// per VU). These budgets fail the build of a ready script that grows past them, and the lazy part
// (the renderers handleSummary loads) must stay free of Node-side code like the rest.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { bundleScripts, defaultEntries } from "../../../../lib/node/bundle.ts";

const root = resolve(import.meta.dirname, "../../../..");
const outdir = join(root, "test-output/lazy-modules");

/**
 * The most any ready script may declare at its top level, and the most code it may hold outside the
 * modules loaded on first use (source map left out). On 2026-11-30 the ready scripts declared 19–45
 * functions in 7–25 KiB; before the code that builds options and reports moved behind facades.ts,
 * 80–99 functions in 91–106 KiB, and before the renderers were loaded on first use, 159–178.
 */
const BUDGET = { topLevelFunctions: 50, kib: 28 };

/** Top-level declarations esbuild prints at column 0: what each VU instantiates when it runs the bundle. */
function topLevelFunctions(code: string): number {
  return code.match(/^(async )?function\*? |^class /gm)?.length ?? 0;
}

/** The bundle without its source map and without the CommonJS blocks esbuild runs on first use only. */
function eagerCode(code: string): string {
  return code.replace(/\n\/\/# sourceMappingURL=.*\n?$/, "\n").replace(/^var require_\w+ = __commonJS\(\{\n[\s\S]*?^\}\);\n/gm, "");
}

describe("what a ready script's VUs run", async () => {
  const entries = defaultEntries(root).filter((entry) => entry.includes("/scripts/"));
  const results = await bundleScripts(entries, { outdir, typeCheck: false });

  it.each(results.map((r) => [r.entry.replace(`${root}/`, ""), r] as const))(
    `%s declares at most ${BUDGET.topLevelFunctions} functions at its top level, in at most ${BUDGET.kib} KiB of code every VU runs`,
    (_, result) => {
      const code = eagerCode(readFileSync(result.outfile, "utf8"));
      expect({ functions: topLevelFunctions(code) <= BUDGET.topLevelFunctions, kib: code.length / 1024 <= BUDGET.kib }).toEqual({
        functions: true,
        kib: true,
      });
    },
  );

  it("what builds options and reports (builders, presets, the validator, the renderers) is bundled inside a function only inits where __VU is 0 call", () => {
    const code = readFileSync(results[0]?.outfile ?? "", "utf8");
    expect(code).toMatch(/^var require_at_vu_zero = __commonJS\(\{$/m);
    expect(code).toMatch(/^var atVuZero = readsOptions\(\) \? await /m);
    for (const name of ["renderReports", "compilePreset", "presetValidator", "rampHold", "sharedIterations", "reportThresholds"]) {
      expect(code, name).toMatch(new RegExp(`^\\s+function ${name}\\d*\\(`, "m"));
      expect(eagerCode(code), name).not.toMatch(new RegExp(`function ${name}\\d*\\(`));
    }
    expect(results[0]?.inputs).toContain("lib/core/report/html.ts");
  });

  it("no ready script's bundle, lazy part included, holds Node-side code", () => {
    for (const result of results) {
      expect(result.inputs.filter((input) => input.includes("lib/node/") || input.startsWith("node:")), result.entry).toEqual([]);
      expect(readFileSync(result.outfile, "utf8"), result.entry).not.toMatch(/\brequire\(\s*["']/);
    }
  });
});
