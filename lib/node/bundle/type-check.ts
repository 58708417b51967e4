import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type ts from "typescript";
import { BuildError } from "../../core/errors.ts";
import { loadgateK6Types, loadgateRoot, typescript } from "./loadgate-package.ts";

/**
 * Globals k6 gives every script that @types/k6 leaves out (it declares `open`, `__ENV`, `__VU` and
 * `__ITER`): `console` and the timers (internal/js/modules/k6/timers, global since k6 v0.50).
 * Declared as TypeScript's DOM and Node typings declare them, so a project that has those too still
 * type-checks.
 */
const K6_GLOBALS = `interface Console {
  log(...data: any[]): void;
  info(...data: any[]): void;
  warn(...data: any[]): void;
  error(...data: any[]): void;
  debug(...data: any[]): void;
}
declare var console: Console;
declare function setTimeout(callback: (...args: any[]) => void, delay?: number, ...args: any[]): any;
declare function clearTimeout(id?: any): void;
declare function setInterval(callback: (...args: any[]) => void, delay?: number, ...args: any[]): any;
declare function clearInterval(id?: any): void;
`;

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

/** Compiler options from the nearest tsconfig.json above the first entry, else k6-friendly defaults. */
function compilerOptionsFor(entry: string): ts.CompilerOptions {
  const ts = typescript();
  const configPath = ts.findConfigFile(dirname(entry), ts.sys.fileExists, "tsconfig.json");
  if (configPath === undefined) {
    // Without a tsconfig, TypeScript would look for types from the working directory: look from the script's.
    const typeRoot = projectTypeRoot(dirname(entry));
    return { ...defaultCompilerOptions(ts), ...(typeRoot === undefined ? {} : { typeRoots: [typeRoot] }) };
  }
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new BuildError(formatDiagnostics([error]));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, dirname(configPath), undefined, configPath);
  return { ...parsed.options, noEmit: true };
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
export function typeCheck(entries: readonly string[]): void {
  const typed = entries.filter((entry) => /\.(c|m)?tsx?$/.test(entry));
  if (typed.length === 0) return;
  const ts = typescript();
  const first = typed[0] as string;
  const options = compilerOptionsFor(first);
  // A path of loadgate's own, so it never collides with a project file.
  const globals = join(loadgateRoot(), "k6-globals.d.ts");
  const roots = [...typed, globals];
  if (projectTypeRoot(dirname(first)) === undefined) {
    const types = loadgateK6Types();
    if (options.types !== undefined) options.types = options.types.filter((name) => name !== "k6");
    options.paths = { ...options.paths, k6: [join(types, "index.d.ts")], "k6/*": [join(types, "*")] };
    roots.push(join(types, "index.d.ts"));
  }
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (file) => file === globals || fileExists.call(host, file);
  host.readFile = (file) => (file === globals ? K6_GLOBALS : readFile.call(host, file));
  host.getSourceFile = (file, language, ...rest) =>
    file === globals ? ts.createSourceFile(file, K6_GLOBALS, language) : getSourceFile.call(host, file, language, ...rest);
  const program = ts.createProgram(roots, options, host);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) throw new BuildError(`type errors:\n${formatDiagnostics(diagnostics)}`);
}
