// Escaping for the terminal: the k6 summary on stdout, `loadgate merge`, `compare` and `analyse`.
import { visible } from "./visible.ts";

/**
 * Text that did not come from loadgate, as a terminal must print it: every control character shown
 * (`\x1b[2J`, `\n`), never obeyed, so a check name can neither clear the screen, colour a line nor
 * start one of its own (a second `loadgate verdict:` line).
 */
export function terminalText(text: string): string {
  return visible(text);
}

/** A message of several lines (an error with its usage), each line as {@link terminalText} shows it. */
export function terminalLines(text: string): string {
  return text.split("\n").map(visible).join("\n");
}
