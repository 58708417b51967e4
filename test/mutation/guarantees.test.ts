// The three guarantees loadgate exists for, each broken on purpose in a copy of the tree: the test
// that guards it must fail there, and pass on the unbroken copy. A guard that still passes with its
// guarantee broken guards nothing. Each mutation names the exact code it replaces: when that code
// moves, this test fails and says so, and the mutation moves with it.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

interface Mutation {
  guarantee: string;
  file: string;
  /** The code as it is, found exactly once in `file`. */
  find: string;
  replace: string;
  /** The test file guarding the guarantee, and the names (or parts of names) of its tests that must fail. */
  guard: string;
  failing: string[];
}

const MUTATIONS: Mutation[] = [
  {
    guarantee: "the false-pass trap: a run without successful responses fails every preset (the success-count guard can fail)",
    file: "lib/core/thresholds/gate.ts",
    find: 'addThresholds(thresholds, subMetric("http_reqs", { expected_response: "true", ...scope }), sampleGuards(minSuccesses, gated, guards));',
    replace: 'addThresholds(thresholds, subMetric("http_reqs", { expected_response: "true", ...scope }), ["count>=0"]);',
    guard: "test/unit/node/merge.test.ts",
    failing: ["preset error-aware fails both", "preset strict fails both"],
  },
  {
    guarantee: "error-aware gate compilation: latency gates read successful responses only",
    file: "lib/core/thresholds/gate.ts",
    find: 'addThresholds(thresholds, subMetric("http_req_duration", { expected_response: "true", ...scope }), latency);',
    replace: 'addThresholds(thresholds, subMetric("http_req_duration", scope), latency);',
    guard: "test/unit/core/thresholds/gate.test.ts",
    failing: ["gates latency over successful responses only"],
  },
  {
    guarantee: "merge exactness: every runner's samples are judged together",
    file: "lib/node/merge.ts",
    find: "for (const runner of perRunner) all.merge(runner);",
    replace: "all.merge(perRunner[0]!);",
    guard: "test/unit/node/merge.test.ts",
    failing: ["fast-fail-sequential.json.gz dealt out to three runner files", "healthy-ladder.json.gz dealt out to three runner files"],
  },
];

let copy: string;

/** A copy of the sources, tests and presets, sharing node_modules, with a config that needs no k6 or dist/. */
function copyTree(): string {
  const dir = mkdtempSync(join(tmpdir(), "loadgate-mutation-"));
  for (const path of ["lib", "test", "thresholds"]) cpSync(join(ROOT, path), join(dir, path), { recursive: true });
  for (const file of ["package.json", "tsconfig.json", "tsconfig.base.json", "tsconfig.node.json"]) cpSync(join(ROOT, file), join(dir, file));
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  writeFileSync(join(dir, "vitest.config.ts"), "export default { test: { testTimeout: 60_000 } };\n");
  return dir;
}

interface Outcome {
  code: number | null;
  /** Each test's full name and status. */
  tests: { name: string; status: string }[];
  output: string;
}

/** Runs `files` with vitest in the copy and reads each test's outcome from its JSON report. */
function runGuards(files: string[]): Promise<Outcome> {
  const report = join(copy, `report-${Date.now()}.json`);
  const vitest = join(copy, "node_modules/vitest/vitest.mjs");
  return new Promise((done) => {
    execFile(process.execPath, [vitest, "run", ...files, "--reporter=json", `--outputFile=${report}`], { cwd: copy, timeout: 120_000 }, (_error, stdout, stderr) => {
      let tests: Outcome["tests"] = [];
      try {
        const json = JSON.parse(readFileSync(report, "utf8")) as { testResults: { assertionResults: { fullName: string; status: string }[] }[] };
        tests = json.testResults.flatMap((file) => file.assertionResults.map((t) => ({ name: t.fullName, status: t.status })));
      } catch {
        // No report: the run itself broke; the output says why.
      }
      done({ code: _error === null ? 0 : ((_error as { code?: number }).code ?? null), tests, output: `${stdout}${stderr}`.slice(-4000) });
    });
  });
}

beforeAll(() => {
  copy = copyTree();
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe("each guarantee's guard fails when the guarantee is broken", () => {
  test("the guards pass on the unbroken copy", async () => {
    const outcome = await runGuards([...new Set(MUTATIONS.map((m) => m.guard))]);
    expect(outcome.code, outcome.output).toBe(0);
    expect(outcome.tests.filter((t) => t.status !== "passed")).toEqual([]);
    for (const name of MUTATIONS.flatMap((m) => m.failing)) expect(outcome.tests.some((t) => t.name.includes(name)), name).toBe(true);
  });

  test.each(MUTATIONS)("$guarantee", async ({ file, find, replace, guard, failing }) => {
    const source = readFileSync(join(ROOT, file), "utf8");
    expect(source.split(find).length - 1, `${file} no longer holds the code this mutation replaces: ${find}`).toBe(1);
    writeFileSync(join(copy, file), source.replace(find, replace));
    try {
      const outcome = await runGuards([guard]);
      expect(outcome.code, outcome.output).toBe(1);
      for (const name of failing) {
        expect(outcome.tests.filter((t) => t.name.includes(name)).map((t) => t.status), `${guard}: ${name}`).toEqual(["failed"]);
      }
    } finally {
      writeFileSync(join(copy, file), source);
    }
  });
});
