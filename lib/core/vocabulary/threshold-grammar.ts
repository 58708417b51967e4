// k6's threshold grammar, as k6 v2.2.0 parses it (metrics/thresholds_parser.go and
// metrics.ParseMetricName), so a preset is rejected before k6 starts rather than at its init.

/** A threshold expression as k6 parses it: `p(95)<500` is `{ method: "p(95)", operator: "<", value: 500 }`. */
export interface ThresholdExpression {
  /** `value`, `count`, `rate`, `avg`, `min`, `med`, `max`, or a percentile `p(N)` normalised as k6's sink key. */
  method: string;
  operator: string;
  value: number;
}

// Order matters: k6 cuts at the first operator of this list found in the text, longest first.
const OPERATORS = ["<=", "<", ">=", ">", "===", "==", "!="] as const;
const METHODS = new Set(["value", "count", "rate", "avg", "min", "med", "max"]);

/** Methods each k6 metric type accepts (metrics/metric_type.go). */
export const METHODS_BY_TYPE = {
  Counter: ["count", "rate"],
  Gauge: ["value"],
  Rate: ["rate"],
  Trend: ["avg", "min", "med", "max", "p(N)"],
} as const;

/** k6's built-in metrics and loadgate's own, by type: thresholds on them are checked against the type. */
export const KNOWN_METRIC_TYPES: Readonly<Record<string, keyof typeof METHODS_BY_TYPE>> = {
  http_reqs: "Counter",
  http_req_failed: "Rate",
  http_req_duration: "Trend",
  http_req_blocked: "Trend",
  http_req_connecting: "Trend",
  http_req_tls_handshaking: "Trend",
  http_req_sending: "Trend",
  http_req_waiting: "Trend",
  http_req_receiving: "Trend",
  iterations: "Counter",
  iteration_duration: "Trend",
  dropped_iterations: "Counter",
  checks: "Rate",
  data_sent: "Counter",
  data_received: "Counter",
  vus: "Gauge",
  vus_max: "Gauge",
  group_duration: "Trend",
  loadgate_phase_duration: "Trend",
  loadgate_server_duration: "Trend",
  loadgate_unattributed_duration: "Trend",
  loadgate_phase_samples: "Counter",
  loadgate_timed_responses: "Counter",
  loadgate_untimed_responses: "Counter",
};

/** Go's strconv.ParseFloat(text, 64), which k6 uses for both the limit and a percentile; `undefined` when Go rejects it. */
export function parseGoFloat(text: string): number | undefined {
  // The patterns are written here, not at the top level: k6 compiles a top-level regular expression in every VU (docs/k6-facts.md).
  if (/^[+-]?(?:inf|infinity|nan)$/i.test(text)) {
    const lower = text.toLowerCase().replace(/^\+/, "");
    if (lower.endsWith("nan")) return Number.NaN;
    return lower.startsWith("-") ? -Infinity : Infinity;
  }
  if (/^[+-]?0[xX](?:_?[0-9a-fA-F])*(?:\.[0-9a-fA-F]*)?[pP][+-]?\d(?:_?\d)*$/.test(text)) {
    const [mantissa = "", exponent = "0"] = text.replace(/_/g, "").split(/[pP]/);
    const sign = mantissa.startsWith("-") ? -1 : 1;
    const [whole = "", fraction = ""] = mantissa.replace(/^[+-]?0[xX]/, "").split(".");
    if (whole === "" && fraction === "") return undefined;
    const digits = whole + fraction;
    return sign * Number.parseInt(digits || "0", 16) * 2 ** (Number(exponent) - 4 * fraction.length);
  }
  if (/^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/.test(text)) return Number(text.replace(/_/g, ""));
  return undefined;
}

/** Go's strings.TrimSpace. */
function trimSpace(text: string): string {
  return text.replace(/^[\s\u0085]+|[\s\u0085]+$/g, "");
}

/**
 * Parses a threshold expression exactly as k6 does; returns the reason k6 would give when it
 * rejects it, as a string.
 * @example parseThresholdExpression("p(95) < 500") // { method: "p(95)", operator: "<", value: 500 }
 */
export function parseThresholdExpression(input: string): ThresholdExpression | string {
  let scanned: [string, string, string] | undefined;
  for (const op of OPERATORS) {
    const at = input.indexOf(op);
    if (at < 0) continue;
    const right = input.slice(at + op.length);
    if (right !== "") {
      scanned = [trimSpace(input.slice(0, at)), op, trimSpace(right)];
      break;
    }
  }
  if (scanned === undefined) return "no comparison operator (<, <=, >, >=, ==, ===, !=) followed by a value";
  const [left, operator, right] = scanned;
  let method: string;
  if (METHODS.has(left)) method = left;
  else if (left.startsWith("p(") && left.endsWith(")")) {
    const pct = parseGoFloat(left.slice(2, -1));
    if (pct === undefined) return `the percentile in ${JSON.stringify(left)} is not a number`;
    if (Number.isNaN(pct) || pct < 0 || pct > 100) return `the percentile in ${JSON.stringify(left)} must be between 0 and 100`;
    method = `p(${pct})`;
  } else {
    return `${JSON.stringify(left)} is not an aggregation method (count, rate, value, avg, min, med, max, p(N))`;
  }
  const value = parseGoFloat(right);
  if (value === undefined) return `the right-hand side ${JSON.stringify(right)} is not a number`;
  return { method, operator, value };
}

/**
 * Checks a threshold key (`http_req_duration{scenario:peak}`) as k6's ParseMetricName does;
 * returns the metric name, or the reason k6 would reject the key as a string in an array.
 */
export function parseThresholdMetric(key: string): { name: string; tags: string[] } | [string] {
  const open = key.indexOf("{");
  const close = key.lastIndexOf("}");
  if (open < 0 && close < 0) return key === "" ? ["the metric name is empty"] : { name: key, tags: [] };
  if (open < 0 || close < 0) return ["unmatched opening/closing curly brace"];
  if (close < open) return ["closing curly brace appears before the opening one"];
  if (close !== key.length - 1) return ["the closing curly brace must come last"];
  const tags = key.slice(open + 1, close).split(",");
  for (const tag of tags) {
    const colon = tag.indexOf(":");
    if (colon < 0 || tag.slice(colon + 1) === "") return [`tag selector ${JSON.stringify(tag)} is not of the form name:value`];
  }
  if (open === 0) return ["the metric name before \"{\" is empty"];
  return { name: key.slice(0, open), tags: tags.map(trimSpace) };
}

/** Whether `method` (as parsed) applies to a metric of `type`, as k6 checks at init. */
export function methodFits(method: string, type: keyof typeof METHODS_BY_TYPE): boolean {
  const methods: readonly string[] = METHODS_BY_TYPE[type];
  return methods.includes(method.startsWith("p(") ? "p(N)" : method);
}
