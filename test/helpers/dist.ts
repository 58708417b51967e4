// Tests that drive the CLI run bin/loadgate.js, which runs dist/: dist/ must be compiled from lib/
// (and the presets it copies) as they are now, or a test passes on code that no longer exists.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

function files(dir: string, ending: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path, ending);
    return entry.name.endsWith(ending) ? [path] : [];
  });
}

/**
 * What dist/ is stale for: each lib/ source and shipped preset whose compiled file is missing or older
 * than it, and each build config newer than the oldest compiled file. Empty when dist/ is current.
 */
export function staleDist(root: string): string[] {
  const pairs: [source: string, output: string][] = [
    ...files(join(root, "lib"), ".ts").map((source): [string, string] => [source, join(root, "dist", relative(root, source).replace(/\.ts$/, ".js"))]),
    ...files(join(root, "thresholds"), ".json")
      .filter((source) => !source.endsWith("schema.json"))
      .map((source): [string, string] => [source, join(root, "dist", relative(root, source))]),
  ];
  const stale: string[] = [];
  let oldest = Number.POSITIVE_INFINITY;
  for (const [source, output] of pairs) {
    const built = existsSync(output) ? statSync(output).mtimeMs : undefined;
    if (built !== undefined) oldest = Math.min(oldest, built);
    if (built === undefined || statSync(source).mtimeMs > built) stale.push(relative(root, source));
  }
  for (const config of ["tsconfig.base.json", "tsconfig.build.json"]) {
    if (statSync(join(root, config)).mtimeMs > oldest) stale.push(config);
  }
  return stale;
}

/** Compiles dist/ when it is stale (`tsc -p tsconfig.build.json`); throws when it is still stale after. */
export function ensureCurrentDist(root: string, log: (line: string) => void = console.error): void {
  const before = staleDist(root);
  if (before.length === 0) return;
  log(`dist/ is older than ${before.slice(0, 3).join(", ")}${before.length > 3 ? ` and ${before.length - 3} more` : ""}: compiling it (tsc -p tsconfig.build.json)`);
  try {
    execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: root, stdio: "pipe" });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`tsc -p tsconfig.build.json failed, so the CLI tests would run old code:\n${stdout?.toString() ?? ""}${stderr?.toString() ?? ""}`);
  }
  const after = staleDist(root);
  if (after.length > 0) throw new Error(`dist/ is still older than ${after.join(", ")} after compiling it`);
}

/** Whether dist/k6/loadgate.js (the self-contained k6 module) is missing or older than a k6-side source or a shipped preset. */
export function staleK6Module(root: string): boolean {
  const module = join(root, "dist/k6/loadgate.js");
  if (!existsSync(module)) return true;
  const built = statSync(module).mtimeMs;
  const sources = [join(root, "lib/index.ts"), ...files(join(root, "lib/core"), ".ts"), ...files(join(root, "lib/k6"), ".ts"), ...files(join(root, "thresholds"), ".json")];
  return sources.some((source) => statSync(source).mtimeMs > built);
}

/** Writes dist/k6/loadgate.js when it is stale (`node tools/build-k6-module.mjs`, which reads dist/lib). */
export function ensureCurrentK6Module(root: string, log: (line: string) => void = console.error): void {
  if (!staleK6Module(root)) return;
  log("dist/k6/loadgate.js is older than lib/: writing it (node tools/build-k6-module.mjs)");
  execFileSync(process.execPath, [join(root, "tools/build-k6-module.mjs")], { cwd: root, stdio: "pipe" });
}
