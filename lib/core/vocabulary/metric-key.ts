// k6's metric key, `name{tag:value,...}`: the one place it is formatted, parsed and compared.
import { parseThresholdMetric } from "./threshold-grammar.ts";

/** Tags that narrow a metric to part of the run, e.g. `{ scenario: "peak" }` or `{ step: "5" }`. */
export type Scope = Readonly<Record<string, string>>;

/** A metric key split into its base name and tag selector. */
export interface MetricName {
  name: string;
  tags: Record<string, string>;
}

/** Whether a tag name or value can stand in a selector {@link subMetric} writes: letters, digits, "_", "-" and ".". */
export function isSelectorPart(text: string): boolean {
  return isNameOf(text, "_.-");
}

/**
 * Whether `text` is one or more ASCII letters, digits and characters of `extra`. Checked by hand, not
 * with a regular expression: builders and recorders check names in every VU's init, where k6 compiles
 * each regular expression anew (docs/k6-facts.md).
 */
export function isNameOf(text: string, extra: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!alnum && !extra.includes(text.charAt(i))) return false;
  }
  return true;
}

/**
 * The k6 metric name with a tag selector: `subMetric("http_req_duration", { expected_response: "true" })`
 * is `http_req_duration{expected_response:true}`. Throws a `RangeError` for a tag k6's selector grammar
 * cannot hold.
 */
export function subMetric(name: string, tags: Scope): string {
  const entries = Object.entries(tags);
  if (entries.length === 0) return name;
  for (const [key, value] of entries) {
    if (!isSelectorPart(key) || !isSelectorPart(value)) {
      throw new RangeError(
        `tag selector ${key}:${value} on ${name}: tag names and values may hold only letters, digits, "_", "-" and "."`,
      );
    }
  }
  return `${name}{${entries.map(([key, value]) => `${key}:${value}`).join(",")}}`;
}

/** `name:value` pairs → tags, spaces and quotes around a name or value dropped (as k6's `AddSubmetric` does). */
function tagsOf(pairs: readonly string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  const unquote = (s: string) => s.trim().replace(/^["']+|["']+$/g, "");
  for (const pair of pairs) {
    if (pair.trim() === "") continue;
    const colon = pair.indexOf(":");
    tags[unquote(colon < 0 ? pair : pair.slice(0, colon))] = colon < 0 ? "" : unquote(pair.slice(colon + 1));
  }
  return tags;
}

/**
 * `http_reqs{scenario:a,expected_response:true}` → `{ name: "http_reqs", tags: { scenario: "a", expected_response: "true" } }`,
 * as k6 keys its summary's sub-metrics. Lenient: a key without a closing brace is all name.
 */
export function parseMetricName(key: string): MetricName {
  const open = key.indexOf("{");
  if (open < 0 || !key.endsWith("}")) return { name: key, tags: {} };
  return { name: key.slice(0, open), tags: tagsOf(key.slice(open + 1, -1).split(",")) };
}

/**
 * A threshold key split as k6 splits it (`metrics.ParseMetricName` and `AddSubmetric`); strict: a key
 * k6 would reject throws a `RangeError` naming it and k6's reason.
 */
export function parseThresholdKey(key: string): MetricName {
  const parsed = parseThresholdMetric(key);
  if (Array.isArray(parsed)) throw new RangeError(`threshold key ${JSON.stringify(key)}: ${parsed[0]}`);
  return { name: parsed.name, tags: tagsOf(parsed.tags) };
}

/** A tag set as one string, whatever the order of its tags: `scenario=a,step=1`; `keep` selects tag names. */
export function tagSetKey(tags: Readonly<Record<string, string>>, keep?: readonly string[]): string {
  return Object.keys(tags)
    .filter((name) => keep === undefined || keep.includes(name))
    .sort()
    .map((name) => `${name}=${tags[name]}`)
    .join(",");
}

/** Whether a metric key's selector holds `name:value` exactly (`hasTag("http_reqs{step:2}", "step", "2")`). */
export function hasTag(key: string, name: string, value: string): boolean {
  return parseMetricName(key).tags[name] === value;
}

/** Metrics looked up by name and tag set, whatever the order of the tags in their keys. */
export class MetricIndex<T> {
  readonly #byId = new Map<string, T>();
  constructor(metrics: Readonly<Record<string, T>>) {
    for (const [key, metric] of Object.entries(metrics)) {
      const { name, tags } = parseMetricName(key);
      this.#byId.set(`${name}|${tagSetKey(tags)}`, metric);
    }
  }
  get(name: string, tags: Readonly<Record<string, string>> = {}): T | undefined {
    return this.#byId.get(`${name}|${tagSetKey(tags)}`);
  }
}
