import { basename, extname, relative } from "node:path";
import { bundleScripts, defaultEntries, type BundleResult } from "../bundle.ts";
import { readyScriptEntries, readyScriptNames } from "../ready-scripts.ts";
import { parse, type Command } from "./shared.ts";
import { BuildError, UsageError } from "../../core/errors.ts";
import { terminalText } from "../../core/escape/terminal.ts";

/** What a bundle needs besides itself when k6 starts, one line each; empty when it needs nothing else. */
export function bundleNeeds(result: BundleResult, vendor: string | undefined): string[] {
  const lines: string[] = [];
  for (const r of result.remote) {
    const where = r.lookedAt.length > 0 ? ` (no copy at ${r.lookedAt.map((p) => relative(process.cwd(), p)).join(" or ")})` : "";
    lines.push(`needs the network: k6 fetches ${r.url} when it starts (imported by ${r.importer})${where}`);
  }
  if (result.remote.length > 0 && vendor === undefined) lines.push("  --vendor <dir> inlines local copies of remote modules instead");
  for (const name of result.extensions) {
    lines.push(`needs a k6 binary built with ${name} (the stock k6 would try to fetch one over the network)`);
  }
  const files = [...new Set(result.assets.map((a) => relative(process.cwd(), a.path)))];
  if (files.length > 0) lines.push(`reads ${files.length} file${files.length === 1 ? "" : "s"}: ${files.join(", ")}`);
  return lines;
}

export const build: Command = {
  name: "build",
  summary: "type-check and bundle k6 scripts to build/<name>.js",
  usage:
    "usage: loadgate build [files...] [--ready names] [--outdir build] [--vendor dir] [--no-check]\n" +
    "  without files or --ready: every scripts/*.ts and examples/*.ts\n" +
    "  --ready: loadgate's ready scripts to bundle too, comma-separated (burst,phases) or all\n" +
    "  --vendor: a folder with copies of https:// modules (<host>/<path>) to inline instead of fetching",
  async run(args) {
    const { values, positionals } = parse(this, args, {
      outdir: { type: "string" },
      vendor: { type: "string" },
      "no-check": { type: "boolean" },
      ready: { type: "string" },
    });
    const ready = values.ready === undefined ? [] : readyScriptEntries(values.ready);
    const entries = positionals.length > 0 || ready.length > 0 ? positionals : defaultEntries(process.cwd());
    if (entries.length === 0 && ready.length === 0) {
      throw new UsageError(
        "loadgate build: no files given and no scripts/*.ts or examples/*.ts here; name your scripts " +
          `(loadgate build tests/search.ts) or bundle ready scripts (loadgate build --ready burst; there are: ${readyScriptNames().join(", ")})`,
      );
    }
    const outdir = values.outdir ?? "build";
    const own = new Map(entries.map((entry) => [basename(entry, extname(entry)), entry]));
    for (const script of ready) {
      const name = basename(script, ".ts");
      const entry = own.get(name);
      if (entry !== undefined) throw new BuildError(`${entry} and the ready script ${name} would both be bundled to ${name}.js; rename one, or build them with different --outdir`);
    }
    const results =
      entries.length === 0
        ? []
        : await bundleScripts(entries, {
            outdir,
            typeCheck: !values["no-check"],
            ...(values.vendor === undefined ? {} : { vendor: values.vendor }),
          });
    // loadgate's own scripts are type-checked in its repository, against its own tsconfig.
    if (ready.length > 0) results.push(...(await bundleScripts(ready, { outdir, typeCheck: false })));
    const checked = results.find((r) => r.typeChecked !== undefined)?.typeChecked;
    if (checked !== undefined) {
      const using = checked.tsconfig === undefined ? "loadgate's k6 defaults (no tsconfig.json found)" : checked.tsconfig;
      console.log(`type-checked with ${terminalText(using)}${checked.adjusted.length > 0 ? `; for these scripts: ${checked.adjusted.join(", ")}` : ""}`);
    }
    for (const r of results) {
      console.log(`${terminalText(r.outfile)}  ${(r.bytes / 1024).toFixed(1)} KiB  (from ${terminalText(relative(process.cwd(), r.entry))})`);
      for (const line of bundleNeeds(r, values.vendor)) console.log(`  ${terminalText(line)}`);
      for (const warning of r.warnings) console.error(`loadgate build: warning: ${terminalText(warning)}`);
    }
    return 0;
  },
};
