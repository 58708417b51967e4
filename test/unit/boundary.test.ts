import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { bundleScripts, defaultEntries } from "../../lib/node/bundle.ts";

const root = resolve(import.meta.dirname, "../..");

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports, with whether the import is type-only. */
function imports(file: string): { spec: string; typeOnly: boolean }[] {
  const source = readFileSync(file, "utf8");
  const found: { spec: string; typeOnly: boolean }[] = [];
  for (const match of source.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']/gm)) {
    found.push({ spec: match[3] as string, typeOnly: match[2] !== undefined });
  }
  for (const match of source.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g)) {
    found.push({ spec: match[1] as string, typeOnly: false });
  }
  return found;
}

describe("the k6 / Node boundary", () => {
  it("lib/core imports nothing outside lib/core at run time", () => {
    const offenders: string[] = [];
    for (const file of tsFiles(join(root, "lib/core"))) {
      for (const { spec, typeOnly } of imports(file)) {
        const inside = spec.startsWith(".") && resolve(file, "..", spec).startsWith(join(root, "lib/core"));
        const k6Types = typeOnly && (spec === "k6" || spec.startsWith("k6/"));
        if (!inside && !k6Types) offenders.push(`${relative(root, file)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("lib/k6 and lib/index.ts import only lib/core, lib/k6, shipped presets and k6 modules", () => {
    const offenders: string[] = [];
    for (const file of [...tsFiles(join(root, "lib/k6")), join(root, "lib/index.ts")]) {
      for (const { spec } of imports(file)) {
        if (spec === "k6" || spec.startsWith("k6/")) continue;
        const target = spec.startsWith(".") ? resolve(file, "..", spec) : undefined;
        const allowed =
          target !== undefined &&
          (target.startsWith(join(root, "lib/core")) ||
            target.startsWith(join(root, "lib/k6")) ||
            (target.startsWith(join(root, "thresholds")) && target.endsWith(".json")));
        if (!allowed) offenders.push(`${relative(root, file)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("no bundle contains a Node built-in, lib/node code or a package with Node dependencies", async () => {
    const outdir = join(root, "test-output/boundary-build");
    const results = await bundleScripts(defaultEntries(root), { outdir, typeCheck: false });
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      const leaks = result.inputs.filter((input) => input.includes("lib/node/") || input.startsWith("node:"));
      expect(leaks, result.entry).toEqual([]);
      const code = readFileSync(result.outfile, "utf8");
      // Imports left in the bundle must all be k6's own modules.
      const external = [...code.matchAll(/^import\s[^;]*?from\s+"([^"]+)"/gm)].map((m) => m[1]);
      expect(external.filter((spec) => spec !== "k6" && !spec?.startsWith("k6/")), result.entry).toEqual([]);
      expect(code, result.entry).not.toMatch(/\brequire\(\s*["'](node:)?(fs|path|child_process|os|http|net)["']/);
    }
  });

  it("a script importing a Node built-in fails to bundle with the file and line", async () => {
    const outdir = join(root, "test-output/boundary-build");
    const bad = join(outdir, "uses-fs.ts");
    const { mkdirSync, writeFileSync } = await import("node:fs");
    mkdirSync(outdir, { recursive: true });
    writeFileSync(bad, 'import { readFileSync } from "fs";\nexport default function () { readFileSync("x"); }\n');
    await expect(bundleScripts([bad], { outdir, typeCheck: false })).rejects.toThrow(/uses-fs\.ts:1:\d+: Could not resolve "fs"/);
  });
});
