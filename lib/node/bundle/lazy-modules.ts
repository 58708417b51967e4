import { dirname } from "node:path";
import { build, type BuildOptions, type Plugin } from "esbuild";

/** A dynamic `import()` made by loadgate's k6-side code (lib/k6/, in the sources or in dist/). */
const LOADGATE_K6_IMPORTER = /[\\/]lib[\\/]k6[\\/][^\\/]+\.[jt]s$/;

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
 */
export function lazyModulesPlugin(
  options: Pick<BuildOptions, "target" | "supported" | "external" | "platform" | "charset">,
  inputs: string[] = [],
  cache = new Map<string, Promise<LazyModule>>(),
): Plugin {
  return {
    name: "loadgate-lazy-modules",
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, async (args) => {
        if (args.kind !== "dynamic-import" || !LOADGATE_K6_IMPORTER.test(args.importer) || args.pluginData === "lazy") return undefined;
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
  const result = await build({ ...options, entryPoints: [path], bundle: true, format: "cjs", write: false, metafile: true, logLevel: "silent" });
  const code = result.outputFiles[0]?.text ?? "";
  return { code: checkExternals(code, path), sources: Object.keys(result.metafile.inputs) };
}

/**
 * k6's own modules stay external: the CommonJS code asks for them with `require()`, which k6 gives
 * while a script initialises (not in handleSummary), so a module imported this way must be imported
 * in the init context (facades.ts does it with a top-level `await`). A `require()` costs a VU nothing
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
