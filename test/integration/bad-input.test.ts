// Bad input, everywhere a user can give it: the CLI's commands and files, k6 missing or too old, and
// the -e variables of a ready script run by the real k6. Each row: the command, the exit code, and the
// one message (the first line on stderr) naming the thing, the rule and the value.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleScripts } from "../../lib/node/bundle.ts";
import { startTarget, type RunningTarget } from "../../lib/node/demo-target.ts";
import { loadgate, ROOT } from "../helpers/cli.ts";
import { k6, k6Env } from "../helpers/k6.ts";
import { SUMMARY_SCHEMA } from "../../lib/core/verdict/summary-report.ts";

const dir = mkdtempSync(join(tmpdir(), "loadgate-bad-input-"));
const at = (name: string) => join(dir, name);
const RUN = readFileSync(join(ROOT, "test/fixtures/runs/healthy-sequential.json.gz"));
const SUMMARY = join(ROOT, "test/fixtures/summary/healthy-with-phases.json");

/** The files the rows read; each is named for what is wrong with it. */
function writeInputs(): void {
  writeFileSync(at("empty.json"), "");
  writeFileSync(at("empty.json.gz"), "");
  mkdirSync(at("a-folder.json"));
  const plain = gzipUnzip(RUN);
  // Cut mid-line, as when k6 is killed while writing.
  writeFileSync(at("cut.json"), plain.subarray(0, 5000));
  writeFileSync(at("cut.json.gz"), RUN.subarray(0, 2000));
  // A gzip header followed by bytes that are not a deflate stream.
  writeFileSync(at("corrupt.json.gz"), Buffer.concat([RUN.subarray(0, 10), Buffer.alloc(64, 0xff)]));
  writeFileSync(at("not-k6.json"), JSON.stringify({ hello: "world" }) + "\n");
  writeFileSync(at("k6-run.json.gz"), RUN);
  writeFileSync(at("summary-cut.json"), `{\n  "schema": "${SUMMARY_SCHEMA}",\n  "ok": tr`);
  writeFileSync(at("preset-cut.json"), '{ "gates": { "p95": 500,');
  writeFileSync(at("preset-bad.json"), JSON.stringify({ gates: { p95: "fast" } }));
  // A k6 that is too old, and something that is not k6 at all.
  writeFileSync(at("old-k6"), "#!/bin/sh\necho 'k6 v0.49.0 (go1.21.6, linux/amd64)'\n");
  writeFileSync(at("not-k6"), "#!/bin/sh\nexit 3\n");
  chmodSync(at("old-k6"), 0o755);
  chmodSync(at("not-k6"), 0o755);
}

function gzipUnzip(gz: Buffer): Buffer {
  return gunzipSync(gz);
}

/** A PATH with node's tools but neither k6 nor Go. */
const NO_K6_PATH = "/usr/bin:/bin";

type Row = [args: string[], exit: number, message: string, env?: NodeJS.ProcessEnv];

/** The -e variables of build/burst.js, each bad in one way; k6 stops in init (exit 107) before any request. */
const VAR_ROWS: [vars: Record<string, string>, message: string][] = [
  [{}, "TypeError: -e BASE_URL is required: the http(s) URL of the service under test, e.g. -e BASE_URL=http://127.0.0.1:8080"],
  [{ BASE_URL: "127.0.0.1:8080" }, 'TypeError: -e BASE_URL: must be an http:// or https:// URL such as http://127.0.0.1:8080, got "127.0.0.1:8080"'],
  [{ BASE_URL: "<target>", VUS: "ten" }, 'TypeError: -e VUS: must be a whole number >= 1, got "ten"'],
  [{ BASE_URL: "<target>", REQUESTS: "-3" }, 'TypeError: -e REQUESTS: must be a whole number >= 1, got "-3"'],
  [{ BASE_URL: "<target>", REQUESTS: "2.5" }, 'TypeError: -e REQUESTS: must be a whole number >= 1, got "2.5"'],
  [{ BASE_URL: "<target>", VUS: "20", REQUESTS: "10" }, "RangeError: burst(): `requests` (10) must be at least `vus` (20), or some users would send nothing"],
  [{ BASE_URL: "<target>", TIMEOUT: "soon" }, 'TypeError: -e TIMEOUT: must be a k6 duration such as "500ms", "30s" or "1m30s", got "soon"'],
  [{ BASE_URL: "<target>", METHOD: "FETCH" }, 'TypeError: -e METHOD: must be one of GET, POST, PUT, PATCH, DELETE, HEAD, got "FETCH"'],
  [{ BASE_URL: "<target>", PRESET: "fastest" }, 'PresetError: -e PRESET must be a shipped preset (error-aware, strict, rag-search, booking-api, crud-api, database-indexed, database-join, database-aggregation, database-full-text), got "fastest"; use -e PRESET_FILE=<path> for a file'],
  [{ BASE_URL: "<target>", REPORT_FILES: "pdf" }, 'RangeError: REPORT_FILES must list report kinds from json, junit, markdown, html, got "pdf"'],
];

