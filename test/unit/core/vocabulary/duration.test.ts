import fc from "fast-check";
import { describe, expect, it, test } from "vitest";
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

describe("parseDuration read by hand", () => {
  /** The grammar as regular expressions, as parseDuration read it before (it now runs in every VU's init without them). */
  function byPattern(text: string): number | undefined {
    const t = text.trim();
    if (t === "") return undefined;
    if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
    const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
    const part = /(\d+(?:\.\d+)?|\.\d+)(ns|us|µs|ms|s|m|h|d)/y;
    let total = 0;
    while (part.lastIndex < t.length) {
      const start = part.lastIndex;
      const match = part.exec(t);
      if (!match || match.index !== start) return undefined;
      total += Number(match[1]) * (units[match[2]!] as number);
    }
    return total;
  }

  test("agrees with the grammar's regular expressions on any string of its characters", () => {
    const chars = fc.constantFrom(..."0123456789.nsuµmhdx -".split(""));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 12 }).map((cs) => cs.join("")), (text) => {
        expect(parseDuration(text)).toBe(byPattern(text));
      }),
      { numRuns: 20_000, seed: 17 },
    );
    for (const text of ["1m30s", "1.5s", ".5s", "1.s", "1ms", "1mh", "2h", "500", "1.5", "1d2h3m4s5ms6us7ns8µs", "s", "1", ""]) {
      expect(parseDuration(text), text).toBe(byPattern(text));
    }
  });
});
