import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/**
 * Every builder's defaults, found rather than listed: each `<NAME>_DEFAULTS` that a file of
 * lib/core/scenarios exports next to its builder `<name>` (plan() included), under the builder's name.
 */
async function builderDefaults(): Promise<Record<string, object>> {
  const folder = new URL("../../../lib/core/scenarios/", import.meta.url);
  const files = readdirSync(folder)
    .filter((file) => file.endsWith(".ts"))
    .map((file) => new URL(file, folder));
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

/** docs/builders.md's builder tables: builder name → option → default cell. */
function builderTables(): Record<string, Record<string, string>> {
  // A missing page throws here, which fails every test below.
  const page = readFileSync(new URL("../../../docs/builders.md", import.meta.url), "utf8");
  const start = page.indexOf("\n## Builder reference\n");
  expect(start, "docs/builders.md has a '## Builder reference' section").toBeGreaterThan(-1);
  const section = page.slice(start + 1).split(/\n## /)[0] as string;
  const tables: Record<string, Record<string, string>> = {};
  for (const block of section.split(/\n### /).slice(1)) {
    const name = /^`(\w+)\(/.exec(block)?.[1];
    if (name === undefined) throw new Error(`docs/builders.md: builder heading without a name: ${block.split("\n")[0]}`);
    const rows: Record<string, string> = {};
    for (const line of block.split("\n")) {
      const cells = /^\| `(\w+)` \| (.+?) \| .+ \|$/.exec(line);
      if (cells) rows[cells[1] as string] = cells[2] as string;
    }
    tables[name] = rows;
  }
  return tables;
}

describe("docs/builders.md's builder reference", () => {
  const tables = builderTables();

  it("has a table for every builder and for plan()", () => {
    expect(Object.keys(tables).sort()).toEqual(Object.keys(DEFAULTS).sort());
  });

  it.each(Object.keys(DEFAULTS))("%s: the defaults in backticks are exactly the exported defaults", (name) => {
    expect(tables[name], `docs/builders.md has a table for ${name}()`).toBeDefined();
    const literal: Record<string, unknown> = {};
    for (const [option, cell] of Object.entries(tables[name] ?? {})) {
      const code = /^`(.+)`$/.exec(cell)?.[1];
      if (code !== undefined) literal[option] = JSON.parse(code);
    }
    expect(literal).toEqual(DEFAULTS[name]);
  });
});
