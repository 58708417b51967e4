import { relative } from "node:path";
import { bundleScripts, defaultEntries, type BundleResult } from "../bundle.ts";
import { parse, type Command } from "./shared.ts";
import { UsageError } from "../../core/errors.ts";
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
    "usage: loadgate build [files...] [--outdir build] [--vendor dir] [--no-check]\n" +
    "  without files: every scripts/*.ts and examples/*.ts\n" +
    "  --vendor: a folder with copies of https:// modules (<host>/<path>) to inline instead of fetching",
  async run(args) {
    const { values, positionals } = parse(this, args, {
      outdir: { type: "string" },
      vendor: { type: "string" },
      "no-check": { type: "boolean" },
    });
    const entries = positionals.length > 0 ? positionals : defaultEntries(process.cwd());
    if (entries.length === 0) throw new UsageError("loadgate build: no files given and no scripts/*.ts or examples/*.ts here");
    const results = await bundleScripts(entries, {
      outdir: values.outdir ?? "build",
      typeCheck: !values["no-check"],
      ...(values.vendor === undefined ? {} : { vendor: values.vendor }),
    });
    for (const r of results) {
      console.log(`${terminalText(r.outfile)}  ${(r.bytes / 1024).toFixed(1)} KiB  (from ${terminalText(relative(process.cwd(), r.entry))})`);
      for (const line of bundleNeeds(r, values.vendor)) console.log(`  ${terminalText(line)}`);
      for (const warning of r.warnings) console.error(`loadgate build: warning: ${terminalText(warning)}`);
    }
    return 0;
  },
};
