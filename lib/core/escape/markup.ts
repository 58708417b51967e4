// Escaping for HTML and XML: report.html, junit.xml and the `loadgate analyse` page with its SVG.
// Their special characters are the same five; what XML forbids outright (most control characters,
// U+FFFE, U+FFFF, lone surrogates) is what `visible` writes out, so one function serves both.
import { visible } from "./visible.ts";

/**
 * Text that did not come from loadgate, for an element's content or a quoted attribute value in HTML
 * or XML: `& < > " '` as entities and every control character shown (`\x1b`), so the file stays
 * well-formed for the strictest XML parser and no tag, attribute or script can be smuggled in.
 */
export function markupText(text: string): string {
  return visible(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
