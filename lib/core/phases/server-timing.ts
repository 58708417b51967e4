/**
 * Server-Timing headers (W3C Server Timing), read and written without throwing.
 *
 * Grammar (https://w3c.github.io/server-timing/#the-server-timing-header-field):
 *   Server-Timing = #metric;  metric = token *( OWS ";" OWS param );
 *   param = token OWS "=" OWS ( token / quoted-string )
 * `dur` is milliseconds, `desc` a description; parameter names are case-insensitive and the
 * first occurrence of a parameter wins. Repeated headers arrive joined with ", " (k6 does this),
 * which is the same list.
 */

/** One metric of a Server-Timing header: `embedding;dur=40.2;desc="vector search"`. */
export interface ServerTimingEntry {
  /** The metric name (a token, case kept). */
  name: string;
  /** Duration in milliseconds, when the metric carries a readable `dur`. */
  dur?: number;
  /** The `desc` parameter, unquoted. */
  desc?: string;
  /** Every other parameter by lower-cased name, values unquoted (a parameter without `=` has ""). */
  params: Record<string, string>;
}

/** What {@link parseServerTiming} could read, and what was wrong with the rest. */
export interface ServerTiming {
  /** The metrics read, in header order (a malformed metric is left out). */
  entries: ServerTimingEntry[];
  /** One sentence per problem found; empty when the header was well-formed. */
  problems: string[];
}

const COMMA = 0x2c;
const SEMICOLON = 0x3b;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SPACE = 0x20;
const TAB = 0x09;


// Compiled on first use: a regular expression costs each VU memory where it is evaluated (docs/k6-facts.md).
let durationPattern: RegExp | undefined;

/** Whether `text` is a `dur` value: a non-negative decimal number of milliseconds, an exponent allowed. */
export function isDurationText(text: string): boolean {
  return (durationPattern ??= /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/).test(text);
}

// RFC 9110 tchar: "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA.
// Comparisons rather than a table built at load: k6 runs this module's top level in every VU.
export function isToken(code: number): boolean {
  if ((code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) return true;
  switch (code) {
    case 0x21: case 0x23: case 0x24: case 0x25: case 0x26: case 0x27: case 0x2a: case 0x2b:
    case 0x2d: case 0x2e: case 0x5e: case 0x5f: case 0x60: case 0x7c: case 0x7e:
      return true;
    default:
      return false;
  }
}

function skipOws(text: string, i: number): number {
  let c = text.charCodeAt(i);
  while (c === SPACE || c === TAB) c = text.charCodeAt(++i);
  return i;
}

function skipToken(text: string, i: number): number {
  while (i < text.length && isToken(text.charCodeAt(i))) i++;
  return i;
}

/** Index just after the closing quote of the quoted-string starting at `i`, or -1 when it never closes. */
function skipQuoted(text: string, i: number): number {
  for (i++; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return -1;
}

function unquote(quoted: string): string {
  const inner = quoted.slice(1, -1);
  return inner.indexOf("\\") < 0 ? inner : inner.replace(/\\([\s\S])/g, "$1");
}

/** Index of the comma that ends the list element containing `i` (quotes respected), or the end. */
function skipElement(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === COMMA) return i;
    if (c === QUOTE) {
      const end = skipQuoted(text, i);
      if (end < 0) return text.length;
      i = end;
    } else i++;
  }
  return i;
}

function describe(text: string, i: number): string {
  return i >= text.length ? "the end of the header" : `${JSON.stringify(text.charAt(i))} at offset ${i}`;
}

/**
 * Parses a Server-Timing header value. Never throws: a malformed metric is left out and described
 * in `problems`, and reading resumes at the next comma. `undefined`, `null` and "" give no entries
 * and no problems.
 * @example parseServerTiming('embedding;dur=40.2, fusion;dur=80.1;desc="rank, fuse"')
 */
