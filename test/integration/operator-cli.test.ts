import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { operatorManifests } from "../../lib/node/operator.ts";
import { BIN, loadgate } from "../helpers/cli.ts";
import { k6Env } from "../helpers/k6.ts";
import { testRunValidator } from "../helpers/crd.ts";

const out = mkdtempSync(join(tmpdir(), "loadgate-operator-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("loadgate operator", () => {
  it("writes the manifests, numbered in apply order, with a TestRun valid for the CRD and the bundled script", async () => {
    const dir = join(out, "k8s");
    const run = await loadgate([
      "operator",
      "scripts/burst.ts",
      "--parallelism",
      "4",
      "--preset",
      "strict",
      "--separate",
      "--env",
      "BASE_URL=http://search.perf.svc:8080",
      "--namespace",
      "perf",
      "--out-dir",
      dir,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(dir)).toEqual([
      "01-config-map.yaml",
      "02-persistent-volume-claim.yaml",
      "03-service-account.yaml",
      "04-role.yaml",
      "05-role-binding.yaml",
      "06-test-run.yaml",
      "07-job.yaml",
    ]);
    const testRun = parse(readFileSync(join(dir, "06-test-run.yaml"), "utf8")) as { spec: Record<string, unknown> };
    const validate = testRunValidator();
    expect(validate(testRun), JSON.stringify(validate.errors)).toBe(true);
    expect([testRun.spec["parallelism"], testRun.spec["separate"], testRun.spec["script"]]).toEqual([
      4,
      true,
      { configMap: { name: "burst-script", file: "burst.js" } },
    ]);
    const configMap = parse(readFileSync(join(dir, "01-config-map.yaml"), "utf8")) as { data: Record<string, string> };
    expect(configMap.data["burst.js"]).toBe(readFileSync("build/burst.js", "utf8"));
    const job = readFileSync(join(dir, "07-job.yaml"), "utf8");
    expect(job).toMatch(/exec npx --yes loadgate@0\.1\.0 merge "\$run"\/\*\.json\.gz --runners 4 --preset strict --out "\$run"/);
  });

  it.each([
    [["--parallelism", "0"], '"0"'],
    [["--parallelism", "-1"], '"-1"'],
    [["--parallelism", "four"], '"four"'],
    [["--parallelism", "2.5"], '"2.5"'],
  ])("rejects %j with exit 2 naming the option, the rule and the value", async (flags, shown) => {
    const run = await loadgate(["operator", "scripts/burst.ts", ...flags, "--out-dir", join(out, "never")]);
    expect({ code: run.code, stderr: run.stderr.trim() }).toEqual({
      code: 2,
      stderr: `loadgate operator: --parallelism must be a whole number >= 1 (the number of k6 runner pods), got ${shown}`,
    });
    expect(() => readdirSync(join(out, "never"))).toThrow(/ENOENT/);
  });

  it("runs the loadgate package named by --loadgate-package in the merge Job, and refuses one with shell characters", async () => {
    const dir = join(out, "k8s-mirror");
    const tarball = "http://artifacts.perf.svc/loadgate-0.1.0.tgz";
    const run = await loadgate(["operator", "build/burst.js", "--parallelism", "2", "--loadgate-package", tarball, "--out-dir", dir]);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(dir, "07-job.yaml"), "utf8")).toMatch(/exec npx --yes http:\/\/artifacts\.perf\.svc\/loadgate-0\.1\.0\.tgz merge "\$run"/);
    const bad = await loadgate(["operator", "build/burst.js", "--parallelism", "2", "--loadgate-package", "loadgate; rm -rf /", "--out-dir", join(out, "never")]);
    expect({ code: bad.code, stderr: bad.stderr.trim() }).toEqual({
      code: 2,
      stderr: 'loadgate operator: --loadgate-package must be an npm spec or a URL without spaces or shell characters, got "loadgate; rm -rf /"',
    });
  });

  it("asks for --parallelism when it is missing", async () => {
    const run = await loadgate(["operator", "scripts/burst.ts"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^loadgate operator: --parallelism is required \(the number of k6 runner pods\)/);
  });
});

describe("loadgate merge", () => {
  it("refuses to judge without a preset, with a runner missing, or a file that is not k6 output", async () => {
    const fixture = "test/fixtures/runs/healthy-sequential.json.gz";
    const noPreset = await loadgate(["merge", fixture]);
    expect(noPreset.code).toBe(2);
    expect(noPreset.stderr).toMatch(/^loadgate merge: --preset is required/);

    const missing = await loadgate(["merge", fixture, "--preset", "error-aware", "--runners", "2"]);
    expect({ code: missing.code, stderr: missing.stderr.trim() }).toEqual({
      code: 1,
      stderr:
        "loadgate merge: expected 2 runner files (one per runner), got 1: healthy-sequential.json.gz; a missing runner's requests would be missing from the verdict",
    });

    const notK6 = join(out, "notes.txt");
    writeFileSync(notK6, "hello\nworld\n");
    const bad = await loadgate(["merge", notK6, "--preset", "error-aware"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/notes\.txt: not k6 JSON output/);
  });
});

describe("the merge Job's script", () => {
  it("archives this run's runner files and exits with the merged verdict", () => {
    const results = join(out, "results");
    mkdirSync(results);
    const fixture = "test/fixtures/runs/healthy-sequential.json.gz";
    copyFileSync(fixture, join(results, "burst-1-x7k2p.json.gz"));
    copyFileSync(fixture, join(results, "burst-2-q9m4d.json.gz"));
    copyFileSync(fixture, join(results, "other-1-a1b2c.json.gz"));
    copyFileSync(fixture, join(results, "burst-canary-1-a1b2c.json.gz"));
    const job = operatorManifests({ name: "burst", parallelism: 2, script: { file: "burst.js", source: "" }, preset: { id: "error-aware" } })[6]!;
    const command = (job.spec as { template: { spec: { containers: { command: string[] }[] } } }).template.spec.containers[0]!.command;
    // The cluster's paths and npx, swapped for a folder here and this checkout's CLI.
    const script = command[2]!.replaceAll("/results", results).replace(/npx --yes loadgate@\S+/, `${process.execPath} ${BIN}`);
    const run = spawnSync("sh", ["-c", script], { encoding: "utf8", env: k6Env() });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^ {2}loadgate verdict: PASS$/m);
    const [stamp] = readdirSync(join(results, "burst"));
    expect(stamp).toMatch(/^\d{8}T\d{6}Z$/);
    expect(readdirSync(join(results, "burst", stamp!))).toEqual([
      "burst-1-x7k2p.json.gz",
      "burst-2-q9m4d.json.gz",
      "junit.xml",
      "report.html",
      "summary.json",
      "summary.md",
    ]);
    // Other TestRuns' files stay where they were.
    expect(readdirSync(results).sort()).toEqual(["burst", "burst-canary-1-a1b2c.json.gz", "other-1-a1b2c.json.gz"]);
  });
});
