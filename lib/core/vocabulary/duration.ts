const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * Parses a k6 duration ("500ms", "1m30s", "2h", "1.5s", "1d2h") into milliseconds.
 * A bare number (or numeric string) is taken as milliseconds, as k6 does.
 * Returns `undefined` when the value is not a duration; see {@link toMilliseconds} for the throwing form.
 */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : undefined;
  const text = value.trim();
  if (text === "") return undefined;
  // Read by hand, not with regular expressions: builders parse durations in every VU's init, and k6
  // compiles each regular expression there anew (docs/k6-facts.md). The grammar is
  // /^\d+(\.\d+)?$/ (milliseconds), else ((\d+(\.\d+)?|\.\d+)(ns|us|µs|ms|s|m|h|d))+.
  if (isDigit(text, 0) && numberEnd(text, 0) === text.length) return Number(text);
  let total = 0;
  let at = 0;
  while (at < text.length) {
    const end = numberEnd(text, at);
    if (end === at) return undefined;
    const two = text.slice(end, end + 2);
    const unit = two === "ns" || two === "us" || two === "µs" || two === "ms" ? two : "smhd".includes(text.charAt(end)) && end < text.length ? text.charAt(end) : undefined;
    if (unit === undefined) return undefined;
    total += Number(text.slice(at, end)) * (UNIT_MS[unit] as number);
    at = end + unit.length;
  }
  return total;
}

function isDigit(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c >= 48 && c <= 57;
}

/** Where a number `\d+(\.\d+)?` or `\.\d+` starting at `at` ends; `at` itself when there is none. */
function numberEnd(text: string, at: number): number {
  let end = at;
  while (isDigit(text, end)) end++;
  if (text.charAt(end) === "." && isDigit(text, end + 1)) {
    end++;
    while (isDigit(text, end)) end++;
  }
  return end;
}

/**
 * Milliseconds of a k6 duration, or a `RangeError` naming `what` (e.g. "burst(): `hold`").
 * @example toMilliseconds("1m30s", "soak(): `hold`") // 90000
 */
export function toMilliseconds(value: string | number, what: string): number {
  const ms = parseDuration(value);
  if (ms === undefined) {
    throw new RangeError(
      `${what} must be a k6 duration such as "500ms", "30s", "1m30s" or "2h", got ${JSON.stringify(value)}`,
    );
  }
  return ms;
}

/**
 * Formats milliseconds as the shortest k6 duration string ("1m30s", "500ms", "2h").
 * @example formatDuration(90_000) // "1m30s"
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`formatDuration(): expected a non-negative number, got ${ms}`);
  if (ms === 0) return "0s";
  let rest = Math.round(ms);
  if (rest < 1000) return `${rest}ms`;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const milli = rest - s * 1000;
  return (
    (h ? `${h}h` : "") +
    (m ? `${m}m` : "") +
    (s ? `${s}s` : "") +
    (milli ? `${milli}ms` : "")
  );
}
