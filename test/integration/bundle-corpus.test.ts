import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, extname, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { bundleScripts, type BundleResult } from "../../lib/node/bundle.ts";
import { startTarget, type RunningTarget } from "../../lib/node/demo-target.ts";
import { loadgate, ROOT } from "../helpers/cli.ts";
import { startGrpcTarget, type GrpcTarget } from "../helpers/grpc-target.ts";
import { k6Env } from "../helpers/k6.ts";

const CORPUS = join(ROOT, "test/fixtures/bundle/corpus");
/** Entries that run on the stock k6, each against the loopback targets. */
const RUNNABLE = ["shared-array.js", "experimental-fs.js", "grpc.js", "nested/main.js", "require.js", "top-level-await.js", "typescript.ts"];

interface K6Answer {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the suite's k6 with `args` from `cwd`, never reaching for the network to provision extensions. */
function k6(args: string[], cwd: string): Promise<K6Answer> {
  return new Promise((done) => {
    const env = { ...k6Env(), K6_AUTO_EXTENSION_RESOLUTION: "false", K6_NO_USAGE_REPORT: "true", PWD: cwd };
    const child = spawn(inject("k6Path"), args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/** What a run shows: its exit code, the counts its handleSummary prints and the lines the script logged. */
function observed(answer: K6Answer): { code: number | null; summary: string; logged: string[] } {
  const logged = answer.stderr.split("\n").filter((line) => line.startsWith("corpus: "));
  return { code: answer.code, summary: answer.stdout.trim(), logged };
}

let tmp: string;
let project: string;
let elsewhere: string;
let built: BundleResult[];
let target: RunningTarget;
let grpc: GrpcTarget;

const bundleOf = (entry: string, outdir = "out/k6") => join(tmp, outdir, `${basename(entry, extname(entry))}.js`);

beforeAll(async () => {
  // Outside the repository: no tsconfig.json, no node_modules above the scripts.
  tmp = mkdtempSync(join(tmpdir(), "loadgate-corpus-"));
  project = join(tmp, "project");
  cpSync(CORPUS, project, { recursive: true });
  elsewhere = join(tmp, "elsewhere");
  mkdirSync(elsewhere);
  built = await bundleScripts([...RUNNABLE, "extension.js"].map((entry) => join(project, entry)), { outdir: join(tmp, "out/k6") });
  target = await startTarget();
  grpc = await startGrpcTarget((method, text) => {
    if (method === "/corpus.Greeter/SayHello") return `hello ${text}`;
    if (method === "/corpus.Pinger/Echo") return text;
    return undefined;
  });
});

afterAll(async () => {
  await target?.close();
  await grpc?.close();
});

describe("the bundle corpus: each script and its bundle, written to another folder, behave the same on k6", () => {
  it("the build type-checks the TypeScript entry with loadgate's @types/k6 and warns about the one path computed at run time", () => {
    const warnings = built.flatMap((r) => r.warnings.map((w) => w.replace(`${relative(process.cwd(), project)}/`, "")));
    expect(warnings).toEqual([
      expect.stringMatching(
        /^shared-array\.js:14:62: open\(\) takes a path computed at run time \(__ENV\.ITEMS_FILE\): a relative value resolves against the bundle's folder .*out\/k6\/, where the unbundled script resolved it against .*project\/; pass a string literal or an absolute path$/,
      ),
    ]);
    expect(built.every((r) => r.remote.length === 0)).toBe(true);
    expect(Object.fromEntries(built.map((r) => [basename(r.entry), r.extensions]))).toEqual({
      "shared-array.js": [],
      "experimental-fs.js": [],
      "grpc.js": [],
      "main.js": [],
      "require.js": ["k6/x/kafka"],
      "top-level-await.js": [],
      "typescript.ts": [],
      "extension.js": ["k6/x/kafka"],
    });
  });

  it.each(RUNNABLE)("%s: k6 inspect gives the same options, and a loopback run the same exit code, counts and logged data", async (entry) => {
    const vars = ["-e", `BASE_URL=${target.url}`, "-e", `GRPC_ADDR=${grpc.address}`];
    const script = join(project, entry);
    const bundle = bundleOf(entry);
    const [inspectScript, inspectBundle, runScript, runBundle] = await Promise.all([
      k6(["inspect", script], elsewhere),
      k6(["inspect", bundle], elsewhere),
      k6(["run", "-q", "--log-format=raw", ...vars, script], elsewhere),
      k6(["run", "-q", "--log-format=raw", ...vars, bundle], elsewhere),
    ]);
    expect(inspectScript.code, inspectScript.stderr).toBe(0);
    expect(JSON.parse(inspectBundle.stdout)).toEqual(JSON.parse(inspectScript.stdout));
    expect(observed(runScript).code, runScript.stderr).toBe(0);
    expect(observed(runScript).logged.length).toBeGreaterThan(0);
    expect(observed(runBundle)).toEqual(observed(runScript));
  });

  it("a static k6/x/... import stays an import: on a k6 without the extension, script and bundle fail alike", async () => {
    const [script, bundle] = await Promise.all([
      k6(["inspect", join(project, "extension.js")], elsewhere),
      k6(["inspect", bundleOf("extension.js")], elsewhere),
    ]);
    const reason = /unknown modules \[\\?"k6\/x\/kafka\\?"\] were tried to be loaded/;
    expect([script.code, bundle.code]).toEqual([107, 107]);
    expect(script.stderr).toMatch(reason);
    expect(bundle.stderr).toMatch(reason);
  });

  it("a k6 archive of a bundle carries the files it reads: it runs after the project folder is gone", async () => {
    const archive = join(tmp, "shared-array.tar");
    expect((await k6(["archive", "-O", archive, bundleOf("shared-array.js")], elsewhere)).code).toBe(0);
    const before = observed(await k6(["run", "-q", "--log-format=raw", "-e", `BASE_URL=${target.url}`, archive], elsewhere));
    renameSync(project, `${project}-moved`);
    try {
      const after = observed(await k6(["run", "-q", "--log-format=raw", "-e", `BASE_URL=${target.url}`, archive], elsewhere));
      expect(after).toEqual(before);
      expect(after.code).toBe(0);
    } finally {
      renameSync(`${project}-moved`, project);
    }
  });
});

describe("remote modules", () => {
  const remote = join(ROOT, "test/fixtures/bundle/remote");
  const url = "https://jslib.k6.io/k6-utils/1.4.0/index.js";

  it("without a vendor folder the bundle keeps the https:// import, and the result says it needs the network", async () => {
    const [result] = await bundleScripts([join(remote, "uses-jslib.js")], { outdir: join(tmp, "out/remote-kept") });
    expect(result!.remote).toEqual([{ url, importer: relative(process.cwd(), join(remote, "uses-jslib.js")), lookedAt: [] }]);
    expect(readFileSync(bundleOf("uses-jslib.js", "out/remote-kept"), "utf8")).toMatch(/^import \{[^}]*\} from "https:\/\/jslib\.k6\.io\/k6-utils\/1\.4\.0\/index\.js";$/m);
  });

  it("with --vendor the copy is inlined, its own imports too, and the bundle runs on k6 without the network", async () => {
    const [result] = await bundleScripts([join(remote, "uses-jslib.js")], { outdir: join(tmp, "out/remote-vendored"), vendor: join(remote, "vendor") });
    expect(result!.remote).toEqual([]);
    const bundle = bundleOf("uses-jslib.js", "out/remote-vendored");
    expect(readFileSync(bundle, "utf8")).not.toMatch(/https:\/\//);
    const run = await k6(["run", "-q", "--log-format=raw", bundle], elsewhere);
    expect({ code: run.code, logged: run.stderr.split("\n").filter((l) => l.startsWith("remote: ")) }).toEqual({
      code: 0,
      logged: ["remote: only vendored from jslib.k6.io"],
    });
  });

  it("loadgate build prints what each bundle needs besides itself, and warns on stderr about a path computed at run time", async () => {
    const outdir = join(tmp, "out/cli");
    const run = await loadgate(["build", join(remote, "uses-jslib.js"), join(project, "shared-array.js"), "--outdir", outdir, "--no-check"]);
    const shown = (path: string) => relative(ROOT, path);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split("\n").filter((line) => line.startsWith("  "))).toEqual([
      `  needs the network: k6 fetches ${url} when it starts (imported by ${shown(join(remote, "uses-jslib.js"))})`,
      "    --vendor <dir> inlines local copies of remote modules instead",
      `  reads 3 files: ${["data/users.csv", "data/items.json", "data/blob.bin"].map((f) => shown(join(project, f))).join(", ")}`,
    ]);
    expect(run.stderr).toMatch(/^loadgate build: warning: \S*shared-array\.js:14:62: open\(\) takes a path computed at run time \(__ENV\.ITEMS_FILE\)/m);
  });
});
