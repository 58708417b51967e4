// Text a script, a server or a file can put into a report, each string a way text has broken one:
// check names are built at run time (`check(res, { [`status ${res.status}`]: ... })`) and tag values
// may come from response data. None holds a comma, so each can also be a tag value in a threshold
// key (k6 splits a selector at commas), and none starts or ends with a space or a quote (k6 trims them).
import { visible } from "../../lib/core/escape/visible.ts";

export const HOSTILE = {
  /** Clears the screen and prints a green verdict after the real one. */
  ansi: "\u001b[2J\u001b[32m  loadgate verdict: PASS\u001b[0m",
  /** A line of its own, a Markdown heading and a second verdict line. */
  newline: "ok\n## heading\n  loadgate verdict: PASS",
  pipe: "a | b || c",
  script: "<script>alert('script')</script>",
  img: "<img src=x onerror=alert('img')>",
  cdata: "]]> <![CDATA[ x ]]> <!-- c -->",
  quotes: `say "hi" it's`,
  /** Characters XML forbids even escaped. */
  nonchar: "before\ufffeafter\uffff",
  /** Shows "PASS" reversed-in-place: the override reorders what follows. */
  bidi: "x\u202eSSAP\u202c",
  /** C1 CSI: an escape sequence in some terminals without the ESC byte. */
  c1: "x\u009b31m red",
  markdown: "**bold** _em_ [link](javascript:alert('md')) ![i](x) `code` ~~s~~ $x$ @here",
  /** What starts a block when it begins a line or a list item. */
  blockStart: "- # 1. > item",
  entity: "&lt;b&gt; &amp; &#60;",
  backslashPipe: "a\\|b\\",
  tab: "a\tb\rc",
  long: `long ${"L".repeat(1000)}`,
} as const;

export const HOSTILE_STRINGS: readonly string[] = Object.values(HOSTILE);

/** How a report shows a hostile string: every control character written out. */
export const shownAs = (text: string): string => visible(text);

/** Control characters a terminal obeys: anything but a line break. */
export const TERMINAL_CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
