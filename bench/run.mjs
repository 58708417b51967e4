#!/usr/bin/env node
// `npm run bench`: what loadgate costs, measured side by side in one run (A/B alternating), because
// a shared 2-core machine is noisy. Prints a table and writes bench/results.json.
//   node bench/run.mjs [--quick] [--only overhead,build,target]
// Each figure is the median of several alternating runs, with min, max and the ratio to its baseline.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const root = resolve(import.meta.dirname, "..");
const dist = (path) => import(join(root, "dist/lib/node", path));
const { ensureK6 } = await dist("k6-binary.js");
const { bundleScripts, defaultEntries } = await dist("bundle.js");

const { values } = parseArgs({ options: { quick: { type: "boolean" }, only: { type: "string" } } });
const QUICK = values.quick ?? false;
const ONLY = values.only?.split(",");
const ROUNDS = QUICK ? 1 : 5;
const DURATION = QUICK ? "2s" : "8s";

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const figure = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs });

/** Spawns a command, samples its peak resident memory (VmHWM) from /proc, resolves with its output. */
function measure(cmd, args, env = {}) {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let peakKiB = 0;
    let cpuTicks = 0;
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    const sample = () => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
        const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
        if (hwm) peakKiB = Math.max(peakKiB, Number(hwm[1]));
        // utime + stime (fields 14 and 15 of /proc/<pid>/stat), in clock ticks of 10 ms.
        const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
        cpuTicks = Math.max(cpuTicks, Number(fields[11]) + Number(fields[12]));
      } catch {
        // The process has exited.
      }
    };
    const timer = setInterval(sample, 50);
    child.on("error", fail);
    child.on("close", (code) => {
      clearInterval(timer);
      done({ code, stdout, stderr, peakMiB: peakKiB / 1024, cpuSeconds: cpuTicks / 100 });
    });
  });
}

/** Starts the demo target in its own process (so it never shares a thread with the harness). */
function startTargetProcess(args) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(root, "bin/loadgate.js"), "target", ...args], { stdio: ["ignore", "pipe", "inherit"] });
    child.stdout.once("data", (c) => done({ url: String(c).trim(), stop: () => child.kill("SIGTERM") }));
    child.on("error", fail);
  });
}

async function k6Iterations(k6, script, url, extra = {}) {
  const summaryFile = join(root, "build/bench", `summary-${process.pid}.json`);
  const run = await measure(k6.path, [
    "run", "--no-usage-report", "--quiet", "--summary-export", summaryFile,
    "-e", `BASE_URL=${url}`, "-e", `DURATION=${DURATION}`, ...Object.entries(extra).flatMap(([k, v]) => ["-e", `${k}=${v}`]),
    script,
  ]);
  if (run.code !== 0) throw new Error(`k6 ${script} exited ${run.code}:\n${run.stderr.slice(-2000)}`);
  const summary = JSON.parse(readFileSync(summaryFile, "utf8"));
  const iterations = summary.metrics.iterations;
  return { rate: iterations.rate, peakMiB: run.peakMiB, cpuMsPerIteration: (run.cpuSeconds * 1000) / iterations.count };
}

const results = { date: new Date().toISOString(), machine: `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${cpus()[0]?.model ?? "?"}`, quick: QUICK, sections: {} };
const rows = [];
const want = (name) => ONLY === undefined || ONLY.includes(name);
const k6 = await ensureK6();
mkdirSync(join(root, "build/bench"), { recursive: true });

