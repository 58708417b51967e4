import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import type { RunSamples, ScopeSamples } from "../../core/verdict/sample-comparison.ts";
import { METRICS } from "../../core/vocabulary/metric-names.ts";
import { seededRandom, type Random } from "../../core/stats/random.ts";
import { readK6Output } from "../analyse/read-k6-output.ts";

/** Options of {@link readRunSamples}. */
export interface ReadRunSamplesOptions {
  /**
   * Values kept per series (a scope's durations, or one phase of it); beyond it a seeded uniform
   * reservoir sample of this size is kept, so memory stays bounded whatever the run's length. @default 200000
   */
  maxSamples?: number;
  /**
   * Width of the time blocks a scope's durations are grouped in, ms from the run's first sample: requests
   * that complete in one block share the machine's state, and their spread across blocks widens the
   * comparison's intervals (`designEffect`). @default 250
   */
  blockMs?: number;
}

export const READ_RUN_SAMPLES_DEFAULTS = { maxSamples: 200_000, blockMs: 250 } as const satisfies Required<ReadRunSamplesOptions>;

/** A growable array of numbers, each with its time, that keeps a uniform reservoir sample once it is full (algorithm R). */
class Reservoir {
  seen = 0;
  private values = new Float64Array(64);
  private times = new Float64Array(64);
  private length = 0;
  private readonly cap: number;
  private readonly random: Random;
  constructor(cap: number, random: Random) {
    this.cap = cap;
    this.random = random;
  }

  add(value: number, time: number): void {
    this.seen++;
    if (this.length < this.cap) {
      if (this.length === this.values.length) {
        const size = Math.min(this.cap, this.values.length * 2);
        const values = new Float64Array(size);
        const times = new Float64Array(size);
        values.set(this.values);
        times.set(this.times);
        this.values = values;
        this.times = times;
      }
      this.times[this.length] = time;
      this.values[this.length++] = value;
      return;
    }
    const at = Math.floor(this.random() * this.seen);
    if (at < this.cap) {
      this.values[at] = value;
      this.times[at] = time;
    }
  }

  sorted(): Float64Array {
    return this.values.slice(0, this.length).sort();
  }

  /** Earliest time kept (Infinity when empty). */
  first(): number {
    let first = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.length; i++) first = Math.min(first, this.times[i]!);
    return first;
  }

  /** The values ascending, with the time block (`blockMs` wide, counted from `start`) of each. */
  sortedWithBlocks(start: number, blockMs: number): { values: Float64Array; blocks: Uint32Array } {
    const order = Array.from({ length: this.length }, (_, i) => i).sort((a, b) => this.values[a]! - this.values[b]!);
    const values = new Float64Array(this.length);
    const blocks = new Uint32Array(this.length);
    order.forEach((from, to) => {
      values[to] = this.values[from]!;
      blocks[to] = Math.floor((this.times[from]! - start) / blockMs);
    });
    return { values, blocks };
  }
}

interface ScopeBuilder {
  requests: number;
  durations: Reservoir;
  phases: Map<string, Reservoir>;
}

/**
 * Reads the samples a comparison needs from one k6 `--out json` file (gzip or not), in bounded memory:
 * per scenario, every request, the durations of successful responses and the Server-Timing phases
 * loadgate recorded, plus k6's dropped iterations.
 * @example const samples = await readRunSamples("run.json.gz");
 */
export async function readRunSamples(file: string, options: ReadRunSamplesOptions = {}): Promise<RunSamples> {
  const { maxSamples, blockMs } = { ...READ_RUN_SAMPLES_DEFAULTS, ...options };
  if (!(blockMs > 0)) throw new RangeError(`readRunSamples(): \`blockMs\` must be > 0, got ${blockMs}`);
  // One seeded generator per file: the same file always keeps the same reservoir.
  const random = seededRandom(18);
  const scopes = new Map<string, ScopeBuilder>();
  let droppedIterations = 0;
  const scopeOf = (scenario: string | undefined): ScopeBuilder => {
    const name = scenario === undefined || scenario === "" ? "run" : `scenario:${scenario}`;
    let scope = scopes.get(name);
    if (scope === undefined) {
      scope = { requests: 0, durations: new Reservoir(maxSamples, random), phases: new Map() };
      scopes.set(name, scope);
    }
    return scope;
  };
  await readK6Output(
    file,
    (metric, time, value, tags) => {
      if (metric === "http_req_duration") {
        const scope = scopeOf(tags.scenario);
        scope.requests++;
        if (tags.expected_response === "true") scope.durations.add(value, time);
      } else if (metric === METRICS.phaseDuration) {
        const phase = tags.phase;
        if (phase === undefined) return;
        const phases = scopeOf(tags.scenario).phases;
        let reservoir = phases.get(phase);
        if (reservoir === undefined) {
          reservoir = new Reservoir(maxSamples, random);
          phases.set(phase, reservoir);
        }
        reservoir.add(value, time);
      } else if (metric === "dropped_iterations") {
        droppedIterations += value;
      }
    },
    { metrics: ["http_req_duration", METRICS.phaseDuration, "dropped_iterations"] },
  );
  let sampled = false;
  const start = Math.min(...[...scopes.values()].map((scope) => scope.durations.first()));
  const list: ScopeSamples[] = [...scopes.entries()]
    .filter(([, scope]) => scope.requests > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, scope]) => {
      if (scope.durations.seen > maxSamples) sampled = true;
      const phases: Record<string, Float64Array> = {};
      for (const [phase, reservoir] of [...scope.phases.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (reservoir.seen > maxSamples) sampled = true;
        phases[phase] = reservoir.sorted();
      }
      const { values, blocks } = scope.durations.sortedWithBlocks(start, blockMs);
      return { scope: name, requests: scope.requests, durations: values, blocks, phases };
    });
  return { file, scopes: list, droppedIterations, sampled };
}

/**
 * Whether `file` holds k6 JSON output (a `Metric` or `Point` line first, gzip or not) rather than a
 * summary.json; reads only its first bytes.
 */
export async function isK6Output(file: string): Promise<boolean> {
  const source = createReadStream(file, { start: 0, end: 65535 });
  const head = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    source.on("data", (chunk) => chunks.push(chunk as Buffer));
    source.on("end", () => resolve(Buffer.concat(chunks)));
    source.on("error", reject);
  });
  let text: string;
  if (head[0] === 0x1f && head[1] === 0x8b) {
    text = await new Promise<string>((resolve) => {
      const gunzip = createGunzip();
      const out: Buffer[] = [];
      gunzip.on("data", (chunk: Buffer) => out.push(chunk));
      // A prefix of a gzip stream ends early: what was inflated is enough.
      gunzip.on("error", () => resolve(Buffer.concat(out).toString("utf8")));
      gunzip.on("end", () => resolve(Buffer.concat(out).toString("utf8")));
      gunzip.end(head);
    });
  } else {
    text = head.toString("utf8");
  }
  return text.startsWith('{"metric":"') || text.startsWith('{"type":"Metric"');
}
