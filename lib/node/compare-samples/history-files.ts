import { appendFile, readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { historyEntry, parseHistory, type HistoryEntry } from "../../core/verdict/history.ts";
import { readRunSamples } from "./read-run-samples.ts";

/** Appends the history entry of a run (k6 JSON output) to a history file (JSON lines), creating it when missing. */
export async function appendHistory(file: string, run: string, meta: { commit: string; date: string; verdict?: string }): Promise<HistoryEntry> {
  const entry = historyEntry(await readRunSamples(run), meta);
  await appendFile(file, `${JSON.stringify(entry)}\n`);
  return entry;
}

/** Reads a history file; a missing file is an empty history. */
export async function readHistory(file: string): Promise<HistoryEntry[]> {
  if (!existsSync(file)) return [];
  return parseHistory(await readFile(file, "utf8"), file);
}
