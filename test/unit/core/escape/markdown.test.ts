import { marked } from "marked";
import { describe, expect, test } from "vitest";
import { markdownParagraph, markdownText } from "../../../../lib/core/escape/markdown.ts";
import { HOSTILE_STRINGS, shownAs } from "../../../helpers/hostile.ts";

const html = (markdown: string) => marked.parse(markdown, { async: false });
/** The text of an HTML fragment, entities decoded, as a browser shows it. */
const textOf = (fragment: string) =>
  fragment
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#32;/g, " ")
    .replace(/&amp;/g, "&")
    .trim();

describe("markdownText", () => {
  test("escapes what Markdown or HTML would act on, and leaves a metric name legible", () => {
    expect(
      ["http_req_duration{expected_response:true}", "p(95)<500", "_em_ *b* `c` [l](u) a|b \\ ~s~ $x$ #1 &amp;", "a\nb"].map(markdownText),
    ).toEqual([
      "http_req_duration{expected_response:true}",
      "p(95)\\<500",
      "\\_em\\_ \\*b\\* \\`c\\` \\[l\\](u) a\\|b \\\\ \\~s\\~ \\$x\\$ \\#1 \\&amp;",
      "a\\\\nb",
    ]);
  });

  test("every hostile string in a table cell stays one cell, shown as written, with no element of its own", () => {
    for (const text of HOSTILE_STRINGS) {
      const rendered = html(`| a | b |\n| --- | --- |\n| ${markdownText(text)} | end |\n`);
      const cells = [...rendered.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => m[1] ?? "");
      expect(cells.map(textOf), JSON.stringify(text)).toEqual([shownAs(text), "end"]);
      expect(cells[0], JSON.stringify(text)).not.toMatch(/<(?!\/?code>)/);
    }
  });
});

describe("markdownParagraph", () => {
  test("text that starts a list item cannot start a list, a heading, a quote or a code block", () => {
    for (const text of [...HOSTILE_STRINGS, "- x", "+ x", "= x", "> x", "1. x", "2) x", "    indented", "---", "***", "___"]) {
      const rendered = html(`- ${markdownParagraph(text)}\n`);
      expect(rendered, JSON.stringify(text)).toMatch(/^<ul>\n<li>[^<]*<\/li>\n<\/ul>\n$/);
      // Leading spaces are kept as entities; the list item trims nothing else.
      expect(textOf(rendered), JSON.stringify(text)).toBe(shownAs(text).trim());
    }
  });
});
