import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { K6NotFoundError } from "../core/errors.ts";

const run = promisify(execFile);

/** The k6 version loadgate is built and tested against, and the oldest it accepts. */
export const K6_VERSION = "2.2.0";
/** The module `go install` builds k6 from. */
export const K6_MODULE = "go.k6.io/k6/v2";
export const K6_INSTALL_COMMAND = `go install ${K6_MODULE}@v${K6_VERSION}`;

/** A usable k6 binary. */
export interface K6Binary {
  path: string;
  version: string;
  /** Where it was found: the K6_BIN variable, PATH, Go's bin folder, or a fresh build. */
  source: "K6_BIN" | "PATH" | "go-bin" | "built";
}

/** Compares dotted versions: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The version `k6 version` prints ("k6 v2.2.0 (commit/…)") → "2.2.0"; undefined when unreadable. */
export function parseK6Version(output: string): string | undefined {
  return /\bk6 v(\d+\.\d+\.\d+)/.exec(output)?.[1];
}

async function versionOf(path: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(path, ["version"], { timeout: 15_000 });
    return parseK6Version(stdout);
  } catch {
    return undefined;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Go's bin folder (GOBIN, else GOPATH/bin), or undefined when Go is missing. */
async function goBinDir(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    const { stdout } = await run("go", ["env", "GOBIN", "GOPATH"], { env, timeout: 15_000 });
    const [gobin, gopath] = stdout.split("\n").map((line) => line.trim());
    if (gobin) return gobin;
    if (gopath) return join(gopath.split(delimiter)[0] as string, "bin");
  } catch {
    // Go is not installed.
  }
  return undefined;
}

/**
 * Finds a k6 of at least {@link K6_VERSION}: `K6_BIN`, then `PATH`, then Go's bin folder.
 * A `K6_BIN` that is missing or too old is an error rather than silently skipped: it was asked for.
 * Returns undefined when none is found.
 */
export async function locateK6(env: NodeJS.ProcessEnv = process.env): Promise<K6Binary | undefined> {
  if (env.K6_BIN) {
    if (!existsSync(env.K6_BIN)) throw new K6NotFoundError(`K6_BIN=${env.K6_BIN}: no such file; point K6_BIN at a k6 >= v${K6_VERSION} binary`);
    const version = await versionOf(env.K6_BIN);
    if (version === undefined) {
      throw new K6NotFoundError(`K6_BIN=${env.K6_BIN}: not a runnable k6 binary (\`${env.K6_BIN} version\` failed)`);
    }
    if (compareVersions(version, K6_VERSION) < 0) {
      throw new K6NotFoundError(`K6_BIN=${env.K6_BIN}: k6 v${version} is too old; loadgate needs k6 >= v${K6_VERSION}`);
    }
    return { path: env.K6_BIN, version, source: "K6_BIN" };
  }
  const fromPath = onPath("k6", env);
  if (fromPath) {
    const version = await versionOf(fromPath);
    if (version !== undefined && compareVersions(version, K6_VERSION) >= 0) return { path: fromPath, version, source: "PATH" };
  }
  const bin = await goBinDir(env);
  if (bin) {
    const candidate = join(bin, "k6");
    if (existsSync(candidate)) {
      const version = await versionOf(candidate);
      if (version !== undefined && compareVersions(version, K6_VERSION) >= 0) {
        return { path: candidate, version, source: "go-bin" };
      }
    }
  }
  return undefined;
}

function runLogged(command: string, args: string[], options: { cwd?: string; env: NodeJS.ProcessEnv }, log: (line: string) => void) {
  return new Promise<{ code: number; output: string }>((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const ticker = setInterval(() => log("  … still building"), 30_000);
    child.on("error", (error) => {
      clearInterval(ticker);
      resolve({ code: -1, output: String(error) });
    });
    child.on("close", (code) => {
      clearInterval(ticker);
      resolve({ code: code ?? -1, output });
    });
  });
}

/**
 * Builds k6 from source with Go: `go install go.k6.io/k6/v2@v2.2.0`. Where the module proxy serves
 * the version but not the module's version list (which `go install` reads to check deprecation),
 * it falls back to downloading the module and running `go build` in it: the same source, built the same way.
 */
export async function buildK6(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = console.error): Promise<K6Binary> {
  const bin = await goBinDir(env);
  if (bin === undefined) {
    throw new K6NotFoundError(
      `k6 >= v${K6_VERSION} was not found (K6_BIN, PATH, Go's bin folder) and Go is not installed to build it.\n` +
        `Install Go >= 1.25 and run: ${K6_INSTALL_COMMAND}\nor point K6_BIN at a k6 binary.`,
    );
  }
  log(`loadgate: building k6 v${K6_VERSION} from source with Go (${K6_INSTALL_COMMAND}).`);
  log("loadgate: this takes about 2-4 minutes the first time on 2 cores; later runs reuse the binary.");
  const first = await runLogged("go", ["install", `${K6_MODULE}@v${K6_VERSION}`], { env }, log);
  if (first.code !== 0) {
    if (!/loading deprecation|@v\/list/.test(first.output)) throw buildFailed(first.output);
    log("loadgate: the module proxy has no version list for k6; building the downloaded module with `go build` instead.");
    const download = await runLogged("go", ["mod", "download", "-json", `${K6_MODULE}@v${K6_VERSION}`], { env }, log);
    const dir = /"Dir":\s*"([^"]+)"/.exec(download.output)?.[1];
    if (download.code !== 0 || dir === undefined) throw buildFailed(download.output);
    const build = await runLogged("go", ["build", "-trimpath", "-o", join(bin, "k6"), "."], { cwd: dir, env }, log);
    if (build.code !== 0) throw buildFailed(build.output);
  }
  const path = join(bin, "k6");
  const version = await versionOf(path);
  if (version === undefined) throw buildFailed(`the build finished but ${path} does not run`);
  log(`loadgate: built k6 v${version} at ${path}`);
  return { path, version, source: "built" };
}

function buildFailed(output: string): K6NotFoundError {
  const tail = output.trim().split("\n").slice(-15).join("\n");
  return new K6NotFoundError(
    `building k6 v${K6_VERSION} failed:\n${tail}\n\nBuild it by hand with: ${K6_INSTALL_COMMAND}\nor point K6_BIN at a k6 >= v${K6_VERSION} binary.`,
  );
}

/** A k6 binary, built from source when none is found. */
export async function ensureK6(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = console.error): Promise<K6Binary> {
  return (await locateK6(env)) ?? (await buildK6(env, log));
}
