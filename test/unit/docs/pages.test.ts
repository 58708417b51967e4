// The documentation against the repository: every link lands, and the tables that list things the
// code has (shipped presets, ready scripts, CLI commands and flags) list exactly those.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../../lib/node/cli.ts";

const root = resolve(import.meta.dirname, "../../..");
const read = (path: string) => readFileSync(join(root, path), "utf8");

/** The pages of docs/, as the README links them. */
const DOC_PAGES = [
  "docs/getting-started.md",
  "docs/builders.md",
  "docs/presets-and-gates.md",
  "docs/phases.md",
  "docs/reports-and-compare.md",
  "docs/pipelines.md",
  "docs/analysis.md",
  "docs/scale-out.md",
  "docs/cli.md",
  "docs/k6-facts.md",
  "docs/reliability.md",
];
const PAGES = ["README.md", "CONTRIBUTING.md", "bench/README.md", ...DOC_PAGES];

/** A page's text without fenced code blocks and inline code, where `[x](y)` is not a link. */
function prose(text: string): string {
  return text.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, "").replace(/`[^`\n]*`/g, "");
}

/** The anchors GitHub gives a page's headings (github-slugger: lower case, punctuation dropped, spaces to hyphens). */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const match of text.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, "").matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = (match[1] as string).toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/ /g, "-");
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    result.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return result;
}

/** The first cells (code spans) of the rows of the table whose header starts with `| header |`. */
function firstColumn(text: string, header: string): string[] {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.startsWith(`| ${header} |`));
  expect(start, `a table headed '| ${header} |'`).toBeGreaterThan(-1);
  const keys: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    const key = /^\| `([^`]+)` \|/.exec(line)?.[1];
    expect(key, `a code span first in: ${line}`).toBeDefined();
    keys.push(key as string);
  }
  return keys;
}

describe("links", () => {
  it.each(PAGES)("%s: every relative link names a file that exists, and every #anchor a heading", (page) => {
    const broken: string[] = [];
    for (const match of prose(read(page)).matchAll(/\]\(([^)\s]+)\)/g)) {
      const href = match[1] as string;
      if (/^[a-z]+:/.test(href)) continue;
      const [path = "", anchor] = href.split("#");
      const target = path === "" ? join(root, page) : resolve(root, dirname(page), path);
      if (!existsSync(target)) {
        broken.push(`${href}: no ${relative(root, target)}`);
      } else if (anchor !== undefined && target.endsWith(".md") && !anchors(readFileSync(target, "utf8")).has(anchor)) {
        broken.push(`${href}: no heading #${anchor} in ${relative(root, target)}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("the README links every docs page, CONTRIBUTING.md and bench/README.md", () => {
    const linked = [...prose(read("README.md")).matchAll(/\]\(([^)#\s]+)/g)].map((m) => m[1]);
    expect(PAGES.filter((page) => page !== "README.md" && !linked.includes(page))).toEqual([]);
    const present = readdirSync(join(root, "docs")).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`);
    expect(present.sort()).toEqual([...DOC_PAGES].sort());
  });

  it("the README stays a front door: at most 200 lines", () => {
    expect(read("README.md").split("\n").length).toBeLessThanOrEqual(200);
  });
});

describe("README.md", () => {
  it("shows templates/tests/search.ts, the first test loadgate init writes (type-checked in the k6 world), as its quick start", () => {
    const template = read("templates/tests/search.ts");
    const block = /\n## Quick start\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(read("README.md"))?.[1];
    expect(block).toBe(template);
  });
});

describe("docs/presets-and-gates.md", () => {
  it("lists exactly the presets shipped in thresholds/", () => {
    const shipped = readdirSync(join(root, "thresholds"))
      .filter((name) => name.endsWith(".json") && name !== "schema.json")
      .map((name) => name.slice(0, -".json".length));
    expect(firstColumn(read("docs/presets-and-gates.md"), "Id").sort()).toEqual(shipped.sort());
  });
});

describe("docs/pipelines.md", () => {
  it("lists exactly the ready scripts in scripts/", () => {
    const scripts = readdirSync(join(root, "scripts"))
      .filter((name) => name.endsWith(".ts"))
      .map((name) => name.slice(0, -".ts".length));
    expect(firstColumn(read("docs/pipelines.md"), "Script").sort()).toEqual(scripts.sort());
  });
});

describe("docs/cli.md", () => {
  const page = read("docs/cli.md");
  const sections = page.split("\n## ");

  it.each(COMMANDS.map((command) => [command.name, command] as const))("loadgate %s has a section that names every flag of its usage", (name, command) => {
    const section = sections.find((s) => s.startsWith(`\`loadgate ${name}\`\n`));
    expect(section, `a '## \`loadgate ${name}\`' section`).toBeDefined();
    // The demo target's flags, which demo and target share, are documented once, in their own section.
    const targetSection = sections.find((s) => s.startsWith("The demo target\n")) ?? "";
    const flags = [...new Set(command.usage.match(/--[a-z][a-z0-9-]*/g) ?? [])];
    const missing = flags.filter((flag) => !`${section}${targetSection}`.includes(flag));
    expect(missing).toEqual([]);
  });

  it("has a row in the command table for every command", () => {
    const table = page.slice(0, page.indexOf("\n## "));
    expect(COMMANDS.filter((command) => !table.includes(`\`loadgate ${command.name}`)).map((c) => c.name)).toEqual([]);
  });
});
