import { isDurationText, isToken, parseServerTiming, type ServerTiming } from "./server-timing.ts";

/**
 * The server-side phases of one response, or why there are none. `total` is the server's own
 * total when it reports one, else the sum of the phases.
 */
export type PhaseReading =
  | { kind: "timed"; phases: Record<string, number>; total: number }
  | { kind: "missing" | "malformed"; problem: string };

/** Options of {@link readServerTiming}. */
export interface ServerTimingReadOptions {
  /**
   * The metric that carries the server total rather than a phase. Unset, any of
   * {@link COMMON_TOTAL_NAMES} is the total. @default "total"
   */
  total?: string;
}

/** Options of {@link readJsonTimings}. */
export interface JsonTimingsReadOptions {
  /** Only fields ending in this suffix are phases; the phase name is the field name without it. @default "_ms" */
  suffix?: string;
  /** The phase name (before the suffix) that carries the server total. Unset, any of {@link COMMON_TOTAL_NAMES}. @default "total" */
  total?: string;
}

export const PHASE_READING_DEFAULTS = { total: "total", suffix: "_ms" } as const;

/**
 * The names servers give their total when no `total` option names it: Hono's timing and the
 * server-timing package write `total` by default, and teams rename it `total_duration` and the like.
 * Read as a phase, a total doubles the server time and makes the unattributed time negative.
 */
export const COMMON_TOTAL_NAMES = ["total", "total_duration", "total-duration", "totalDuration", "total_time", "total-time", "totalTime"] as const;

/** Whether a metric name is the total: the one named by the option, else a common total name. */
function totalTest(name: string | undefined): (metric: string) => boolean {
  return name === undefined ? (metric) => (COMMON_TOTAL_NAMES as readonly string[]).includes(metric) : (metric) => metric === name;
}

// Two fast paths: the canonical shape (see readCanonical: indexOf and one tight loop per name and
// duration), then headers without quoted strings, for which one regular expression checks the whole
// header against the grammar, then a split and one match per metric read it. Anything else (quotes,
// a problem) goes through parseServerTiming; a property test checks that all paths agree.
// The regular expressions are compiled on first use: each VU is its own JavaScript runtime, where
// each costs memory once compiled and run, and most VUs never leave the canonical path.
let unquotedHeader: RegExp | undefined;

/** The grammar of a Server-Timing header without quoted strings, as one regular expression. */
function unquotedHeaderPattern(): RegExp {
  const token = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]+";
  const param = `[ \\t]*;[ \\t]*${token}(?:[ \\t]*=[ \\t]*(?:${token})?)?`;
  const element = `[ \\t]*(?:${token}(?:${param})*)?[ \\t]*`;
  return new RegExp(`^${element}(?:,${element})*$`);
}
// This one as well: only headers outside the canonical shape reach it.
let durParam: RegExp | undefined;

const NO_HEADER = { kind: "missing", problem: "no Server-Timing header" } as const;
const NO_DUR = { kind: "missing", problem: "the Server-Timing header has no metric with a dur" } as const;

/**
 * Reads the phases of a Server-Timing header value: every metric with a `dur` is a phase (the same
 * name twice adds up), except the `total` metric. An absent header, or one without any `dur`, is
 * "missing"; any syntax problem makes the whole header "malformed", so no partial reading skews
 * the server total.
 * @example readServerTiming("embedding;dur=40, fusion;dur=80, total;dur=120") // timed, total 120
 */
export function readServerTiming(header: string | null | undefined, options: ServerTimingReadOptions = {}): PhaseReading {
  if (header === undefined || header === null || header === "") return { ...NO_HEADER };
  const isTotal = totalTest(options.total);
  const canonical = readCanonical(header, isTotal);
  if (canonical !== undefined) return canonical;
  if (header.indexOf('"') >= 0 || !(unquotedHeader ??= unquotedHeaderPattern()).test(header)) {
    return readParsedServerTiming(parseServerTiming(header), options);
  }
  const phases = Object.create(null) as Record<string, number>; // "constructor" is a phase name too
  let sum = 0;
  let total: number | undefined;
  let found = false;
  // Index loops, not for…of: a VU's first array iterator costs it about 8 KiB (docs/k6-facts.md).
  const elements = header.split(",");
  for (let index = 0; index < elements.length; index++) {
    const element = elements[index]!;
    const semicolon = element.indexOf(";");
    if (semicolon < 0) continue; // an empty element, or a metric without parameters
    let text: string | undefined;
    if (element.startsWith(";dur=", semicolon)) {
      // The usual spelling, dur first: no regular expression needed.
      const end = element.indexOf(";", semicolon + 5);
      text = (end < 0 ? element.slice(semicolon + 5) : element.slice(semicolon + 5, end)).trim();
    } else {
      const match = (durParam ??= /;[ \t]*dur[ \t]*(?:=[ \t]*([^; \t]*))?[ \t]*(?:;|$)/i).exec(element);
      if (match === null) continue;
      text = match[1];
    }
    const dur = text !== undefined && isDurationText(text) ? Number(text) : Number.NaN;
    if (!Number.isFinite(dur)) return readParsedServerTiming(parseServerTiming(header), options); // says what is wrong
    found = true;
    const name = element.slice(0, semicolon).trim();
    if (isTotal(name)) {
      total ??= dur;
      continue;
    }
    phases[name] = (phases[name] ?? 0) + dur;
    sum += dur;
  }
  if (!found) return { ...NO_DUR };
  return { kind: "timed", phases, total: total ?? sum };
}

// The canonical shape `name;dur=12.3, name;dur=4` (what most servers send), read with indexOf and
// character tests: no regular expression, as each costs every VU memory where it is compiled and run.

