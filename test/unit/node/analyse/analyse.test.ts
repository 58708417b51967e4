import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { median } from "../../../../lib/core/stats/robust.ts";
import { aggregateK6Output } from "../../../../lib/node/analyse/aggregate.ts";
import { analyseK6Output } from "../../../../lib/node/analyse/analyse.ts";
import { readK6Output } from "../../../../lib/node/analyse/read-k6-output.ts";
import { main } from "../../../../lib/node/cli.ts";
import { K6OutputError } from "../../../../lib/core/errors.ts";
import { loadgate } from "../../../helpers/cli.ts";

const RUNS = "test/fixtures/runs";
const fixture = (name: string) => join(RUNS, name);
const tmp = mkdtempSync(join(tmpdir(), "loadgate-analyse-"));

/** Every line of a fixture, parsed the naive way: the reference the streaming reader is checked against. */
function naive(name: string): { metric: string; type: string; data: { time: string; value: number; tags: Record<string, string> } }[] {
  return gunzipSync(readFileSync(fixture(name)))
    .toString("utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
}

describe("recorded runs of the demo target", () => {
  test("leak mode with sequential requests: degradation of the size the leak put in", async () => {
    const a = await analyseK6Output(fixture("leak-sequential.json.gz"));
    // Recorded with --leak-step-ms 20: each request 20 ms slower than the one before.
    const durations = naive("leak-sequential.json.gz")
      .filter((l) => l.metric === "http_req_duration" && l.type === "Point")
      .sort((x, y) => Date.parse(x.data.time) - Date.parse(y.data.time))
      .map((l) => l.data.value);
    const exactFactor = median(durations.slice(-3)) / median(durations.slice(0, 3));
    expect(a.findings.map((f) => f.kind)).toEqual(["degradation"]);
    const f = a.findings[0]!;
    expect(f.figures.factor).toBeCloseTo(exactFactor, 2);
    expect(f.figures.factor).toBeGreaterThan(4.3); // (120 + 28·20) / (120 + 1·20) = 4.86 without overheads
    expect(f.figures.msPerRequest).toBeGreaterThan(18);
    expect(f.figures.msPerRequest).toBeLessThan(22);
    expect(f.message).toMatch(/^p50 rose 4\.\dx from the first 3 to the last 3 of 30 successful requests/);
  });

  test("cold start: the first 3 requests 6.8x slower than the steady median, and nothing else found", async () => {
    // Recorded with --cold-start-ms 700 --cold-start-requests 3: (700 + 120) / 120 ms ≈ 6.8.
    const a = await analyseK6Output(fixture("cold-start-sequential.json.gz"));
    expect(a.findings.map((f) => f.kind)).toEqual(["cold-start"]);
    const f = a.findings[0]!;
    expect(f.figures.requests).toBe(3);
    expect(f.figures.factor).toBeGreaterThan(6.3);
    expect(f.figures.factor).toBeLessThan(7.3);
    expect(f.message).toMatch(/^first 3 requests 6\.\dx slower than the steady median/);
  });

  test("healthy runs: nothing found, sequential or ladder", async () => {
    for (const name of ["healthy-sequential.json.gz", "healthy-ladder.json.gz"]) {
      const a = await analyseK6Output(fixture(name));
      expect(a.findings, name).toEqual([]);
    }
  });

  test("pool=4 ladder: throughput stops scaling at step 4 (8 users), a knee said apart from the capacity, which only the gate decides", async () => {
    const a = await analyseK6Output(fixture("pool4-ladder.json.gz"));
    // No gate broke (no error, no p95 budget given): no capacity finding, only the labelled knee.
    expect(a.findings.map((f) => [f.kind, f.figures.kneeAt, f.figures.usersAtKnee])).toEqual([["knee", "4", 8]]);
    expect(a.findings[0]?.message).toMatch(/^throughput knee \(a scaling heuristic, not the gate\): after step 3 \(4 users, [\d.]+ req\/s\), step 4 \(8 users/);
    expect(a.ladder?.steps.map((s) => [s.step, s.users, s.broke, s.stoppedScaling === null])).toEqual([
      ["1", 1, null, true],
      ["2", 2, null, true],
      ["3", 4, null, true],
      ["4", 8, null, false],
      ["5", 16, null, false],
    ]);
    expect([a.ladder?.highestWithinGate, a.ladder?.brokeAt, a.ladder?.kneeAt]).toEqual(["5", null, "4"]);

    // Under a p95 gate, the capacity is the highest step within it, whatever the knee says; a step
    // just inside its budget counts as within (before: a 49% vs 50% scaling rule moved the "knee").
    const p95 = a.ladder!.steps.map((s) => s.p95!);
    for (const [budget, capacity, outside] of [
      [Math.max(...p95.slice(0, 3)) + 0.01, "3", "4"],
      [Math.max(...p95.slice(0, 4)) + 0.01, "4", "5"],
    ] as const) {
      const gated = await analyseK6Output(fixture("pool4-ladder.json.gz"), { p95Ms: budget });
      expect([gated.ladder?.highestWithinGate, gated.ladder?.brokeAt, gated.ladder?.kneeAt]).toEqual([capacity, outside, "4"]);
      const found = gated.findings.find((f) => f.kind === "capacity");
      expect(found?.message).toMatch(new RegExp(`^capacity: step ${capacity} \\(\\d+ users, [\\d.]+ req/s\\) is the highest step within the gate; step ${outside} \\(\\d+ users\\) is outside it: p\\(95\\) `));
    }
    // Throughput scales with users up to the pool size, then stays flat.
    const rps = a.ladder!.steps.map((s) => s.rps);
    expect(rps[2]! / rps[0]!).toBeGreaterThan(3.5);
    expect(rps[4]! / rps[2]!).toBeLessThan(1.1);
  });

  test("fast-fail run: failures far faster than successes are called out", async () => {
    const a = await analyseK6Output(fixture("fast-fail-sequential.json.gz"));
    expect(a.findings.map((f) => [f.kind, f.scope, f.figures.failures, f.figures.errorRate])).toEqual([
      ["fast-failure", "scenario sequential", 45, 0.75],
    ]);
    expect(a.findings[0]!.message).toMatch(/^45 of 60 responses failed \(75\.0%\) in a median [\d.]+ ms, [\d.]+x faster than successes/);
    expect(a.scopes[0]!.failedStatuses).toEqual({ "503": 45 });
  });

  test("open model short of VUs: the dropped iterations are put on the target's latency that outgrew the pool, not on the load generator", async () => {
    const a = await analyseK6Output(fixture("dropped-open-model.json.gz"));
    const dropped = naive("dropped-open-model.json.gz")
      .filter((l) => l.metric === "dropped_iterations" && l.type === "Point")
      .reduce((sum, l) => sum + l.data.value, 0);
    expect(dropped).toBeGreaterThan(0);
    expect(a.findings.map((f) => [f.kind, f.figures.droppedIterations])).toEqual([["dropped-iterations", dropped]]);
    // Before: "the load generator, not the target, limited this scenario", where each iteration was its request.
    expect(a.findings[0]!.message).toMatch(
      new RegExp(
        `^${dropped} iterations dropped: k6 starts an iteration only on a free pre-allocated VU, and none was free\\. ` +
          "Responses took a median 1\\d\\d ms \\(p95 1\\d\\d ms\\) and kept every VU busy: the target's latency outgrew the VU pool",
      ),
    );
    expect(a.findings[0]!.message).not.toContain("load generator");
  });
});

describe("findings on hand-made samples", () => {
  /** k6 JSON lines: `[metric, second, value, tags]`. */
  function k6Lines(name: string, points: [string, number, number, Record<string, string>][]): string {
    const lines = points.map(([metric, second, value, tags]) => {
      const time = new Date(Date.UTC(2026, 0, 1, 0, 0, 0, second * 1000)).toISOString().replace("Z", "000000Z");
      return JSON.stringify({ metric, type: "Point", data: { time, value, tags } });
    });
    const file = join(tmp, name);
    writeFileSync(file, lines.join("\n") + "\n");
    return file;
  }

  test("an arrival-rate ladder's steps are read by their level, never as 0 users, while a closed-model step counts its VUs", async () => {
    // k6 counts an arrival-rate VU only during its iterations: its gauge reads 0 between short ones.
    // Before: users 0 for every such step, and no scaling judged.
    const points: [string, number, number, Record<string, string>][] = [];
    const steps = [[10, 1], [20, 11], [40, 21]] as const; // level (iterations/s) and the second it starts
    for (const [level, from] of steps) {
      const tags = { expected_response: "true", scenario: `step_${level}`, status: "200", step: String(level) };
      const rps = level === 40 ? 20 : level; // the last step only reaches half its rate
      for (let i = 0; i < 8 * rps; i++) points.push(["http_req_duration", from + i / rps, 5, tags]);
      for (let t = from; t < from + 8; t++) points.push(["vus", t + 0.5, 0, {}]);
    }
    const a = await analyseK6Output(k6Lines("arrival-rate-ladder.json", points));
    expect(a.ladder?.steps.map((s) => [s.step, s.users, s.level])).toEqual([
      ["10", null, 10],
      ["20", null, 20],
      ["40", null, 40],
    ]);
    expect(a.scopes.map((s) => s.users)).toEqual([null, null, null]);
    expect(a.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^throughput knee \(a scaling heuristic, not the gate\): after step 20 \(level 20, 2\d\.?\d* req\/s\), step 40 \(level 40, 2\d\.?\d* req\/s\): .*throughput rose \d+% while the load rose 100% over step 20$/),
    ]);
    expect(await analyseK6Output(k6Lines("closed.json", [
      ["http_req_duration", 0, 5, { expected_response: "true", scenario: "step_4", status: "200", step: "4" }],
      ["http_req_duration", 2, 5, { expected_response: "true", scenario: "step_4", status: "200", step: "4" }],
      ["vus", 1, 4, {}],
    ])).then((r) => r.scopes[0]?.users)).toBe(4);
  });

  test("VUs busy outside their requests are told apart from a target too slow for the pool", async () => {
    const ok = { expected_response: "true", scenario: "open", status: "200" };
    const points: [string, number, number, Record<string, string>][] = [];
    for (let i = 0; i < 10; i++) {
      points.push(["http_req_duration", i, 20, ok], ["iteration_duration", i, 900, { scenario: "open" }]);
    }
    points.push(["dropped_iterations", 5, 4, { scenario: "open" }]);
    const a = await analyseK6Output(k6Lines("busy-outside.json", points));
    expect(a.findings).toEqual([
      {
        kind: "dropped-iterations",
        scope: "scenario open",
        message:
          "4 iterations dropped: k6 starts an iteration only on a free pre-allocated VU, and none was free. Each iteration kept its VU a median 900 ms " +
          "while its requests took 20.0 ms: the VUs were busy outside the requests (the script's own work or sleeps, or a load generator short of CPU); " +
          "raise preAllocatedVUs, or check the load generator",
        figures: { droppedIterations: 4, requests: 10, requestP50: 20, iterationP50: 900 },
      },
    ]);
  });

  test("dropped iterations of a ladder step join its row: k6 tags them with the scenario only, and no phantom row appears", async () => {
    // Before: a second row "scenario step_2" with 0 requests and the dropped iterations, beside "step 2".
    const step = { expected_response: "true", scenario: "step_2", status: "200", step: "2" };
    const points: [string, number, number, Record<string, string>][] = [];
    for (let i = 0; i < 10; i++) points.push(["http_req_duration", i, 100, step], ["iteration_duration", i, 100, { scenario: "step_2", step: "2" }]);
    points.push(["dropped_iterations", 5, 3, { scenario: "step_2" }]);
    const a = await analyseK6Output(k6Lines("ladder-dropped.json", points));
    expect(a.scopes.map((s) => [s.scenario, s.step, s.requests, s.droppedIterations])).toEqual([["step_2", "2", 10, 3]]);
  });

  test("cold start: one cold first request 9x slower than the steady median is found, where the median of the first 3 is warm", async () => {
    // Before: no finding (the median of 900, 101, 100 is 101). Steady: requests 6..19, median 100.5.
    const tags = { expected_response: "true", scenario: "search", status: "200" };
    const points: [string, number, number, Record<string, string>][] = Array.from({ length: 20 }, (_, i) => ["http_req_duration", i, i === 0 ? 900 : 100 + (i % 2), tags]);
    const a = await analyseK6Output(k6Lines("one-cold.json", points));
    expect(a.findings).toEqual([
      {
        kind: "cold-start",
        scope: "scenario search",
        message: "the first request 9.0x slower than the steady median (900 ms against 101 ms)",
        figures: { factor: 8.96, firstMedian: 900, steadyMedian: 100.5, requests: 1 },
      },
    ]);
  });

  test("degradation over 12 requests names the 3 it compares at each end, not a tenth", async () => {
    // Before: "from the first to the last tenth of 12 successful requests", comparing 3 and 3.
    const tags = { expected_response: "true", scenario: "search", status: "200" };
    const points: [string, number, number, Record<string, string>][] = Array.from({ length: 12 }, (_, i) => ["http_req_duration", i, 100 + 40 * i, tags]);
    const a = await analyseK6Output(k6Lines("rising.json", points));
    expect(a.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^p50 rose [\d.]+x from the first 3 to the last 3 of 12 successful requests \(/)]);
  });

  test("cold start: the first requests far slower than the steady median", async () => {
    const tags = '{"expected_response":"true","scenario":"search","status":"200"}';
    const lines = Array.from({ length: 20 }, (_, i) => {
      const time = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString().replace(".000Z", ".000000000Z");
      const value = i < 3 ? 700 + i : 100 + (i % 3);
      return `{"metric":"http_req_duration","type":"Point","data":{"time":"${time}","value":${value},"tags":${tags}}}`;
    });
    const file = join(tmp, "cold.json");
    writeFileSync(file, lines.join("\n") + "\n");
    const a = await analyseK6Output(file);
    // first 3: 700, 701, 702 → median 701; requests 6..19: 100..102 → median 101
    expect(a.findings).toEqual([
      {
        kind: "cold-start",
        scope: "scenario search",
        message: "first 3 requests 6.9x slower than the steady median (701 ms against 101 ms)",
        figures: { factor: 6.94, firstMedian: 701, steadyMedian: 101, requests: 3 },
      },
    ]);
  });
});

