import { GATE_DEFAULTS } from "../../core/thresholds/gate.ts";
import { METRICS } from "../../core/vocabulary/metric-names.ts";
import { Histogram } from "../../core/stats/histogram.ts";
import { OrderSample } from "../../core/stats/order-sample.ts";
import { median, spearman, theilSen } from "../../core/stats/robust.ts";
import { readK6Output, type K6OutputRead, type K6Tags, type ReadK6OutputOptions } from "./read-k6-output.ts";
import { formatMsProse } from "../../core/vocabulary/units.ts";

/** Options of {@link analyseK6Output}; the thresholds decide what counts as a finding. */
export interface AnalyseOptions {
  /** Length of a time window, milliseconds. @default 10000 */
  windowMs?: number;
  /** Requests compared with the steady state for a cold start. @default 3 */
  coldStartRequests?: number;
  /** Cold start when the first requests' median is this many times the steady median. @default 2 */
  coldStartFactor?: number;
  /** Degradation needs Spearman's ρ between time and latency at least this. @default 0.6 */
  degradationRho?: number;
  /** Degradation needs the last tenth's p50 at least this many times the first tenth's. @default 1.5 */
  degradationFactor?: number;
  /** Fast failures: failed responses' median at most this fraction of the successes' median. @default 0.5 */
  fastFailureFactor?: number;
  /** The gate: a ladder step is outside it when its error rate is above this. @default GATE_DEFAULTS.maxErrorRate (0.01) */
  maxErrorRate?: number;
  /** The gate: a ladder step is outside it when its p(95) over successes is above this many ms. @default none */
  p95Ms?: number;
  /** The scaling knee (a heuristic, not the gate): a step's p(95) this many times the first step's. @default 2 */
  kneeLatencyFactor?: number;
  /** The scaling knee: a step's throughput per user below this fraction of the first step's. @default 0.5 */
  kneeEfficiency?: number;
  /**
   * The scaling knee: a step's throughput grew by less than this fraction of its load's growth over
   * the step before (users +100%, throughput +10%: 0.1). @default 0.5
   */
  kneeMarginalScaling?: number;
  /** See {@link ReadK6OutputOptions.onProgress}. */
  onProgress?: ReadK6OutputOptions["onProgress"];
}

export const ANALYSE_DEFAULTS = {
  windowMs: 10_000,
  coldStartRequests: 3,
  coldStartFactor: 2,
  degradationRho: 0.6,
  degradationFactor: 1.5,
  fastFailureFactor: 0.5,
  maxErrorRate: GATE_DEFAULTS.maxErrorRate,
  kneeLatencyFactor: 2,
  kneeEfficiency: 0.5,
  kneeMarginalScaling: 0.5,
} as const satisfies Omit<AnalyseOptions, "p95Ms" | "onProgress">;

/** Kinds of finding, as `--fail-on` names them. */
export const FINDING_KINDS = ["degradation", "cold-start", "capacity", "knee", "fast-failure", "dropped-iterations"] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** One thing the analysis found, said in words with its figures beside. */
export interface Finding {
  kind: FindingKind;
  /** `scenario sequential`, `scenario step_3 (step 3)`, or `ladder`. */
  scope: string;
  message: string;
  figures: Record<string, number | string | null>;
}

