import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { k6Env } from "./k6.ts";

export const ROOT = resolve(import.meta.dirname, "../..");
export const BIN = resolve(ROOT, "bin/loadgate.js");

/** Runs `loadgate <args>` from the compiled dist/ and collects its output. */
export function loadgate(
  args: string[],
  options: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: options.env ?? k6Env() });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/** Starts `loadgate <args>` and resolves once it printed a line matching `ready`. */
export function startLoadgate(args: string[], ready: RegExp): Promise<{ child: ChildProcess; line: string; output: () => string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: k6Env() });
    let all = "";
    const onData = (c: Buffer) => {
      all += c.toString();
      const line = all.split("\n").find((l) => ready.test(l));
      if (line !== undefined) done({ child, line, output: () => all });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("error", fail);
    setTimeout(() => fail(new Error(`loadgate ${args.join(" ")} printed nothing matching ${ready}: ${all}`)), 30_000);
  });
}

/** Whether a process with this pid still exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