if (want("overhead")) {
  // A/B pairs: a plain k6 loop against the same loop with loadgate's gates; order alternates per round.
  const pairs = [["plain", "bench/k6/plain.ts"], ["loadgate", "bench/k6/loadgate.ts"]];
  await bundleScripts(pairs.map(([, file]) => join(root, file)), { outdir: join(root, "build/bench") });
  const target = await startTargetProcess(["--embedding-ms", "0", "--fusion-ms", "0", "--jitter-ms", "0"]);
  const runs = Object.fromEntries(pairs.map(([name]) => [name, { rate: [], peakMiB: [], cpu: [] }]));
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? pairs : [...pairs].reverse();
      for (const [name] of order) {
        const r = await k6Iterations(k6, join(root, "build/bench", `${name}.js`), target.url);
        runs[name].rate.push(r.rate);
        runs[name].peakMiB.push(r.peakMiB);
        runs[name].cpu.push(r.cpuMsPerIteration);
      }
    }
  } finally {
    target.stop();
  }
  const base = runs.plain;
  const section = {};
  for (const [name] of pairs) {
    const rate = figure(runs[name].rate);
    const mem = figure(runs[name].peakMiB);
    const cpu = figure(runs[name].cpu);
    // Ratios from medians of the alternating runs.
    section[name] = {
      iterationsPerSecond: rate,
      peakRssMiB: mem,
      k6CpuMsPerIteration: cpu,
      throughputRatio: rate.median / median(base.rate),
      memoryRatio: mem.median / median(base.peakMiB),
      cpuRatio: cpu.median / median(base.cpu),
    };
    rows.push([
      `k6 loop: ${name}`,
      `${rate.median.toFixed(0)} it/s (${rate.min.toFixed(0)}–${rate.max.toFixed(0)}); k6 CPU ${cpu.median.toFixed(3)} ms/it`,
      `${mem.median.toFixed(0)} MiB`,
      `${section[name].throughputRatio.toFixed(3)}× it/s, ${section[name].memoryRatio.toFixed(3)}× RSS, ${section[name].cpuRatio.toFixed(3)}× CPU/it`,
    ]);
  }
  results.sections.overhead = section;
}

if (want("build")) {
  const entries = defaultEntries(root);
  const times = [];
  let bundles = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    bundles = await bundleScripts(entries, { outdir: join(root, "build/bench/all"), typeCheck: false });
    times.push(performance.now() - started);
  }
  const checkStarted = performance.now();
  await bundleScripts(entries, { outdir: join(root, "build/bench/all"), typeCheck: true });
  const withCheck = performance.now() - checkStarted;
  results.sections.build = {
    bundleAllMs: figure(times),
    bundleWithTypeCheckMs: withCheck,
    bundles: Object.fromEntries(bundles.map((b) => [b.entry.replace(`${root}/`, ""), b.bytes])),
  };
  rows.push([`build: ${entries.length} scripts`, `${median(times).toFixed(0)} ms (${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)})`, `${(bundles.reduce((s, b) => s + b.bytes, 0) / 1024).toFixed(0)} KiB total`, `${withCheck.toFixed(0)} ms with type-check`]);
}

if (want("target")) {
  // What the demo target serves at zero delay, and what the same k6 drives against it at the
  // largest concurrency the test suite uses: the target must not be the bottleneck of a test.
  await bundleScripts([join(root, "bench/k6/plain.ts")], { outdir: join(root, "build/bench") });
  const target = await startTargetProcess(["--embedding-ms", "0", "--fusion-ms", "0", "--jitter-ms", "0"]);
  const capacity = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      capacity.push((await k6Iterations(k6, join(root, "build/bench/plain.js"), target.url, { VUS: "20" })).rate);
    }
  } finally {
    target.stop();
  }
  // The demo target's default latency (40 + 80 ms) at 10 users asks for about 10 / 0.12 s ≈ 83 req/s.
  const needed = 10 / 0.12;
  const cap = figure(capacity);
  results.sections.target = { servedPerSecond: cap, neededBySuitePerSecond: needed, headroom: cap.median / needed };
  rows.push(["demo target capacity", `${cap.median.toFixed(0)} req/s (${cap.min.toFixed(0)}–${cap.max.toFixed(0)})`, "", `${(cap.median / needed).toFixed(1)}× what 10 users at default latency need`]);
}

const widths = [0, 1, 2, 3].map((i) => Math.max(...[["figure", "median (min–max)", "memory", "ratio"], ...rows].map((r) => String(r[i]).length)));
const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join("  ");
console.log(`${results.date}  ${results.machine}${QUICK ? "  (quick)" : ""}`);
console.log(line(["figure", "median (min–max)", "memory", "ratio"]));
for (const r of rows) console.log(line(r));
writeFileSync(join(root, "bench/results.json"), `${JSON.stringify(results, null, 2)}\n`);
console.log("written: bench/results.json");
