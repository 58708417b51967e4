import { relative } from "node:path";
import { bundleScripts, defaultEntries } from "../bundle.ts";
import { parse, type Command } from "./shared.ts";
import { UsageError } from "../../core/errors.ts";
import { terminalText } from "../../core/escape/terminal.ts";

export const build: Command = {
  name: "build",
  summary: "type-check and bundle k6 scripts to build/<name>.js",
  usage: "usage: loadgate build [files...] [--outdir build] [--no-check]\n  without files: every scripts/*.ts and examples/*.ts",
  async run(args) {
    const { values, positionals } = parse(this, args, { outdir: { type: "string" }, "no-check": { type: "boolean" } });
    const entries = positionals.length > 0 ? positionals : defaultEntries(process.cwd());
    if (entries.length === 0) throw new UsageError("loadgate build: no files given and no scripts/*.ts or examples/*.ts here");
    const results = await bundleScripts(entries, { outdir: values.outdir ?? "build", typeCheck: !values["no-check"] });
    for (const r of results) console.log(`${terminalText(r.outfile)}  ${(r.bytes / 1024).toFixed(1)} KiB  (from ${terminalText(relative(process.cwd(), r.entry))})`);
    return 0;
  },
};
