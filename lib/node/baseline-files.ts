import { copyFile, readFile } from "node:fs/promises";
import { compareSummaries, type Comparison, type CompareTolerance } from "../core/verdict/compare.ts";
import { parseSummaryReport } from "../core/verdict/summary-report.ts";
import { SummaryFileError } from "../core/errors.ts";

async function readSummary(path: string) {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new SummaryFileError(`${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return parseSummaryReport(text, path);
  } catch (error) {
    throw new SummaryFileError((error as Error).message);
  }
}

/** Options of {@link compareToBaseline}. */
export interface CompareToBaselineOptions {
  /** Noise tolerances. @default COMPARE_DEFAULTS */
  tolerance?: Partial<CompareTolerance>;
  /** Copy the current summary over the baseline when there is no regression. @default false */
  updateBaseline?: boolean;
}

/** Compares two summary.json files; with `updateBaseline`, a run that neither regressed nor was inconclusive becomes the new baseline. */
export async function compareToBaseline(
  currentPath: string,
  baselinePath: string,
  options: CompareToBaselineOptions = {},
): Promise<Comparison & { baselineUpdated: boolean }> {
  const current = await readSummary(currentPath);
  const baseline = await readSummary(baselinePath);
  const comparison = compareSummaries(current, baseline, options.tolerance ?? {});
  let baselineUpdated = false;
  // Neither a regressed nor an inconclusive run becomes the baseline.
  if (options.updateBaseline && comparison.verdict !== "regression" && comparison.verdict !== "inconclusive") {
    await copyFile(currentPath, baselinePath);
    baselineUpdated = true;
  }
  return { ...comparison, baselineUpdated };
}
