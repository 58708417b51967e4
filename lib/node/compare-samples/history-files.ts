import { appendFile, readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { historyEntry, historyEntryFromSummary, parseHistory, type HistoryEntry } from "../../core/verdict/history.ts";
import { readSummary } from "../baseline-files.ts";
import { UsageError } from "../../core/errors.ts";
import { isK6Output, readRunSamples } from "./read-run-samples.ts";

/**
 * Appends the history entry of a run to a history file (JSON lines), creating it when missing. `run` is
 * the run's summary.json (its verdict and k6's percentiles are recorded) or its k6 JSON output
 * (percentiles of the samples; the verdict only when `meta.verdict` gives it).
 */
export async function appendHistory(file: string, run: string, meta: { commit: string; date: string; verdict?: string }): Promise<HistoryEntry> {
  let entry: HistoryEntry;
  if (await isK6Output(run).catch(() => false)) entry = historyEntry(await readRunSamples(run), meta);
  else {
    const report = await readSummary(run);
    if (meta.verdict !== undefined && meta.verdict !== report.verdict) {
      throw new UsageError(`loadgate history: --verdict ${meta.verdict} given for ${run}, a summary.json whose verdict is ${report.verdict}`);
    }
    entry = historyEntryFromSummary(report, meta);
  }
  await appendFile(file, `${JSON.stringify(entry)}\n`);
  return entry;
}

/** Reads a history file; a missing file is an empty history. */
export async function readHistory(file: string): Promise<HistoryEntry[]> {
  if (!existsSync(file)) return [];
  return parseHistory(await readFile(file, "utf8"), file);
}
