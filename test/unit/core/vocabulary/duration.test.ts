import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration, toMilliseconds } from "../../../../lib/core/vocabulary/duration.ts";

describe("durations", () => {
  it.each([
    ["500ms", 500],
    ["30s", 30_000],
    ["1m30s", 90_000],
    ["2h", 7_200_000],
    ["1.5s", 1500],
    ["1h2m3s4ms", 3_723_004],
    ["1d", 86_400_000],
    ["250us", 0.25],
    ["100", 100],
    [" 10s ", 10_000],
  ])("parses %s as %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "s", "-5s", "10 s", "1x", "1m30", "ms", "1.s"])("rejects %j", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it("names the option in the error", () => {
    expect(() => toMilliseconds("soon", "soak(): `hold`")).toThrow(
      new RangeError('soak(): `hold` must be a k6 duration such as "500ms", "30s", "1m30s" or "2h", got "soon"'),
    );
  });

  it.each([
    [0, "0s"],
    [500, "500ms"],
    [90_000, "1m30s"],
    [7_200_000, "2h"],
    [3_723_004, "1h2m3s4ms"],
  ])("formats %d ms as %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });
});
