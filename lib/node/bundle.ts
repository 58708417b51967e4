import { build, type BuildOptions, type Metafile } from "esbuild";
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import type ts from "typescript";
import { BuildError } from "../core/errors.ts";

/** esbuild settings every k6 bundle shares (see docs/k6-facts.md). */
export const K6_BUNDLE_OPTIONS = {
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  // k6's engine has no async generators or `for await`: have esbuild lower them.
  supported: { "async-generator": false, "for-await": false },
  // k6 and its modules, including extension modules (k6/x/...) of an xk6-built binary.
  external: ["k6", "k6/*"],
  sourcemap: "inline",
  sourcesContent: false,
  logLevel: "silent",
  charset: "utf8",
} as const satisfies BuildOptions;

/** The default entry points: every `scripts/*.ts` and `examples/*.ts` under `root`. */
export function defaultEntries(root: string): string[] {
  const entries: string[] = [];
  for (const dir of ["scripts", "examples"]) {
    const folder = join(root, dir);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).sort()) {
      if (name.endsWith(".ts") && !name.endsWith(".d.ts")) entries.push(join(folder, name));
    }
  }
  return entries;
}

// The TypeScript compiler takes about a second to load: only commands that type-check load it, so
// `loadgate analyse` and the other commands start fast.
let loaded: typeof ts | undefined;
function typescript(): typeof ts {
  loaded ??= createRequire(import.meta.url)("typescript") as typeof ts;
  return loaded;
}

const defaultCompilerOptions = (ts: typeof import("typescript")): ts.CompilerOptions => ({
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ["lib.es2022.d.ts"],
  types: ["k6"],
  strict: true,
  noEmit: true,
  resolveJsonModule: true,
  allowImportingTsExtensions: true,
  skipLibCheck: true,
});

/** Compiler options from the nearest tsconfig.json above the first entry, else k6-friendly defaults. */
function compilerOptionsFor(entry: string): ts.CompilerOptions {
  const ts = typescript();
  const configPath = ts.findConfigFile(dirname(entry), ts.sys.fileExists, "tsconfig.json");
  if (configPath === undefined) return defaultCompilerOptions(ts);
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new BuildError(formatDiagnostics([error]));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, dirname(configPath), undefined, configPath);
  return { ...parsed.options, noEmit: true };
}

function formatDiagnostics(diagnostics: readonly ts.Diagnostic[]): string {
  return typescript().formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => process.cwd(),
    getNewLine: () => "\n",
  });
}

/** Type-checks the entries (and what they import); throws a {@link BuildError} with file(line,col) on any error. */
export function typeCheck(entries: readonly string[]): void {
  const typed = entries.filter((entry) => /\.(c|m)?tsx?$/.test(entry));
  if (typed.length === 0) return;
  const ts = typescript();
  const program = ts.createProgram(typed, compilerOptionsFor(typed[0] as string));
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) throw new BuildError(`type errors:\n${formatDiagnostics(diagnostics)}`);
}

/** One bundle written. */
export interface BundleResult {
  entry: string;
  outfile: string;
  bytes: number;
  /** Source files that went into the bundle, relative to the working directory. */
  inputs: string[];
}

/** Options of {@link bundleScripts}. */
export interface BundleOptions {
  /** Folder the bundles are written to. @default "build" */
  outdir?: string;
  /** Type-check before bundling. @default true */
  typeCheck?: boolean;
}

/**
 * Bundles k6 scripts to `<outdir>/<name>.js`: ESM, k6 modules external, JSON presets inlined,
 * an inline source map so k6's stack traces name the `.ts` lines.
 */
export async function bundleScripts(entries: readonly string[], options: BundleOptions = {}): Promise<BundleResult[]> {
  const outdir = resolve(options.outdir ?? "build");
  for (const entry of entries) {
    if (!existsSync(entry)) throw new BuildError(`${entry}: no such file`);
  }
  const names = new Map<string, string>();
  for (const entry of entries) {
    const name = basename(entry, extname(entry));
    const other = names.get(name);
    if (other !== undefined) throw new BuildError(`${other} and ${entry} would both be bundled to ${name}.js; rename one`);
    names.set(name, entry);
  }
  if (options.typeCheck ?? true) typeCheck(entries);

  const results: BundleResult[] = [];
  for (const entry of entries) {
    const outfile = join(outdir, `${basename(entry, extname(entry))}.js`);
    let metafile: Metafile;
    try {
      ({ metafile } = await build({ ...K6_BUNDLE_OPTIONS, entryPoints: [entry], outfile, metafile: true }));
    } catch (error) {
      const errors = (error as { errors?: { text: string; location?: { file: string; line: number; column: number; lineText: string } | null }[] }).errors;
      if (!errors) throw error;
      const lines = errors.map((e) =>
        e.location ? `${e.location.file}:${e.location.line}:${e.location.column + 1}: ${e.text}\n    ${e.location.lineText}` : e.text,
      );
      throw new BuildError(`bundling ${entry} failed:\n${lines.join("\n")}`);
    }
    const output = Object.values(metafile.outputs)[0];
    results.push({
      entry,
      outfile: relative(process.cwd(), outfile),
      bytes: output?.bytes ?? 0,
      inputs: Object.keys(metafile.inputs),
    });
  }
  return results;
}
