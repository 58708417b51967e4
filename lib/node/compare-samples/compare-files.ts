import { existsSync } from "node:fs";
import { copyFile, writeFile } from "node:fs/promises";
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
  const { json, markdown, updateBaseline, ...compareOptions } = options;
  const comparison = await compareSampleFiles(current, baseline, compareOptions);
  console.log(json ? JSON.stringify(comparison, null, 2) : renderSampleComparisonText(comparison));
  if (markdown !== undefined) await writeFile(markdown, renderSampleComparisonMarkdown(comparison));
  if (updateBaseline && comparison.verdict !== "regression" && comparison.verdict !== "inconclusive") {
    await copyFile(current, baseline);
    if (!json) console.log(`\nbaseline updated: ${terminalText(baseline)}`);
  }
  return comparison.verdict === "regression" ? 1 : comparison.verdict === "inconclusive" ? 3 : 0;
}
