import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/**
 * Every builder's defaults, found rather than listed: each `<NAME>_DEFAULTS` that a file of
 * lib/core/scenarios (or plan.ts) exports next to its builder `<name>`, under the builder's name.
 */
async function builderDefaults(): Promise<Record<string, object>> {
  const folder = new URL("../../lib/core/scenarios/", import.meta.url);
  const files = readdirSync(folder)
    .filter((file) => file.endsWith(".ts"))
    .map((file) => new URL(file, folder));
  const plan = new URL("../../lib/core/plan.ts", import.meta.url);
  if (existsSync(plan)) files.push(plan);
  const found: Record<string, object> = {};
  for (const file of files) {
    const module = (await import(file.href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      const builder = /^([A-Z0-9_]+)_DEFAULTS$/.exec(name)?.[1]?.toLowerCase().replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
      if (builder !== undefined && typeof module[builder] === "function") found[builder] = value as object;
    }
  }
  return found;
}

const DEFAULTS = await builderDefaults();

/** The README's builder tables: builder name → option → default cell. */
function readmeTables(): Record<string, Record<string, string>> {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const start = readme.indexOf("### Builder reference");
  expect(start, "README.md has a '### Builder reference' section").toBeGreaterThan(-1);
  const section = readme.slice(start).split(/\n## /)[0] as string;
  const tables: Record<string, Record<string, string>> = {};
  for (const block of section.split(/\n#### /).slice(1)) {
    const name = /^`(\w+)\(/.exec(block)?.[1];
    if (name === undefined) throw new Error(`README builder heading without a name: ${block.split("\n")[0]}`);
    const rows: Record<string, string> = {};
    for (const line of block.split("\n")) {
      const cells = /^\| `(\w+)` \| (.+?) \| .+ \|$/.exec(line);
      if (cells) rows[cells[1] as string] = cells[2] as string;
    }
    tables[name] = rows;
  }
  return tables;
}

describe("the README's builder reference", () => {
  const tables = readmeTables();

  it("has a table for every builder and for plan()", () => {
    expect(Object.keys(tables).sort()).toEqual(Object.keys(DEFAULTS).sort());
  });

  it.each(Object.keys(DEFAULTS))("%s: the defaults in backticks are exactly the exported defaults", (name) => {
    const literal: Record<string, unknown> = {};
    for (const [option, cell] of Object.entries(tables[name] ?? {})) {
      const code = /^`(.+)`$/.exec(cell)?.[1];
      if (code !== undefined) literal[option] = JSON.parse(code);
    }
    expect(literal).toEqual(DEFAULTS[name]);
  });
});
