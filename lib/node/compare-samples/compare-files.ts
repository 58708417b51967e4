import { existsSync } from "node:fs";
import { copyFile, readFile, writeFile } from "node:fs/promises";
import { learnNoise, MIN_NOISE_PAIRS, withNoise, type NoiseModel } from "../../core/verdict/noise.ts";
import { InputFileError, UsageError } from "../../core/errors.ts";
import { compareSamples, type CompareSamplesOptions, type SampleComparison } from "../../core/verdict/sample-comparison.ts";
import { renderSampleComparisonMarkdown, renderSampleComparisonText } from "../../core/report/sample-comparison.ts";
import { terminalText } from "../../core/escape/terminal.ts";
import { isK6Output, readRunSamples } from "./read-run-samples.ts";

/** Options of {@link compareRunFiles}. */
export interface CompareRunFilesOptions extends CompareSamplesOptions {
  /** Print the comparison as JSON instead of text. @default false */
  json?: boolean;
  /** Also write the pull-request Markdown summary to this file. @default undefined */
  markdown?: string | undefined;
  /** Copy `current` over `baseline` when it neither regressed nor was inconclusive. @default false */
  updateBaseline?: boolean;
  /** A noise file written by {@link learnNoiseFiles}: its noise between runs widens the intervals. @default undefined */
  noise?: string | undefined;
}

/** Reads a noise file (`loadgate/noise@1`). */
export async function readNoise(file: string): Promise<NoiseModel> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new InputFileError(`${file}: cannot read a noise file (${(error as Error).message})`);
  }
  const model = data as Partial<NoiseModel> | null;
  if (model === null || typeof model !== "object" || model.schema !== "loadgate/noise@1" || typeof model.figures !== "object" || typeof model.pairs !== "number") {
    throw new InputFileError(`${file}: /schema must be "loadgate/noise@1" (written by loadgate compare --learn-noise), got ${JSON.stringify(model?.schema)}`);
  }
  return model as NoiseModel;
}

/**
 * Learns the noise between runs from A/A pairs of k6 JSON output files (`files` = first pair's two
 * runs, then the second's, ...) and writes it to `out`; resolves to the model.
 */
export async function learnNoiseFiles(out: string, files: readonly string[]): Promise<NoiseModel> {
  if (files.length % 2 !== 0 || files.length < 2 * MIN_NOISE_PAIRS) {
    throw new UsageError(`loadgate compare: --learn-noise needs A/A pairs of k6 JSON output files, at least ${MIN_NOISE_PAIRS} pairs (${2 * MIN_NOISE_PAIRS} files), got ${files.length} file(s)`);
  }
  const comparisons: SampleComparison[] = [];
  for (let i = 0; i < files.length; i += 2) comparisons.push(await compareSampleFiles(files[i + 1]!, files[i]!));
  const model = learnNoise(comparisons);
  await writeFile(out, `${JSON.stringify(model, null, 2)}\n`);
  return model;
}

/** Reads two k6 JSON output files and compares their samples (`current` against `baseline`). */
export async function compareSampleFiles(current: string, baseline: string, options: CompareSamplesOptions = {}): Promise<SampleComparison> {
  const [before, after] = await Promise.all([readRunSamples(baseline), readRunSamples(current)]);
  return compareSamples(before, after, options);
}

/**
 * `loadgate compare` over samples: when both files are k6 JSON output, compares them, prints the
 * result (and writes the Markdown) and resolves to the exit code (1 regression, 3 inconclusive, else 0);
 * resolves to undefined when either file is missing or not k6 JSON output, for the summary comparison.
 */
export async function compareRunFiles(current: string, baseline: string, options: CompareRunFilesOptions = {}): Promise<number | undefined> {
  if (!existsSync(current) || !existsSync(baseline)) return undefined;
  // A file that cannot be read is left to the summary comparison, whose errors name it.
  const k6Output = (file: string) => isK6Output(file).catch(() => false);
  if (!(await k6Output(current)) || !(await k6Output(baseline))) return undefined;
  const { json, markdown, updateBaseline, noise, ...compareOptions } = options;
  const raw = await compareSampleFiles(current, baseline, compareOptions);
  const comparison = noise === undefined ? raw : withNoise(raw, await readNoise(noise));
  console.log(json ? JSON.stringify(comparison, null, 2) : renderSampleComparisonText(comparison));
  if (markdown !== undefined) await writeFile(markdown, renderSampleComparisonMarkdown(comparison));
  if (updateBaseline && comparison.verdict !== "regression" && comparison.verdict !== "inconclusive") {
    await copyFile(current, baseline);
    if (!json) console.log(`\nbaseline updated: ${terminalText(baseline)}`);
  }
  return comparison.verdict === "regression" ? 1 : comparison.verdict === "inconclusive" ? 3 : 0;
}
