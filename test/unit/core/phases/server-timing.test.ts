import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatServerTiming, parseServerTiming, type ServerTimingEntry } from "../../../../lib/core/phases/server-timing.ts";

describe("parseServerTiming", () => {
  it("reads several metrics with durations, descriptions and extra parameters", () => {
    expect(parseServerTiming('embedding;dur=40.2, fusion;dur=80;desc="rank fusion", cache;desc=hit, db;dur=.5;rows=12')).toEqual({
      entries: [
        { name: "embedding", dur: 40.2, params: {} },
        { name: "fusion", dur: 80, desc: "rank fusion", params: {} },
        { name: "cache", desc: "hit", params: {} },
        { name: "db", dur: 0.5, params: { rows: "12" } },
      ],
      problems: [],
    });
  });

  it("keeps commas, semicolons, escaped quotes and backslashes inside a quoted desc", () => {
    expect(parseServerTiming('a;desc="x, y; z=1";dur=3, b;desc="say \\"hi\\" \\\\ ok";dur=4')).toEqual({
      entries: [
        { name: "a", dur: 3, desc: "x, y; z=1", params: {} },
        { name: "b", dur: 4, desc: 'say "hi" \\ ok', params: {} },
      ],
      problems: [],
    });
  });

  it("reads repeated headers joined by k6 with \", \" as one list, and skips empty elements", () => {
    expect(parseServerTiming("embedding;dur=40 , , fusion;dur=80, total;dur=120,")).toEqual({
      entries: [
        { name: "embedding", dur: 40, params: {} },
        { name: "fusion", dur: 80, params: {} },
        { name: "total", dur: 120, params: {} },
      ],
      problems: [],
    });
  });

  it("takes parameter names case-insensitively, the first occurrence winning, and OWS around = and ;", () => {
    expect(parseServerTiming("db ; DUR = 12 ; dur=99 ; Desc=primary ; hit")).toEqual({
      entries: [{ name: "db", dur: 12, desc: "primary", params: { hit: "" } }],
      problems: [],
    });
  });

  it("leaves out a metric with a syntax error, says why, and reads on after the next comma", () => {
    expect(parseServerTiming('embedding;dur=40, fu sion;dur=80, "x";dur=1, total;dur=120')).toEqual({
      entries: [
        { name: "embedding", dur: 40, params: {} },
        { name: "total", dur: 120, params: {} },
      ],
      problems: [
        'metric 2 (fu): expected ";" or "," after the metric or a parameter, found "s" at offset 21',
        'metric 3: expected a metric name (a token), found "\\"" at offset 34',
      ],
    });
  });

  it("keeps a metric whose dur is not a number without a dur, and reports the value", () => {
    expect(parseServerTiming("embedding;dur=fast, fusion;dur=-3, total;dur")).toEqual({
      entries: [
        { name: "embedding", params: {} },
        { name: "fusion", params: {} },
        { name: "total", params: {} },
      ],
      problems: [
        'metric 1 (embedding): dur must be a number of milliseconds >= 0, got "fast"',
        'metric 2 (fusion): dur must be a number of milliseconds >= 0, got "-3"',
        'metric 3 (total): dur must be a number of milliseconds >= 0, got ""',
      ],
    });
  });

  it("reports a quoted value that never closes and reads nothing after it", () => {
    expect(parseServerTiming('a;dur=1, b;desc="open, c;dur=2')).toEqual({
      entries: [{ name: "a", dur: 1, params: {} }],
      problems: ['metric 2 (b): the quoted value of "desc" starting at offset 16 is never closed'],
    });
  });

  it("gives nothing and no problems for an absent or empty header", () => {
    expect([parseServerTiming(undefined), parseServerTiming(null), parseServerTiming(""), parseServerTiming(" , ")]).toEqual([
      { entries: [], problems: [] },
      { entries: [], problems: [] },
      { entries: [], problems: [] },
      { entries: [], problems: [] },
    ]);
  });
});

// --- property tests -------------------------------------------------------------------------

const TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".split("");
const token = fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: 12 });
// Any visible ASCII, space and tab: everything a quoted-string may hold, including , ; = " and \.
const text = fc.string({
  unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), fc.constant("\t")),
  maxLength: 20,
});
const paramName = token
  .map((name) => name.toLowerCase())
  .filter((name) => name !== "dur" && name !== "desc");
const duration = fc.oneof(
  fc.integer({ min: 0, max: 100_000 }),
  fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, 1e-7, 1e21, 233.6, 476.8),
);
const entry: fc.Arbitrary<ServerTimingEntry> = fc
  .record(
    {
      name: token,
      dur: duration,
      desc: fc.oneof(text, token, fc.constantFrom("a, b", "x;y=z", 'say "hi"', "c:\\dir", "")),
      params: fc.dictionary(paramName, fc.oneof(token, text), { maxKeys: 3 }),
    },
    { requiredKeys: ["name", "params"] },
  )
  .map((e) => ({ ...e, dur: Object.is(e.dur, -0) ? 0 : e.dur }) as ServerTimingEntry);
const ows = fc.constantFrom("", " ", "  ", "\t", " \t");

/** Adds optional whitespace where the grammar allows it (around "," ";" "="), outside quoted strings. */
function sprinkle(header: string, spaces: string[]): string {
  let out = "";
  let quoted = false;
  let k = 0;
  for (let i = 0; i < header.length; i++) {
    const c = header.charAt(i);
    if (quoted) {
      out += c;
      if (c === "\\") out += header.charAt(++i);
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    if (c === "," || c === ";" || c === "=") out += `${spaces[k++ % spaces.length] ?? ""}${c}${spaces[k++ % spaces.length] ?? ""}`;
    else out += c;
  }
  return out;
}

describe("parseServerTiming properties", () => {
  it("never throws on any string, and every problem is a sentence", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom(..."a;=,\"\\ \t1.d ur".split("")) }), fc.string({ unit: "binary" })), (header) => {
        const parsed = parseServerTiming(header);
        expect(Array.isArray(parsed.entries)).toBe(true);
        for (const problem of parsed.problems) expect(problem).toMatch(/^metric \d+/);
      }),
      { numRuns: 3000 },
    );
  });

  it("round-trips generated well-formed headers, with optional whitespace, without problems", () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 5 }), fc.array(ows, { minLength: 1, maxLength: 6 }), (entries, spaces) => {
        const header = sprinkle(formatServerTiming(entries), spaces);
        expect(parseServerTiming(header)).toEqual({ entries, problems: [] });
      }),
      { numRuns: 2000 },
    );
  });

  it("reads the metric after a quoted desc holding commas and semicolons", () => {
    const tricky = fc.string({ unit: fc.constantFrom(",", ";", "=", " ", "a", '"', "\\"), minLength: 1, maxLength: 16 });
    fc.assert(
      fc.property(tricky, duration, (desc, dur) => {
        const header = formatServerTiming([
          { name: "embedding", desc, params: {} },
          { name: "fusion", dur, params: {} },
        ]);
        expect(parseServerTiming(header)).toEqual({
          entries: [
            { name: "embedding", desc, params: {} },
            { name: "fusion", dur, params: {} },
          ],
          problems: [],
        });
      }),
      { numRuns: 1000 },
    );
  });

  it("reads a well-formed prefix intact whatever garbage follows the next comma", () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 3 }), fc.string(), (entries, garbage) => {
        const parsed = parseServerTiming(`${formatServerTiming(entries)}, ${garbage}`);
        expect(parsed.entries.slice(0, entries.length)).toEqual(entries);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("formatServerTiming", () => {
  it("refuses a name that is not a token and a negative dur", () => {
    expect(() => formatServerTiming([{ name: "a b", params: {} }])).toThrow(
      new RangeError('formatServerTiming(): metric name must be a token, got "a b"'),
    );
    expect(() => formatServerTiming([{ name: "a", dur: -1, params: {} }])).toThrow(
      new RangeError("formatServerTiming(): a: dur must be a finite number >= 0, got -1"),
    );
  });
});