/** Latency percentiles (ms) of successful responses. */
export interface Latency {
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

/** One time window of a scope. */
export interface WindowReport {
  /** Seconds from the start of the run to the window's start. */
  start: number;
  requests: number;
  failures: number;
  errorRate: number;
  /** Requests per second over the window (or the part of it the scope was active). */
  rps: number;
  latency: Latency;
}

/** A scenario, or one step of a ladder (scenario and `step` tag). */
export interface ScopeReport {
  scenario: string;
  step: string | null;
  requests: number;
  successes: number;
  failures: number;
  errorRate: number;
  /** Failed responses by status (`0` is a network error or timeout). */
  failedStatuses: Record<string, number>;
  /** Seconds from the start of the run to the scope's first and last response. */
  start: number;
  end: number;
  /** Requests per second while the scope was active. */
  rps: number;
  /**
   * Median of k6's `vus` gauge while the scope answered: its concurrent users. Null without `vus`
   * samples, and for an open-model step whose gauge read 0 while requests flowed (k6 counts a VU of an
   * arrival-rate scenario only during its iterations): its load is its `step` level, a rate.
   */
  users: number | null;
  latency: Latency;
  failedLatency: Latency;
  windows: WindowReport[];
  /** loadgate_phase_duration by `phase` tag, over successful responses. */
  phases: { phase: string; p50: number; p95: number; samples: number }[];
  /** loadgate_server_duration (the server's own total) and loadgate_unattributed_duration, when recorded. */
  server: Latency | null;
  unattributed: Latency | null;
  /** Iterations k6 could not start (open-model scenarios). */
  droppedIterations: number;
}

/** One row of the scaling table of a ladder. */
export interface AnalysedStep {
  step: string;
  scenario: string;
  users: number | null;
  /** The step's level from its `step` tag: users, or a rate for an arrival-rate ladder; null when not a number. */
  level: number | null;
  rps: number;
  /** rps ÷ the first step's rps. */
  scaling: number;
  /** (rps per user) ÷ (the first step's rps per user); 1 is linear scaling. */
  efficiency: number | null;
  p95: number | null;
  errorRate: number;
  /** Why this step is outside the gate (error rate, `p95Ms`, no successes), or null when within it. */
  broke: string | null;
  /** Why throughput stopped scaling at this step (the knee heuristics, not the gate), or null. */
  stoppedScaling: string | null;
}

/** The analysis of one k6 JSON output file. */
export interface Analysis {
  read: K6OutputRead;
  /** ISO time of the first sample. */
  startedAt: string | null;
  /** Seconds from the first to the last sample. */
  duration: number;
  windowMs: number;
  scopes: ScopeReport[];
  /**
   * The ladder's steps in order; `highestWithinGate` is its capacity: the last step before the first
   * one outside the gate (`brokeAt`). `kneeAt` is the first step where throughput stopped scaling.
   */
  ladder: { steps: AnalysedStep[]; highestWithinGate: string | null; brokeAt: string | null; kneeAt: string | null } | null;
  findings: Finding[];
  /** The whole run in time windows, every scope together: what the run's timeline chart draws. */
  timeline: RunWindow[];
  /** The p(95) budget a ladder step was judged against (`p95Ms`), null without one. */
  p95Ms: number | null;
}

/** One time window of the whole run. */
export interface RunWindow {
  /** Seconds from the start of the run to the window's start. */
  start: number;
  requests: number;
  failures: number;
  errorRate: number;
  latency: Latency;
  /** The highest value of k6's `vus` gauge in the window; null without `vus` samples in it. */
  vus: number | null;
}

interface ScopeAcc {
  scenario: string;
  step: string | null;
  ok: Histogram;
  failed: Histogram;
  failedStatuses: Map<string, number>;
  windows: Map<number, { ok: Histogram; failures: number; first: number; last: number }>;
  order: OrderSample;
  head: { time: number; value: number }[];
  first: number;
  last: number;
  phases: Map<string, Histogram>;
  server: Histogram;
  unattributed: Histogram;
  dropped: number;
  /** `iteration_duration`: how long each VU was busy per iteration, requests and the script's own work. */
  iterations: Histogram;
}

const HEAD_KEPT = 32;
const WANTED = ["http_req_duration", "vus", "dropped_iterations", "iteration_duration", METRICS.phaseDuration, METRICS.serverDuration, METRICS.unattributedDuration] as const;

/**
 * Reads one k6 `--out json` file in bounded memory and analyses it per scenario and ladder step,
 * over successful responses with failures beside them: time windows, degradation, cold start,
 * ladder knee and scaling, fast failures and dropped iterations.
 * @example const analysis = await analyseK6Output("run.json.gz", { windowMs: 5000 });
 */
export async function analyseK6Output(file: string, options: AnalyseOptions = {}): Promise<Analysis> {
  const o: Settings & AnalyseOptions = { ...ANALYSE_DEFAULTS, ...options };
  const scopes = new Map<string, ScopeAcc>();
  const scopeOfTags = new WeakMap<K6Tags, ScopeAcc>();
  // k6 samples `vus` about once a second: a series bounded by the run's length, not by its samples.
  const vus: { time: number; value: number }[] = [];
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  let windowOrigin = Number.NaN;
  const droppedByScenario = new Map<string, number>();
  const runWindows = new Map<number, { ok: Histogram; failures: number }>();

  const scopeOf = (tags: K6Tags): ScopeAcc => {
    let scope = scopeOfTags.get(tags);
    if (scope) return scope;
    const scenario = tags.scenario ?? "default";
    const step = tags.step ?? null;
    const key = `${scenario}\u0000${step ?? ""}`;
    scope = scopes.get(key);
    if (scope === undefined) {
      scope = {
        scenario,
        step,
        ok: new Histogram(),
        failed: new Histogram(),
        failedStatuses: new Map(),
        windows: new Map(),
        order: new OrderSample(),
        head: [],
        first: Number.POSITIVE_INFINITY,
        last: Number.NEGATIVE_INFINITY,
        phases: new Map(),
        server: new Histogram(),
        unattributed: new Histogram(),
        dropped: 0,
        iterations: new Histogram(),
      };
      scopes.set(key, scope);
    }
    scopeOfTags.set(tags, scope);
    return scope;
  };

  const read = await readK6Output(
    file,
    (metric, time, value, tags) => {
      if (time < start) start = time;
      if (time > end) end = time;
      if (metric === "http_req_duration") {
        const scope = scopeOf(tags);
        if (time < scope.first) scope.first = time;
        if (time > scope.last) scope.last = time;
        // Window 0 starts at the first sample seen; earlier samples (buffers flushed out of order) go to negative windows.
        if (!Number.isFinite(windowOrigin)) windowOrigin = time;
        const index = Math.floor((time - windowOrigin) / o.windowMs);
        let window = scope.windows.get(index);
        if (window === undefined) {
          window = { ok: new Histogram(), failures: 0, first: time, last: time };
          scope.windows.set(index, window);
        }
        let runWindow = runWindows.get(index);
        if (runWindow === undefined) runWindows.set(index, (runWindow = { ok: new Histogram(), failures: 0 }));
        if (tags.expected_response === "false") runWindow.failures++;
        else runWindow.ok.record(value);
        if (time < window.first) window.first = time;
        if (time > window.last) window.last = time;
        if (tags.expected_response === "false") {
          scope.failed.record(value);
          window.failures++;
          const status = tags.status ?? "0";
          scope.failedStatuses.set(status, (scope.failedStatuses.get(status) ?? 0) + 1);
        } else {
          scope.ok.record(value);
          window.ok.record(value);
          scope.order.add(time, value);
          if (scope.head.length < HEAD_KEPT) scope.head.push({ time, value });
        }
      } else if (metric === "vus") {
        vus.push({ time, value });
      } else if (metric === "dropped_iterations") {
        // k6 tags a dropped iteration with its scenario only, not with the step the scenario's requests carry.
        droppedByScenario.set(tags.scenario ?? "default", (droppedByScenario.get(tags.scenario ?? "default") ?? 0) + value);
      } else if (metric === "iteration_duration") {
        scopeOf(tags).iterations.record(value);
      } else if (metric === METRICS.serverDuration) {
        scopeOf(tags).server.record(value);
      } else if (metric === METRICS.unattributedDuration) {
        scopeOf(tags).unattributed.record(value);
      } else if (tags.phase !== undefined) {
        const phases = scopeOf(tags).phases;
        let h = phases.get(tags.phase);
        if (h === undefined) phases.set(tags.phase, (h = new Histogram()));
        h.record(value);
      }
    },
    { metrics: WANTED, ...(o.onProgress ? { onProgress: o.onProgress } : {}) },
  );

  // Dropped iterations go to the scope of their scenario that sent requests (a ladder step's), so no
  // scope of dropped iterations alone appears beside it.
  for (const [scenario, dropped] of droppedByScenario) {
    const answered = [...scopes.values()].filter((s) => s.scenario === scenario && s.ok.count + s.failed.count > 0);
    (answered[0] ?? scopeOf({ scenario })).dropped += dropped;
  }
  for (const [key, scope] of scopes) {
    if (scope.ok.count + scope.failed.count === 0 && scope.dropped === 0 && scope.phases.size === 0 && scope.server.count === 0) scopes.delete(key);
  }

  const origin = Number.isFinite(start) ? start : 0;
  const seconds = (t: number) => round((t - origin) / 1000, 3);
  // The median of the gauge while the scope answered, so a step's ramp-in and graceful stop do not count.
  const usersBetween = (from: number, to: number): number | null => {
    const inside = vus.filter((v) => v.time >= from && v.time <= to).map((v) => v.value);
    const users = inside.length === 0 ? null : round(median(inside), 2);
    return users === 0 ? null : users; // answering with no VU active: an open model's idle pool between iterations
  };

  const findings: Finding[] = [];
  const reports: ScopeReport[] = [];
  const ordered = [...scopes.values()].sort(
    (a, b) => stepNumber(a.step) - stepNumber(b.step) || a.first - b.first || a.scenario.localeCompare(b.scenario),
  );
  for (const scope of ordered) {
    const requests = scope.ok.count + scope.failed.count;
    const activeMs = Math.max(scope.last - scope.first, 1);
    const report: ScopeReport = {
      scenario: scope.scenario,
      step: scope.step,
      requests,
      successes: scope.ok.count,
      failures: scope.failed.count,
      errorRate: requests === 0 ? 0 : round(scope.failed.count / requests, 4),
      failedStatuses: Object.fromEntries([...scope.failedStatuses].sort()),
      start: Number.isFinite(scope.first) ? seconds(scope.first) : 0,
      end: Number.isFinite(scope.last) ? seconds(scope.last) : 0,
      rps: requests <= 1 ? 0 : round(((requests - 1) * 1000) / activeMs, 2),
      users: Number.isFinite(scope.first) ? usersBetween(scope.first, scope.last) : null,
      latency: latencyOf(scope.ok),
      failedLatency: latencyOf(scope.failed),
      windows: [...scope.windows]
        .sort(([a], [b]) => a - b)
        .map(([index, w]) => {
          const n = w.ok.count + w.failures;
          const windowStart = windowOrigin + index * o.windowMs;
          const span = Math.min(windowStart + o.windowMs, scope.last) - Math.max(windowStart, scope.first);
          return {
            start: seconds(windowStart),
            requests: n,
            failures: w.failures,
            errorRate: round(w.failures / n, 4),
            rps: round((n * 1000) / Math.max(span, Math.min(o.windowMs, 1000)), 2),
            latency: latencyOf(w.ok),
          };
        }),
      phases: [...scope.phases]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([phase, h]) => ({ phase, p50: round(h.percentile(50), 2), p95: round(h.percentile(95), 2), samples: h.count })),
      server: scope.server.count === 0 ? null : latencyOf(scope.server),
      unattributed: scope.unattributed.count === 0 ? null : latencyOf(scope.unattributed),
      droppedIterations: scope.dropped,
    };
    reports.push(report);
    const where = describeScope(scope.scenario, scope.step);
    findings.push(...scopeFindings(scope, report, where, o));
  }

