import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { loadgateRoot } from "./bundle/loadgate-package.ts";

/** One file `loadgate init` writes: where in the project, from which file of loadgate's `templates/`. */
export interface InitFile {
  path: string;
  template: string;
  /** What the file is for, one line of `loadgate init`'s output. */
  role: string;
}

/** The files `loadgate init` writes, in the order it lists them. */
export const INIT_FILES: readonly InitFile[] = [
  { path: "tests/search.ts", template: "tests/search.ts", role: "a first load test (30 searches, the team preset, the verdict and reports)" },
  { path: "thresholds/team.json", template: "thresholds/team.json", role: "the team preset: extends the shipped error-aware preset" },
  { path: "tsconfig.json", template: "tsconfig.json", role: "k6's types and globals for editors and for loadgate build" },
  { path: ".github/workflows/load-test.yml", template: ".github/workflows/load-test.yml", role: "a GitHub Actions workflow: build, run, verdict, baseline comparison" },
  { path: "reports/.gitkeep", template: "", role: "the reports folder (k6 writes report files but creates no folder)" },
];

/** The lines `loadgate init` makes sure `.gitignore` has. */
export const INIT_GITIGNORE = ["node_modules/", "build/", "reports/*", "!reports/.gitkeep"] as const;

/** What {@link initProject} did: files written, files kept because they existed, lines added to .gitignore. */
export interface InitResult {
  written: InitFile[];
  kept: InitFile[];
  gitignoreAdded: string[];
}

/**
 * Scaffolds a k6 project in `dir` from loadgate's templates. It never overwrites a file: an existing
 * one is kept and reported; `.gitignore` only gains the lines it lacks.
 */
export function initProject(dir: string): InitResult {
  const templates = join(loadgateRoot(), "templates");
  const result: InitResult = { written: [], kept: [], gitignoreAdded: [] };
  for (const file of INIT_FILES) {
    const target = join(dir, file.path);
    if (existsSync(target)) {
      result.kept.push(file);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.template === "" ? "" : readFileSync(join(templates, file.template)), { flag: "wx" });
    result.written.push(file);
  }
  const gitignore = join(dir, ".gitignore");
  const text = existsSync(gitignore) ? readFileSync(gitignore, "utf8") : "";
  const present = new Set(text.split(/\r?\n/).map((line) => line.trim()));
  const missing = INIT_GITIGNORE.filter((line) => !present.has(line));
  if (missing.length > 0) {
    appendFileSync(gitignore, `${text === "" || text.endsWith("\n") ? "" : "\n"}${missing.join("\n")}\n`);
    result.gitignoreAdded = missing;
  }
  return result;
}
