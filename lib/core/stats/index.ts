// Pure statistics for the analyser and the merger: mergeable histograms and robust trends.
export { Histogram, HISTOGRAM_PRECISION, HISTOGRAM_ZERO } from "./histogram.ts";
export type { HistogramData } from "./histogram.ts";
export { OrderSample } from "./order-sample.ts";
export type { OrderPoint } from "./order-sample.ts";
export { median, medianInterval, nearestRank, pearson, percentile, ranks, sorted, spearman, theilSen } from "./robust.ts";
export type { Line, MedianInterval } from "./robust.ts";
