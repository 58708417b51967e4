#!/usr/bin/env node
// `npm run bench`: what loadgate costs, measured side by side in one run (A/B alternating), because
// a shared 2-core machine is noisy. Prints a table and writes bench/results.json.
//   node bench/run.mjs [--quick] [--only overhead,growth,analyse,build,target,soak,submetrics] [--before DIR] [--out FILE] [--rounds N]
// Each figure is the median of several alternating runs, with min, max and the ratio to its baseline.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, tmpdir, totalmem } from "node:os";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";

const root = resolve(import.meta.dirname, "..");
const dist = (path) => import(join(root, "dist/lib/node", path));
const SECTIONS = ["overhead", "growth", "analyse", "build", "target", "soak", "submetrics"];
/** Sections left out unless --only names them: the soak alone takes 10 minutes, the sub-metric cost 11. */
const ON_REQUEST = ["soak", "submetrics"];

let values;
try {
  ({ values } = parseArgs({ options: { quick: { type: "boolean" }, only: { type: "string" }, out: { type: "string" }, before: { type: "string" }, rounds: { type: "string" } } }));
} catch (error) {
  console.error(`bench/run.mjs: ${error.message}\nusage: node bench/run.mjs [--quick] [--only ${SECTIONS.join(",")}] [--before DIR] [--out FILE] [--rounds N]`);
  process.exit(2);
}
const QUICK = values.quick ?? false;
const ONLY = values.only?.split(",").map((s) => s.trim());
const unknown = ONLY?.filter((s) => !SECTIONS.includes(s)) ?? [];
if (unknown.length > 0) {
  console.error(`bench/run.mjs: --only must list sections among ${SECTIONS.join(", ")}, got ${JSON.stringify(unknown.join(","))}`);
  process.exit(2);
}
const OUT = resolve(values.out ?? join(root, "bench/results.json"));
/** --rounds N: every overhead level runs N rounds instead of its own count (9, 12 and 5). */
const OVERHEAD_ROUNDS = values.rounds === undefined ? undefined : Number(values.rounds);
if (OVERHEAD_ROUNDS !== undefined && !(Number.isInteger(OVERHEAD_ROUNDS) && OVERHEAD_ROUNDS >= 1)) {
  console.error(`bench/run.mjs: --rounds must be a whole number of rounds, at least 1, got ${JSON.stringify(values.rounds)}`);
  process.exit(2);
}
const ROUNDS = QUICK ? 1 : 5;
const DURATION = QUICK ? "2s" : "8s";
/** Another checkout of loadgate (its dist/ built) whose library the overhead subjects are also bundled with. */
const BEFORE = values.before === undefined ? undefined : resolve(values.before);
if (BEFORE !== undefined && !existsSync(join(BEFORE, "dist/lib/node/bundle.js"))) {
  console.error(`bench/run.mjs: --before must name a loadgate checkout with dist/ built (npm run build:package), got ${JSON.stringify(values.before)}`);
  process.exit(2);
}
/** Samples of the generated k6 output files `loadgate analyse` reads. */
const ANALYSE_SAMPLES = QUICK ? [100_000] : [1_000_000, 5_000_000];
const ANALYSE_ROUNDS = QUICK ? 1 : 3;
const BUILD_ROUNDS = QUICK ? 1 : 5;

const { ensureK6 } = await dist("k6-binary.js");
const { bundleScripts, defaultEntries } = await dist("bundle.js");
const { medianInterval } = await import(join(root, "dist/lib/core/stats/robust.js"));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const figure = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs });
/** The confidence level of the intervals the overhead ratios are judged by. */
const LEVEL = 0.95;
/**
 * A subject's figure over its baseline's, round by round (the two ran next to each other in the
 * alternation, so drift of the shared machine between rounds cancels), as a figure: median, min, max,
 * and the distribution-free interval of the median (`medianInterval`): low, high and its coverage.
 */
const pairedRatio = (xs, baseline) => {
  const ratios = xs.map((x, round) => x / baseline[round]);
  const { low, high, level } = medianInterval(ratios, LEVEL);
  return { ...figure(ratios), low, high, level };
};
/** The targets of issue 17, as ratios of a loadgate subject to the baseline that does the same work. */
const TARGETS = {
  throughput: { least: 0.97, name: "it/s", text: "it/s ≥ 0.97×" },
  memory: { most: 1.1, name: "RSS", text: "peak RSS ≤ 1.10×" },
  cpu: { most: 1.05, name: "CPU/it", text: "CPU/it ≤ 1.05×" },
};
/** The least coverage an interval must have to judge a target: 5 rounds give 93.75%, 4 give 87.5%. */
const LEAST_LEVEL = 0.9;
/**
 * A ratio against its target: "met" when the whole interval of its median meets it, "missed" when
 * none of it does, "not resolved" when the interval straddles the target or too few rounds ran to
 * give an interval of {@link LEAST_LEVEL} (the rounds cannot tell).
 */
function judge(ratio, target) {
  if (!(ratio.level >= LEAST_LEVEL)) return "not resolved";
  const meets = (x) => (target.most !== undefined ? x <= target.most : x >= target.least);
  if (meets(ratio.low) && meets(ratio.high)) return "met";
  if (!meets(ratio.low) && !meets(ratio.high)) return "missed";
  return "not resolved";
}
const range = (f, digits = 0) => `${f.median.toFixed(digits)} (${f.min.toFixed(digits)}–${f.max.toFixed(digits)})`;

