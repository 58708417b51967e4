import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../core/errors.ts";
import { loadgateRoot } from "./bundle/loadgate-package.ts";

/** The folder of loadgate's ready scripts (`scripts/*.ts`), in this repository or in an installed package. */
export function readyScriptsDir(): string {
  return join(loadgateRoot(), "scripts");
}

/** The names of the ready scripts loadgate ships (`burst`, `phases`, ...), sorted. */
export function readyScriptNames(): string[] {
  const dir = readyScriptsDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts"))
    .map((name) => name.slice(0, -".ts".length))
    .sort();
}

/**
 * The source files of the ready scripts named in `list` (comma-separated; `all` for every one), in the
 * order given. An unknown name is a {@link UsageError} listing the names there are.
 */
export function readyScriptEntries(list: string): string[] {
  const known = readyScriptNames();
  const names = list.trim() === "all" ? known : list.split(",").map((name) => name.trim()).filter((name) => name !== "");
  if (names.length === 0) throw new UsageError(`loadgate build: --ready needs script names, e.g. --ready burst,phases; there are: ${known.join(", ")}`);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new UsageError(`loadgate build: no ready script named ${unknown.map((n) => JSON.stringify(n)).join(", ")}; there are: ${known.join(", ")} (or all)`);
  }
  return [...new Set(names)].map((name) => join(readyScriptsDir(), `${name}.ts`));
}
