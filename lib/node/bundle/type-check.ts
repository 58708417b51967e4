import { existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type ts from "typescript";
import { BuildError } from "../../core/errors.ts";
import { loadgateK6Types, loadgateRoot, typescript } from "./loadgate-package.ts";

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
  // A TypeScript script may import the JavaScript helpers of a k6 suite: typed by inference, not checked.
  allowJs: true,
  checkJs: false,
  skipLibCheck: true,
});

/** The compiler options a type-check used, and where they came from, for the build's output. */
export interface TypeCheckConfig {
  /** The tsconfig.json read, relative to the working directory; undefined when none was found and loadgate's defaults applied. */
  tsconfig: string | undefined;
  /** What loadgate changed in it so that an ES-module k6 script resolves its imports as esbuild bundles them. */
  adjusted: string[];
}

/** Compiler options from the nearest tsconfig.json above the first entry, else k6-friendly defaults. */
function compilerOptionsFor(entry: string): { options: ts.CompilerOptions; config: TypeCheckConfig } {
  const ts = typescript();
  const configPath = ts.findConfigFile(dirname(entry), ts.sys.fileExists, "tsconfig.json");
  if (configPath === undefined) {
    // Without a tsconfig, TypeScript would look for types from the working directory: look from the script's.
    const typeRoot = projectTypeRoot(dirname(entry));
    const options = { ...defaultCompilerOptions(ts), ...(typeRoot === undefined ? {} : { typeRoots: [typeRoot] }) };
    return { options, config: { tsconfig: undefined, adjusted: [] } };
  }
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new BuildError(formatDiagnostics([error]));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, dirname(configPath), undefined, configPath);
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true };
  const adjusted: string[] = [];
  // A CommonJS project's tsconfig (module commonjs, moduleResolution node10) cannot resolve the
  // "loadgate" entry's `exports`; esbuild bundles k6 scripts as ES modules, so check them as such.
  const resolution = options.moduleResolution;
  const esmResolution = [ts.ModuleResolutionKind.Bundler, ts.ModuleResolutionKind.Node16, ts.ModuleResolutionKind.NodeNext];
  if (resolution === undefined || !esmResolution.includes(resolution)) {
    options.module = ts.ModuleKind.ESNext;
    options.moduleResolution = ts.ModuleResolutionKind.Bundler;
    options.allowImportingTsExtensions = true;
    adjusted.push("module esnext, moduleResolution bundler (k6 scripts are bundled as ES modules)");
  }
  // k6 runs ES2022; TypeScript's default target (ES5) would reject loadgate's own declarations.
  if (options.target === undefined || options.target < ts.ScriptTarget.ES2022) {
    options.target = ts.ScriptTarget.ES2022;
    if (options.lib === undefined) options.lib = ["lib.es2022.d.ts"];
    adjusted.push("target es2022 (what k6 runs)");
  }
  return { options, config: { tsconfig: relative(process.cwd(), configPath), adjusted } };
}

/** The node_modules/@types folder holding k6's types in `dir` or a folder above it, as TypeScript looks for it. */
function projectTypeRoot(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, "node_modules/@types/k6/package.json"))) return join(d, "node_modules/@types");
    if (dirname(d) === d) return undefined;
  }
}

function formatDiagnostics(diagnostics: readonly ts.Diagnostic[]): string {
  return typescript().formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => process.cwd(),
    getNewLine: () => "\n",
  });
}

/**
 * Type-checks the entries (and what they import); throws a {@link BuildError} with file(line,col) on
 * any error. A project without its own `@types/k6` gets loadgate's, and k6's globals are declared.
 */
export function typeCheck(entries: readonly string[]): TypeCheckConfig | undefined {
  const typed = entries.filter((entry) => /\.(c|m)?tsx?$/.test(entry));
  if (typed.length === 0) return undefined;
  const ts = typescript();
  const first = typed[0] as string;
  const { options, config } = compilerOptionsFor(first);
  // Shipped at the package's root (and named in the tsconfig.json `loadgate init` writes).
  const globals = join(loadgateRoot(), "k6-globals.d.ts");
  const roots = [...typed, globals];
  if (projectTypeRoot(dirname(first)) === undefined) {
    const types = loadgateK6Types();
    if (options.types !== undefined) options.types = options.types.filter((name) => name !== "k6");
    options.paths = { ...options.paths, k6: [join(types, "index.d.ts")], "k6/*": [join(types, "*")] };
    roots.push(join(types, "index.d.ts"));
  }
  const host = ts.createCompilerHost(options);
  const program = ts.createProgram(roots, options, host);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) {
    const using = config.tsconfig === undefined ? "loadgate's defaults (no tsconfig.json found)" : config.tsconfig;
    throw new BuildError(`type errors (checked with ${using}):\n${formatDiagnostics(diagnostics)}`);
  }
  return config;
}
