import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundleScripts } from "../../lib/node/bundle.ts";
import { k6 } from "../helpers/k6.ts";

describe("plan() on the real k6", () => {
  it("prints the mostly-idle warning at VU 0's init only, not once per VU", async () => {
    const dir = mkdtempSync(join(tmpdir(), "loadgate-idle-plan-"));
    const [built] = await bundleScripts(["test/integration/scripts/idle-plan.ts"], { outdir: dir, typeCheck: false });
    const result = await k6(built!.outfile);
    expect(result.code, result.stderr).toBe(0);
    // warmup: 1 request → its 1s minimum slot + 4s gracefulStop; main: 1 round → 1s. 2s of parts in 6s.
    const warnings = `${result.stdout}${result.stderr}`.match(/plan\(\): the schedule is mostly idle: its parts run for 2s of the 6s from its start to its last part's end \(33%\)/g);
    // k6 runs VU 0's init twice (the options, then the runtime of setup and handleSummary); the 3 VUs print nothing.
    expect(warnings?.length).toBe(2);
  });
});
