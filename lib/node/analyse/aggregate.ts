import { Histogram } from "../../core/stats/histogram.ts";
import type { MetricStats } from "../../core/thresholds/evaluate.ts";
import { readK6Output, type K6MetricInfo, type K6OutputRead, type K6Tags, type ReadK6OutputOptions } from "./read-k6-output.ts";
import { tagSetKey } from "../../core/vocabulary/metric-key.ts";

/** Everything one metric's samples with one tag set add up to; mergeable across files and runners. */
export interface SeriesAggregate extends MetricStats {
  metric: string;
  /** The kept tags of the series (see {@link AggregateOptions.keepTags}). */
  tags: Record<string, string>;
  lastTime: number;
  firstTime: number;
}

/** Options of {@link aggregateK6Output}. */
export interface AggregateOptions extends Pick<ReadK6OutputOptions, "metrics" | "onProgress"> {
  /** Tags that split series; the others are dropped before grouping (e.g. drop `url`). @default every tag */
  keepTags?: readonly string[];
}

/** Adds series `s` into `target`: counts, sums, extremes, the latest value and the histogram. */
function addSeries(target: SeriesAggregate, s: SeriesAggregate): void {
  target.count += s.count;
  target.sum += s.sum;
  target.min = Math.min(target.min, s.min);
  target.max = Math.max(target.max, s.max);
  target.nonZero += s.nonZero;
  if (s.lastTime >= target.lastTime) {
    target.lastTime = s.lastTime;
    target.last = s.last;
  }
  target.firstTime = Math.min(target.firstTime, s.firstTime);
  if (s.histogram) (target.histogram ??= new Histogram()).merge(s.histogram);
}

/** Per-metric, per-tag-set aggregates of one or more k6 JSON output files. */
export class K6Aggregate {
  /** Metric declarations, by name (the first file's wins). */
  readonly metrics = new Map<string, K6MetricInfo>();
  /** Series by metric name, then by tag key (`name=value` pairs sorted by name, joined by `,`). */
  readonly series = new Map<string, Map<string, SeriesAggregate>>();
  /** One entry per file read. */
  readonly reads: K6OutputRead[] = [];
  private readonly keepTags: readonly string[] | undefined;
  private readonly keys = new WeakMap<K6Tags, { key: string; tags: Record<string, string> }>();

  constructor(keepTags?: readonly string[]) {
    this.keepTags = keepTags;
  }

  /** Adds one sample (a {@link K6SampleHandler}). */
  readonly add = (metric: string, time: number, value: number, tags: K6Tags): void => {
    let byTags = this.series.get(metric);
    if (byTags === undefined) {
      byTags = new Map();
      this.series.set(metric, byTags);
    }
    let projected = this.keys.get(tags);
    if (projected === undefined) {
      projected = tagKey(tags, this.keepTags);
      this.keys.set(tags, projected);
    }
    let series = byTags.get(projected.key);
    if (series === undefined) {
      series = emptySeries(metric, projected.tags, this.histogramFor(metric));
      byTags.set(projected.key, series);
    }
    series.count++;
    series.sum += value;
    if (value < series.min) series.min = value;
    if (value > series.max) series.max = value;
    if (value !== 0) series.nonZero++;
    if (time >= series.lastTime) {
      series.lastTime = time;
      series.last = value;
    }
    if (time < series.firstTime) series.firstTime = time;
    series.histogram?.record(value);
  };

  /** Adds every series of `other` (another file, another runner) to this aggregate. */
  merge(other: K6Aggregate): this {
    for (const [name, info] of other.metrics) if (!this.metrics.has(name)) this.metrics.set(name, info);
    this.reads.push(...other.reads);
    for (const [metric, byTags] of other.series) {
      let mine = this.series.get(metric);
      if (mine === undefined) {
        mine = new Map();
        this.series.set(metric, mine);
      }
      for (const [key, s] of byTags) {
        const target = mine.get(key);
        if (target === undefined) {
          mine.set(key, { ...s, tags: { ...s.tags }, ...(s.histogram ? { histogram: new Histogram().merge(s.histogram) } : {}) });
          continue;
        }
        addSeries(target, s);
      }
    }
    return this;
  }

  /**
   * One series combining every series of `metric` whose tags include all of `filter`
   * (k6's sub-metric selection: `http_req_duration{expected_response:true}`), or undefined when none match.
   */
  select(metric: string, filter: Readonly<Record<string, string>> = {}): SeriesAggregate | undefined {
    let combined: SeriesAggregate | undefined;
    for (const s of this.series.get(metric)?.values() ?? []) {
      if (!Object.entries(filter).every(([k, v]) => s.tags[k] === v)) continue;
      combined ??= emptySeries(metric, { ...filter }, s.histogram ? new Histogram() : undefined);
      addSeries(combined, s);
    }
    return combined;
  }

  private histogramFor(metric: string): Histogram | undefined {
    const type = this.metrics.get(metric)?.type;
    return type === undefined || type === "trend" ? new Histogram() : undefined;
  }
}

function emptySeries(metric: string, tags: Record<string, string>, histogram: Histogram | undefined): SeriesAggregate {
  return {
    metric,
    tags,
    count: 0,
    sum: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
    nonZero: 0,
    last: Number.NaN,
    lastTime: Number.NEGATIVE_INFINITY,
    firstTime: Number.POSITIVE_INFINITY,
    ...(histogram ? { histogram } : {}),
  };
}

/** The grouping key of a tag set: kept `name=value` pairs sorted by name, joined by `,`. */
export function tagKey(tags: K6Tags, keep?: readonly string[]): { key: string; tags: Record<string, string> } {
  const kept: Record<string, string> = {};
  for (const name of Object.keys(tags).sort()) if (keep === undefined || keep.includes(name)) kept[name] = tags[name]!;
  return { key: tagSetKey(kept), tags: kept };
}

/**
 * Reads k6 JSON output files one after another into one {@link K6Aggregate}: per metric, per tag set,
 * counts, sums, extremes, non-zero counts (rates) and mergeable histograms (trends).
 * @example const run = await aggregateK6Output(["runner-1.json.gz", "runner-2.json.gz"], { keepTags: ["scenario", "expected_response"] });
 */
export async function aggregateK6Output(files: readonly string[], options: AggregateOptions = {}): Promise<K6Aggregate> {
  const aggregate = new K6Aggregate(options.keepTags);
  for (const file of files) {
    // Metric declarations arrive before their first sample, so the type is known when a series starts.
    const read = await readK6Output(
      file,
      (metric, time, value, tags) => {
        aggregate.add(metric, time, value, tags);
      },
      {
        ...(options.metrics ? { metrics: options.metrics } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        onMetric: (info) => {
          if (!aggregate.metrics.has(info.name)) aggregate.metrics.set(info.name, info);
        },
      },
    );
    aggregate.reads.push(read);
  }
  return aggregate;
}
