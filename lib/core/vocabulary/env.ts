import { parseDuration } from "./duration.ts";

/**
 * Typed readers for k6 `-e` variables. Each takes the variables (`__ENV` inside k6) so it stays
 * pure; a missing or malformed value throws an `Error` naming the variable, the rule and the value,
 * which stops k6 in the init context before any request is sent.
 */
export type EnvVars = Readonly<Record<string, string | undefined>>;

function given(vars: EnvVars, name: string): string | undefined {
  const value = vars[name];
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function fail(name: string, rule: string, value: string): never {
  throw new TypeError(`-e ${name}: must be ${rule}, got ${JSON.stringify(value)}`);
}

/** A required http(s) base URL, without a trailing slash. */
export function envUrl(vars: EnvVars, name: string): string {
  const value = given(vars, name);
  if (value === undefined) {
    throw new TypeError(`-e ${name} is required: the http(s) URL of the service under test, e.g. -e ${name}=http://127.0.0.1:8080`);
  }
  if (!/^https?:\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.\-_]+)(:\d{1,5})?(\/[^\s]*)?$/.test(value)) {
    fail(name, "an http:// or https:// URL such as http://127.0.0.1:8080", value);
  }
  return value.replace(/\/+$/, "");
}

/** An optional string with a default. */
export function envString(vars: EnvVars, name: string, fallback: string): string {
  return given(vars, name) ?? fallback;
}

/** An optional whole number >= `min` with a default. */
export function envInt(vars: EnvVars, name: string, fallback: number, min = 1): number {
  const value = given(vars, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min) fail(name, `a whole number >= ${min}`, value);
  return Number(value);
}

/** An optional positive number (fractions allowed) with a default. */
export function envNumber(vars: EnvVars, name: string, fallback: number): number {
  const value = given(vars, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) fail(name, "a number > 0", value);
  return n;
}

/** An optional value from a fixed list, with a default. */
export function envChoice<T extends string>(vars: EnvVars, name: string, choices: readonly T[], fallback: T): T {
  const value = given(vars, name);
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) fail(name, `one of ${choices.join(", ")}`, value);
  return value as T;
}

/** An optional k6 duration ("500ms", "30s", "1m30s") with a default; returned as given. */
export function envDuration(vars: EnvVars, name: string, fallback: string): string {
  const value = given(vars, name);
  if (value === undefined) return fallback;
  if (parseDuration(value) === undefined) fail(name, 'a k6 duration such as "500ms", "30s" or "1m30s"', value);
  return value;
}

/**
 * An optional comma-separated list with a default; items are trimmed and none may be empty. A
 * numeric `fallback` asks for whole numbers (`-e LEVELS=1,5,10`), a text one for names
 * (`-e PHASES=embedding,fusion`); the message's example is the fallback.
 */
export function envList(vars: EnvVars, name: string, fallback: readonly number[]): number[];
export function envList(vars: EnvVars, name: string, fallback: readonly string[]): string[];
export function envList(vars: EnvVars, name: string, fallback: readonly (number | string)[]): (number | string)[] {
  const value = given(vars, name);
  if (value === undefined) return [...fallback];
  const numbers = typeof fallback[0] === "number";
  const items = value.split(",").map((item) => item.trim());
  if (items.some((item) => item === "" || (numbers && !/^\d+$/.test(item)))) {
    fail(name, `a comma-separated list of ${numbers ? "whole numbers" : "names"} such as ${fallback.join(",")}`, value);
  }
  return numbers ? items.map(Number) : items;
}