describe("reading k6 JSON output", () => {
  test("the streaming reader yields exactly the samples JSON.parse finds", async () => {
    const lines = naive("pool4-ladder.json.gz").filter((l) => l.type === "Point");
    const seen: [string, number, number, Record<string, string>][] = [];
    const read = await readK6Output(fixture("pool4-ladder.json.gz"), (m, t, v, tags) => seen.push([m, t, v, { ...tags }]));
    expect(seen).toEqual(lines.map((l) => [l.metric, expect.closeTo(Date.parse(`${l.data.time.slice(0, 19)}Z`) + Number(`0.${l.data.time.slice(20, -1)}`) * 1000, 3), l.data.value, l.data.tags]));
    expect(read.samples).toBe(lines.length);
    expect(read.metrics.http_req_duration).toEqual({ name: "http_req_duration", type: "trend", contains: "time", thresholds: [] });
  });

  test("a truncated last line is reported and skipped, not fatal", async () => {
    const text = gunzipSync(readFileSync(fixture("leak-sequential.json.gz"))).toString("utf8");
    const cut = text.slice(0, text.lastIndexOf('{"metric":"http_req_duration"') + 60);
    const file = join(tmp, "killed.json");
    writeFileSync(file, cut);
    const a = await analyseK6Output(file);
    const lines = cut.split("\n").length;
    expect(a.read.truncatedLastLine).toEqual({ line: lines, bytes: 60 });
    expect(a.scopes[0]!.requests).toBe(29);
    expect(a.findings.map((f) => f.kind)).toEqual(["degradation"]);
  });

  test("a gzip stream cut short is read up to the cut", async () => {
    const gz = readFileSync(fixture("pool4-ladder.json.gz"));
    const file = join(tmp, "killed.json.gz");
    writeFileSync(file, gz.subarray(0, Math.floor(gz.length / 2)));
    const a = await analyseK6Output(file);
    expect(a.read.gzipEndedEarly).toBe(true);
    expect(a.scopes.length).toBeGreaterThan(0);
  });

  test("empty files, corrupt gzip and other formats are clear errors", async () => {
    const empty = join(tmp, "empty.json");
    const corrupt = join(tmp, "corrupt.json.gz");
    const other = join(tmp, "other.json.gz");
    writeFileSync(empty, "");
    writeFileSync(corrupt, Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0]), Buffer.alloc(64, 7)]));
    writeFileSync(other, gzipSync('{"hello":"world"}\n'));
    await expect(analyseK6Output(empty)).rejects.toThrow(new K6OutputError(`${empty}: the file is empty; expected k6 output from \`k6 run --out json=${empty}\``));
    await expect(analyseK6Output(corrupt)).rejects.toThrow(/^.*corrupt\.json\.gz: corrupt gzip data \(/);
    await expect(analyseK6Output(other)).rejects.toThrow(
      new K6OutputError(`${other}: not k6 JSON output; line 1 is neither a "Metric" nor a "Point" line (record with \`k6 run --out json=run.json.gz\`)`),
    );
  });

  test("aggregates per metric and tag set merge across files like one file", async () => {
    const keepTags = ["scenario", "step", "expected_response"];
    const one = await aggregateK6Output([fixture("healthy-ladder.json.gz")], { keepTags });
    const twice = await aggregateK6Output([fixture("healthy-ladder.json.gz"), fixture("healthy-ladder.json.gz")], { keepTags });
    const ok = one.select("http_req_duration", { expected_response: "true", step: "3" })!;
    const ok2 = twice.select("http_req_duration", { expected_response: "true", step: "3" })!;
    expect([ok2.count, ok2.histogram!.percentile(95)]).toEqual([2 * ok.count, ok.histogram!.percentile(95)]);
    expect(ok.tags).toEqual({ expected_response: "true", step: "3" });
    expect(one.select("http_req_failed")!.nonZero).toBe(0);
    expect(one.select("http_reqs")!.histogram).toBeUndefined();
    expect([...one.series.get("http_reqs")!.keys()].sort()).toEqual([1, 2, 3, 4].map((n) => `expected_response=true,scenario=step_${n},step=${n}`));
  });
});

