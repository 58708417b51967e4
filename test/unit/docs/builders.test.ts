import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  BATCHES_DEFAULTS,
  BREAKPOINT_DEFAULTS,
  BURST_DEFAULTS,
  CONCURRENT_DEFAULTS,
  LOAD_DEFAULTS,
  PEAK_DEFAULTS,
  PLAN_DEFAULTS,
  RAMP_LADDER_DEFAULTS,
  SEQUENTIAL_DEFAULTS,
  SMOKE_DEFAULTS,
  SOAK_DEFAULTS,
  SPIKE_DEFAULTS,
  STRESS_DEFAULTS,
  SUSTAINED_RATE_DEFAULTS,
} from "../../../lib/core/index.ts";

const DEFAULTS: Record<string, object> = {
  smoke: SMOKE_DEFAULTS,
  load: LOAD_DEFAULTS,
  peak: PEAK_DEFAULTS,
  stress: STRESS_DEFAULTS,
  soak: SOAK_DEFAULTS,
  burst: BURST_DEFAULTS,
  spike: SPIKE_DEFAULTS,
  sequential: SEQUENTIAL_DEFAULTS,
  concurrent: CONCURRENT_DEFAULTS,
  batches: BATCHES_DEFAULTS,
  sustainedRate: SUSTAINED_RATE_DEFAULTS,
  breakpoint: BREAKPOINT_DEFAULTS,
  rampLadder: RAMP_LADDER_DEFAULTS,
  plan: PLAN_DEFAULTS,
};

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