/** Fields of /proc/<pid>/stat from the 3rd (the state) on: field N is at index N − 3. */
function statFields(pid) {
  return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; undefined once it has exited. */
function cpuSecondsOf(pid) {
  try {
    // utime + stime are fields 14 and 15, in clock ticks of 10 ms.
    const fields = statFields(pid);
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds (user + system) of this process's children that have ended and been waited for
 * (cutime + cstime, fields 16 and 17 of /proc/self/stat): read before a child starts and after it
 * has closed, the difference is the child's whole CPU time, to the tick, start and exit included.
 */
function endedChildrenCpuSeconds() {
  const fields = statFields("self");
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** Peak resident memory (VmHWM) of a process so far, in KiB, from /proc/<pid>/status; undefined once it has exited. */
function peakKiBOf(pid) {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return hwm ? Number(hwm[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Spawns a command, samples its peak resident memory (VmHWM) from /proc every 20 ms, and resolves
 * with its output and its whole CPU time. Only one measured command runs at a time: the CPU time is
 * that of every child of this process that ended meanwhile.
 */
function measure(cmd, args, env = {}, watch = undefined) {
  return new Promise((done, fail) => {
    const started = performance.now();
    const cpuBefore = endedChildrenCpuSeconds();
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let peakKiB = 0;
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    const sample = () => {
      peakKiB = Math.max(peakKiB, peakKiBOf(child.pid) ?? 0);
    };
    const timer = setInterval(sample, 20);
    watch?.(child.pid);
    child.on("error", fail);
    child.on("close", (code) => {
      clearInterval(timer);
      // In whole ticks (10 ms), without the difference's floating-point remainder.
      const cpuSeconds = Math.round((endedChildrenCpuSeconds() - cpuBefore) * 100) / 100;
      done({ code, stdout, stderr, peakMiB: peakKiB / 1024, cpuSeconds, seconds: (performance.now() - started) / 1000 });
    });
  });
}

/** Starts the demo target in its own process (so it never shares a thread with the harness). */
function startTargetProcess(args) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(root, "bin/loadgate.js"), "target", ...args], { stdio: ["ignore", "pipe", "inherit"] });
    // stop() resolves once the target has exited and been waited for: its CPU time then joins this
    // process's ended children's before the next measured run reads them (measure()).
    const exited = new Promise((resolved) => child.once("exit", resolved));
    const stop = () => {
      child.kill("SIGTERM");
      return exited;
    };
    child.stdout.once("data", (c) => done({ url: String(c).trim(), pid: child.pid, stop }));
    child.on("error", fail);
    child.on("exit", (code) => code !== null && code !== 0 && fail(new Error(`the demo target exited ${code}`)));
  });
}

/** Runs a k6 script against `target`; also measures how busy the target was (CPU seconds per second). */
async function k6Iterations(k6, script, target, extra = {}, watch = undefined, flags = [], processEnv = {}) {
  const summaryFile = join(root, "build/bench", `summary-${process.pid}.json`);
  const targetCpu = cpuSecondsOf(target.pid);
  const run = await measure(k6.path, [
    "run", "--no-usage-report", "--quiet", "--summary-export", summaryFile, ...flags,
    ...Object.entries({ BASE_URL: target.url, DURATION, ...extra }).flatMap(([k, v]) => ["-e", `${k}=${v}`]),
    script,
  ], processEnv, watch);
  if (run.code !== 0) throw new Error(`k6 ${script} exited ${run.code}:\n${run.stderr.slice(-2000)}`);
  const targetCpuSeconds = (cpuSecondsOf(target.pid) ?? Number.NaN) - targetCpu;
  const iterations = JSON.parse(readFileSync(summaryFile, "utf8")).metrics.iterations;
  // Busy: the target's CPU seconds per second of load (k6's start and end excluded); near 1 it is the limit.
  const targetBusy = targetCpuSeconds / (iterations.count / iterations.rate);
  return {
    rate: iterations.rate,
    count: iterations.count,
    peakMiB: run.peakMiB,
    cpuSeconds: run.cpuSeconds,
    cpuMsPerIteration: (run.cpuSeconds * 1000) / iterations.count,
    targetBusy,
    summaryFile,
    stderr: run.stderr,
  };
}

/** A free TCP port on 127.0.0.1 (for k6's REST API, which the growth section reads). */
function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** The iterations k6 has counted so far, from its REST API; undefined while it is not answering. */
async function iterationsOf(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/v1/metrics/iterations`);
    if (!res.ok) return 0;
    return (await res.json()).data.attributes.sample.count ?? 0;
  } catch {
    return undefined;
  }
}

/**
 * Reads k6's peak resident memory (KiB) and iteration count every `ms` ms once it has counted an
 * iteration, each reading with its time in seconds since this call (about when the process started)
 * and since its first iteration, and hands it to `each`; stops when the process has gone or `each`
 * returns true.
 */
async function pollK6(pid, port, ms, each) {
  const started = performance.now();
  let first;
  for (;;) {
    await new Promise((r) => setTimeout(r, ms));
    const iterations = await iterationsOf(port);
    const peakKiB = peakKiBOf(pid);
    if (peakKiB === undefined) return;
    if (iterations === undefined || iterations === 0) continue;
    const seconds = (performance.now() - started) / 1000;
    first ??= seconds;
    if (each({ seconds, sinceFirst: seconds - first, peakKiB, iterations })) return;
  }
}

/** Fills `readings[i]` with k6's peak resident memory and iteration count `marks[i]` seconds after its first iteration. */
function readAt(pid, port, marks, readings) {
  return pollK6(pid, port, 100, ({ sinceFirst, peakKiB, iterations }) => {
    marks.forEach((mark, i) => {
      if (readings[i] === undefined && sinceFirst >= mark) readings[i] = { peakKiB, iterations };
    });
    return readings.every((x) => x !== undefined);
  });
}

/** Appends a reading of k6 (see {@link pollK6}) to `series` every 500 ms until the process has gone. */
function readSeries(pid, port, series) {
  return pollK6(pid, port, 500, (reading) => void series.push(reading));
}

/** The least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  return sxy / sxx;
}

/**
 * Go's live heap after each garbage collection, from GODEBUG=gctrace=1 lines on k6's stderr
 * (`gc 12 @3.204s 1%: ... 45->47->23 MB, 48 MB goal, ...`: the third figure is the heap marked live,
 * in MiB), each with its time in seconds since the process started.
 */
function liveHeapAfterEachGc(stderr) {
  return [...stderr.matchAll(/^gc \d+ @([\d.]+)s .*? \d+->\d+->(\d+) MB/gm)].map((m) => ({ seconds: Number(m[1]), liveMiB: Number(m[2]) }));
}

/** The iteration count at `seconds` since the process started, linear between the two readings around it. */
function iterationsAt(series, seconds) {
  const i = series.findIndex((r) => r.seconds >= seconds);
  if (i <= 0) return undefined;
  const [a, b] = [series[i - 1], series[i]];
  return a.iterations + ((b.iterations - a.iterations) * (seconds - a.seconds)) / (b.seconds - a.seconds);
}

const results = {
  date: new Date().toISOString(),
  machine: `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${cpus()[0]?.model ?? "?"}`,
  node: process.version,
  quick: QUICK,
  command: `node bench/run.mjs${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(" ")}` : ""}`,
  sections: {},
};
const rows = [];
const want = (name) => (ONLY === undefined ? !ON_REQUEST.includes(name) : ONLY.includes(name));
const k6 = await ensureK6();
results.k6 = k6.version ?? "?";
mkdirSync(join(root, "build/bench"), { recursive: true });
const ZERO_DELAY = ["--embedding-ms", "0", "--fusion-ms", "0", "--jitter-ms", "0"];
/** A target answering in 1 s: 1,000 VUs ask about 1,000 req/s of it. */
const SLOW = ["--embedding-ms", "400", "--fusion-ms", "600", "--jitter-ms", "0"];

/**
 * The overhead subjects: two baselines, the first again as a control, and the two ways a test uses
 * loadgate, each judged against the baseline that does the same work (`--before DIR` adds both
 * loadgate subjects bundled from another checkout of loadgate, e.g. the commit before a change, to
 * the same alternation).
 */
const SUBJECTS = [
  { key: "plain", label: "plain k6", file: "bench/k6/plain.ts" },
  { key: "handwritten", label: "hand-written phases", file: "bench/k6/handwritten.ts" },
  { key: "loadgateNoPhases", label: "loadgate without phases", file: "bench/k6/loadgate-no-phases.ts", baseline: "plain" },
  // The noise control: the baseline against itself, its runs no nearer to the baseline's in the
  // alternation than loadgate's. Its ratios are what the machine alone moves between runs.
  { key: "plainAgain", label: "plain k6 again (control)", file: "bench/k6/plain.ts", baseline: "plain" },
  { key: "loadgate", label: "loadgate with phases", file: "bench/k6/loadgate.ts", baseline: "handwritten" },
];
if (BEFORE !== undefined) {
  SUBJECTS.push(
    { key: "loadgateNoPhasesBefore", label: "loadgate without phases (before)", file: "bench/k6/loadgate-no-phases.ts", baseline: "plain", root: BEFORE },
    { key: "loadgateBefore", label: "loadgate with phases (before)", file: "bench/k6/loadgate.ts", baseline: "handwritten", root: BEFORE },
  );
}

/** Bundles every subject to build/bench/<key>.js; a `--before` subject with the other checkout's own bundler and library. */
async function bundleSubjects() {
  const files = new Set(SUBJECTS.filter((s) => !s.root).map((s) => join(root, s.file)));
  await bundleScripts([...files], { outdir: join(root, "build/bench") });
  for (const s of SUBJECTS) {
    if (s.root) {
      // The subject file goes two folders below the other checkout's root, so "../../lib/index.ts" is its library.
      const dir = join(s.root, "build/bench-subjects");
      mkdirSync(dir, { recursive: true });
      const copy = join(dir, `${s.key}.ts`);
      writeFileSync(copy, readFileSync(join(root, s.file)));
      const before = await import(join(s.root, "dist/lib/node/bundle.js"));
      await before.bundleScripts([copy], { outdir: join(root, "build/bench") });
    } else {
      const name = s.file.replace(/^.*\//, "").replace(/\.ts$/, ".js");
      if (name !== `${s.key}.js`) writeFileSync(join(root, "build/bench", `${s.key}.js`), readFileSync(join(root, "build/bench", name)));
    }
  }
}

/** The growth runs' length, the window read (seconds of iterations) and the rounds: `--only growth` and `--only submetrics`. */
const GROWTH = QUICK ? { seconds: 20, from: 5, to: 18, rounds: 1 } : { seconds: 60, from: 10, to: 58, rounds: 2 };

/**
 * One run of a script at 100 VUs for `seconds`, read every 500 ms: KiB of k6's peak RSS per request
 * (the least-squares slope over the iterations from `from` to `to` s of iterations) and, the same
 * way, bytes of Go's live heap after each collection (GODEBUG=gctrace=1) per request.
 */
async function growthRun(script, target, extra, { seconds, from, to }) {
  const port = await freePort();
  const series = [];
  const env = { VUS: "100", DURATION: `${seconds}s`, ...extra };
  const watch = (pid) => void readSeries(pid, port, series);
  const r = await k6Iterations(k6, script, target, env, watch, ["--address", `127.0.0.1:${port}`], { GODEBUG: "gctrace=1" });
  const window = series.filter((x) => x.sinceFirst >= from && x.sinceFirst <= to);
  if (window.length < 10 || window.at(-1).sinceFirst < to - 1) throw new Error(`k6 ${script} ended before ${to} s of iterations`);
  const start = window[0].seconds;
  const live = liveHeapAfterEachGc(r.stderr)
    .filter((gc) => gc.seconds >= start && gc.seconds <= window.at(-1).seconds)
    .map((gc) => ({ x: iterationsAt(series, gc.seconds), y: gc.liveMiB * 1024 * 1024 }))
    .filter((point) => point.x !== undefined);
  return {
    iterationsPerSecond: r.rate,
    targetBusy: r.targetBusy,
    rssMiBAt: [window[0].peakKiB / 1024, window.at(-1).peakKiB / 1024],
    iterationsAt: [window[0].iterations, window.at(-1).iterations],
    readings: window.length,
    kibPerRequest: slope(window.map((x) => ({ x: x.iterations, y: x.peakKiB }))),
    collections: live.length,
    liveHeapBytesPerRequest: live.length >= 3 ? slope(live) : null,
  };
}

if (want("overhead")) {
  // Every subject at each level, the order alternating per round, so drift on the shared machine
  // hits all alike. 20 and 200 VUs against a target with no delays (k6's CPU is the limit), each
  // subject doing the same count of iterations shared by its VUs: k6 keeps every Trend value, so a
  // subject that ran more iterations in a fixed time would hold more memory for doing more work.
  // After each such run the same subject runs once more with one iteration per VU: its start and end
  // alone (the VUs' init, loadgate's reports), which the CPU per iteration leaves out. 1,000 VUs
  // against a target answering in 1 s (about 1,000 req/s for every subject), where the figure is
  // memory per VU. Rounds: 9 and 12 give the median's 96% interval between the 2nd and the 3rd
  // values from each end; 5 at 1,000 VUs, 94% from the least to the most.
  const levels = QUICK
    ? [{ vus: 20, iterations: 12000, rounds: 1, delay: ZERO_DELAY }, { vus: 200, iterations: 20000, rounds: 1, delay: ZERO_DELAY }, { vus: 1000, duration: "5s", rounds: 1, delay: SLOW }]
    : [{ vus: 20, iterations: 36000, rounds: 9, delay: ZERO_DELAY }, { vus: 200, iterations: 50000, rounds: 12, delay: ZERO_DELAY }, { vus: 1000, duration: "10s", rounds: 5, delay: SLOW }];
  await bundleSubjects();
  const reportDir = mkdtempSync(join(tmpdir(), "loadgate-bench-"));
  const section = {};
  try {
    for (const { vus, iterations, duration, delay, rounds: levelRounds } of levels) {
      const rounds = OVERHEAD_ROUNDS ?? levelRounds;
      const work = iterations === undefined ? { DURATION: duration } : { ITERATIONS: String(iterations) };
      const target = await startTargetProcess(delay);
      const runs = Object.fromEntries(SUBJECTS.map((s) => [s.key, { rate: [], peakMiB: [], cpu: [], cpuSeconds: [], count: [], targetBusy: [], alone: [] }]));
      try {
        for (let round = 0; round < rounds; round++) {
          const order = round % 2 === 0 ? SUBJECTS : [...SUBJECTS].reverse();
          for (const s of order) {
            const script = join(root, "build/bench", `${s.key}.js`);
            const r = await k6Iterations(k6, script, target, { VUS: String(vus), ...work, REPORT_DIR: reportDir });
            runs[s.key].rate.push(r.rate);
            runs[s.key].peakMiB.push(r.peakMiB);
            runs[s.key].cpu.push(r.cpuMsPerIteration);
            runs[s.key].cpuSeconds.push(r.cpuSeconds);
            runs[s.key].count.push(r.count);
            runs[s.key].targetBusy.push(r.targetBusy);
            if (iterations !== undefined) runs[s.key].alone.push(await k6Iterations(k6, script, target, { VUS: String(vus), ITERATIONS: String(vus), REPORT_DIR: reportDir }));
          }
        }
      } finally {
        await target.stop();
      }
      if (!existsSync(join(reportDir, "summary.json"))) throw new Error(`bench/k6/loadgate.ts wrote no reports to ${reportDir}`);
      const level = { ...(iterations === undefined ? { duration } : { iterations }), rounds, targetDelay: delay.join(" ") };
      for (const s of SUBJECTS) {
        const own = runs[s.key];
        const l = {
          label: s.label,
          iterationsPerSecond: figure(own.rate),
          peakRssMiB: figure(own.peakMiB),
          // The whole run's CPU over its iterations, start and end included.
          k6CpuMsPerIteration: figure(own.cpu),
          // CPU seconds per second of the single-threaded demo target: near 1, the target limits throughput.
          targetBusy: figure(own.targetBusy),
        };
        // CPU per iteration beyond the start and end: each run's CPU less the median of the runs of
        // one iteration per VU, over the iterations beyond theirs.
        let perIteration = own.cpu;
        if (own.alone.length > 0) {
          const startEnd = median(own.alone.map((a) => a.cpuSeconds));
          const startEndIterations = median(own.alone.map((a) => a.count));
          perIteration = own.cpuSeconds.map((cpu, round) => ((cpu - startEnd) * 1000) / (own.count[round] - startEndIterations));
          l.startAndEndCpuSeconds = figure(own.alone.map((a) => a.cpuSeconds));
          l.k6CpuMsPerIterationBeyondStartAndEnd = figure(perIteration);
        }
        own.perIteration = perIteration;
        level[s.key] = l;
      }
      for (const s of SUBJECTS) {
        const l = level[s.key];
        let verdict = "baseline";
        if (s.baseline) {
          const own = runs[s.key];
          const base = runs[s.baseline];
          l.baseline = s.baseline;
          l.ratios = { memory: pairedRatio(own.peakMiB, base.peakMiB) };
          // The issue's throughput and CPU targets are at 20 and 200 VUs, where every subject does the same work.
          if (iterations !== undefined) {
            l.ratios.throughput = pairedRatio(own.rate, base.rate);
            l.ratios.cpu = pairedRatio(own.perIteration, base.perIteration);
          }
          l.targets = Object.fromEntries(Object.entries(l.ratios).map(([name, ratio]) => [name, { target: TARGETS[name].text, judged: judge(ratio, TARGETS[name]) }]));
          const interval = (ratio) => `${ratio.median.toFixed(3)} [${ratio.low.toFixed(3)}–${ratio.high.toFixed(3)}]`;
          verdict = `vs ${s.baseline}, per round, median [${Math.round(100 * l.ratios.memory.level)}% interval]: ${Object.entries(l.ratios)
            .map(([name, ratio]) => `${TARGETS[name].name} ${interval(ratio)} ${l.targets[name].judged}`)
            .join("; ")}`;
        }
        const cpu = l.k6CpuMsPerIterationBeyondStartAndEnd
          ? `k6 CPU ${l.k6CpuMsPerIterationBeyondStartAndEnd.median.toFixed(3)} ms/it beyond start and end (${(1000 * l.startAndEndCpuSeconds.median).toFixed(0)} ms for them)`
          : `k6 CPU ${l.k6CpuMsPerIteration.median.toFixed(3)} ms/it`;
        rows.push([
          `k6 loop, ${vus} VUs${iterations === undefined ? "" : ` × ${iterations} it`}: ${s.label}`,
          `${range(l.iterationsPerSecond)} it/s; ${cpu}; target busy ${l.targetBusy.median.toFixed(2)}`,
          `${range(l.peakRssMiB, 1)} MiB`,
          verdict,
        ]);
      }
      section[`vus${vus}`] = level;
    }
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
  results.sections.overhead = section;
}

if (want("growth")) {
  // Memory that grows with every request (k6 keeps every Trend sample): each subject runs alone at
  // 100 VUs against the target at its default latency (the same rate for all), twice, the order
  // reversed in the second round. k6's peak resident memory and its iteration count (from k6's REST
  // API) are read every 500 ms; KiB per request is the least-squares slope of the one over the other
  // from `from` to `to` s of iterations (Go's collector grows the heap in steps, so two readings alone
  // move with where a step falls). Go's live heap after each collection (GODEBUG=gctrace=1) gives the
  // memory actually kept per request, the same way.
  const { seconds, from, to, rounds } = GROWTH;
  await bundleSubjects();
  const reportDir = mkdtempSync(join(tmpdir(), "loadgate-bench-"));
  const target = await startTargetProcess([]);
  const runs = Object.fromEntries(SUBJECTS.map((s) => [s.key, []]));
  try {
    for (let round = 0; round < rounds; round++) {
      for (const s of round % 2 === 0 ? SUBJECTS : [...SUBJECTS].reverse()) {
        runs[s.key].push(await growthRun(join(root, "build/bench", `${s.key}.js`), target, { REPORT_DIR: reportDir }, GROWTH));
      }
    }
  } finally {
    await target.stop();
    rmSync(reportDir, { recursive: true, force: true });
  }
  const section = { vus: 100, seconds, readAtSeconds: [from, to], rounds };
  for (const s of SUBJECTS) {
    const own = runs[s.key];
    const mid = (key) => median(own.map((r) => r[key]));
    const l = {
      label: s.label,
      iterationsPerSecond: mid("iterationsPerSecond"),
      kibPerRequest: mid("kibPerRequest"),
      liveHeapBytesPerRequest: own.some((r) => r.liveHeapBytesPerRequest === null) ? null : mid("liveHeapBytesPerRequest"),
      targetBusy: mid("targetBusy"),
      runs: own,
    };
    if (s.baseline) {
      l.baseline = s.baseline;
      l.ratio = l.kibPerRequest / section[s.baseline].kibPerRequest;
      const base = section[s.baseline].liveHeapBytesPerRequest;
      l.liveHeapRatio = l.liveHeapBytesPerRequest === null || base === null ? null : l.liveHeapBytesPerRequest / base;
    }
    section[s.key] = l;
    const each = own.map((r) => `${r.rssMiBAt.map((m) => m.toFixed(1)).join(" → ")} MiB, ${r.kibPerRequest.toFixed(3)}`).join("; ");
    const live = l.liveHeapBytesPerRequest === null ? "" : `; live heap ${l.liveHeapBytesPerRequest.toFixed(0)} B/request`;
    const liveRatio = l.liveHeapRatio == null ? "" : `, ${l.liveHeapRatio.toFixed(2)}× live heap/request`;
    rows.push([
      `growth, 100 VUs, ${seconds} s: ${s.label}`,
      `${l.iterationsPerSecond.toFixed(0)} it/s; target busy ${l.targetBusy.toFixed(2)}`,
      `${l.kibPerRequest.toFixed(3)} KiB/request (${from} s → ${to} s of iterations, each run: ${each})${live}`,
      s.baseline ? `vs ${s.baseline}: ${l.ratio.toFixed(2)}× KiB/request${liveRatio}` : "baseline",
    ]);
  }
  results.sections.growth = section;
}

if (want("soak")) {
  // k6's resident memory over a long run of the loadgate loop with phases: 100 VUs against the
  // target at its default latency for 10 minutes (1 with --quick), read every 30 s (5 s) after the
  // first iteration, with k6's iteration count (REST API) at each reading.
  const [seconds, every] = QUICK ? [60, 5] : [600, 30];
  await bundleSubjects();
  const reportDir = mkdtempSync(join(tmpdir(), "loadgate-bench-"));
  const target = await startTargetProcess([]);
  const marks = Array.from({ length: Math.floor((seconds - 2) / every) + 1 }, (_, i) => i * every);
  const readings = marks.map(() => undefined);
  let r;
  try {
    const port = await freePort();
    const env = { VUS: "100", DURATION: `${seconds}s`, REPORT_DIR: reportDir };
    r = await k6Iterations(k6, join(root, "build/bench/loadgate.js"), target, env, (pid) => void readAt(pid, port, marks, readings), ["--address", `127.0.0.1:${port}`]);
  } finally {
    await target.stop();
    rmSync(reportDir, { recursive: true, force: true });
  }
  const curve = marks.flatMap((at, i) => (readings[i] ? [{ atSeconds: at, iterations: readings[i].iterations, peakRssMiB: readings[i].peakKiB / 1024 }] : []));
  const first = curve[1] ?? curve[0];
  const last = curve.at(-1);
  const kibPerRequest = (last.peakRssMiB - first.peakRssMiB) * 1024 / (last.iterations - first.iterations);
  results.sections.soak = { subject: "loadgate with phases", vus: 100, seconds, iterationsPerSecond: r.rate, targetBusy: r.targetBusy, curve, kibPerRequest };
  rows.push([
    `soak, 100 VUs, ${seconds} s: loadgate with phases`,
    `${r.rate.toFixed(0)} it/s; target busy ${r.targetBusy.toFixed(2)}`,
    curve.map((c) => `${c.atSeconds}s ${c.peakRssMiB.toFixed(0)}`).join(", ") + " MiB",
    `${kibPerRequest.toFixed(3)} KiB/request from ${first.atSeconds} s`,
  ]);
}

/**
 * The CPU one sub-metric costs per request, and so what loadgate's report sub-metrics add to each
 * iteration: too little for the overhead section's rounds to resolve against plain k6 (their spread
 * is wider than the targets' margins), so it is amplified. The loop of bench/k6/plain.ts at 20 VUs,
 * 36,000 iterations shared, against the target with no delays (k6's CPU the limit), with no
 * threshold and with 254 sub-metrics that every request matches (the 127 sets of its 7 tags, each
 * as a Counter of `http_reqs` and a Rate of `http_req_failed`), alternating; k6 matches each sample
 * against every sub-metric of its metric, tag by tag (internal/metrics/engine/ingester.go), so one
 * costs the difference over 254: an upper bound for loadgate's, which name 1 or 2 tags where these
 * name 3.5 on average. Then one run of bench/k6/loadgate-no-phases.ts counts the sub-metric samples
 * per iteration it adds to plain k6's (every sub-metric but `http_req_duration{expected_response:true}`,
 * which k6 declares in every run).
 */
async function subMetricCpu() {
  const work = QUICK ? { VUS: "20", ITERATIONS: "12000" } : { VUS: "20", ITERATIONS: "36000" };
  const rounds = QUICK ? 1 : 9;
  await bundleSubjects();
  const target = await startTargetProcess(ZERO_DELAY);
  const url = `${target.url}/search`;
  const tagSets = [["expected_response", "true"], ["scenario", "loop"], ["method", "POST"], ["status", "200"], ["proto", "HTTP/1.1"], ["name", url], ["url", url]];
  const keys = Array.from({ length: 2 ** tagSets.length - 1 }, (_, m) => tagSets.filter((_, i) => (m + 1) & (1 << i)).map(([k, v]) => `${k}:${v}`).join(","));
  const many = Object.fromEntries(keys.flatMap((k) => [[`http_reqs{${k}}`, []], [`http_req_failed{${k}}`, []]]));
  const cpu = { none: [], many: [] };
  let added;
  try {
    for (let round = 0; round < rounds; round++) {
      const variants = [["none", {}], ["many", many]];
      for (const [key, thresholds] of round % 2 === 0 ? variants : variants.reverse()) {
        const r = await k6Iterations(k6, join(root, "build/bench/sub-metrics.js"), target, { ...work, THRESHOLDS: JSON.stringify(thresholds) });
        cpu[key].push(r.cpuMsPerIteration);
      }
    }
    added = await subMetricSamplesPerIteration(join(root, "build/bench/loadgateNoPhases.js"), target);
  } finally {
    await target.stop();
  }
  const subMetrics = Object.keys(many).length;
  // Each round's share of CPU per iteration that one sub-metric adds.
  const each = cpu.many.map((x, round) => (x / cpu.none[round] - 1) / subMetrics);
  const share = { ...figure(each), ...medianInterval(each, LEVEL) };
  const percent = (x) => `${(100 * x).toFixed(2)}%`;
  const implied = { median: added.perIteration * share.median, low: added.perIteration * share.low, high: added.perIteration * share.high };
  rows.push([
    `sub-metric CPU, 20 VUs × ${work.ITERATIONS} it: ${subMetrics} matched sub-metrics`,
    `${figure(cpu.many).median.toFixed(4)} against ${figure(cpu.none).median.toFixed(4)} ms/it with none`,
    "",
    `each sub-metric: ${percent(share.median)} [${percent(share.low)}–${percent(share.high)}] CPU per request (${Math.round(100 * share.level)}% interval, ${rounds} rounds)`,
  ]);
  rows.push([
    "sub-metric CPU: loadgate without phases",
    `${added.perIteration.toFixed(2)} sub-metric samples per iteration beyond plain k6's`,
    "",
    `≈ +${percent(implied.median)} [${percent(implied.low)}–${percent(implied.high)}] CPU per iteration`,
  ]);
  return { vus: Number(work.VUS), iterations: Number(work.ITERATIONS), rounds, subMetrics, cpuMsPerIteration: { none: figure(cpu.none), many: figure(cpu.many) }, sharePerSubMetric: share, loadgateNoPhases: { ...added, impliedCpuShare: implied } };
}

/**
 * Runs a script briefly and counts, from k6's summary export, the samples its sub-metrics took per
 * iteration (Counters' count, Rates' passes and fails), leaving out `http_req_duration{expected_response:true}`.
 */
async function subMetricSamplesPerIteration(script, target) {
  const reportDir = mkdtempSync(join(tmpdir(), "loadgate-bench-"));
  let r;
  try {
    r = await k6Iterations(k6, script, target, { VUS: "20", ITERATIONS: "2000", REPORT_DIR: reportDir });
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
  const { metrics } = JSON.parse(readFileSync(r.summaryFile, "utf8"));
  const subMetrics = {};
  for (const [key, values] of Object.entries(metrics)) {
    if (!key.includes("{") || key === "http_req_duration{expected_response:true}") continue;
    const samples = values.count ?? (values.passes !== undefined ? values.passes + values.fails : undefined);
    if (samples === undefined) throw new Error(`${script}: sub-metric ${key} is neither a Counter nor a Rate; count its samples another way`);
    subMetrics[key] = samples / r.count;
  }
  return { subMetrics, perIteration: Object.values(subMetrics).reduce((a, b) => a + b, 0) };
}

if (want("submetrics")) {
  // What one threshold's sub-metric costs per request: the loop of bench/k6/plain.ts with no
  // threshold, with 12 Trend sub-metrics of http_req_duration, and with 12 Counter sub-metrics of
  // http_reqs, each matching every request (tag sets of expected_response, scenario, method and
  // status), alternating, measured as the growth section measures. Twelve make the difference stand
  // far above the run-to-run spread; the cost of one is the difference over 12.
  const tagSets = [["expected_response", "true"], ["scenario", "loop"], ["method", "POST"], ["status", "200"]];
  const keys = Array.from({ length: 15 }, (_, m) => tagSets.filter((_, i) => (m + 1) & (1 << i)).map(([k, v]) => `${k}:${v}`).join(",")).slice(0, 12);
  const variants = [
    { key: "none", label: "no sub-metric", thresholds: {} },
    { key: "trends", label: "12 Trend sub-metrics", thresholds: Object.fromEntries(keys.map((k) => [`http_req_duration{${k}}`, []])) },
    { key: "counters", label: "12 Counter sub-metrics", thresholds: Object.fromEntries(keys.map((k) => [`http_reqs{${k}}`, []])) },
  ];
  await bundleScripts([join(root, "bench/k6/sub-metrics.ts")], { outdir: join(root, "build/bench") });
  const target = await startTargetProcess([]);
  const runs = Object.fromEntries(variants.map((v) => [v.key, []]));
  try {
    for (let round = 0; round < GROWTH.rounds; round++) {
      for (const v of round % 2 === 0 ? variants : [...variants].reverse()) {
        runs[v.key].push(await growthRun(join(root, "build/bench/sub-metrics.js"), target, { THRESHOLDS: JSON.stringify(v.thresholds) }, GROWTH));
      }
    }
  } finally {
    await target.stop();
  }
  const section = { vus: 100, seconds: GROWTH.seconds, readAtSeconds: [GROWTH.from, GROWTH.to], rounds: GROWTH.rounds, subMetrics: keys.length };
  const mid = (key, field) => median(runs[key].map((r) => r[field]));
  const signed = (x) => `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(1)}`;
  for (const v of variants) {
    const l = { label: v.label, thresholds: Object.keys(v.thresholds), kibPerRequest: mid(v.key, "kibPerRequest"), liveHeapBytesPerRequest: mid(v.key, "liveHeapBytesPerRequest"), runs: runs[v.key] };
    if (v.key !== "none") {
      // Bytes per request that one sub-metric adds, over the loop with none.
      l.rssBytesPerSubMetric = ((l.kibPerRequest - mid("none", "kibPerRequest")) * 1024) / keys.length;
      l.liveHeapBytesPerSubMetric = (l.liveHeapBytesPerRequest - mid("none", "liveHeapBytesPerRequest")) / keys.length;
    }
    section[v.key] = l;
    rows.push([
      `sub-metrics, 100 VUs, ${GROWTH.seconds} s: ${v.label}`,
      `${mid(v.key, "iterationsPerSecond").toFixed(0)} it/s; target busy ${mid(v.key, "targetBusy").toFixed(2)}`,
      `${l.kibPerRequest.toFixed(3)} KiB/request (${runs[v.key].map((r) => r.kibPerRequest.toFixed(3)).join(", ")}); live heap ${l.liveHeapBytesPerRequest.toFixed(0)} B/request`,
      v.key === "none" ? "baseline" : `each sub-metric: ${signed(l.rssBytesPerSubMetric)} B RSS, ${signed(l.liveHeapBytesPerSubMetric)} B live heap per request`,
    ]);
  }
  section.cpu = await subMetricCpu();
  results.sections.submetrics = section;
}

if (want("analyse")) {
  // `loadgate analyse` against the naive way (JSON.parse every line, keep every value, sort) on the
  // same generated file, alternating; files are cached in build/bench between runs.
  const section = {};
  for (const samples of ANALYSE_SAMPLES) {
    const file = join(root, "build/bench", `k6-output-${samples}.json.gz`);
    if (!existsSync(file)) {
      const made = await measure(process.execPath, [join(root, "bench/generate-k6-output.mjs"), file, String(samples)]);
      if (made.code !== 0) throw new Error(`bench/generate-k6-output.mjs exited ${made.code}:\n${made.stderr}`);
    }
    const variants = [
      ["loadgate analyse", [join(root, "bin/loadgate.js"), "analyse", file, "--format", "json"]],
      ["naive JSON.parse", [join(root, "bench/naive-analyse.mjs"), file]],
    ];
    const runs = Object.fromEntries(variants.map(([name]) => [name, { perSecond: [], peakMiB: [], seconds: [] }]));
    for (let round = 0; round < ANALYSE_ROUNDS; round++) {
      for (const [name, args] of round % 2 === 0 ? variants : [...variants].reverse()) {
        const r = await measure(process.execPath, args);
        if (r.code !== 0) throw new Error(`${name} exited ${r.code}:\n${r.stderr.slice(-2000)}`);
        runs[name].perSecond.push(samples / r.seconds);
        runs[name].peakMiB.push(r.peakMiB);
        runs[name].seconds.push(r.seconds);
      }
    }
    const level = {};
    for (const [name] of variants) {
      level[name] = { samplesPerSecond: figure(runs[name].perSecond), peakRssMiB: figure(runs[name].peakMiB), seconds: figure(runs[name].seconds) };
    }
    const ours = level["loadgate analyse"];
    const naive = level["naive JSON.parse"];
    ours.speedup = ours.samplesPerSecond.median / naive.samplesPerSecond.median;
    ours.memoryRatio = ours.peakRssMiB.median / naive.peakRssMiB.median;
    section[`samples${samples}`] = { file: relative(root, file), samples, ...level };
    for (const [name] of variants) {
      const l = level[name];
      rows.push([
        `analyse ${samples / 1e6}M samples: ${name}`,
        `${(l.samplesPerSecond.median / 1e6).toFixed(2)}M samples/s (${(l.samplesPerSecond.min / 1e6).toFixed(2)}–${(l.samplesPerSecond.max / 1e6).toFixed(2)}); ${l.seconds.median.toFixed(2)} s`,
        `${range(l.peakRssMiB)} MiB`,
        name === "naive JSON.parse" ? "baseline" : `${ours.speedup.toFixed(2)}× naive speed, ${ours.memoryRatio.toFixed(2)}× naive RSS`,
      ]);
    }
  }
  // Memory flat in the number of samples: the largest file's peak RSS against the smallest's.
  const levels = ANALYSE_SAMPLES.map((n) => section[`samples${n}`]["loadgate analyse"].peakRssMiB.median);
  section.memoryGrowth = { samplesRatio: ANALYSE_SAMPLES.at(-1) / ANALYSE_SAMPLES[0], peakRssRatio: levels.at(-1) / levels[0] };
  results.sections.analyse = section;
}

if (want("build")) {
  const entries = defaultEntries(root);
  const times = [];
  let bundles = [];
  for (let round = 0; round < BUILD_ROUNDS; round++) {
    const started = performance.now();
    bundles = await bundleScripts(entries, { outdir: join(root, "build/bench/all"), typeCheck: false });
    times.push(performance.now() - started);
  }
  // Type-checking loads the TypeScript compiler (seconds): the quick mode leaves it out.
  let withCheck = Number.NaN;
  if (!QUICK) {
    const checkStarted = performance.now();
    await bundleScripts(entries, { outdir: join(root, "build/bench/all"), typeCheck: true });
    withCheck = performance.now() - checkStarted;
  }
  const sizes = Object.fromEntries(bundles.map((b) => [relative(root, b.entry), b.bytes]));
  const total = bundles.reduce((s, b) => s + b.bytes, 0);
  const largest = bundles.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  results.sections.build = { scripts: entries.length, bundleAllMs: figure(times), bundleWithTypeCheckMs: QUICK ? null : withCheck, totalBytes: total, bundleBytes: sizes };
  rows.push([
    `build: ${entries.length} scripts`,
    `${range(figure(times))} ms${QUICK ? "" : `; ${withCheck.toFixed(0)} ms with type-check`}`,
    `${(total / 1024).toFixed(0)} KiB total`,
    `largest ${relative(root, largest.entry)} ${(largest.bytes / 1024).toFixed(0)} KiB (inline source map included)`,
  ]);
}

if (want("target")) {
  // What the demo target serves at zero delay with 20 VUs, how busy that keeps it, what k6 could
  // drive on this machine (an upper bound: every core at k6's CPU per iteration), and the highest
  // rates the test suite asks of the target.
  await bundleScripts([join(root, "bench/k6/plain.ts")], { outdir: join(root, "build/bench") });
  const target = await startTargetProcess(ZERO_DELAY);
  const served = [];
  const busy = [];
  const k6Cpu = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const r = await k6Iterations(k6, join(root, "build/bench/plain.js"), target, { VUS: "20" });
      served.push(r.rate);
      busy.push(r.targetBusy);
      k6Cpu.push(r.cpuMsPerIteration);
    }
  } finally {
    await target.stop();
  }
  const cap = figure(served);
  const k6Drive = (cpus().length * 1000) / median(k6Cpu);
  // The suite's heaviest loads (test/integration): closed models of up to 10 VUs against the target's
  // default latency (embedding 40 ms + fusion 80 ms) ask about 10 / 0.12 s ≈ 83 req/s; open models
  // ask at most 20 iterations/s. Tests with zero delay are closed models, whose verdicts do not
  // depend on throughput.
  const suiteClosed = 10 / 0.12;
  const suiteOpen = 20;
  const needed = Math.max(suiteClosed, suiteOpen);
  results.sections.target = {
    servedPerSecond: cap,
    targetBusy: figure(busy),
    k6CpuMsPerIteration: figure(k6Cpu),
    k6CouldDrivePerSecond: k6Drive,
    suiteHighestPerSecond: needed,
    headroom: cap.median / needed,
    // Near 1 CPU second per second the single-threaded target limits what k6 gets out of it.
    targetSaturated: median(busy) > 0.9,
  };
  rows.push([
    "demo target capacity (20 VUs)",
    `${range(cap)} req/s; target busy ${median(busy).toFixed(2)}`,
    "",
    `${(cap.median / needed).toFixed(0)}× the suite's highest rate (${needed.toFixed(0)} req/s); k6 could drive ≈${k6Drive.toFixed(0)} it/s on ${cpus().length} cores`,
  ]);
}

// With --only, the other sections of an existing results file are kept (each section says when it was measured).
for (const section of Object.values(results.sections)) section.date = results.date;
if (ONLY !== undefined && existsSync(OUT)) {
  const previous = JSON.parse(readFileSync(OUT, "utf8"));
  if (previous.quick === QUICK) results.sections = { ...previous.sections, ...results.sections };
}

const header = ["figure", "median (min–max)", "memory", "ratio"];
const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => String(r[i]).length)));
const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join("  ").trimEnd();
console.log(`${results.date}  ${results.machine}  node ${results.node}  k6 ${results.k6}${QUICK ? "  (quick)" : ""}`);
console.log(line(header));
for (const r of rows) console.log(line(r));
writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);
console.log(`written: ${relative(process.cwd(), OUT) || OUT}`);
