// The npm package is the product: a fresh project installs the tarball `npm pack` makes and follows
// the README's quick start and docs/getting-started.md as written (every block marked `<!-- run: step -->` is run line by line,
// every block marked `<!-- file: path -->` is the file at that path), on the real k6, against the
// demo target on 127.0.0.1. Each step's time is printed and written to test-output/packed-steps.json.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startTarget, type RunningTarget } from "../../lib/node/demo-target.ts";
import { INIT_FILES } from "../../lib/node/init.ts";
import { k6Env } from "../helpers/k6.ts";

const root = resolve(import.meta.dirname, "../..");
const project = mkdtempSync(join(tmpdir(), "loadgate-user-project-"));
// The README's quick start, then the page that continues it, in the same project.
const PAGES = ["README.md", "docs/getting-started.md"].map((page) => readFileSync(join(root, page), "utf8"));

/** One block of the README a user is meant to paste: a file to write, or commands to run. */
type Block = { kind: "file"; path: string; text: string } | { kind: "run"; step: string; lines: string[] };

/** The marked blocks of the README, in order: `<!-- file: path -->` or `<!-- run: step -->` on the line before a fence. */
function readmeBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const marked = /<!-- (file|run): ([^ ]+) -->\n```[a-z]*\n([\s\S]*?)\n```/g;
  for (const [, kind, name, body] of markdown.matchAll(marked)) {
    if (kind === "file") blocks.push({ kind: "file", path: name!, text: `${body}\n` });
    else blocks.push({ kind: "run", step: name!, lines: body!.split("\n").filter((line) => line.trim() !== "" && !line.trim().startsWith("#")) });
  }
  return blocks;
}