  const ladder = ladderOf(reports, o);
  if (ladder?.brokeAt != null) {
    const broke = ladder.steps.find((s) => s.step === ladder.brokeAt)!;
    const within = ladder.steps.find((s) => s.step === ladder.highestWithinGate);
    findings.push({
      kind: "capacity",
      scope: "ladder",
      message:
        (within
          ? `capacity: step ${within.step} (${load(within)}, ${within.rps} req/s) is the highest step within the gate; `
          : `capacity: no step was within the gate; `) + `step ${broke.step} (${load(broke)}) is outside it: ${broke.broke}`,
      figures: {
        highestWithinGate: ladder.highestWithinGate,
        brokeAt: ladder.brokeAt,
        usersWithinGate: within?.users ?? null,
        rpsWithinGate: within?.rps ?? null,
        usersAtBreak: broke.users,
        rpsAtBreak: broke.rps,
      },
    });
  }
  if (ladder?.kneeAt != null) {
    const knee = ladder.steps.findIndex((s) => s.step === ladder.kneeAt);
    const at = ladder.steps[knee]!;
    const before = ladder.steps[knee - 1];
    findings.push({
      kind: "knee",
      scope: "ladder",
      message:
        `throughput knee (a scaling heuristic, not the gate): ` +
        (before ? `after step ${before.step} (${load(before)}, ${before.rps} req/s), ` : "") +
        `step ${at.step} (${load(at)}, ${at.rps} req/s): ${at.stoppedScaling}`,
      figures: { kneeAt: at.step, usersAtKnee: at.users, rpsAtKnee: at.rps, rpsBefore: before?.rps ?? null },
    });
  }

