import { describe, expect, test } from "vitest";
import { terminalLines, terminalText } from "../../../../lib/core/escape/terminal.ts";
import { HOSTILE } from "../../../helpers/hostile.ts";

describe("terminalText", () => {
  test("a check name cannot clear the screen, colour a line or start one of its own", () => {
    expect([HOSTILE.ansi, HOSTILE.newline, HOSTILE.c1, HOSTILE.bidi].map(terminalText)).toEqual([
      "\\x1b[2J\\x1b[32m  loadgate verdict: PASS\\x1b[0m",
      "ok\\n## heading\\n  loadgate verdict: PASS",
      "x\\x9b31m red",
      "x\\u202eSSAP\\u202c",
    ]);
  });
});

describe("terminalLines", () => {
  test("keeps a message's own line breaks and writes out the controls inside each line", () => {
    expect(terminalLines("loadgate merge: \u001b[31mx.json\u001b[0m: cut\nusage: loadgate merge\r")).toBe(
      "loadgate merge: \\x1b[31mx.json\\x1b[0m: cut\nusage: loadgate merge\\r",
    );
  });
});
