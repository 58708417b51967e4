// Keeps `npm run bench` working: its quick mode, on the sections that need no k6 run, in a few seconds.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { defaultEntries } from "../../lib/node/bundle.ts";
import { BIN, ROOT } from "../helpers/cli.ts";

const tmp = mkdtempSync(join(tmpdir(), "loadgate-bench-smoke-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const node = (args: string[]) => spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", timeout: 120_000 });

describe("npm run bench", () => {
  test("the quick mode measures analyse against the naive baseline and every bundle, and writes the results file", () => {
    const out = join(tmp, "results.json");
    const run = node(["bench/run.mjs", "--quick", "--only", "analyse,build", "--out", out]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/analyse 0\.1M samples: loadgate analyse .* samples\/s/);
    expect(run.stdout).toMatch(/analyse 0\.1M samples: naive JSON\.parse .* baseline/);
    const results = JSON.parse(readFileSync(out, "utf8"));
    expect(results.quick).toBe(true);
    expect(Object.keys(results.sections)).toEqual(["analyse", "build"]);
    const analyse = results.sections.analyse.samples100000;
    for (const name of ["loadgate analyse", "naive JSON.parse"]) {
      expect(analyse[name].samplesPerSecond.median).toBeGreaterThan(0);
      expect(analyse[name].peakRssMiB.median).toBeGreaterThan(10);
    }
    expect(analyse["loadgate analyse"].speedup).toBeCloseTo(
      analyse["loadgate analyse"].samplesPerSecond.median / analyse["naive JSON.parse"].samplesPerSecond.median,
    );
    const entries = defaultEntries(ROOT).map((entry) => entry.slice(ROOT.length + 1));
    expect(Object.keys(results.sections.build.bundleBytes).sort()).toEqual(entries.sort());
    for (const bytes of Object.values(results.sections.build.bundleBytes)) expect(bytes).toBeGreaterThan(500);
  });

  test("the naive baseline and loadgate analyse agree on the p(95) of successful requests, within the histogram's 1%", () => {
    // The comparison is only fair when both compute the same figure from the same file.
    const file = join(tmp, "run.json.gz");
    const generated = node(["bench/generate-k6-output.mjs", file, "100000"]);
    expect(generated.status).toBe(0);
    const samples = Number(/: (\d+) samples/.exec(generated.stdout)?.[1]);
    const naive = JSON.parse(node(["bench/naive-analyse.mjs", file]).stdout) as { samples: number; p95: Record<string, number> };
    const ours = JSON.parse(node([BIN, "analyse", file, "--format", "json"]).stdout) as { scopes: { latency: { p95: number } }[] };
    expect(samples).toBeGreaterThanOrEqual(100_000);
    expect(naive.samples).toBe(samples);
    expect(ours.scopes).toHaveLength(1);
    expect(Math.abs(ours.scopes[0]!.latency.p95 / naive.p95.ok! - 1)).toBeLessThan(0.01);
  });

  test("every overhead subject runs the same request loop, so the ratios compare only what each adds", () => {
    // Each subject is a whole k6 script on purpose (the baselines are what a k6 user writes, and --before
    // copies one file into another checkout), so their shared lines are checked here instead of shared.
    const read = (name: string) => readFileSync(join(ROOT, "bench/k6", name), "utf8");
    const loop = (text: string) => [
      ...text.split("\n").filter((line) => /^const (url|body|params) = /.test(line)),
      ...(/export default function \(\): void \{\n(.*\n.*\n)/.exec(text)?.[1]?.split("\n").filter(Boolean) ?? []),
    ];
    const plain = loop(read("plain.ts"));
    expect(plain).toHaveLength(5);
    for (const name of ["handwritten.ts", "loadgate-no-phases.ts", "loadgate.ts"]) expect(loop(read(name)), name).toEqual(plain);
    // The k6 options every subject gives its loop: VUS, then ITERATIONS shared by the VUs or DURATION, from -e, the same defaults.
    for (const name of ["plain.ts", "handwritten.ts", "loadgate-no-phases.ts", "loadgate.ts"]) {
      const text = read(name);
      expect(text, name).toContain("const vus = Number(__ENV.VUS ?? 4);");
      expect(text, name).toMatch(/vus, (iterations|requests): Number\(__ENV\.ITERATIONS\), maxDuration: "2m"/);
      expect(text, name).toMatch(/vus, duration: __ENV\.DURATION \?\? "5s"/);
    }
  });

  test("an unknown section is refused with the list of sections", () => {
    const run = node(["bench/run.mjs", "--quick", "--only", "build,speed"]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('bench/run.mjs: --only must list sections among overhead, growth, analyse, build, target, soak, submetrics, got "speed"');
  });
});
