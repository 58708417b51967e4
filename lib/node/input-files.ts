// Checks on the files a command reads and writes: one clear message for a bad input file, and
// outputs that appear whole or not at all.
import { renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import type { K6OutputRead } from "./analyse/read-k6-output.ts";

/** An input file that cannot be used; the message names the file and what is wrong. */
export class InputFileError extends Error {
  override name = "InputFileError" as const;
}

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

/**
 * An {@link InputFileError} when a k6 JSON output file ends mid-line or mid-gzip-stream (k6 was killed
 * while writing: a clean stop, even on Ctrl+C, ends with a complete line), unless `allowed`.
 */
export function assertCompleteOutput(file: string, read: K6OutputRead, allowed: boolean): void {
  if (allowed) return;
  const hint = "(k6 killed while writing?); pass --allow-truncated to use the complete lines";
  if (read.truncatedLastLine) {
    const { line, bytes } = read.truncatedLastLine;
    throw new InputFileError(`${file}: line ${line} is cut off after ${bytes} bytes: a k6 JSON output file must end with a complete line ${hint}`);
  }
  if (read.gzipEndedEarly) {
    throw new InputFileError(`${file}: the gzip stream ends early: a k6 JSON output file must be a complete gzip stream ${hint}`);
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
