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

/** Floors of lib/, bottom first: a file may import its own folder or a folder on a lower floor, never up. */
const FLOORS: readonly [prefix: string, floor: number][] = [
  ["lib/core/errors.ts", 0],
  ["lib/core/vocabulary/", 1],
  ["lib/core/stats/", 1],
  ["lib/core/escape/", 1],
  ["lib/core/thresholds/", 2],
  ["lib/core/scenarios/", 3],
  ["lib/core/phases/", 3],
  ["lib/core/verdict/", 4],
  ["lib/core/report/", 5],
  ["lib/core/index.ts", 6],
  ["lib/k6/", 6],
  ["lib/node/commands/", 8],
  ["lib/node/cli.ts", 9],
  ["lib/node/", 7],
  ["lib/index.ts", 7],
];

function floorOf(path: string): { floor: number; home: string } {
  const found = FLOORS.find(([prefix]) => path.startsWith(prefix));
  if (found === undefined) throw new Error(`${path} stands on no floor: add its folder to FLOORS`);
  return { floor: found[1], home: found[0] };
}

/** Every import (type-only ones too) from one file of lib/ to another. */
function libImports(): [from: string, to: string][] {
  const edges: [string, string][] = [];
  for (const file of tsFiles(join(root, "lib"))) {
    if (file.endsWith(".generated.ts")) continue;
    for (const { spec } of imports(file)) {
      if (!spec.startsWith(".")) continue;
      const target = resolve(file, "..", spec);
      if (!target.startsWith(join(root, "lib"))) continue;
      edges.push([relative(root, file), relative(root, target)]);
    }
  }
  return edges;
}

/** Imports that run back up a floor, sideways to another folder on the same floor, or between the k6 and Node sides. */
function floorOffenders(edges: readonly [string, string][]): string[] {
  const offenders: string[] = [];
  for (const [from, to] of edges) {
    const a = floorOf(from);
    const b = floorOf(to);
    const crossesSides = from.startsWith("lib/node/") && (to.startsWith("lib/k6/") || to === "lib/index.ts");
    if (!crossesSides && (b.floor < a.floor || a.home === b.home)) continue;
    offenders.push(`${from} (floor ${a.floor}) imports ${to} (floor ${b.floor})`);
  }
  return offenders;
}

/** Every circle of imports, as `a -> b -> a`. */
function circlesOf(edges: readonly [string, string][]): string[] {
  const next = new Map<string, string[]>();
  for (const [from, to] of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const circles: string[] = [];
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    path.push(file);
    for (const to of next.get(file) ?? []) {
      if (state.get(to) === "open") circles.push([...path.slice(path.indexOf(to)), to].join(" -> "));
      else if (state.get(to) === undefined) visit(to);
    }
    path.pop();
    state.set(file, "done");
  };
  for (const file of [...next.keys()].sort()) if (state.get(file) === undefined) visit(file);
  return circles;
}

describe("the floors of lib/", () => {
  it("no import runs back up a floor or sideways to another folder on the same floor", () => {
    expect(floorOffenders(libImports())).toEqual([]);
  });

  it("no files import each other in a circle", () => {
    expect(circlesOf(libImports())).toEqual([]);
  });

  it("the rules catch an import that runs back up, a sideways one and a circle", () => {
    expect(floorOffenders([["lib/core/scenarios/plan.ts", "lib/core/report/files.ts"]])).toEqual([
      "lib/core/scenarios/plan.ts (floor 3) imports lib/core/report/files.ts (floor 5)",
    ]);
    expect(floorOffenders([["lib/core/scenarios/plan.ts", "lib/core/phases/breakdown.ts"]])).toHaveLength(1);
    expect(floorOffenders([["lib/node/merge.ts", "lib/k6/summary.ts"]])).toHaveLength(1);
    expect(floorOffenders([["lib/core/verdict/verdict.ts", "lib/core/verdict/error-kinds.ts"]])).toEqual([]);
    expect(circlesOf([["a.ts", "b.ts"], ["b.ts", "c.ts"], ["c.ts", "a.ts"]])).toEqual(["a.ts -> b.ts -> c.ts -> a.ts"]);
  });
});
