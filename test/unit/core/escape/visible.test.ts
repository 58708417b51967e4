import { describe, expect, test } from "vitest";
import { visible } from "../../../../lib/core/escape/visible.ts";

describe("visible", () => {
  test("writes out every character a terminal, a browser or an XML parser would obey", () => {
    expect(
      [
        "\u001b[2J",
        "a\nb\r\nc\td",
        "\u0000\u0007\u007f",
        "\u009b31m",
        "\u202eSSAP\u202c \u2066x\u2069 \u200e\u200f\u061c",
        "\u2028\u2029\ufeff",
        "\ufff9\ufffb\ufffe\uffff",
      ].map(visible),
    ).toEqual([
      "\\x1b[2J",
      "a\\nb\\r\\nc\\td",
      "\\x00\\x07\\x7f",
      "\\x9b31m",
      "\\u202eSSAP\\u202c \\u2066x\\u2069 \\u200e\\u200f\\u061c",
      "\\u2028\\u2029\\ufeff",
      "\\ufff9\\ufffb\\ufffe\\uffff",
    ]);
  });

  test("writes out a lone surrogate, which no UTF-8 file can hold, and keeps a pair (an emoji)", () => {
    expect(["\ud800x", "x\udc00", "\udc00\ud800", "🚀 \ud83d\ude80"].map(visible)).toEqual(["\\ud800x", "x\\udc00", "\\udc00\\ud800", "🚀 🚀"]);
  });

  test("leaves printable text of any script alone, and returns the same string when there is nothing to show", () => {
    const text = "p(95)<500 · 日本語 · ✓ café Ω \\n µs ‘quoted’ \u00a0nbsp";
    expect(visible(text)).toBe(text);
    expect(visible("")).toBe("");
  });
});
