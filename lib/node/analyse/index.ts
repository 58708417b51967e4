// "loadgate/analyse": reading and analysing k6 `--out json` output in Node, the API `loadgate analyse` and `loadgate merge` build on.
export { readK6Output } from "./read-k6-output.ts";
export type { K6MetricInfo, K6OutputRead, K6SampleHandler, K6Tags, ReadK6OutputOptions } from "./read-k6-output.ts";
export { aggregateK6Output, K6Aggregate, tagKey } from "./aggregate.ts";
export type { AggregateOptions, SeriesAggregate } from "./aggregate.ts";
export { analyseK6Output, ANALYSE_DEFAULTS, describeScope, FINDING_KINDS } from "./analyse.ts";
export type { AnalyseOptions, Analysis, Finding, FindingKind, AnalysedStep, Latency, RunWindow, ScopeReport, WindowReport } from "./analyse.ts";
export { ANALYSE_FORMATS, renderAnalysis, renderAnalysisHtml, renderAnalysisJson, renderAnalysisMarkdown, renderAnalysisText } from "./render.ts";
export type { AnalyseFormat } from "./render.ts";
export { K6OutputError } from "../../core/errors.ts";
// Two runs compared over their samples, the noise learned from A/A pairs, and run history files.
export { isK6Output, readRunSamples, READ_RUN_SAMPLES_DEFAULTS } from "../compare-samples/read-run-samples.ts";
export type { ReadRunSamplesOptions } from "../compare-samples/read-run-samples.ts";
export { compareSampleFiles, learnNoiseFiles, readNoise } from "../compare-samples/compare-files.ts";
export { appendHistory, readHistory } from "../compare-samples/history-files.ts";