const ROWS: Row[] = [
  // the command line
  [["frobnicate"], 2, "loadgate: unknown command \"frobnicate\""],
  [["analyse", "--frob", "x"], 2, "loadgate analyse: Unknown option '--frob'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"--frob\""],
  [["merge", "--frob"], 2, "loadgate merge: Unknown option '--frob'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"--frob\""],
  [["analyse"], 2, "loadgate analyse: expected one k6 JSON output file, got 0"],
  [["analyse", "--format", "pdf", "x.json"], 2, "loadgate analyse: --format must be one of text, json, md, html, got \"pdf\""],
  [["demo", "--mode", "flaky"], 2, "loadgate demo: --mode must be one of healthy, fast-fail, down, timeouts, leak, reset, slow-body, huge-headers, not-json, pool=N, mix=N, got \"flaky\""],
  [["target", "--port", "70000"], 2, "loadgate target: --port must be a whole number 0..65535, got \"70000\""],
  [["target", "--timing-header", "sometimes"], 2, "loadgate target: --timing-header must be one of ok, malformed, missing, got \"sometimes\""],
  [["compare", "only-one.json"], 2, "loadgate compare: expected <current> <baseline>, got 1 file(s)"],
  [["presets", "frob"], 2, "loadgate presets: unknown subcommand \"frob\""],
  // analyse: missing, unreadable, empty, corrupt, not k6's format (a cut-off file is analysed: see below)
  [["analyse", at("missing.json")], 1, `loadgate analyse: ${dir}/missing.json: cannot read the file (no such file, ENOENT)`],
  [["analyse", at("a-folder.json")], 1, `loadgate analyse: ${dir}/a-folder.json: expected a file, got a directory or special file`],
  [["analyse", at("empty.json")], 1, `loadgate analyse: ${dir}/empty.json: the file is empty; expected k6 output from \`k6 run --out json=${dir}/empty.json\``],
  [["analyse", at("empty.json.gz")], 1, `loadgate analyse: ${dir}/empty.json.gz: the file is empty; expected k6 output from \`k6 run --out json=${dir}/empty.json.gz\``],
  [["analyse", at("corrupt.json.gz")], 1, `loadgate analyse: ${dir}/corrupt.json.gz: corrupt gzip data (invalid block type)`],
  [["analyse", at("not-k6.json")], 1, `loadgate analyse: ${dir}/not-k6.json: not k6 JSON output; line 1 is neither a "Metric" nor a "Point" line (record with \`k6 run --out json=run.json.gz\`)`],
  // merge
  [["merge", at("missing.json"), "--preset", "error-aware"], 1, `loadgate merge: ${dir}/missing.json: cannot read the file (no such file, ENOENT)`],
  [["merge", at("a-folder.json"), "--preset", "error-aware"], 1, `loadgate merge: ${dir}/a-folder.json: expected a file, got a directory or special file`],
  [["merge", at("empty.json"), "--preset", "error-aware"], 1, `loadgate merge: ${dir}/empty.json: the file is empty; expected k6 output from \`k6 run --out json=${dir}/empty.json\``],
  [["merge", at("corrupt.json.gz"), "--preset", "error-aware"], 1, `loadgate merge: ${dir}/corrupt.json.gz: corrupt gzip data (invalid block type)`],
  [["merge", at("cut.json"), "--preset", "error-aware"], 1, `loadgate merge: ${dir}/cut.json: line 24 is cut off after 41 bytes (k6 killed while writing?): a verdict needs complete files; pass --allow-truncated to judge the complete lines`],
  [["merge", at("cut.json.gz"), "--preset", "error-aware"], 1, `loadgate merge: ${dir}/cut.json.gz: line 158 is cut off after 97 bytes (k6 killed while writing?): a verdict needs complete files; pass --allow-truncated to judge the complete lines`],
  [["merge", at("cut.json.gz"), "--preset", "error-aware", "--runners", "2"], 1, "loadgate merge: expected 2 runner files (one per runner), got 1: cut.json.gz; a missing runner's requests would be missing from the verdict"],
  [["merge", at("not-k6.json"), "--preset", "error-aware"], 1, `loadgate merge: ${dir}/not-k6.json: not k6 JSON output; line 1 is neither a "Metric" nor a "Point" line (record with \`k6 run --out json=run.json.gz\`)`],
  [["merge", at("empty.json")], 2, "loadgate merge: --preset is required (k6's JSON output does not list sub-metric thresholds, so the files cannot say what to judge)"],
  [["merge", at("cut.json"), "--preset", "no-such-preset"], 1, "loadgate merge: unknown preset \"no-such-preset\"; shipped presets: booking-api, crud-api, database-aggregation, database-full-text, database-indexed, database-join, error-aware, rag-search, strict"],
  // compare
  // Nothing compared is exit 4, never the 1 of a regression.
  [["compare", at("missing.json"), SUMMARY], 4, `loadgate compare: ${dir}/missing.json: no such file (ENOENT)`],
  [["compare", at("a-folder.json"), SUMMARY], 4, `loadgate compare: ${dir}/a-folder.json: cannot read (EISDIR)`],
  [["compare", at("empty.json"), SUMMARY], 4, `loadgate compare: ${dir}/empty.json: not JSON (Unexpected end of JSON input)`],
  [["compare", at("summary-cut.json"), SUMMARY], 4, `loadgate compare: ${dir}/summary-cut.json: not JSON (Unexpected end of JSON input)`],
  [["compare", at("not-k6.json"), SUMMARY], 4, `loadgate compare: ${dir}/not-k6.json: /schema must be "${SUMMARY_SCHEMA}" (a loadgate summary.json), got undefined`],
  [["compare", at("corrupt.json.gz"), SUMMARY], 4, `loadgate compare: ${dir}/corrupt.json.gz: a gzip file that cannot be decompressed (invalid block type)`],
  // k6's JSON output is for analyse: the error quotes no binary byte.
  [["compare", at("k6-run.json.gz"), SUMMARY], 4, `loadgate compare: ${dir}/k6-run.json.gz: not JSON (Unexpected non-whitespace character after JSON at position 139)`],
  [["compare", SUMMARY, SUMMARY, "--tolerance", "lots"], 2, "loadgate compare: --tolerance must be a percentage such as \"5%\" (or a fraction below 1 such as 0.05), got \"lots\""],
  // presets validate
  [["presets", "validate", at("missing.json")], 1, "missing.json: cannot read the file (ENOENT)"],
  [["presets", "validate", at("a-folder.json")], 1, "a-folder.json: cannot read the file (EISDIR)"],
  [["presets", "validate", at("empty.json")], 1, "empty.json:1:1: invalid JSON: expected a value, found the end of the file"],
  [["presets", "validate", at("preset-cut.json")], 1, "preset-cut.json:1:25: invalid JSON: expected a property name in double quotes, found the end of the file"],
  [["presets", "validate", at("preset-bad.json")], 1, "preset-bad.json: /gates/p95 must be a number of milliseconds > 0, got \"fast\""],
  [["presets", "validate"], 2, "loadgate presets validate: give at least one preset file"],
  // build
  [["build", join(ROOT, "test/fixtures/bundle/remote/uses-jslib.js"), "--outdir", dir, "--vendor", at("missing-vendor")], 1, `loadgate build: --vendor ${dir}/missing-vendor: must be a folder of remote modules' copies, and does not exist`],
  [["build", join(ROOT, "test/fixtures/bundle/remote/uses-jslib.js"), "--outdir", dir, "--vendor", at("empty.json")], 1, `loadgate build: --vendor ${dir}/empty.json: must be a folder of remote modules' copies, and is a file`],
  // k6 missing or too old
  [["k6"], 1, "loadgate k6: no k6 >= v2.2.0 found; run `loadgate k6 --install` to build it with Go", { PATH: NO_K6_PATH }],
  [["demo"], 1, "loadgate demo: k6 >= v2.2.0 was not found (K6_BIN, PATH, Go's bin folder) and Go is not installed to build it.", { PATH: NO_K6_PATH }],
  [["k6"], 1, `loadgate k6: K6_BIN=${dir}/old-k6: k6 v0.49.0 is too old; loadgate needs k6 >= v2.2.0`, { K6_BIN: at("old-k6") }],
  [["demo"], 1, `loadgate demo: K6_BIN=${dir}/old-k6: k6 v0.49.0 is too old; loadgate needs k6 >= v2.2.0`, { K6_BIN: at("old-k6") }],
  [["k6"], 1, `loadgate k6: K6_BIN=${dir}/not-k6: not a runnable k6 binary (\`${dir}/not-k6 version\` failed)`, { K6_BIN: at("not-k6") }],
  [["k6"], 1, `loadgate k6: K6_BIN=${dir}/missing-k6: no such file; point K6_BIN at a k6 >= v2.2.0 binary`, { K6_BIN: at("missing-k6") }],
];