  return {
    read,
    startedAt: Number.isFinite(start) ? new Date(start).toISOString() : null,
    duration: Number.isFinite(start) ? round((end - start) / 1000, 3) : 0,
    windowMs: o.windowMs,
    scopes: reports,
    ladder,
    findings,
    timeline: [...runWindows]
      .sort(([a], [b]) => a - b)
      .map(([index, w]) => {
        const from = windowOrigin + index * o.windowMs;
        const inside = vus.filter((v) => v.time >= from && v.time < from + o.windowMs).map((v) => v.value);
        const requests = w.ok.count + w.failures;
        return {
          start: seconds(from),
          requests,
          failures: w.failures,
          errorRate: round(w.failures / requests, 4),
          latency: latencyOf(w.ok),
          vus: inside.length === 0 ? null : Math.max(...inside),
        };
      }),
    p95Ms: o.p95Ms ?? null,
  };
}

type Settings = Required<Omit<AnalyseOptions, "p95Ms" | "onProgress">> & Pick<AnalyseOptions, "p95Ms">;

function scopeFindings(scope: ScopeAcc, report: ScopeReport, where: string, o: Settings): Finding[] {
  const found: Finding[] = [];
  const points = scope.order.points().sort((a, b) => a.x - b.x);

  // Degradation: latency rising with time, robustly (rank correlation and Theil-Sen), and by a real factor.
  if (points.length >= 8) {
    const xs = points.map((p) => (p.x - points[0]!.x) / 1000);
    const ys = points.map((p) => p.y);
    const rho = spearman(xs, ys);
    const tenth = Math.max(3, Math.floor(points.length / 10));
    const firstP50 = median(ys.slice(0, tenth));
    const lastP50 = median(ys.slice(-tenth));
    const factor = lastP50 / firstP50;
    if (rho >= o.degradationRho && factor >= o.degradationFactor) {
      const { slope } = theilSen(xs, ys);
      const perRequest = (lastP50 - firstP50) / Math.max(1, scope.order.seen - tenth * scope.order.stride);
      found.push({
        kind: "degradation",
        scope: where,
        message:
          `p50 rose ${fixed(factor, 1)}x from the first ${tenth * scope.order.stride} to the last ${tenth * scope.order.stride} of ${scope.order.seen} successful requests ` +
          `(${formatMsProse(firstP50)} → ${formatMsProse(lastP50)}); trend +${fixed(slope, 1)} ms per second (Theil-Sen), Spearman ρ ${fixed(rho, 2)}`,
        figures: {
          factor: round(factor, 2),
          firstP50: round(firstP50, 2),
          lastP50: round(lastP50, 2),
          slopeMsPerSecond: round(slope, 3),
          msPerRequest: round(perRequest, 2),
          rho: round(rho, 3),
          requests: scope.order.seen,
          requestsPerTenth: tenth * scope.order.stride,
        },
      });
    }
  }

  // Cold start: the scope's first requests against the median of the rest.
  const head = [...scope.head].sort((a, b) => a.time - b.time);
  const n = o.coldStartRequests;
  if (scope.ok.count >= Math.max(10, 3 * n)) {
    const firstMedian = median(head.slice(0, n).map((p) => p.value));
    const steady = points.length > 2 * n ? median(points.filter((p) => p.ordinal >= 2 * n).map((p) => p.y)) : Number.NaN;
    const factor = firstMedian / steady;
    // One cold request among warm ones leaves the median of the first few warm: the first request alone
    // counts when it is the slowest of the first 2n and the factor holds for it.
    const first = head[0]?.value ?? Number.NaN;
    const firstFactor = first / steady;
    const slowestEarly = head.slice(0, 2 * n).every((p) => p.value <= first);
    if (factor >= o.coldStartFactor) {
      found.push({
        kind: "cold-start",
        scope: where,
        message: `first ${n} requests ${fixed(factor, 1)}x slower than the steady median (${formatMsProse(firstMedian)} against ${formatMsProse(steady)})`,
        figures: { factor: round(factor, 2), firstMedian: round(firstMedian, 2), steadyMedian: round(steady, 2), requests: n },
      });
    } else if (firstFactor >= o.coldStartFactor && slowestEarly) {
      found.push({
        kind: "cold-start",
        scope: where,
        message: `the first request ${fixed(firstFactor, 1)}x slower than the steady median (${formatMsProse(first)} against ${formatMsProse(steady)})`,
        figures: { factor: round(firstFactor, 2), firstMedian: round(first, 2), steadyMedian: round(steady, 2), requests: 1 },
      });
    }
  }

  // Fast failures: failures much faster than successes make an all-responses latency gate look better.
  const failures = scope.failed.count;
  if (failures >= 3 && failures >= 0.01 * report.requests) {
    const failedP50 = scope.failed.percentile(50);
    const okP50 = scope.ok.count > 0 ? scope.ok.percentile(50) : Number.NaN;
    if (scope.ok.count === 0 || failedP50 <= o.fastFailureFactor * okP50) {
      const all = new Histogram().merge(scope.ok).merge(scope.failed);
      const pct = fixed(100 * report.errorRate, 1);
      found.push({
        kind: "fast-failure",
        scope: where,
        message:
          scope.ok.count === 0
            ? `all ${failures} responses failed, in a median ${formatMsProse(failedP50)}: a latency gate over all responses (p(95) ${formatMsProse(all.percentile(95))}) would pass on failures alone`
            : `${failures} of ${report.requests} responses failed (${pct}%) in a median ${formatMsProse(failedP50)}, ` +
              `${fixed(okP50 / Math.max(failedP50, 0.001), 1)}x faster than successes (${formatMsProse(okP50)}): ` +
              `http_req_duration p(95) over all responses is ${formatMsProse(all.percentile(95))} against ${formatMsProse(scope.ok.percentile(95))} over successes`,
        figures: {
          failures,
          errorRate: report.errorRate,
          failedP50: round(failedP50, 2),
          successP50: Number.isNaN(okP50) ? null : round(okP50, 2),
          allP95: round(all.percentile(95), 2),
          successP95: scope.ok.count > 0 ? round(scope.ok.percentile(95), 2) : null,
        },
      });
    }
  }

  if (scope.dropped > 0) {
    // k6 starts an arrival only on a free pre-allocated VU (lib/executor/constant_arrival_rate.go): a
    // VU is busy for its whole iteration. When the iteration is about its requests, the target's
    // latency outgrew the pool; when it lasts far longer, the VUs were busy outside the requests.
    const all = new Histogram().merge(scope.ok).merge(scope.failed);
    const requestP50 = all.count > 0 ? all.percentile(50) : Number.NaN;
    const requestP95 = all.count > 0 ? all.percentile(95) : Number.NaN;
    const iterationP50 = scope.iterations.count > 0 ? scope.iterations.percentile(50) : Number.NaN;
    const outside = Number.isFinite(iterationP50) && Number.isFinite(requestP50) && iterationP50 > 2 * requestP50 + 50;
    const head = `${scope.dropped} iterations dropped: k6 starts an iteration only on a free pre-allocated VU, and none was free`;
    found.push({
      kind: "dropped-iterations",
      scope: where,
      message: outside
        ? `${head}. Each iteration kept its VU a median ${formatMsProse(iterationP50)} while its requests took ${formatMsProse(requestP50)}: ` +
          `the VUs were busy outside the requests (the script's own work or sleeps, or a load generator short of CPU); raise preAllocatedVUs, or check the load generator`
        : Number.isFinite(requestP50)
          ? `${head}. Responses took a median ${formatMsProse(requestP50)} (p95 ${formatMsProse(requestP95)}) and kept every VU busy: ` +
            `the target's latency outgrew the VU pool; size it for this latency (expectedLatency at least the p95, or more preAllocatedVUs)`
          : `${head}; raise preAllocatedVUs`,
      figures: {
        droppedIterations: scope.dropped,
        requests: report.requests,
        requestP50: Number.isFinite(requestP50) ? round(requestP50, 2) : null,
        iterationP50: Number.isFinite(iterationP50) ? round(iterationP50, 2) : null,
      },
    });
  }
  return found;
}

