// The one home of loadgate's errors: each is an outcome a caller must tell apart, and each message is
// the whole story (it names the file, field or option, what was expected and what was found), so the
// CLI prints it without a stack trace. Run-time outcomes that are results (a failed gate, a regression)
// are data and exit codes, not errors.

/** The base class: `error instanceof LoadgateError` (or {@link isLoadgateError}) catches every error loadgate raises on purpose. */
export class LoadgateError extends Error {
  override name: string = "LoadgateError";
}

/** Whether `error` is one of loadgate's own errors (its message is meant for the user as it is). */
export function isLoadgateError(error: unknown): error is LoadgateError {
  return error instanceof LoadgateError;
}

/** A JSON text could not be parsed; the message names the file, line and column. */
export class JsonSyntaxError extends LoadgateError {
  override name = "JsonSyntaxError" as const;
  /** 1-based line of the first error. */
  readonly line: number;
  /** 1-based column of the first error. */
  readonly column: number;
  constructor(file: string, line: number, column: number, reason: string) {
    super(`${file}:${line}:${column}: invalid JSON: ${reason}`);
    this.line = line;
    this.column = column;
  }
}

/** A preset that cannot be read, validated, resolved or compiled; the message names the file and the JSON path. */
export class PresetError extends LoadgateError {
  override name = "PresetError" as const;
}

/** A script failed to type-check or to bundle; the message lists each problem with file and line. */
export class BuildError extends LoadgateError {
  override name = "BuildError" as const;
}

/** An input file that cannot be used; the message names the file and what is wrong. */
export class InputFileError extends LoadgateError {
  override name = "InputFileError" as const;
}

/** A summary.json that is not one, or cannot be read; the message names the file. */
export class SummaryFileError extends LoadgateError {
  override name = "SummaryFileError" as const;
}

/** A file that cannot be read as k6 JSON output: empty, corrupt gzip, or not k6's format. */
export class K6OutputError extends LoadgateError {
  override name = "K6OutputError" as const;
}

/** The runner files do not make up the run (a runner is missing), or there is nothing to judge. */
export class MergeError extends LoadgateError {
  override name = "MergeError" as const;
}

/** k6 could not be found or built; the message says what to do. */
export class K6NotFoundError extends LoadgateError {
  override name = "K6NotFoundError" as const;
}

/** A mistake on the command line: printed without a stack trace, exit code 2. */
export class UsageError extends LoadgateError {
  override name = "UsageError" as const;
}
