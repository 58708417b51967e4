import { analyse } from "./commands/analyse.ts";
import { build } from "./commands/build.ts";
import { compare } from "./commands/compare.ts";
import { history } from "./commands/history.ts";
import { demo } from "./commands/demo.ts";
import { init } from "./commands/init.ts";
import { k6 } from "./commands/k6.ts";
import { merge } from "./commands/merge.ts";
import { operator } from "./commands/operator.ts";
import { presets } from "./commands/presets.ts";
import type { Command } from "./commands/shared.ts";
import { target } from "./commands/target.ts";
import { isLoadgateError, UsageError } from "../core/errors.ts";
import { terminalLines } from "../core/escape/terminal.ts";

/** Every `loadgate` command, in the order `loadgate --help` lists them. */
export const COMMANDS: readonly Command[] = [init, build, demo, target, k6, presets, compare, history, analyse, merge, operator];

function help(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  const lines = COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return `usage: loadgate <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nloadgate <command> --help shows a command's options.`;
}

/** Runs the CLI with `argv` (without node and the script) and resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(help());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    console.error(`loadgate: unknown command ${JSON.stringify(name)}\n\n${help()}`);
    return 2;
  }
  if (args.includes("--help") || args.includes("-h")) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    // A message may quote a file name or a value as given: shown, never obeyed by the terminal.
    if (error instanceof UsageError) {
      console.error(terminalLines(error.message));
      return 2;
    }
    const code = (error as NodeJS.ErrnoException).code;
    // loadgate's own errors and missing files: the message is the whole story, printed without a stack trace.
    if (isLoadgateError(error) || code === "ENOENT" || code === "EACCES" || code === "EISDIR") {
      console.error(terminalLines(`loadgate ${name}: ${(error as Error).message}`));
      return 1;
    }
    throw error;
  }
}
