import { once } from "node:events";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadgate, ROOT, startLoadgate } from "../helpers/cli.ts";
import { staleDist } from "../helpers/dist.ts";
import { k6Env } from "../helpers/k6.ts";

describe("the CLI under test", () => {
  it("runs dist/ compiled from lib/ and the shipped presets as they are now (test/global-setup.ts compiles it)", () => {
    expect(staleDist(ROOT)).toEqual([]);
  });

  it("dist/ counts as stale for a source newer than its compiled file, one never compiled, and a newer build config", () => {
    const root = mkdtempSync(join(tmpdir(), "loadgate-stale-dist-"));
    const file = (path: string, seconds: number) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), "");
      utimesSync(join(root, path), seconds, seconds);
    };
    file("lib/core/a.ts", 100);
    file("dist/lib/core/a.js", 200);
    file("thresholds/strict.json", 100);
    file("thresholds/schema.json", 300);
    file("dist/thresholds/strict.json", 200);
    file("tsconfig.base.json", 100);
    file("tsconfig.build.json", 100);
    expect(staleDist(root)).toEqual([]);
    file("lib/node/new.ts", 100);
    file("lib/core/a.ts", 250);
    file("thresholds/strict.json", 250);
    file("tsconfig.build.json", 250);
    expect(staleDist(root)).toEqual(["lib/core/a.ts", "lib/node/new.ts", "thresholds/strict.json", "tsconfig.build.json"]);
  });
});

describe("loadgate CLI", () => {
  it("loadgate target prints its loopback URL, serves, and stops on SIGINT", async () => {
    const { child, line } = await startLoadgate(["target", "--port", "0"], /^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${line}/health`).then((r) => r.json());
    expect(health).toEqual({ status: "ok", mode: "healthy" });
    child.kill("SIGINT");
    const [code] = await once(child, "close");
    expect(code).toBe(0);
  });

  it("npm run demo's command passes against the healthy demo target", async () => {
    const run = await loadgate(["demo"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/k6 exited 0; the target served 30 requests/);
  });

  it("the demo exits 99 when the target fails fast", async () => {
    const run = await loadgate(["demo", "--mode", "fast-fail"]);
    expect(run.code).toBe(99);
  });

  it("the demo warns that K6_SUMMARY_MODE=disabled loses the verdict and the reports, and k6 indeed writes none", async () => {
    const reports = mkdtempSync(join(tmpdir(), "loadgate-demo-disabled-"));
    try {
      const run = await loadgate(["demo", "--embedding-ms", "2", "--fusion-ms", "3"], {
        env: { ...k6Env(), K6_SUMMARY_MODE: "disabled", REPORT_DIR: reports },
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain(
        "loadgate demo: K6_SUMMARY_MODE=disabled is set: k6 will skip handleSummary, so no verdict is printed and no report is written; unset it to keep them",
      );
      expect([run.stdout.includes("loadgate verdict"), readdirSync(reports)]).toEqual([false, []]);
    } finally {
      rmSync(reports, { recursive: true, force: true });
    }
  });

  it("rejects an unknown command, an unknown flag and a bad value with exit 2", async () => {
    const unknown = await loadgate(["lint"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/loadgate: unknown command "lint"/);
    const flag = await loadgate(["target", "--mood", "healthy"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/loadgate target: Unknown option '--mood'/);
    const mode = await loadgate(["target", "--mode", "pool=0"]);
    expect(mode.code).toBe(2);
    expect(mode.stderr).toMatch(/--mode pool=N: N must be a whole number >= 1, got "pool=0"/);
    const port = await loadgate(["target", "--port", "http"]);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/--port must be a number >= 0, got "http"/);
  });

  it("a missing file given to build is one clear line, exit 1", async () => {
    const run = await loadgate(["build", "scripts/nope.ts"]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe("loadgate build: scripts/nope.ts: no such file");
  });

  it("build --ready refuses an unknown ready script with the names there are (exit 2), and a script of the same name as a ready one (exit 1)", async () => {
    const unknown = await loadgate(["build", "--ready", "burst,brust"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe(
      'loadgate build: no ready script named "brust"; there are: batches, breakpoint, burst, load, peak, phases, plan, ramp, sequential, smoke, soak, stress, sustained (or all)',
    );
    const clash = await loadgate(["build", "examples/quick-start.ts", "scripts/burst.ts", "--ready", "burst", "--outdir", join(tmpdir(), "never")]);
    expect(clash.code).toBe(1);
    expect(clash.stderr.trim()).toBe("loadgate build: scripts/burst.ts and the ready script burst would both be bundled to burst.js; rename one, or build them with different --outdir");
  });

  it("init into a folder writes the scaffold and says what each file is; two folders are a usage error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "loadgate-init-cli-"));
    const run = await loadgate(["init", dir]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.match(/^wrote {2}/gm)?.length).toBe(5);
    const two = await loadgate(["init", dir, dir]);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/^loadgate init: one folder at most, got 2\nusage: loadgate init \[dir\]/);
  });
});
