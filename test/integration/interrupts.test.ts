// Ctrl+C and SIGTERM during `loadgate demo` and `loadgate target`: k6 stops cleanly and still writes
// its reports, the target closes, and no process is left behind.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { bundleScripts } from "../../lib/node/bundle.ts";
import { alive, BIN, ROOT } from "../helpers/cli.ts";
import { k6Env } from "../helpers/k6.ts";

const dir = mkdtempSync(join(tmpdir(), "loadgate-interrupts-"));

beforeAll(async () => {
  await bundleScripts(["scripts/burst.ts"], { outdir: dir });
});

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `loadgate <args>` in its own process group, as a shell runs a foreground job. */
function start(args: string[], env: NodeJS.ProcessEnv = {}): Started {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...k6Env(), ...env }, detached: true });
  let all = "";
  child.stdout?.on("data", (c: Buffer) => (all += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (all += c.toString()));
  const exited = new Promise<number | null>((done) => child.on("close", (code) => done(code)));
  return { child, output: () => all, exited };
}

async function until<T>(what: string, probe: () => T | undefined, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Child processes of `pid`, from /proc. */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).split("\n").filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

const commandOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return [];
  }
};

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
    return false;
  } catch {
    return true;
  }
}

/** A demo whose requests hang (timeouts mode, 60 s timeout) until the signal comes. */
async function startHangingDemo(reports: string) {
  const demo = start(["demo", "--script", join(dir, "burst.js"), "--mode", "timeouts"], { REPORT_DIR: reports, TIMEOUT: "60s" });
  const url = await until("the target URL", () => /target \(timeouts\) at (http:\/\/\S+);/.exec(demo.output())?.[1]);
  const k6pid = await until("k6 to start", () => childrenOf(demo.child.pid!).find((pid) => commandOf(pid).includes("run")));
  // Let k6 finish init and send its first requests.
  await until("requests in flight", () => (/running/.test(demo.output()) ? true : undefined));
  await new Promise((r) => setTimeout(r, 1500));
  return { demo, url, k6pid };
}

describe("interrupting loadgate demo", () => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`${signal} to the demo's process group stops k6 cleanly: reports written, target closed, nothing left running`, async () => {
      const reports = mkdtempSync(join(dir, "reports-"));
      const { demo, url, k6pid } = await startHangingDemo(reports);
      expect(alive(k6pid)).toBe(true);
      const sent = Date.now();
      process.kill(-demo.child.pid!, signal);
      const code = await demo.exited;
      expect(Date.now() - sent).toBeLessThan(10_000);
      // k6's exit code for a run stopped by a signal.
      expect(code, demo.output()).toBe(105);
      expect(alive(k6pid)).toBe(false);
      expect(alive(demo.child.pid!)).toBe(false);
      expect(await refused(url)).toBe(true);
      for (const file of ["summary.json", "junit.xml", "summary.md", "report.html"]) expect(existsSync(join(reports, file)), file).toBe(true);
      const summary = JSON.parse(readFileSync(join(reports, "summary.json"), "utf8")) as { ok: boolean };
      expect(summary.ok).toBe(false);
      expect(demo.output()).toContain("loadgate demo: k6 exited 105");
    });
  }

  it("a second Ctrl+C stops k6 at once, and still nothing is left running", async () => {
    const reports = mkdtempSync(join(dir, "reports-"));
    const { demo, url, k6pid } = await startHangingDemo(reports);
    process.kill(-demo.child.pid!, "SIGINT");
    process.kill(-demo.child.pid!, "SIGINT");
    const sent = Date.now();
    await demo.exited;
    expect(Date.now() - sent).toBeLessThan(10_000);
    expect(alive(k6pid)).toBe(false);
    expect(alive(demo.child.pid!)).toBe(false);
    expect(await refused(url)).toBe(true);
  });
});

describe("interrupting loadgate target", () => {
  for (const [signal, mode] of [["SIGINT", "healthy"], ["SIGTERM", "fast-fail"]] as const) {
    it(`${signal} stops a ${mode} target with exit 0 and closes the port it served on`, async () => {
      const target = start(["target", "--mode", mode]);
      const url = await until("the target URL", () => /^(http:\/\/\S+)$/m.exec(target.output())?.[1]);
      const health = await fetch(`${url}/health`).then((r) => r.json());
      expect(health).toEqual({ status: "ok", mode });
      process.kill(-target.child.pid!, signal);
      expect(await target.exited).toBe(0);
      expect(target.output()).toMatch(new RegExp(`loadgate target: stopped on ${signal} after 1 requests`));
      expect(await refused(url)).toBe(true);
    });
  }

  it("a down target listens on nothing, yet runs until SIGTERM stops it with exit 0", async () => {
    const target = start(["target", "--mode", "down"]);
    const url = await until("the target URL", () => /^(http:\/\/\S+)$/m.exec(target.output())?.[1]);
    expect(await refused(url)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(alive(target.child.pid!)).toBe(true);
    process.kill(-target.child.pid!, "SIGTERM");
    expect(await target.exited).toBe(0);
    expect(target.output()).toMatch(/loadgate target: stopped on SIGTERM after 0 requests/);
  });
});
