// What every VU of a ready script pays for: k6 runs a bundle's whole top level in each VU, and each
// function declared there is an object every VU holds (bench/README.md: about 0.8 KiB per function
// per VU). These budgets fail the build of a ready script that grows past them, and the lazy part
// (the renderers handleSummary loads) must stay free of Node-side code like the rest.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { decode, encode } from "@jridgewell/sourcemap-codec";
import { bundleScripts, defaultEntries } from "../../../../lib/node/bundle.ts";
import { withLazyModules } from "../../../../lib/node/bundle/lazy-modules.ts";

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
    expect(code).toMatch(/^var atVuZero = readsOptions\(\) \? require_at_vu_zero\(\) : void 0;$/m);
    // Without the interop helpers an import() of CommonJS brings, which every VU would declare.
    expect(eagerCode(code)).not.toMatch(/^var __(toESM|copyProps|create) = /m);
    // The lazy block is minified: its functions keep no names, its exports do.
    const lazy = code.slice(code.indexOf("var require_at_vu_zero = __commonJS({"), code.indexOf("\n});\n", code.indexOf("var require_at_vu_zero")));
    expect(lazy).toContain("(function(module, exports) {\n");
    for (const name of ["summary", "compilePreset", "presetFromEnv", "rampLadder", "plan", "reportThresholds"]) {
      expect(lazy, name).toMatch(new RegExp(`[{,]${name}:\\(\\)=>`));
    }
    for (const name of ["renderReports", "compilePreset", "presetValidator", "rampHold", "sharedIterations", "reportThresholds"]) {
      expect(eagerCode(code), name).not.toMatch(new RegExp(`function ${name}\\d*\\(`));
    }
    expect(results[0]?.inputs).toContain("lib/core/report/html.ts");
    expect(results[0]?.inputs).toContain("lib/k6/preset-validator.generated.ts");
  });

  it("the code loaded where __VU is 0 is minified: a ready script is at most 180 KiB with its source map (290 KiB before)", () => {
    for (const result of results) expect(result.bytes / 1024, result.entry).toBeLessThanOrEqual(180);
  });

  it("the inline source map maps the script's own lines and none of the code loaded on first use", () => {
    for (const result of results) {
      const text = readFileSync(result.outfile, "utf8");
      const encoded = /\n\/\/# sourceMappingURL=data:application\/json;base64,(\S+)\n$/.exec(text)?.[1] ?? "";
      const map = JSON.parse(Buffer.from(encoded, "base64").toString("utf8")) as { sources: string[]; mappings: string };
      const entry = result.entry.replace(`${root}/`, "");
      expect(map.sources.filter((source) => source.endsWith(entry)), result.entry).toHaveLength(1);
      expect(map.sources.filter((source) => source.startsWith("loadgate-lazy:")), result.entry).toEqual([]);
      // One line of mappings per line of the bundle; those of the block loaded on first use are empty.
      const lines = map.mappings.split(";");
      const block = text.split("\n").findIndex((line) => line.startsWith("var require_at_vu_zero = __commonJS("));
      const end = text.split("\n").findIndex((line, i) => i > block && line === "});");
      expect(block, result.entry).toBeGreaterThan(0);
      expect(lines.slice(block + 1, end).filter((line) => line !== ""), result.entry).toEqual([]);
      expect(lines.slice(end).filter((line) => line !== "").length, result.entry).toBeGreaterThan(5);
    }
  });

  it("no ready script's bundle, lazy part included, holds Node-side code", () => {
    for (const result of results) {
      expect(result.inputs.filter((input) => input.includes("lib/node/") || input.startsWith("node:")), result.entry).toEqual([]);
      const required = [...readFileSync(result.outfile, "utf8").matchAll(/\brequire\(\s*["']([^"']+)["']/g)].map((m) => m[1]);
      expect(required.filter((name) => name !== "k6" && !name?.startsWith("k6/")), result.entry).toEqual([]);
    }
  });
});

describe("withLazyModules", () => {
  const ID_A = "0123456789abcdef";
  const ID_B = "fedcba9876543210";
  const withMap = (code: string, sources: string[], mappings: number[][][]) => {
    const map = { version: 3, sources, names: [], mappings: encode(mappings as never) };
    return `${code}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString("base64")}\n`;
  };
  const mapOf = (bundle: string) => {
    const encoded = /sourceMappingURL=data:application\/json;base64,(\S+)\n$/.exec(bundle)?.[1] ?? "";
    const map = JSON.parse(Buffer.from(encoded, "base64").toString("utf8")) as { sources: string[]; mappings: string };
    return { sources: map.sources, mappings: decode(map.mappings) };
  };

  it("puts each module's code where its stand-in was, and moves the mappings after it to where they now are", () => {
    const code = [
      "var a = 1;",
      `x(__loadgate_lazy_module__("${ID_A}")(module, exports), __loadgate_lazy_module__("${ID_B}")(module, exports)); var b = 2;`,
      "var c = 3;",
    ].join("\n");
    // Line 0 maps to the script; line 1 has the stand-ins (lazy source 1) between "x(" and "; var b";
    // line 2 maps to the script.
    const standB = code.split("\n")[1]!.indexOf("__loadgate_lazy_module__", 5);
    const bAt = code.split("\n")[1]!.indexOf("var b");
    const bundle = withMap(code, ["script.ts", "loadgate-lazy:/lib/k6/at-vu-zero.ts"], [
      [[0, 0, 0, 0]],
      [[0, 0, 4, 0], [2, 1, 0, 0], [standB, 1, 0, 0], [bAt, 0, 5, 2]],
      [[0, 0, 6, 0]],
    ]);
    const out = withLazyModules(bundle, [
      { id: ID_A, code: "module.exports={a:`one\ntwo`};", sources: [] },
      { id: ID_B, code: "module.exports={b:2};", sources: [] },
    ]);
    const lines = out.split("\n");
    expect(lines.slice(0, 7)).toEqual([
      "var a = 1;",
      "x((function(module, exports) {",
      "module.exports={a:`one",
      "two`};",
      "})(module, exports), (function(module, exports) {",
      "module.exports={b:2};",
      "})(module, exports)); var b = 2;",
    ]);
    const { sources, mappings } = mapOf(out);
    expect(sources).toEqual(["script.ts"]);
    // "x(" and "var b" keep their source positions at their new places; the lazy segments are gone.
    expect(mappings.slice(0, 8)).toEqual([[[0, 0, 0, 0]], [[0, 0, 4, 0]], [], [], [], [], [[lines[6]!.indexOf("var b"), 0, 5, 2]], [[0, 0, 6, 0]]]);
  });

  it("leaves a bundle without stand-ins or a map as it was, and refuses a stand-in of a module not built", () => {
    expect(withLazyModules("var a = 1;\n", [])).toBe("var a = 1;\n");
    expect(() => withLazyModules(`__loadgate_lazy_module__("${ID_A}")(module, exports);`, [])).toThrow(/lazy module 0123456789abcdef that was not built/);
  });
});