describe("loadgate analyse", () => {
  test("--fail-on turns a finding into exit 1 and leaves other kinds at 0", async () => {
    const out = join(tmp, "out");
    expect(await main(["analyse", fixture("leak-sequential.json.gz"), "--format", "md", "--out", out, "--fail-on", "knee,cold-start"])).toBe(0);
    expect(await main(["analyse", fixture("leak-sequential.json.gz"), "--format", "md", "--out", out, "--fail-on", "degradation"])).toBe(1);
    expect(readFileSync(join(out, "leak-sequential.md"), "utf8")).toMatch(/- \*\*degradation\*\* \(scenario sequential\): p50 rose/);
    expect(await main(["analyse", fixture("pool4-ladder.json.gz"), "--out", out, "--format", "json", "--fail-on", "knee"])).toBe(1);
    expect(JSON.parse(readFileSync(join(out, "pool4-ladder.json"), "utf8")).ladder.kneeAt).toBe("4");
    // No step is outside the gate without a budget: a knee alone is not a capacity finding.
    expect(await main(["analyse", fixture("pool4-ladder.json.gz"), "--out", out, "--format", "json", "--fail-on", "capacity"])).toBe(0);
    expect(await main(["analyse", fixture("pool4-ladder.json.gz"), "--out", out, "--format", "json", "--fail-on", "capacity", "--p95", "1"])).toBe(1);
    expect(JSON.parse(readFileSync(join(out, "pool4-ladder.json"), "utf8")).ladder.brokeAt).toBe("1");
  });

  test.each([
    [["--fail-on", "slow"], 'loadgate analyse: --fail-on takes degradation, cold-start, capacity, knee, fast-failure, dropped-iterations, got "slow"'],
    [["--format", "pdf"], 'loadgate analyse: --format must be one of text, json, md, html, got "pdf"'],
    [["--window", "0s"], 'loadgate analyse: --window must be a duration > 0 ("10s", "500ms"), got "0s"'],
    [["--max-error-rate", "2"], 'loadgate analyse: --max-error-rate must be a number from 0 to 1, got "2"'],
  ])("a bad option %j exits 2 with one line naming the option, the rule and the value", async (flags, message) => {
    const run = await loadgate(["analyse", fixture("leak-sequential.json.gz"), ...flags]);
    expect([run.code, run.stderr, run.stdout]).toEqual([2, `${message}\n`, ""]);
  });
});