// Names a server sends repeat from response to response: the ones found canonical are remembered
// (at most KNOWN_NAMES_MAX of them, so a server inventing names cannot grow it), and looked up
// instead of read again character by character.
const KNOWN_NAMES_MAX = 64;
let knownNames: Record<string, true> | undefined;
let knownNamesCount = 0;

/** `[ \t]*token`: a metric name with the spaces after the comma before it. */
function isCanonicalName(text: string): boolean {
  knownNames ??= Object.create(null) as Record<string, true>;
  if (knownNames[text] === true) return true;
  if (!readsAsCanonicalName(text)) return false;
  if (knownNamesCount < KNOWN_NAMES_MAX) {
    knownNames[text] = true;
    knownNamesCount++;
  }
  return true;
}

/** {@link isCanonicalName} read character by character: one loop, calls only for rare characters. */
function readsAsCanonicalName(text: string): boolean {
  const n = text.length;
  let i = 0;
  let c = text.charCodeAt(0);
  while (c === 0x20 || c === 0x09) c = text.charCodeAt(++i);
  if (i >= n) return false;
  for (; i < n; i++) {
    c = text.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d) continue;
    if (!isToken(c)) return false;
  }
  return true;
}

/** `digits(.digits)?[ \t]*`: a duration as servers write it, with the spaces before the next comma. */
function isCanonicalDur(text: string): boolean {
  const n = text.length;
  let i = 0;
  let c = text.charCodeAt(0);
  while (c >= 0x30 && c <= 0x39) c = text.charCodeAt(++i);
  if (i === 0) return false;
  if (c === 0x2e) {
    const dot = i;
    c = text.charCodeAt(++i);
    while (c >= 0x30 && c <= 0x39) c = text.charCodeAt(++i);
    if (i === dot + 1) return false;
  }
  while (c === 0x20 || c === 0x09) c = text.charCodeAt(++i);
  return i === n;
}

/** The reading of a header in the canonical shape, or `undefined` for any other header. */
function readCanonical(header: string, isTotal: (metric: string) => boolean): PhaseReading | undefined {
  const phases = Object.create(null) as Record<string, number>;
  let sum = 0;
  let total: number | undefined;
  let position = 0;
  for (;;) {
    const semicolon = header.indexOf(";dur=", position);
    if (semicolon < 0) return undefined;
    const comma = header.indexOf(",", semicolon);
    const end = comma < 0 ? header.length : comma;
    const name = header.slice(position, semicolon);
    const text = header.slice(semicolon + 5, end);
    if (!isCanonicalName(name) || !isCanonicalDur(text)) return undefined;
    const dur = Number(text);
    if (!Number.isFinite(dur)) return undefined;
    const phase = name.trimStart(); // only spaces and tabs, as isCanonicalName allows
    if (isTotal(phase)) total ??= dur;
    else {
      phases[phase] = (phases[phase] ?? 0) + dur;
      sum += dur;
    }
    if (comma < 0) return { kind: "timed", phases, total: total ?? sum };
    position = comma + 1;
  }
}

/**
 * The phase reading of an already parsed header (see {@link readServerTiming}, which gives the
 * same answer faster).
 */
export function readParsedServerTiming(parsed: ServerTiming, options: ServerTimingReadOptions = {}): PhaseReading {
  if (parsed.problems.length > 0) return { kind: "malformed", problem: parsed.problems.join("; ") };
  const isTotal = totalTest(options.total);
  const phases = Object.create(null) as Record<string, number>;
  let sum = 0;
  let total: number | undefined;
  let found = false;
  for (let index = 0; index < parsed.entries.length; index++) {
    const entry = parsed.entries[index]!;
    const dur = entry.dur;
    if (dur === undefined) continue;
    found = true;
    if (isTotal(entry.name)) {
      total ??= dur;
      continue;
    }
    phases[entry.name] = (phases[entry.name] ?? 0) + dur;
    sum += dur;
  }
  if (!found) return { ...NO_DUR };
  return { kind: "timed", phases, total: total ?? sum };
}

/**
 * Reads phases from a parsed JSON object such as `{"embedding_ms": 40, "fusion_ms": 80, "total_ms": 120}`:
 * every field ending in the suffix is a phase, `total_ms` the server total. `undefined`/`null` is
 * "missing"; a non-object, or a phase field that is not a finite number >= 0, is "malformed".
 * @example readJsonTimings({ embedding_ms: 40, fusion_ms: 80 }) // timed, total 120
 */
export function readJsonTimings(value: unknown, options: JsonTimingsReadOptions = {}): PhaseReading {
  if (value === undefined || value === null) return { kind: "missing", problem: "no timings object in the body" };
  if (typeof value !== "object" || Array.isArray(value)) {
    return { kind: "malformed", problem: `timings must be a JSON object, got ${JSON.stringify(value)}` };
  }
  const suffix = options.suffix ?? PHASE_READING_DEFAULTS.suffix;
  const isTotal = totalTest(options.total);
  const phases = Object.create(null) as Record<string, number>; // "constructor" is a phase name too
  let sum = 0;
  let total: number | undefined;
  let found = false;
  const fields = Object.keys(value);
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index]!;
    const ms = (value as Record<string, unknown>)[field];
    if (!field.endsWith(suffix) || field.length === suffix.length) continue;
    if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) {
      return { kind: "malformed", problem: `timings.${field} must be a number of milliseconds >= 0, got ${JSON.stringify(ms)}` };
    }
    found = true;
    const name = field.slice(0, field.length - suffix.length);
    if (isTotal(name)) total = ms;
    else {
      phases[name] = ms;
      sum += ms;
    }
  }
  if (!found) return { kind: "missing", problem: `the timings object has no field ending in ${JSON.stringify(suffix)}` };
  return { kind: "timed", phases, total: total ?? sum };
}
