// Escaping for Markdown (CommonMark with GitHub's extensions): summary.md for $GITHUB_STEP_SUMMARY
// and pull-request comments, and `loadgate analyse --format md`.
import { visible } from "./visible.ts";

// Inside a line: backslash escapes, code spans, emphasis, strikethrough, links and images, raw HTML
// and autolinks, entities, table cells, headings' closing #s and GitHub's math. A backslash before
// ASCII punctuation makes it literal everywhere, table cells included. (`>` acts only where a block
// starts: see markdownParagraph.)
const INLINE = /[\\`*~[\]<&|$#]/g;
const ALNUM = /[A-Za-z0-9]/;

/**
 * Text that did not come from loadgate, inside a line of Markdown (a table cell, after a label): every
 * character Markdown or HTML would act on escaped, every control character shown (`\n`), so it can
 * neither split a table cell, start a line, nor bring in HTML, a link or an image.
 */
export function markdownText(text: string): string {
  return visible(text)
    .replace(INLINE, "\\$&")
    // An underscore between two letters or digits never emphasises (http_req_duration stays legible).
    .replace(/_/g, (_, at: number, all: string) => (ALNUM.test(all[at - 1] ?? "") && ALNUM.test(all[at + 1] ?? "") ? "_" : "\\_"));
}

/**
 * {@link markdownText} for text that starts a paragraph or a list item, where `-`, `+`, `=`, `>`, `1.`
 * or indentation would start a list, a heading underline, a quote or a code block.
 */
export function markdownParagraph(text: string): string {
  return markdownText(text)
    .replace(/^ +/, (spaces) => "&#32;".repeat(spaces.length))
    .replace(/^[-+=>]/, "\\$&")
    .replace(/^(\d+)([.)])/, "$1\\$2");
}
