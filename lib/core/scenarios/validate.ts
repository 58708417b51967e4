import { toMilliseconds } from "../vocabulary/duration.ts";
import { isNameOf } from "../vocabulary/metric-key.ts";

// Shared checks for the scenario builders. Every message names the builder, the option, the rule
// and the value, e.g. "smoke(): `vus` must be a whole number >= 1, got 0".

function got(value: unknown): string {
  return typeof value === "number" && !Number.isFinite(value) ? String(value) : JSON.stringify(value);
}

/** A whole number >= `min`; `TypeError` for a non-number, `RangeError` for one out of range. */
export function wholeNumber(builder: string, option: string, value: unknown, min = 1): number {
  const rule = `a whole number >= ${min}`;
  if (typeof value !== "number") throw new TypeError(`${builder}(): \`${option}\` must be ${rule}, got ${got(value)}`);
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${builder}(): \`${option}\` must be ${rule}, got ${got(value)}`);
  }
  return value;
}

/** A finite number > 0. */
export function positiveNumber(builder: string, option: string, value: unknown): number {
  if (typeof value !== "number") throw new TypeError(`${builder}(): \`${option}\` must be a number > 0, got ${got(value)}`);
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${builder}(): \`${option}\` must be a number > 0, got ${got(value)}`);
  }
  return value;
}

/** k6's shortest `duration` (constant executors) and `maxDuration` (iteration executors): lib/executor/constant_vus.go. */
export const K6_MIN_DURATION_MS = 1000;

/**
 * A k6 duration string, in milliseconds, at least `minMs`: 0 admits "0s" (a ramp may be instant),
 * 1 asks for more than zero, {@link K6_MIN_DURATION_MS} for k6's 1s minimum of some executors.
 */
export function duration(builder: string, option: string, value: unknown, minMs = 1): number {
  if (typeof value !== "string") {
    throw new TypeError(`${builder}(): \`${option}\` must be a k6 duration string such as "30s" or "1m30s", got ${got(value)}`);
  }
  const ms = toMilliseconds(value, `${builder}(): \`${option}\``);
  if (ms < minMs) {
    const rule = minMs === 1 ? "a duration longer than zero" : `at least ${minMs / 1000}s (k6's minimum)`;
    throw new RangeError(`${builder}(): \`${option}\` must be ${rule}, got ${got(value)}`);
  }
  return ms;
}

/** A scenario name k6 accepts: letters, digits, "_" and "-" (lib/executor/base_config.go: scenarioNameWhitelist). */
export function scenarioName(builder: string, what: string, name: string): string {
  if (typeof name !== "string" || !isNameOf(name, "_-")) {
    throw new RangeError(
      `${builder}(): ${what} must be a k6 scenario name (letters, digits, "_" and "-" only), got ${JSON.stringify(name)}`,
    );
  }
  return name;
}

/** The options argument itself: a plain object (or nothing, when every option has a default) holding only `known` options. */
export function optionsObject<T extends object>(builder: string, options: T | undefined, known: readonly (keyof T & string)[]): Partial<T> {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`${builder}(): expected an options object, got ${JSON.stringify(options)}`);
  }
  // A misspelt option would otherwise fall back to its default without a word.
  for (const key of Object.keys(options)) {
    if (!(known as readonly string[]).includes(key)) {
      throw new TypeError(`${builder}(): unknown option \`${key}\`; expected one of ${known.join(", ")}`);
    }
  }
  return options;
}