interface LineResult {
  line: string;
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

let target: RunningTarget;
let tarball = "";
const env = (): NodeJS.ProcessEnv => {
  const k6Path = inject("k6Path");
  // `k6` on PATH as the README assumes, and the same binary for `loadgate demo` (it looks at K6_BIN first).
  return { ...k6Env(), K6_BIN: k6Path, PATH: `${dirname(k6Path)}${delimiter}${process.env["PATH"] ?? ""}` };
};

/** Runs one README line in the project, as a user would type it: `loadgate` from the installed package, the demo target's URL. */
async function runLine(line: string): Promise<LineResult> {
  const command = line
    .replace("npm install --save-dev loadgate", `npm install --save-dev --no-audit --no-fund ${tarball}`)
    .replaceAll("npx loadgate", "npx --no-install loadgate")
    .replaceAll("http://127.0.0.1:8080", target.url);
  const started = Date.now();
  // Asynchronous, so the in-process demo target keeps answering while the line runs.
  const child = spawn("bash", ["-c", command], { cwd: project, env: env(), stdio: ["ignore", "pipe", "pipe"], timeout: 600_000 });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((done) => child.on("close", (status) => done(status)));
  return { line, code, stdout, stderr, ms: Date.now() - started };
}

const times: { step: string; ms: number }[] = [];
const results = new Map<string, LineResult[]>();

beforeAll(async () => {
  const packs = join(project, "packs");
  mkdirSync(packs);
  const started = Date.now();
  const pack = spawnSync("npm", ["pack", "--silent", "--pack-destination", packs], { cwd: root, encoding: "utf8", timeout: 300_000 });
  if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
  times.push({ step: "pack", ms: Date.now() - started });
  const name = readdirSync(packs).find((file) => file.endsWith(".tgz"));
  if (name === undefined) throw new Error(`npm pack wrote no tarball to ${packs}`);
  tarball = join(packs, name);
  writeFileSync(join(project, "package.json"), `${JSON.stringify({ name: "qa-team-tests", private: true, type: "module" }, null, 2)}\n`);
  target = await startTarget();
}, 600_000);

afterAll(async () => {
  await target?.close();
  const total = times.reduce((sum, t) => sum + t.ms, 0);
  const lines = times.map((t) => `  ${t.step.padEnd(12)} ${(t.ms / 1000).toFixed(1).padStart(6)} s`);
  console.log(`the README's quick start and docs/getting-started.md from the packed package, step by step:\n${lines.join("\n")}\n  ${"total".padEnd(12)} ${(total / 1000).toFixed(1).padStart(6)} s`);
  mkdirSync(join(root, "test-output"), { recursive: true });
  writeFileSync(join(root, "test-output/packed-steps.json"), `${JSON.stringify(times, null, 2)}\n`);
});

describe("the README's quick start and getting started, from the package npm pack makes, in a fresh project", () => {
  const blocks = PAGES.flatMap(readmeBlocks);

  it("marks the blocks a user pastes: install, init, build, demo, a plan, the ready scripts, the no-bundler path, analyse, compare", () => {
    const steps = blocks.flatMap((b) => (b.kind === "run" ? [b.step] : []));
    expect(steps).toEqual(["install", "init", "build", "demo", "plan", "ready", "no-bundler", "analyse", "compare"]);
    expect(blocks.flatMap((b) => (b.kind === "file" ? [b.path] : []))).toEqual(["tests/search.ts", "thresholds/team.json", "tests/journey.ts", "tests/smoke.ts"]);
  });

  // One test runs the blocks in the README's order: each step needs the ones before it.
  it("runs every block as written, each command exiting 0; the files loadgate init writes are the README's", async () => {
    for (const block of blocks) {
      if (block.kind === "file") {
        const path = join(project, block.path);
        // A file init wrote is the one the README shows; the others the user writes from it.
        if (existsSync(path)) expect(readFileSync(path, "utf8"), block.path).toBe(block.text);
        else writeFileSync(path, block.text);
        continue;
      }
      const ran: LineResult[] = [];
      for (const line of block.lines) {
        const r = await runLine(line);
        ran.push(r);
        expect(r.code, `${block.step}: ${line}\n${r.stdout}\n${r.stderr}`).toBe(0);
      }
      results.set(block.step, ran);
      times.push({ step: block.step, ms: ran.reduce((sum, r) => sum + r.ms, 0) });
    }
  }, 900_000);

  it("installs quietly: no warning from npm about lifecycle scripts or anything else", () => {
    const install = results.get("install") ?? [];
    expect(install.length).toBe(2);
    for (const r of install) expect(r.stderr, r.line).toBe("");
    const manifest = JSON.parse(readFileSync(join(project, "node_modules/loadgate/package.json"), "utf8")) as { scripts?: Record<string, string> };
    const installScripts = ["preinstall", "install", "postinstall", "prepare"].filter((name) => manifest.scripts?.[name] !== undefined);
    expect(installScripts).toEqual([]);
  });

  it("init writes each scaffold file and the .gitignore lines", () => {
    const [init] = results.get("init") ?? [];
    expect(init?.stdout).toMatch(/^wrote {2}tests\/search\.ts {2}/m);
    for (const file of INIT_FILES) expect(existsSync(join(project, file.path)), file.path).toBe(true);
    expect(readFileSync(join(project, ".gitignore"), "utf8")).toBe("node_modules/\nbuild/\nreports/*\n!reports/.gitkeep\n");
  });

  it("the k6 runs pass with loadgate's verdict, and the ready scripts come from the installed package", () => {
    const k6Runs = ["build", "plan", "ready", "analyse"].flatMap((step) => (results.get(step) ?? []).filter((r) => r.line.startsWith("k6 run")));
    expect(k6Runs.length).toBe(5);
    for (const r of k6Runs) expect(r.stdout, r.line).toMatch(/loadgate verdict: PASS/);
    const [buildReady] = results.get("ready") ?? [];
    expect(buildReady?.stdout).toMatch(/build\/burst\.js .*\(from node_modules\/loadgate\/scripts\/burst\.ts\)/);
    expect(buildReady?.stdout).toMatch(/build\/phases\.js .*\(from node_modules\/loadgate\/scripts\/phases\.ts\)/);
    const [buildSearch] = results.get("build") ?? [];
    expect(buildSearch?.stdout).toMatch(/^type-checked with tsconfig\.json$/m);
  });

  it("the plan's parts follow each other in seconds, without an idle-schedule warning", () => {
    const [, run] = results.get("plan") ?? [];
    expect(run?.stderr).not.toMatch(/mostly idle/);
    expect(run?.ms).toBeLessThan(60_000);
  });

  it("k6 runs the no-bundler test (.ts importing the package's k6 module by path) directly", () => {
    const [run] = results.get("no-bundler") ?? [];
    expect(run?.stdout).toMatch(/✓ 'count>=20' count=20/);
    expect(readFileSync(join(project, "node_modules/loadgate/dist/k6/loadgate.js"), "utf8")).not.toMatch(/with \{ type: "json" \}/);
    expect(existsSync(join(project, "node_modules/loadgate/dist/k6/loadgate.d.ts"))).toBe(true);
  });

  it("analyse reads the run's JSON output, compare keeps then judges a baseline, and the demo passes", () => {
    const [, analyse] = results.get("analyse") ?? [];
    // 30 requests: their http_req_duration and iteration_duration samples.
    expect(analyse?.stdout).toMatch(/^reports\/run\.json\.gz: 60 samples/m);
    const [keep, judge] = results.get("compare") ?? [];
    expect(keep?.stdout).toMatch(/no baseline at baseline\/summary\.json: reports\/summary\.json is the baseline now/);
    expect(judge?.stdout).toMatch(/^loadgate compare: WITHIN NOISE/m);
    const [demo] = results.get("demo") ?? [];
    expect(demo?.stdout).toMatch(/loadgate verdict: PASS/);
    expect(demo?.stderr).toMatch(/loadgate demo: k6 exited 0; the target served 30 requests/);
  });

  it("every TypeScript file of the project type-checks with the tsconfig.json init wrote (what an editor sees)", () => {
    const tsc = spawnSync(process.execPath, [join(project, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], { cwd: project, encoding: "utf8" });
    expect(`${tsc.stdout}${tsc.stderr}`).toBe("");
    expect(tsc.status).toBe(0);
  });

  it("init run again keeps every file as it is", async () => {
    const before = INIT_FILES.map((file) => readFileSync(join(project, file.path), "utf8"));
    const r = await runLine("npx loadgate init");
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^kept /gm)?.length).toBe(INIT_FILES.length);
    expect(INIT_FILES.map((file) => readFileSync(join(project, file.path), "utf8"))).toEqual(before);
  });
});