function ladderOf(reports: ScopeReport[], o: Settings): Analysis["ladder"] {
  const stepped = reports.filter((r) => r.step !== null && r.requests > 0);
  if (stepped.length < 2) return null;
  const base = stepped[0]!;
  // A step's load: its concurrent users, else its level (an arrival-rate step's rate).
  const loadOf = (r: ScopeReport) => r.users ?? levelOf(r.step);
  const baseLoad = loadOf(base);
  const basePerUser = baseLoad ? base.rps / baseLoad : null;
  let brokeAt: string | null = null;
  let highestWithinGate: string | null = null;
  let kneeAt: string | null = null;
  let previous: { load: number | null; rps: number; step: string } | undefined;
  const steps = stepped.map((r): AnalysedStep => {
    const u = loadOf(r);
    const efficiency = basePerUser && u ? round(r.rps / u / basePerUser, 3) : null;
    // The gate: what a threshold would judge.
    const outside: string[] = [];
    if (r.errorRate > o.maxErrorRate) outside.push(`error rate ${fixed(100 * r.errorRate, 1)}% > ${fixed(100 * o.maxErrorRate, 1)}%`);
    const p95 = r.latency.p95;
    if (p95 === null) outside.push("no successful responses");
    else if (o.p95Ms !== undefined && p95 > o.p95Ms) outside.push(`p(95) ${formatMsProse(p95)} > ${formatMsProse(o.p95Ms)}`);
    // The knee: heuristics about scaling, said apart from the gate.
    const scaling: string[] = [];
    if (p95 !== null && base.latency.p95 !== null && p95 > o.kneeLatencyFactor * base.latency.p95) {
      scaling.push(`p(95) ${formatMsProse(p95)} is ${fixed(p95 / base.latency.p95, 1)}x step ${base.step}'s ${formatMsProse(base.latency.p95)}`);
    }
    if (efficiency !== null && efficiency < o.kneeEfficiency) {
      scaling.push(`throughput per ${r.users === null ? "unit of load" : "user"} fell to ${fixed(100 * efficiency, 0)}% of step ${base.step}'s`);
    }
    if (previous?.load && u && u >= 1.2 * previous.load) {
      const loadGrowth = u / previous.load - 1;
      const rpsGrowth = r.rps / previous.rps - 1;
      if (rpsGrowth < o.kneeMarginalScaling * loadGrowth) {
        scaling.push(`throughput rose ${fixed(100 * rpsGrowth, 0)}% while ${r.users === null ? "the load" : "users"} rose ${fixed(100 * loadGrowth, 0)}% over step ${previous.step}`);
      }
    }
    previous = { load: u, rps: r.rps, step: r.step! };
    const broke = outside.length > 0 ? outside.join("; ") : null;
    const stoppedScaling = scaling.length > 0 ? scaling.join("; ") : null;
    if (broke && brokeAt === null) brokeAt = r.step!;
    if (!broke && brokeAt === null) highestWithinGate = r.step!;
    if (stoppedScaling && kneeAt === null) kneeAt = r.step!;
    return {
      step: r.step!,
      scenario: r.scenario,
      users: r.users,
      level: levelOf(r.step),
      rps: r.rps,
      scaling: round(r.rps / base.rps, 2),
      efficiency,
      p95,
      errorRate: r.errorRate,
      broke,
      stoppedScaling,
    };
  });
  return { steps, highestWithinGate, brokeAt, kneeAt };
}

function levelOf(step: string | null): number | null {
  const n = Number(step);
  return step !== null && step !== "" && Number.isFinite(n) && n > 0 ? n : null;
}

function latencyOf(h: Histogram): Latency {
  if (h.count === 0) return { p50: null, p95: null, p99: null, max: null };
  return { p50: round(h.percentile(50), 2), p95: round(h.percentile(95), 2), p99: round(h.percentile(99), 2), max: round(h.max, 2) };
}

function stepNumber(step: string | null): number {
  if (step === null) return -1;
  const n = Number(step);
  return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
}

/** `scenario sequential`, or `scenario step_3 (step 3)`. */
export function describeScope(scenario: string, step: string | null): string {
  return step === null ? `scenario ${scenario}` : `scenario ${scenario} (step ${step})`;
}

/** A step's load in words: `4 users`, or `level 20` where no users were counted (an arrival-rate step). */
function load(step: Pick<AnalysedStep, "users" | "level">): string {
  if (step.users !== null) return `${fixed(step.users, step.users % 1 === 0 ? 0 : 1)} users`;
  return step.level === null ? "load unknown" : `level ${step.level}`;
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function fixed(n: number, digits: number): string {
  return n.toFixed(digits);
}

