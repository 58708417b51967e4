import { createHash } from "node:crypto";
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
        const { id, sources } = await lazy;
        inputs.push(...sources);
        // A stand-in esbuild prints as it is; withLazyModules() puts the minified code in its place.
        return { contents: `${PLACEHOLDER}(${JSON.stringify(id)})(module, exports);`, loader: "js", resolveDir: dirname(args.path) };
      });
    },
  };
}

/** A module bundled on its own as minified CommonJS, the name of its stand-in and the source files in it. */
export interface LazyModule {
  id: string;
  code: string;
  sources: string[];
}

/** The function name of the stand-in each lazy module is bundled as; nothing else in a bundle calls it. */
const PLACEHOLDER = "__loadgate_lazy_module__";

async function bundleLazy(path: string, options: BuildOptions): Promise<LazyModule> {
  // Minified, and without a source map (see withLazyModules()).
  const result = await build({ ...options, entryPoints: [path], bundle: true, format: "cjs", minify: true, sourcemap: false, write: false, metafile: true, logLevel: "silent" });
  const code = checkExternals(result.outputFiles[0]?.text ?? "", path).trimEnd();
  const id = createHash("sha256").update(code).digest("hex").slice(0, 16);
  return { id, code, sources: Object.keys(result.metafile.inputs) };
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

/** Where a stand-in sits in the bundle and the text that replaced it. */
interface Replaced {
  line: number;
  column: number;
  /** Length of the stand-in. */
  length: number;
  text: string;
}

/**
 * The bundle with each lazy module's stand-in replaced by its minified code, and an inline source
 * map that maps the script's own lines and not that code.
 *
 * k6 keeps four copies of a script's text for the run (its loader's, its memory file system's, its
 * run command's and the parser's) beside the compiled program, and the code loaded where `__VU` is
 * 0 is nine tenths of a ready script. Minified, it takes Go's live heap in k6 about 0.45 MB lower (pprof's
 * in-use bytes, docs/k6-facts.md). esbuild would print a module it bundles again with its own
 * indentation, so the minified code goes in after it has bundled.
 *
 * That code comes in as one module, which esbuild maps to itself under its virtual
 * "loadgate-lazy:" path: k6 parses an inline map when it compiles the script and keeps it for the
 * run, and those mappings cost it 2–3 MiB of peak RSS without helping a stack trace. So a frame in
 * that code names the bundle's line and column; the script's own lines stay mapped.
 */
export function withLazyModules(bundle: string, modules: Iterable<LazyModule>): string {
  const byId = new Map([...modules].map((module) => [module.id, module.code]));
  const found = INLINE_MAP.exec(bundle);
  const code = found === null ? bundle : bundle.slice(0, found.index + 1);
  const replaced: Replaced[] = [];
  const lines = code.split("\n").map((text, line) =>
    text.replace(new RegExp(`${PLACEHOLDER}\\("([0-9a-f]{16})"\\)`, "g"), (stand, id: string, column: number) => {
      const lazy = byId.get(id);
      if (lazy === undefined) throw new Error(`the bundle names a lazy module ${id} that was not built`);
      const text = `(function(module, exports) {\n${lazy}\n})`;
      replaced.push({ line, column, length: stand.length, text });
      return text;
    }),
  );
  const out = lines.join("\n");
  if (found?.[1] === undefined) return out;
  const map = JSON.parse(Buffer.from(found[1], "base64").toString("utf8")) as { sources: string[]; mappings: string };
  const mappings = mappedAround(withoutSources(decode(map.mappings), map.sources, "loadgate-lazy:"), replaced);
  const text = JSON.stringify({ ...map, sources: map.sources.filter((source) => !source.startsWith("loadgate-lazy:")), mappings: encode(mappings) });
  return `${out}//# sourceMappingURL=data:application/json;base64,${Buffer.from(text).toString("base64")}\n`;
}

/** The mappings without the segments of sources whose name starts with `prefix`, the others renumbered. */
function withoutSources(mappings: SourceMapSegment[][], sources: string[], prefix: string): SourceMapSegment[][] {
  const kept = new Map<number, number>();
  sources.forEach((source, index) => {
    if (!source.startsWith(prefix)) kept.set(index, kept.size);
  });
  return mappings.map((line) =>
    line.flatMap((segment): SourceMapSegment[] => {
      if (segment.length === 1) return [segment];
      const source = kept.get(segment[1]);
      return source === undefined ? [] : [[segment[0], source, ...segment.slice(2)] as SourceMapSegment];
    }),
  );
}

/**
 * The mappings of the bundle after each stand-in was replaced: a line for every line the new text
 * adds, and the segments that followed a stand-in on its line moved to where that text ends.
 */
function mappedAround(mappings: SourceMapSegment[][], replaced: readonly Replaced[]): SourceMapSegment[][] {
  const out: SourceMapSegment[][] = [];
  mappings.forEach((segments, line) => {
    let current: SourceMapSegment[] = [];
    out.push(current);
    let shift = 0;
    let from = 0;
    for (const r of replaced.filter((r) => r.line === line)) {
      const added = r.text.split("\n");
      for (const segment of segments) {
        if (segment[0] >= from && segment[0] < r.column) current.push([segment[0] + shift, ...segment.slice(1)] as SourceMapSegment);
      }
      if (added.length > 1) {
        for (let i = 1; i < added.length; i++) out.push((current = []));
        shift = (added.at(-1)?.length ?? 0) - (r.column + r.length);
      } else {
        shift += r.text.length - r.length;
      }
      from = r.column + r.length;
    }
    for (const segment of segments) {
      if (segment[0] >= from) current.push([segment[0] + shift, ...segment.slice(1)] as SourceMapSegment);
    }
  });
  return out;
}
