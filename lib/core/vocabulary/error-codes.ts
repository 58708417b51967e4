// k6's `error_code` tag: it marks every failed http sample with one of k6's own network codes, or
// 1000 + the HTTP status for answers >= 400 (k6 v2.2.0, lib/netext/httpext/error_codes.go).
import { subMetric } from "./metric-key.ts";

/** k6's network error codes (v2.2.0, lib/netext/httpext/error_codes.go) and what each means. */
export const K6_ERROR_CODES: Readonly<Record<number, string>> = {
  1000: "unknown error",
  1010: "non-TCP network error",
  1020: "invalid URL",
  1050: "request timeout",
  1100: "DNS error",
  1101: "no such host",
  1110: "blacklisted IP",
  1111: "blocked hostname",
  1200: "TCP error",
  1201: "broken pipe",
  1202: "unknown errno",
  1210: "dial error",
  1211: "dial timeout",
  1212: "connection refused",
  1213: "dial error (unknown errno)",
  1220: "connection reset by peer",
  1300: "TLS error",
  1301: "TLS header error",
  1310: "unknown certificate authority",
  1311: "certificate hostname mismatch",
  1610: "HTTP/2 GOAWAY",
  1630: "HTTP/2 stream error",
  1650: "HTTP/2 connection error",
  1701: "response decompression failed",
};

/** HTTP statuses counted one by one; a failure of another kind is counted as "other". */
export const COUNTED_STATUSES = [400, 401, 403, 404, 408, 409, 413, 429, 500, 502, 503, 504] as const;

// k6 evaluates a bundle's top level in every VU: the lists below are built where they are used
// (/* @__PURE__ */ lets esbuild drop them from a bundle that never reads them).

/** Every `error_code` counted: k6's network codes, then 1000 + each counted status. */
export const COUNTED_ERROR_CODES: readonly number[] = /* @__PURE__ */ countedErrorCodes();

function countedErrorCodes(): number[] {
  return [...Object.keys(K6_ERROR_CODES).map(Number), ...COUNTED_STATUSES.map((status) => 1000 + status)];
}

let subMetrics: readonly string[] | undefined;

/** {@link ERROR_KIND_SUB_METRICS}, built on the first call. */
export function errorKindSubMetrics(): readonly string[] {
  subMetrics ??= countedErrorCodes().map(errorKindSubMetric);
  return subMetrics;
}

/**
 * The `http_reqs{error_code:N}` sub-metrics that count failures by kind. k6 computes a sub-metric
 * only when a threshold names it, so `reportThresholds()` declares each with an empty list.
 */
export const ERROR_KIND_SUB_METRICS: readonly string[] = /* @__PURE__ */ errorKindSubMetrics();

/** `http_reqs{error_code:1503}`: the requests that failed with `code`. */
export function errorKindSubMetric(code: number): string {
  return subMetric("http_reqs", { error_code: String(code) });
}

/** `status 503` for 1503, `connection refused (1212)` for 1212. */
export function errorKindLabel(code: number): string {
  if (code >= 1400 && code < 1600) return `status ${code - 1000}`;
  return `${K6_ERROR_CODES[code] ?? "k6 error"} (${code})`;
}