describe("loadgate build in a consumer project", () => {
  it("reports a type error in the user's script with its file and line", async () => {
    writeFileSync(join(project, "tests/broken.ts"), 'import { burst } from "loadgate";\nburst({ vus: "ten" });\n');
    const r = await runLine("npx loadgate build tests/broken.ts");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/tests\/broken\.ts\(2,9\): error TS2322/);
  });

  it("type-checks a script under a CommonJS tsconfig as the ES module it is bundled as, and says so", async () => {
    mkdirSync(join(project, "cjs"), { recursive: true });
    writeFileSync(join(project, "cjs/tsconfig.json"), JSON.stringify({ compilerOptions: { module: "commonjs", strict: true, types: ["k6"] } }));
    writeFileSync(join(project, "cjs/load.ts"), 'import { smoke } from "loadgate";\nexport const options = { scenarios: { s: smoke({ vus: 1, duration: "1s" }) } };\nexport default function (): void {}\n');
    const r = await runLine("npx loadgate build cjs/load.ts --outdir build/cjs");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^type-checked with cjs\/tsconfig\.json; for these scripts: module esnext, moduleResolution bundler/m);
  });

  it("with no files and no scripts/ here, names both ways to give it scripts (exit 2)", async () => {
    const r = await runLine("npx loadgate build");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/name your scripts \(loadgate build tests\/search\.ts\) or bundle ready scripts \(loadgate build --ready burst; there are: batches, breakpoint, burst,/);
  });
});
