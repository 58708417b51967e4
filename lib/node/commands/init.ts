import { relative, resolve } from "node:path";
import { initProject } from "../init.ts";
import { parse, type Command } from "./shared.ts";
import { UsageError } from "../../core/errors.ts";
import { terminalText } from "../../core/escape/terminal.ts";

export const init: Command = {
  name: "init",
  summary: "scaffold a k6 project: a first test, a team preset, tsconfig.json, a CI workflow; never overwrites a file",
  usage: "usage: loadgate init [dir]\n  dir: the project folder (default: the working directory); existing files are kept",
  async run(args) {
    const { positionals } = parse(this, args, {});
    if (positionals.length > 1) throw new UsageError(`loadgate init: one folder at most, got ${positionals.length}\n${this.usage}`);
    const dir = resolve(positionals[0] ?? ".");
    const result = initProject(dir);
    const shown = (path: string) => terminalText(relative(process.cwd(), resolve(dir, path)) || ".");
    for (const file of result.written) console.log(`wrote  ${shown(file.path)}  ${file.role}`);
    for (const file of result.kept) console.log(`kept   ${shown(file.path)}  (exists; not overwritten)`);
    if (result.gitignoreAdded.length > 0) console.log(`added to ${shown(".gitignore")}: ${result.gitignoreAdded.join(" ")}`);
    console.log(
      [
        "",
        "next:",
        `  npx loadgate build ${shown("tests/search.ts")}`,
        "  k6 run -e BASE_URL=http://127.0.0.1:8080 -e PRESET_FILE=thresholds/team.json build/search.js",
        "  (npx loadgate target --port 8080 starts a demo target to try it on)",
      ].join("\n"),
    );
    return 0;
  },
};
