// Property tests of the parsers and compilers: durations and presets (Server-Timing has its own in
// server-timing.test.ts). Presets compiled here are also run through the real k6 in
// test/integration/preset-k6-sample.test.ts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../lib/core/vocabulary/duration.ts";
import { parseThresholdExpression, parseThresholdMetric } from "../../lib/core/vocabulary/threshold-grammar.ts";
import { compilePreset } from "../../lib/core/thresholds/preset.ts";
import { schemaErrors } from "../../lib/node/preset-files.ts";
import { validPreset } from "../helpers/preset-arbitrary.ts";

describe("durations", () => {
  it("parseDuration never throws, whatever the string, and returns a finite number >= 0 or undefined", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.stringMatching(/^[\d.]*(ns|us|µs|ms|s|m|h|d)*[\d.smhd]*$/)), (text) => {
        const ms = parseDuration(text);
        expect(ms === undefined || (Number.isFinite(ms) && ms >= 0)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("parseDuration(formatDuration(ms)) gives back ms, rounded to the millisecond", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 30 * 86_400_000 }), fc.double({ min: 0, max: 1e9, noNaN: true })), (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms === 0 ? 0 : Math.round(ms));
      }),
      { numRuns: 2000 },
    );
  });

  it("formatDuration writes the shortest form: formatting a parsed duration again changes nothing", () => {
    const part = fc.tuple(fc.integer({ min: 0, max: 500 }), fc.constantFrom("ms", "s", "m", "h"));
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 4 }), (parts) => {
        const text = parts.map(([n, unit]) => `${n}${unit}`).join("");
        const once = formatDuration(parseDuration(text)!);
        expect(formatDuration(parseDuration(once)!)).toBe(once);
        expect(parseDuration(once)).toBe(parseDuration(text));
      }),
    );
  });
});

describe("presets", () => {
  it("every valid preset passes the schema and compiles to metric keys and expressions k6's grammar accepts", () => {
    fc.assert(
      fc.property(validPreset, (preset) => {
        expect(schemaErrors(preset, "generated.json")).toEqual([]);
        const compiled = compilePreset(preset, "generated");
        for (const [metric, entries] of Object.entries(compiled.thresholds)) {
          expect(Array.isArray(parseThresholdMetric(metric)), metric).toBe(false);
          for (const entry of entries) {
            const expression = typeof entry === "string" ? entry : entry.threshold;
            expect(typeof parseThresholdExpression(expression), `${metric}: ${expression}`).toBe("object");
          }
        }
        for (const stat of compiled.summaryTrendStats) {
          expect(/^(avg|min|med|max|count|p\(\d+(\.\d+)?\))$/.test(stat), stat).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
