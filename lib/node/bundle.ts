import { build, type BuildOptions, type Metafile } from "esbuild";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import { BuildError } from "../core/errors.ts";
import { assetPathsPlugin, type Asset } from "./bundle/asset-paths.ts";
import { asCommonJs } from "./bundle/common-js.ts";
import { lazyModulesPlugin, withLazyModules, type LazyModule } from "./bundle/lazy-modules.ts";
import { remoteModulesPlugin, type RemoteImport } from "./bundle/remote-modules.ts";
import { typeCheck, type TypeCheckConfig } from "./bundle/type-check.ts";

export { typeCheck };
export type { Asset, RemoteImport, TypeCheckConfig };

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

/** Where the self-contained k6 module sits in the package, for scripts that k6 runs without a bundler. */
export const K6_MODULE_PATH = "dist/k6/loadgate.js";

/**
 * Writes loadgate's k6-side API (`lib/index.ts`) as one self-contained ES module that k6 imports by a
 * relative path: k6 modules stay external, presets are inlined (k6 v2.2.0 hangs in init on a `.ts`
 * file with `import … with { type: "json" }`, so none remains), and a `.d.ts` beside it re-exports
 * the package's declarations so editors and `tsc` type the import.
 */
export async function bundleK6Module(root: string): Promise<string> {
  const outfile = join(root, K6_MODULE_PATH);
  const lazyModules = new Map<string, Promise<LazyModule>>();
  const result = await build({
    ...K6_BUNDLE_OPTIONS,
    sourcemap: false,
    entryPoints: [join(root, "lib/index.ts")],
    outfile,
    write: false,
    plugins: [lazyModulesPlugin(K6_BUNDLE_OPTIONS, [], lazyModules)],
    banner: { js: "// loadgate for k6: one self-contained ES module (https://www.npmjs.com/package/loadgate). Import it by a relative path." },
  });
  mkdirSync(dirname(outfile), { recursive: true });
  writeFileSync(outfile, withLazyModules(result.outputFiles[0]?.text ?? "", await Promise.all(lazyModules.values())));
  writeFileSync(outfile.replace(/\.js$/, ".d.ts"), 'export * from "../lib/index.js";\n');
  return outfile;
}

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

/** One bundle written. */
export interface BundleResult {
  entry: string;
  outfile: string;
  bytes: number;
  /** Source files that went into the bundle, relative to the working directory. */
  inputs: string[];
  /** Files the bundle reads when k6 starts (`open()`, k6/experimental/fs, gRPC protos), found at calls with literal paths. */
  assets: Asset[];
  /** Calls whose path the bundle may resolve differently from the unbundled script, and missing files: `file:line:column: message`. */
  warnings: string[];
  /** `https://` modules still imported: k6 fetches them when it starts, so the bundle needs the network. */
  remote: RemoteImport[];
  /** Extension modules (`k6/x/...`) imported: the bundle needs a k6 binary built with them. */
  extensions: string[];
  /** The tsconfig the entries were type-checked with; undefined when they were not (`typeCheck: false`, or plain JavaScript). */
  typeChecked: TypeCheckConfig | undefined;
}

/** Options of {@link bundleScripts}. */
export interface BundleOptions {
  /** Folder the bundles are written to. @default "build" */
  outdir?: string;
  /** Type-check before bundling. @default true */
  typeCheck?: boolean;
  /**
   * A folder with copies of remote modules, laid out `<host>/<path>` (or `https/<host>/<path>`, as in
   * an unpacked `k6 archive`): each `https://` import found there is inlined instead of fetched by k6.
   * @default undefined
   */
  vendor?: string;
}

/**
 * Bundles k6 scripts to `<outdir>/<name>.js`: CommonJS (an ES module where the script needs one:
 * see {@link asCommonJs}), k6 modules external, JSON presets inlined, an inline source map so k6's stack traces name the script's `.ts` lines (not those of the modules
 * loaded on first use, which go in minified: see {@link withLazyModules}). Relative paths given to `open()`,
 * k6/experimental/fs `open()` and gRPC `load()` are rewritten to reach the same files from `outdir`.
 */
export async function bundleScripts(entries: readonly string[], options: BundleOptions = {}): Promise<BundleResult[]> {
  const outdir = resolve(options.outdir ?? "build");
  for (const entry of entries) {
    if (!existsSync(entry)) throw new BuildError(`${entry}: no such file`);
  }
  if (options.vendor !== undefined && !(existsSync(options.vendor) && statSync(options.vendor).isDirectory())) {
    throw new BuildError(`--vendor ${options.vendor}: must be a folder of remote modules' copies, and ${existsSync(options.vendor) ? "is a file" : "does not exist"}`);
  }
  const names = new Map<string, string>();
  for (const entry of entries) {
    const name = basename(entry, extname(entry));
    const other = names.get(name);
    if (other !== undefined) throw new BuildError(`${other} and ${entry} would both be bundled to ${name}.js; rename one`);
    names.set(name, entry);
  }
  const typeChecked = (options.typeCheck ?? true) ? typeCheck(entries) : undefined;

  const results: BundleResult[] = [];
  // The modules loaded on first use (report renderers) are the same in every entry: bundled once.
  const lazyModules = new Map<string, Promise<LazyModule>>();
  for (const entry of entries) {
    const outfile = join(outdir, `${basename(entry, extname(entry))}.js`);
    const found: { assets: Asset[]; warnings: string[] } = { assets: [], warnings: [] };
    const remote: RemoteImport[] = [];
    const lazyInputs: string[] = [];
    const plugins = [assetPathsPlugin({ entry: resolve(entry), outdir }, found), remoteModulesPlugin(options.vendor, remote), lazyModulesPlugin(K6_BUNDLE_OPTIONS, lazyInputs, lazyModules)];
    let metafile: Metafile;
    let code: string;
    try {
      const result = await build({ ...K6_BUNDLE_OPTIONS, entryPoints: [entry], outfile, metafile: true, write: false, plugins });
      metafile = result.metafile;
      const module = withLazyModules(result.outputFiles[0]?.text ?? "", await Promise.all(lazyModules.values()));
      code = asCommonJs(module) ?? module;
    } catch (error) {
      const errors = (error as { errors?: { text: string; location?: { file: string; line: number; column: number; lineText: string } | null }[] }).errors;
      if (!errors) throw error;
      const lines = errors.map((e) =>
        e.location ? `${e.location.file}:${e.location.line}:${e.location.column + 1}: ${e.text}\n    ${e.location.lineText}` : e.text,
      );
      throw new BuildError(`bundling ${entry} failed:\n${lines.join("\n")}`);
    }
    mkdirSync(outdir, { recursive: true });
    writeFileSync(outfile, code);
    const imported = Object.values(metafile.inputs).flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path));
    results.push({
      entry,
      outfile: relative(process.cwd(), outfile),
      bytes: Buffer.byteLength(code),
      inputs: [...new Set([...Object.keys(metafile.inputs), ...lazyInputs])],
      assets: found.assets,
      warnings: found.warnings,
      remote,
      extensions: [...new Set(imported.filter((path) => path.startsWith("k6/x/")))].sort(),
      typeChecked,
    });
  }
  return results;
}
