// Servers nobody on this project wrote, installed from the registries by the project's own files
// (test/servers/package.json and its lock; go-httpbin at GO_HTTPBIN_VERSION) and started on 127.0.0.1.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";

export const SERVERS_DIR = resolve(import.meta.dirname, "../servers");

/** The go-httpbin the tests run. The Go module proxy here serves exact versions, not version lists. */
export const GO_HTTPBIN_VERSION = "v2.18.3";
const GO_HTTPBIN_MODULE = "github.com/mccutchen/go-httpbin/v2/cmd/go-httpbin";
const GO_HTTPBIN = join(SERVERS_DIR, "bin", "go-httpbin");

/**
 * Installs the servers when they are missing or older than what the project pins: `npm ci` in
 * test/servers (whose lock file pins hono, @hono/node-server, express, server-timing), and
 * `go install` of go-httpbin into test/servers/bin. Throws with the command's output when one fails.
 */
export function installRealServers(): void {
  const lock = join(SERVERS_DIR, "package-lock.json");
  const installed = join(SERVERS_DIR, "node_modules", ".package-lock.json");
  if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
    run("npm", ["ci", "--no-audit", "--no-fund"], { cwd: SERVERS_DIR });
  }
  const stamp = join(SERVERS_DIR, "bin", `go-httpbin-${GO_HTTPBIN_VERSION}`);
  if (!existsSync(GO_HTTPBIN) || !existsSync(stamp)) {
    run("go", ["install", `${GO_HTTPBIN_MODULE}@${GO_HTTPBIN_VERSION}`], {
      cwd: SERVERS_DIR,
      env: { ...process.env, GOBIN: join(SERVERS_DIR, "bin"), GOFLAGS: "-mod=mod" },
    });
    run("touch", [stamp], { cwd: SERVERS_DIR });
  }
}

function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): void {
  try {
    execFileSync(command, args, { ...options, stdio: "pipe", timeout: 300_000 });
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(`${command} ${args.join(" ")} failed in ${options.cwd}: ${e.message}\n${e.stdout?.toString() ?? ""}${e.stderr?.toString() ?? ""}`);
  }
}

/** A server running on 127.0.0.1. */
export interface RealServer {
  url: string;
  close(): Promise<void>;
}

function closer(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once("exit", () => done());
      child.kill("SIGTERM");
    });
}

/** Starts one of the Node apps of test/servers (`hono-app.mjs`, `express-app.mjs`); it prints `listening <port>`. */
export function startNodeApp(file: string, env: Record<string, string> = {}): Promise<RealServer> {
  const child = spawn(process.execPath, [join(SERVERS_DIR, file)], { cwd: SERVERS_DIR, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolveStart, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`${file} did not start in 10 s: ${out}`)), 10_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const port = /listening (\d+)/.exec(out)?.[1];
      if (port === undefined) return;
      clearTimeout(timer);
      resolveStart({ url: `http://127.0.0.1:${port}`, close: closer(child) });
    });
    child.stderr!.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited with ${code}: ${out}`));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** Starts go-httpbin on a free port of 127.0.0.1 and waits until it answers. */
export async function startHttpbin(): Promise<RealServer> {
  const port = await freePort();
  const child = spawn(GO_HTTPBIN, ["-host", "127.0.0.1", "-port", String(port)], { stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`go-httpbin exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/get`)).ok) return { url, close: closer(child) };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`go-httpbin did not answer on ${url} in 10 s`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
