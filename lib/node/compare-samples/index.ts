// Comparing two runs over their samples (k6 JSON output): the reading behind `loadgate compare` for `--out json` files.
export { isK6Output, readRunSamples, READ_RUN_SAMPLES_DEFAULTS } from "./read-run-samples.ts";
export type { ReadRunSamplesOptions } from "./read-run-samples.ts";
export { compareRunFiles, compareSampleFiles, learnNoiseFiles, readNoise } from "./compare-files.ts";
export type { CompareRunFilesOptions } from "./compare-files.ts";
