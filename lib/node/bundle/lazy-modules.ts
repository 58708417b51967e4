import { dirname, extname, join } from "node:path";
import { decode, encode, type SourceMapSegment } from "@jridgewell/sourcemap-codec";
import { build, type BuildOptions, type Plugin } from "esbuild";

/** An `import()` or `require()` made by loadgate's k6-side code (lib/k6/, in the sources or in dist/). */
const LOADGATE_K6_IMPORTER = /[\\/]lib[\\/]k6[\\/][^\\/]+\.[jt]s$/;

/** lib/k6/at-vu-zero-loaded.ts (or its .js in dist/), which loads at-vu-zero.ts with a top-level `await`. */
const AT_VU_ZERO_LOADED = /^\.\/at-vu-zero-loaded\.[jt]s$/;

/**
 * The esbuild plugin that keeps the modules loadgate's k6 code imports with `import()` (the report
 * renderers, which only handleSummary needs) out of every VU's init. k6 runs a bundle's whole top
 * level in each VU, and every function declared there is an object each VU holds (measured: about
 * 0.8 KiB per function per VU). esbuild hoists the functions of an `import()`ed ES module to the top
 * level; a CommonJS module's body stays inside the function that loads it on first use. So each
 * such module is bundled on its own as CommonJS (its imports included) and given to the outer
 * bundle in place of the ES module. The source files that go in that way are added to `inputs`
 * (relative to the working directory, as esbuild's metafile names them). Give several builds one
 * `cache` to bundle each such module once.
 *
 * lib/k6/at-vu-zero-loaded.ts imports at-vu-zero.ts with a top-level `await import()`; in its place
 * the bundle gets the same two lines with a `require()`, which esbuild resolves inside the bundle to a
 * call of the function the module is bundled in, without the interop helpers (`__toESM` and the five
 * it uses) an `import()` of CommonJS adds to the bundle's top level.
 */
export function lazyModulesPlugin(
  options: Pick<BuildOptions, "target" | "supported" | "external" | "platform" | "charset">,
  inputs: string[] = [],
  cache = new Map<string, Promise<LazyModule>>(),
): Plugin {
  return {
    name: "loadgate-lazy-modules",
    setup(b) {
      b.onResolve({ filter: AT_VU_ZERO_LOADED }, (args) => {
        if (!LOADGATE_K6_IMPORTER.test(args.importer)) return undefined;
        return { path: join(args.resolveDir, args.path), namespace: "loadgate-at-vu-zero" };
      });
      b.onLoad({ filter: /.*/, namespace: "loadgate-at-vu-zero" }, (args) => {
        const ext = extname(args.path);
        const contents = [
          `import { readsOptions } from "./options-init${ext}";`,
          `export const atVuZero = readsOptions() ? require("./at-vu-zero${ext}") : undefined;`,
        ].join("\n");
        return { contents, loader: "js", resolveDir: dirname(args.path) };
      });
      b.onResolve({ filter: /^\.\.?\// }, async (args) => {
        const lazyKind = args.kind === "dynamic-import" || args.kind === "require-call";
        if (!lazyKind || !LOADGATE_K6_IMPORTER.test(args.importer) || args.pluginData === "lazy") return undefined;
        const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: "lazy" });
        if (resolved.errors.length > 0 || resolved.external) return undefined;
        return { path: resolved.path, namespace: "loadgate-lazy" };
      });
      b.onLoad({ filter: /.*/, namespace: "loadgate-lazy" }, async (args) => {
        let lazy = cache.get(args.path);
        if (lazy === undefined) {
          lazy = bundleLazy(args.path, options);
          cache.set(args.path, lazy);
        }
        const { code, sources } = await lazy;
        inputs.push(...sources);
        return { contents: code, loader: "js", resolveDir: dirname(args.path) };
      });
    },
  };
}

/** A module bundled on its own as CommonJS, and the source files in it. */
export interface LazyModule {
  code: string;
  sources: string[];
}

async function bundleLazy(path: string, options: BuildOptions): Promise<LazyModule> {
  // No source map: the outer bundle then maps this code to its "loadgate-lazy:" path alone, which
  // withoutLazyMappings() takes out.
  const result = await build({ ...options, entryPoints: [path], bundle: true, format: "cjs", sourcemap: false, write: false, metafile: true, logLevel: "silent" });
  const code = result.outputFiles[0]?.text ?? "";
  return { code: checkExternals(code, path), sources: Object.keys(result.metafile.inputs) };
}

/**
 * k6's own modules stay external: the CommonJS code asks for them with `require()`, which k6 gives
 * while a script initialises (not in handleSummary), so a module imported this way must be imported
 * in the init context (at-vu-zero-loaded.ts does it). A `require()` costs a VU nothing
 * where the code is never loaded, where an import at the bundle's top level would build the module in
 * every VU. Any other module left external would be fetched at run time: an error.
 */
function checkExternals(code: string, path: string): string {
  for (const [, name] of code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
    if (name !== "k6" && !name?.startsWith("k6/")) {
      throw new Error(`${path} is imported with import() and imports ${name} at run time; import it statically instead`);
    }
  }
  return code;
}

/** The inline source map esbuild writes at the end of a bundle. */
const INLINE_MAP = /\n\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\n?$/;

/**
 * A bundle whose inline source map no longer maps the code of the modules loaded on first use. That
 * code comes in as one plain JavaScript module, which esbuild maps to itself under its virtual
 * "loadgate-lazy:" path; k6 parses an inline map when it compiles the script and keeps it for the run,
 * and those mappings (nine in ten of a ready script's) cost it 2–3 MiB of peak RSS. A stack trace in
 * that code names the bundle's own lines, which read as the sources do (the bundle is not minified);
 * the script's own lines stay mapped.
 */
export function withoutLazyMappings(bundle: string): string {
  const found = INLINE_MAP.exec(bundle);
  if (found?.[1] === undefined) return bundle;
  const map = JSON.parse(Buffer.from(found[1], "base64").toString("utf8")) as { sources: string[]; mappings: string };
  const kept = new Map<number, number>();
  const sources: string[] = [];
  map.sources.forEach((source, index) => {
    if (source.startsWith("loadgate-lazy:")) return;
    kept.set(index, sources.length);
    sources.push(source);
  });
  if (sources.length === map.sources.length) return bundle;
  const mappings = decode(map.mappings).map((line) =>
    line.flatMap((segment): SourceMapSegment[] => {
      if (segment.length === 1) return [segment];
      const source = kept.get(segment[1]);
      return source === undefined ? [] : [[segment[0], source, ...segment.slice(2)] as SourceMapSegment];
    }),
  );
  const text = JSON.stringify({ ...map, sources, mappings: encode(mappings) });
  return `${bundle.slice(0, found.index)}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(text).toString("base64")}\n`;
}
