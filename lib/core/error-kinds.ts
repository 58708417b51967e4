// Failed requests counted by kind: k6 tags every failed http sample with `error_code` (its own
// network codes, or 1000 + the HTTP status for answers >= 400; see k6's lib/netext/httpext/error_codes.go).
import type { SummaryMetric } from "./verdict.ts";

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

/** Every `error_code` counted: k6's network codes, then 1000 + each counted status. */
export const COUNTED_ERROR_CODES: readonly number[] = [
  ...Object.keys(K6_ERROR_CODES).map(Number),
  ...COUNTED_STATUSES.map((status) => 1000 + status),
];

/**
 * The `http_reqs{error_code:N}` sub-metrics that count failures by kind. k6 computes a sub-metric
 * only when a threshold names it, so `reportThresholds()` declares each with an empty list.
 */
export const ERROR_KIND_SUB_METRICS: readonly string[] = COUNTED_ERROR_CODES.map((code) => `http_reqs{error_code:${code}}`);

/** Failed requests of one kind. */
export interface ErrorKind {
  /** k6's `error_code` tag: a network code (1212) or 1000 + the HTTP status (1503). */
  code: number;
  /** `status 503`, or k6's meaning and code: `connection refused (1212)`. */
  label: string;
  count: number;
}

/** `status 503` for 1503, `connection refused (1212)` for 1212. */
export function errorKindLabel(code: number): string {
  if (code >= 1400 && code < 1600) return `status ${code - 1000}`;
  return `${K6_ERROR_CODES[code] ?? "k6 error"} (${code})`;
}

/** The failure kinds a run's summary metrics count, most frequent first; empty when none were declared. */
export function errorKinds(metrics: Readonly<Record<string, SummaryMetric>>): ErrorKind[] {
  const kinds: ErrorKind[] = [];
  for (const code of COUNTED_ERROR_CODES) {
    const count = metrics[`http_reqs{error_code:${code}}`]?.values["count"] ?? 0;
    if (count > 0) kinds.push({ code, label: errorKindLabel(code), count });
  }
  return kinds.sort((a, b) => b.count - a.count || a.code - b.code);
}

/**
 * Failures in words: `30 × status 503`, `12 × request timeout (1050), 3 × other`. The rest of
 * `failures` that no counted kind explains is called "other" (an uncounted status, or a request
 * failed by a custom `responseCallback`).
 */
export function describeErrorKinds(kinds: readonly ErrorKind[], failures: number): string {
  const parts = kinds.map((kind) => `${kind.count} × ${kind.label}`);
  const counted = kinds.reduce((sum, kind) => sum + kind.count, 0);
  if (failures > counted) parts.push(`${failures - counted} × other`);
  return parts.join(", ");
}

/** Whether the summary declared the error-kind sub-metrics (so a missing kind means zero, not unknown). */
export function countsErrorKinds(metrics: Readonly<Record<string, SummaryMetric>>): boolean {
  return ERROR_KIND_SUB_METRICS.some((key) => key in metrics);
}