export function parseServerTiming(header: string | null | undefined): ServerTiming {
  const entries: ServerTimingEntry[] = [];
  const problems: string[] = [];
  if (typeof header !== "string") return { entries, problems };
  const text = header;
  const n = text.length;
  let i = 0;
  let position = 0;

  while (i < n) {
    i = skipOws(text, i);
    if (i >= n) break;
    if (text.charCodeAt(i) === COMMA) {
      i++; // empty list elements are allowed
      continue;
    }
    position++;
    const nameEnd = skipToken(text, i);
    if (nameEnd === i) {
      problems.push(`metric ${position}: expected a metric name (a token), found ${describe(text, i)}`);
      i = skipElement(text, i);
      continue;
    }
    // Null-prototype records: parameter names such as "__proto__" or "constructor" are plain keys.
    const entry: ServerTimingEntry = { name: text.slice(i, nameEnd), params: Object.create(null) as Record<string, string> };
    const seen: Record<string, true> = Object.create(null) as Record<string, true>;
    let problem: string | undefined;
    i = nameEnd;

    for (;;) {
      i = skipOws(text, i);
      if (i >= n || text.charCodeAt(i) === COMMA) break;
      if (text.charCodeAt(i) !== SEMICOLON) {
        problem = `expected ";" or "," after the metric or a parameter, found ${describe(text, i)}`;
        break;
      }
      i = skipOws(text, i + 1);
      const paramEnd = skipToken(text, i);
      if (paramEnd === i) {
        problem = `expected a parameter name (a token) after ";", found ${describe(text, i)}`;
        break;
      }
      const param = text.slice(i, paramEnd).toLowerCase();
      i = skipOws(text, paramEnd);
      let value = "";
      let hasValue = false;
      if (text.charCodeAt(i) === EQUALS) {
        i = skipOws(text, i + 1);
        if (text.charCodeAt(i) === QUOTE) {
          const end = skipQuoted(text, i);
          if (end < 0) {
            problem = `the quoted value of "${param}" starting at offset ${i} is never closed`;
            i = n;
            break;
          }
          value = unquote(text.slice(i, end));
          i = end;
        } else {
          const end = skipToken(text, i);
          value = text.slice(i, end);
          i = end;
        }
        hasValue = true;
      }
      if (seen[param] === true) continue; // the first occurrence wins
      seen[param] = true;
      if (param === "dur") {
        const ms = hasValue && isDurationText(value) ? Number(value) : Number.NaN;
        if (Number.isFinite(ms)) entry.dur = ms;
        else problems.push(`metric ${position} (${entry.name}): dur must be a number of milliseconds >= 0, got ${JSON.stringify(value)}`);
      } else if (param === "desc") {
        entry.desc = value;
      } else {
        entry.params[param] = value;
      }
    }

    if (problem !== undefined) {
      problems.push(`metric ${position} (${entry.name}): ${problem}`);
      i = skipElement(text, i);
    } else {
      entries.push(entry);
    }
  }
  return { entries, problems };
}

function formatValue(value: string): string {
  let token = value.length > 0;
  for (let i = 0; i < value.length && token; i++) token = isToken(value.charCodeAt(i));
  return token ? value : `"${value.replace(/["\\]/g, "\\$&")}"`;
}

/**
 * Writes entries as a Server-Timing header value, quoting values that are not tokens.
 * Names must be tokens; `dur` must be finite and >= 0 (else a `RangeError`).
 * @example formatServerTiming([{ name: "db", dur: 53, params: {} }]) // "db;dur=53"
 */
export function formatServerTiming(entries: readonly ServerTimingEntry[]): string {
  return entries
    .map((entry) => {
      if (entry.name === "" || skipToken(entry.name, 0) !== entry.name.length) {
        throw new RangeError(`formatServerTiming(): metric name must be a token, got ${JSON.stringify(entry.name)}`);
      }
      let text = entry.name;
      if (entry.dur !== undefined) {
        if (!Number.isFinite(entry.dur) || entry.dur < 0) {
          throw new RangeError(`formatServerTiming(): ${entry.name}: dur must be a finite number >= 0, got ${entry.dur}`);
        }
        text += `;dur=${entry.dur}`;
      }
      if (entry.desc !== undefined) text += `;desc=${formatValue(entry.desc)}`;
      for (const [param, value] of Object.entries(entry.params)) {
        const lower = param.toLowerCase();
        if (param === "" || skipToken(param, 0) !== param.length || lower === "dur" || lower === "desc") {
          throw new RangeError(
            `formatServerTiming(): ${entry.name}: parameter names must be tokens other than dur and desc, got ${JSON.stringify(param)}`,
          );
        }
        text += value === "" ? `;${param}` : `;${param}=${formatValue(value)}`;
      }
      return text;
    })
    .join(", ");
}
