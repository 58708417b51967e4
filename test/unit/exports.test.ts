// The package's public entries, checked in the style of hono's build/validate-exports.ts: every
// `exports` entry of package.json names a source entry and its built files, every source entry is
// exported, and each entry names what it exports (no `export *`, no default export).
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  exports: Record<string, string | { types: string; default: string }>;
  files: string[];
  bin: Record<string, string>;
};

/** The source file of each public entry, by the subpath users import. */
const ENTRIES: Record<string, string> = {
  ".": "lib/index.ts",
  "./core": "lib/core/index.ts",
  "./analyse": "lib/node/analyse/index.ts",
};

/** `./dist/lib/core/index.js` → `lib/core/index.ts`. */
const sourceOf = (built: string) => built.replace(/^\.\/dist\//, "").replace(/\.d\.ts$|\.js$/, ".ts");

describe("package.json exports", () => {
  it("maps each public source entry, and only those, to its built JavaScript and declarations", () => {
    const code = Object.entries(pkg.exports).filter(([, target]) => typeof target !== "string");
    expect(Object.fromEntries(code.map(([subpath, target]) => [subpath, sourceOf((target as { default: string }).default)]))).toEqual(ENTRIES);
    for (const [subpath, target] of code) {
      const { types, default: js } = target as { types: string; default: string };
      expect(sourceOf(types), subpath).toBe(sourceOf(js));
    }
  });

  it("points at files that the build wrote and that the package ships", () => {
    const shipped = (path: string) => pkg.files.some((entry) => path.replace(/^\.\//, "").startsWith(`${entry}/`));
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      const paths = typeof target === "string" ? [target] : [target.types, target.default];
      for (const path of paths) {
        if (path.includes("*")) {
          expect(existsSync(join(root, path.slice(0, path.indexOf("*")))), `${subpath}: ${path}`).toBe(true);
        } else if (path !== "./package.json") {
          expect(existsSync(join(root, path)), `${subpath}: ${path} is missing (npm run build writes dist/)`).toBe(true);
          expect(shipped(path), `${subpath}: ${path} is not under package.json "files"`).toBe(true);
        }
      }
    }
    for (const bin of Object.values(pkg.bin)) expect(shipped(bin), bin).toBe(true);
  });

  it("each entry names its exports: no `export *` and no default export", () => {
    for (const source of Object.values(ENTRIES)) {
      const text = readFileSync(join(root, source), "utf8");
      expect(text, source).not.toMatch(/^export \*/m);
      expect(text, source).not.toMatch(/^export default/m);
      expect(text.match(/^export (type )?\{/gm)?.length ?? 0, source).toBeGreaterThan(0);
    }
  });

  it("loadgate/core and loadgate/analyse export the sample comparison, the noise and the run history, as built", async () => {
    const core = (await import(join(root, "dist/lib/core/index.js"))) as Record<string, unknown>;
    const analyse = (await import(join(root, "dist/lib/node/analyse/index.js"))) as Record<string, unknown>;
    const functions = (entry: Record<string, unknown>, names: string[]) => names.filter((name) => typeof entry[name] !== "function");
    expect(
      functions(core, [
        "compareSamples", "quantileShift", "learnNoise", "withNoise", "historyEntry", "historyEntryFromSummary", "findCreep", "parseHistory",
        "renderSampleComparisonText", "renderSampleComparisonMarkdown", "renderTrendsText", "renderTrendsMarkdown", "renderTrendsHtml", "sparkline", "sparklineSvg",
      ]),
    ).toEqual([]);
    expect(functions(analyse, ["readRunSamples", "isK6Output", "compareSampleFiles", "learnNoiseFiles", "readNoise", "appendHistory", "readHistory"])).toEqual([]);
    expect({ minPairs: core["MIN_NOISE_PAIRS"], creep: core["FIND_CREEP_DEFAULTS"] }).toEqual({ minPairs: 3, creep: { last: 10, level: 0.95, minRise: 0.02 } });
  });
});
