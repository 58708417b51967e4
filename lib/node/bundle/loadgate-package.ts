import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type ts from "typescript";

const require = createRequire(import.meta.url);

// The TypeScript compiler takes about a second to load: only a build that type-checks, or that
// finds a call to rewrite, loads it, so `loadgate analyse` and the other commands start fast.
let loaded: typeof ts | undefined;

/** The TypeScript compiler API, loaded on first use. */
export function typescript(): typeof ts {
  loaded ??= require("typescript") as typeof ts;
  return loaded;
}

let root: string | undefined;

/** The folder of loadgate's own package.json, whether this runs from lib/ (sources) or dist/lib/ (compiled). */
export function loadgateRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === "loadgate") break;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`loadgate's package.json not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  root = dir;
  return dir;
}

/** The folder of the `@types/k6` that loadgate depends on. */
export function loadgateK6Types(): string {
  return dirname(require.resolve("@types/k6/package.json"));
}
