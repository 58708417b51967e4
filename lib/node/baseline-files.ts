import { copyFile, readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { compareSummaries, type Comparison, type CompareTolerance } from "../core/verdict/compare.ts";
import { parseSummaryReport } from "../core/verdict/summary-report.ts";
import { SummaryFileError } from "../core/errors.ts";

/** Reads a summary.json, gzip-compressed or not; a missing file is named as such. */
export async function readSummary(path: string) {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SummaryFileError(code === "ENOENT" ? `${path}: no such file (ENOENT)` : `${path}: cannot read (${code ?? (error as Error).message})`);
  }
  // A gzip file starts with 1f 8b: read it as text, it would print binary bytes in the error.
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new SummaryFileError(`${path}: a gzip file that cannot be decompressed (${(error as Error).message})`);
    }
  }
  const text = bytes.toString("utf8");
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
