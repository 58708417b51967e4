import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CAUSE_CODES } from "../../../lib/core/verdict/causes.ts";

describe("docs/reports-and-compare.md's verdict section", () => {
  it("lists every cause the verdict can give, and no other, with the verdict it leads to", () => {
    const page = readFileSync(new URL("../../../docs/reports-and-compare.md", import.meta.url), "utf8");
    const start = page.indexOf("\n## The verdict\n");
    expect(start, "docs/reports-and-compare.md has a '## The verdict' section").toBeGreaterThan(-1);
    const section = page.slice(start + 1).split(/\n## /)[0] as string;
    const rows = [...section.matchAll(/^\| `([a-z-]+)` \| (FAIL|INCONCLUSIVE) \|/gm)].map((m) => [m[1], m[2]]);
    expect(rows.map(([code]) => code)).toEqual([...CAUSE_CODES]);
    expect(Object.fromEntries(rows)).toMatchObject({ "threshold-failed": "FAIL", "no-successes": "FAIL", "dropped-iterations": "INCONCLUSIVE" });
  });
});
