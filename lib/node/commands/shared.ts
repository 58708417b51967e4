import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../../core/errors.ts";

/** One `loadgate <name>` command. */
export interface Command {
  name: string;
  /** One line for `loadgate --help`. */
  summary: string;
  /** The text `loadgate <name> --help` prints. */
  usage: string;
  /** Runs the command and resolves with its exit code. */
  run(args: string[]): Promise<number>;
}

/** node:util parseArgs in strict mode; an unknown flag becomes a {@link UsageError} with the usage. */
export function parse<T extends NonNullable<ParseArgsConfig["options"]>>(
  command: Pick<Command, "name" | "usage">,
  args: string[],
  options: T,
  allowPositionals = true,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: boolean; strict: true }>> {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(`loadgate ${command.name}: ${(error as Error).message}\n${command.usage}`);
  }
}

/** A numeric flag value >= `min`, or a {@link UsageError} naming the flag and the value. */
export function numberFlag(command: string, flag: string, text: string | undefined, fallback: number, min = 0): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || n < min) {
    throw new UsageError(`loadgate ${command}: --${flag} must be a number >= ${min}, got ${JSON.stringify(text)}`);
  }
  return n;
}

/** Resolves when SIGINT or SIGTERM arrives; keeps the process alive until then. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    // Signal listeners alone do not keep Node running (a `down` target listens on nothing).
    const keepAlive = setInterval(() => {}, 1 << 30);
    const stop = (signal: NodeJS.Signals) => () => {
      clearInterval(keepAlive);
      resolve(signal);
    };
    process.once("SIGINT", stop("SIGINT"));
    process.once("SIGTERM", stop("SIGTERM"));
  });
}
