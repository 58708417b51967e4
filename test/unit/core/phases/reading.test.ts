import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readJsonTimings, readParsedServerTiming, readServerTiming } from "../../../../lib/core/phases/reading.ts";
import { parseServerTiming } from "../../../../lib/core/phases/server-timing.ts";

describe("readServerTiming", () => {
  it("takes the total metric as the server total and every other dur as a phase", () => {
    expect(readServerTiming("embedding;dur=40.5, fusion;dur=80, total;dur=125")).toEqual({
      kind: "timed",
      phases: { embedding: 40.5, fusion: 80 },
      total: 125,
    });
  });

  it("sums the phases when there is no total, adds up a phase named twice, and skips metrics without dur", () => {
    expect(readServerTiming("db;dur=10, cache;desc=hit, db;dur=5, rerank;dur=20")).toEqual({
      kind: "timed",
      phases: { db: 15, rerank: 20 },
      total: 35,
    });
  });

  it("reads a phase named like an Object.prototype member as a plain phase", () => {
    expect(readServerTiming("constructor;dur=3, __proto__;dur=4, toString;dur=5")).toEqual({
      kind: "timed",
      phases: { constructor: 3, ["__proto__"]: 4, toString: 5 },
      total: 12,
    });
  });

  it("uses a custom total metric name", () => {
    expect(readServerTiming("app;dur=90, a;dur=30", { total: "app" })).toEqual({ kind: "timed", phases: { a: 30 }, total: 90 });
  });

  it("calls an absent header or one without any dur missing", () => {
    expect([readServerTiming(undefined), readServerTiming(""), readServerTiming("cache;desc=hit")]).toEqual([
      { kind: "missing", problem: "no Server-Timing header" },
      { kind: "missing", problem: "no Server-Timing header" },
      { kind: "missing", problem: "the Server-Timing header has no metric with a dur" },
    ]);
  });

  it("calls a header with any problem malformed and keeps no partial reading", () => {
    expect(readServerTiming("embedding;dur=fast, fusion;dur=80.1, total;dur=120.3")).toEqual({
      kind: "malformed",
      problem: 'metric 1 (embedding): dur must be a number of milliseconds >= 0, got "fast"',
    });
  });
});

describe("readJsonTimings", () => {
  it("reads fields ending in _ms as phases and total_ms as the server total", () => {
    expect(readJsonTimings({ embedding_ms: 40, fusion_ms: 80.5, total_ms: 121, model: "e5" })).toEqual({
      kind: "timed",
      phases: { embedding: 40, fusion: 80.5 },
      total: 121,
    });
  });

  it("sums the phases without a total and honours another suffix", () => {
    expect(readJsonTimings({ embedding: 40, fusion: 80 }, { suffix: "" })).toEqual({
      kind: "timed",
      phases: { embedding: 40, fusion: 80 },
      total: 120,
    });
  });

  it("tells missing from malformed", () => {
    expect([
      readJsonTimings(undefined),
      readJsonTimings(null),
      readJsonTimings({ unit: "ms" }),
      readJsonTimings("40ms"),
      readJsonTimings([40, 80]),
      readJsonTimings({ embedding_ms: "40" }),
      readJsonTimings({ embedding_ms: -1 }),
    ]).toEqual([
      { kind: "missing", problem: "no timings object in the body" },
      { kind: "missing", problem: "no timings object in the body" },
      { kind: "missing", problem: 'the timings object has no field ending in "_ms"' },
      { kind: "malformed", problem: 'timings must be a JSON object, got "40ms"' },
      { kind: "malformed", problem: "timings must be a JSON object, got [40,80]" },
      { kind: "malformed", problem: 'timings.embedding_ms must be a number of milliseconds >= 0, got "40"' },
      { kind: "malformed", problem: "timings.embedding_ms must be a number of milliseconds >= 0, got -1" },
    ]);
  });
});

describe("readServerTiming's fast path", () => {
  const TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".split("");
  const token = fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: 8 });
  // Fragments that build headers close to the grammar, valid or nearly so.
  const piece = fc.oneof(
    token,
    fc.constantFrom("dur", "DUR", "total", "desc", "constructor", "40.5", "1e3", ".5", "-3", "fast", "", "1e999"),
    fc.constantFrom(";", ",", "=", " ", "\t", '"', "\\", ";dur=", ", ", "; dur = "),
  );
  const nearlyHeader = fc.array(piece, { maxLength: 24 }).map((parts) => parts.join(""));
  // The canonical shape `name;dur=N, ...`, sometimes with one piece spliced in somewhere.
  const canonical = fc
    .tuple(
      fc.array(fc.tuple(fc.oneof(token, fc.constantFrom("total", "constructor")), fc.constantFrom("40.1", "0", "7", "1e3", "00.50", "9".repeat(400))), {
        minLength: 1,
        maxLength: 4,
      }),
      fc.constantFrom(",", ", ", " ,\t"),
      fc.option(fc.tuple(piece, fc.nat()), { nil: undefined }),
    )
    .map(([metrics, separator, splice]) => {
      const header = metrics.map(([name, dur]) => `${name};dur=${dur}`).join(separator);
      if (splice === undefined) return header;
      const at = splice[1] % (header.length + 1);
      return header.slice(0, at) + splice[0] + header.slice(at);
    });

  it("always gives the same reading as the full parser, on near-grammar headers and on any non-empty string", () => {
    fc.assert(
      fc.property(fc.oneof(canonical, nearlyHeader, fc.string()).filter((h) => h !== ""), fc.constantFrom("total", "dur", "a"), (header, total) => {
        expect(readServerTiming(header, { total })).toEqual(readParsedServerTiming(parseServerTiming(header), { total }));
      }),
      { numRuns: 5000 },
    );
  });
});
