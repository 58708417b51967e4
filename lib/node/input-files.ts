// Checks on the files a command reads and writes: one clear message for a bad input file, and
// outputs that appear whole or not at all.
import { renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import type { K6OutputRead } from "./analyse/read-k6-output.ts";
import { InputFileError } from "../core/errors.ts";

/** Throws an {@link InputFileError} unless every path is an existing regular file. */
export function assertInputFiles(files: readonly string[]): void {
  for (const file of files) {
    let isFile: boolean;
    try {
      isFile = statSync(file).isFile();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "error";
      throw new InputFileError(`${file}: cannot read the file (${code === "ENOENT" ? "no such file, ENOENT" : code})`);
    }
    if (!isFile) throw new InputFileError(`${file}: expected a file, got a directory or special file`);
  }
}

/** What is wrong when a k6 JSON output file ends mid-line or mid-gzip-stream (k6 killed while writing), else undefined. */
export function truncationProblem(file: string, read: K6OutputRead): string | undefined {
  if (read.truncatedLastLine) {
    const { line, bytes } = read.truncatedLastLine;
    return `${file}: line ${line} is cut off after ${bytes} bytes (k6 killed while writing?)`;
  }
  if (read.gzipEndedEarly) return `${file}: the gzip stream ends early (k6 killed while writing?)`;
  return undefined;
}

/**
 * An {@link InputFileError} when a k6 JSON output file was cut off (a clean stop, even on Ctrl+C,
 * ends with a complete line), unless `allowed`: a verdict over missing samples could pass.
 */
export function assertCompleteOutput(file: string, read: K6OutputRead, allowed: boolean): void {
  const problem = allowed ? undefined : truncationProblem(file, read);
  if (problem !== undefined) {
    throw new InputFileError(`${problem}: a verdict needs complete files; pass --allow-truncated to judge the complete lines`);
  }
}

/** Writes `text` to a temporary name beside `path`, then renames it: readers never see half a file. */
export function writeFileWhole(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.partial`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
