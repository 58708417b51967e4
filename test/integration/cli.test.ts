import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { loadgate, startLoadgate } from "../helpers/cli.ts";

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
});
