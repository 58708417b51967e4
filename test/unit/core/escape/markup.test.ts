import { SaxesParser } from "saxes";
import { describe, expect, test } from "vitest";
import { markupText } from "../../../../lib/core/escape/markup.ts";
import { HOSTILE_STRINGS, shownAs } from "../../../helpers/hostile.ts";

/** The text of `<r a="...">...</r>` as a strict XML 1.0 parser reads it back: [attribute, content]. */
function readBack(escaped: string): [string, string] {
  const parser = new SaxesParser();
  let attribute = "";
  let content = "";
  parser.on("opentag", (tag) => (attribute = String(tag.attributes["a"])));
  parser.on("text", (text) => (content += text));
  parser.write(`<r a="${escaped}">${escaped}</r>`).close();
  return [attribute, content];
}

describe("markupText", () => {
  test("escapes the five special characters as entities and writes out controls", () => {
    expect(markupText(`<a href="x" title='y'>&amp;</a>\u001b\ufffe`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;\\x1b\\ufffe",
    );
  });

  test("every hostile string, as attribute and as content, parses with a strict XML parser back to the text a report shows", () => {
    for (const text of [...HOSTILE_STRINGS, "\ud800 lone"]) {
      expect(readBack(markupText(text)), JSON.stringify(text)).toEqual([shownAs(text), shownAs(text)]);
    }
  });
});