let target: RunningTarget;
beforeAll(async () => {
  writeInputs();
  target = await startTarget();
  await bundleScripts(["scripts/burst.ts"], { outdir: dir });
});
afterAll(() => target.close());

describe("bad input on the command line", () => {
  it.each(ROWS.map((row) => [`loadgate ${row[0].map((a) => a.replace(dir, "<tmp>")).join(" ")}${row[3] ? ` (${Object.entries(row[3]).map(([k, v]) => `${k}=${String(v).replace(dir, "<tmp>")}`).join(" ")})` : ""}`, row] as const))(
    "%s",
    async (_name, [args, exit, message, env]) => {
      const run = await loadgate(args, { cwd: dir, timeoutMs: 60_000, env: env ? { ...k6Env(), ...env } : k6Env() });
      const first = run.stderr.split("\n")[0];
      expect(run.code).toBe(exit);
      expect(first).toBe(message);
      // One message, not a stack trace.
      expect(run.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    },
  );
});

describe("a bad input leaves no report behind as if complete", () => {
  it("analyse --out and merge --out write nothing when the input is bad", async () => {
    const analysed = await loadgate(["analyse", at("corrupt.json.gz"), "--out", at("analyse-out")], { cwd: dir });
    expect(analysed.code).toBe(1);
    expect(existsSync(at("analyse-out")) ? readdirSync(at("analyse-out")) : []).toEqual([]);
    const merged = await loadgate(["merge", at("cut.json"), "--preset", "error-aware", "--out", at("merge-out")], { cwd: dir });
    expect(merged.code).toBe(1);
    expect(existsSync(at("merge-out")) ? readdirSync(at("merge-out")) : []).toEqual([]);
  });
});

describe("a file cut off mid-line (a killed run)", () => {
  it("analyse reports and skips the cut line: what did happen is what a killed run needs", async () => {
    const analysed = await loadgate(["analyse", at("cut.json"), "--out", at("cut-out")], { cwd: dir });
    expect(analysed.code).toBe(0);
    expect(analysed.stderr.trim()).toBe(
      `loadgate analyse: warning: ${dir}/cut.json: line 24 is cut off after 41 bytes (k6 killed while writing?); analysed the complete lines before it`,
    );
    expect(readdirSync(at("cut-out"))).toEqual(["cut.txt"]);
    expect(readFileSync(at("cut-out/cut.txt"), "utf8")).toContain("last line (24, 41 bytes) was cut off (a killed run?) and skipped");
  });

  it("merge judges the complete lines only when --allow-truncated says so, and writes its reports whole", async () => {
    const merged = await loadgate(["merge", at("cut.json"), "--preset", "error-aware", "--allow-truncated", "--out", at("allowed-out")], { cwd: dir });
    // The complete lines before the cut hold one request, which succeeded: too few for the preset's
    // p(95), so the merged verdict is INCONCLUSIVE (exit 99), judged over what the file holds.
    expect(merged.code, merged.stdout).toBe(99);
    expect(merged.stdout).toContain("  loadgate verdict: INCONCLUSIVE\n");
    expect(merged.stdout).toContain("    · all 1 request succeeded\n");
    expect(merged.stdout).toContain(`! ${dir}/cut.json: the last line was cut off (a runner killed mid-write?): its last sample is missing\n`);
    expect(readdirSync(at("allowed-out")).sort()).toEqual(["junit.xml", "report.html", "summary.json", "summary.md"]);
    const report = JSON.parse(readFileSync(at("allowed-out/summary.json"), "utf8")) as {
      verdict: string;
      causes: { code: string }[];
      run: { requests: number; failures: number };
    };
    expect([report.verdict, report.run.requests, report.run.failures]).toEqual(["inconclusive", 1, 0]);
    expect(report.causes.map((c) => c.code)).toEqual(["too-few-samples", "too-few-samples"]);
  });
});

describe("bad -e variables stop build/burst.js in init, before any request", () => {
  it.each(VAR_ROWS.map(([vars, message]) => [JSON.stringify(vars), vars, message] as const))("%s", async (_name, vars, message) => {
    const before = target.stats().requests;
    const resolved = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, v === "<target>" ? target.url : v]));
    const run = await k6(join(dir, "burst.js"), { vars: { REPORT_DIR: dir, ...resolved } });
    expect(run.code).toBe(107);
    // k6 logs a script exception as msg="<message>\n\tat <stack>"; the message is the first line.
    const msg = /msg="((?:[^"\\]|\\.)*)"/.exec(run.stderr)?.[1] ?? "";
    expect(JSON.parse(`"${msg}"`).split("\n")[0]).toBe(message);
    expect(target.stats().requests).toBe(before);
  });
});
